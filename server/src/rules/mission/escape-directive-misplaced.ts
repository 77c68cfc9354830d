import type { Directive, DockerfileModel, EscapeChar } from '../../dockerfile/model';
import { trimContinuation } from '../../dockerfile/parser';
import { MAX_FINDINGS_PER_RULE } from '../../messages';
import type { Report, Rule } from '../types';
import { type RewriteResult, pathContinuations, rewriteToBacktick } from './backtick-rewrite';
import { deleteLine, insertFirstLine } from './edits';

/** The directives this rule is about; a `# check=` comment lower down configures the instruction below it. */
const POSITIONAL = new Set(['escape', 'syntax']);

export const escapeDirectiveMisplaced: Rule = {
  id: 'escape-directive-misplaced',
  severity: 'warning',
  category: 'mission',
  summary: 'An escape or syntax directive below a comment, blank line or instruction is ignored.',
  docs: [
    'Docker reads the parser directives `# escape=` and `# syntax=` only in the unbroken run of',
    'lines at the very top of the file. Once it has seen a comment, a blank line or an instruction,',
    'a line such as `# escape=`` ` is an ordinary comment and is silently ignored: backticks then',
    'do not continue lines and backslashes still do.',
    '',
    'Docker does not fail the build over it, so this is a warning, except where the ignored escape',
    'directive changes how a later line is read (a backtick meant to continue a line, or a `\\` that',
    'now continues one): then the build is not what the file says, and it is an error.',
    '',
    'A `# check=` comment lower down is not misplaced: BuildKit applies it to the instruction',
    'right below it.',
    '',
    'Fix: move the directive to the first line.',
  ].join('\n'),
  check(model) {
    const reports: Report[] = [];
    // What follows depends on the model and the directive's value, not on which directive it is:
    // worked out once, as a file can hold thousands of misplaced directives (each took a pass
    // over the whole file, 23 s for 4000 of them in 88 KB).
    const tables = new Map<EscapeChar, Int32Array>();
    const changes = (meant: EscapeChar) => tables.get(meant) ?? tables.set(meant, readingChanges(model, meant)).get(meant) ?? new Int32Array(0);
    let backtickRewrite: RewriteResult | undefined;
    let rewrites = 0;
    const active = new Map<string, Directive>();
    for (const d of model.directives) if (d.active && !active.has(d.name)) active.set(d.name, d);
    const end = endOfDirectives(model);
    let endedBy: string | undefined;
    for (const d of model.directives) {
      if (d.active || !POSITIONAL.has(d.name)) continue;
      const activeSame = active.get(d.name);
      const cause = d.line > end ? (endedBy ??= whatEndedDirectives(model, end)) : 'it is not at the top of the file';
      const changed = d.name === 'escape' ? changedReading(model, d, changes) : undefined;
      const message = `This ${d.name} directive is ignored: ${cause}, so Docker reads line ${d.line + 1} as a plain comment.${changed ? ` ${changed}` : ''}`;
      const severity = changed ? 'error' : undefined;
      if (activeSame) {
        reports.push({
          range: d.range,
          message: `${message} Line ${activeSame.line + 1} already sets ${d.name}.`,
          severity,
          fixes: [{ title: `Remove the ignored ${d.name} directive`, preferred: activeSame.value === d.value, edits: [deleteLine(model, d.line)] }],
        });
        continue;
      }
      // Moving `# escape=`` ` up makes Docker read the file with the backtick: the lines the author
      // continued with `\` are rewritten so they keep continuing, except a Windows path's trailing
      // `\`, which the author (who wanted the backtick) meant as a path.
      const rewrite =
        d.name === 'escape' && d.value === '`'
          ? (backtickRewrite ??= rewriteToBacktick(model, new Set(pathContinuations(model, () => true).map((p) => p.line)), { backtickLineEndsContinue: true }))
          : undefined;
      const edits = rewrite && 'edits' in rewrite ? rewrite.edits : [insertFirstLine(model, `# ${d.name}=${d.value}`)];
      // Each fix copies the rewrite (an edit per continued line): past the findings the linter
      // lists, thousands of such copies would only make the lint quadratic.
      const listed = edits.length === 1 || rewrites++ < MAX_FINDINGS_PER_RULE;
      reports.push({
        range: d.range,
        message,
        severity,
        fixes: listed ? [{ title: `Move the ${d.name} directive to the top of the file`, preferred: true, edits: [...edits, deleteLine(model, d.line)] }] : [],
      });
    }
    return reports;
  },
};

/** The first line that is not an active directive: the one that ended the run of parser directives. */
function endOfDirectives(model: DockerfileModel): number {
  const active = new Set(model.directives.filter((d) => d.active).map((d) => d.line));
  let line = 0;
  while (line < model.lines.length && active.has(line)) line++;
  return line;
}

/** Names that line, for the message. */
function whatEndedDirectives(model: DockerfileModel, line: number): string {
  const text = model.lines[line].trim();
  if (text === '') return `line ${line + 1} is blank`;
  if (text.startsWith('#')) return model.directives.some((x) => x.line === line) ? `line ${line + 1} holds an unknown directive` : `line ${line + 1} is a comment`;
  return `line ${line + 1} is an instruction`;
}

const CHAR_NAME: Record<EscapeChar, string> = { '\\': 'backslash', '`': 'backtick' };

/**
 * How ignoring an escape directive changes the reading of a line below it: the first line that
 * would continue under the directive's character and does not under the one in force, or the
 * reverse. Undefined when the two read every later line alike. `changes` gives the table below.
 */
function changedReading(model: DockerfileModel, d: Directive, changes: (meant: EscapeChar) => Int32Array): string | undefined {
  const meant = d.value;
  const actual = model.escape.char;
  if (meant === actual || (meant !== '\\' && meant !== '`')) return undefined;
  const line = changes(meant)[d.line + 1] ?? -1;
  if (line === -1) return undefined;
  const continuesMeant = !trimContinuation(model.lines[line], meant)[1];
  return continuesMeant
    ? `Line ${line + 1} ends in a ${CHAR_NAME[meant]} that does not continue it.`
    : `The ${CHAR_NAME[actual]} at the end of line ${line + 1} continues it into the next line.`;
}

/**
 * For each line, the first line at or below it that continues under `meant` and not under the
 * escape in force, or the reverse (-1: none). Blank lines, comments and heredoc bodies do not count.
 */
function readingChanges(model: DockerfileModel, meant: EscapeChar): Int32Array {
  const actual = model.escape.char;
  const heredocLines = new Set<number>();
  for (const ins of model.instructions) {
    for (const h of ins.heredocs) for (let l = h.bodyStartLine; l <= h.bodyEndLine + 1; l++) heredocLines.add(l);
  }
  const next = new Int32Array(model.lines.length + 1).fill(-1);
  for (let line = model.lines.length - 1; line >= 0; line--) {
    const text = model.lines[line];
    const trimmed = text.trim();
    const differs =
      trimmed !== '' && !trimmed.startsWith('#') && !heredocLines.has(line) && !trimContinuation(text, meant)[1] !== !trimContinuation(text, actual)[1];
    next[line] = differs ? line : next[line + 1];
  }
  return next;
}
