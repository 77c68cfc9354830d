import type { Directive, DockerfileModel, EscapeChar } from '../../dockerfile/model';
import { trimContinuation } from '../../dockerfile/parser';
import type { Report, Rule } from '../types';
import { pathContinuations, rewriteToBacktick } from './backtick-rewrite';
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
    for (const d of model.directives) {
      if (d.active || !POSITIONAL.has(d.name)) continue;
      const activeSame = model.directives.find((o) => o.active && o.name === d.name);
      const cause = whatEndedDirectives(model, d);
      const changed = d.name === 'escape' ? changedReading(model, d) : undefined;
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
          ? rewriteToBacktick(model, new Set(pathContinuations(model, () => true).map((p) => p.line)), { backtickLineEndsContinue: true })
          : undefined;
      const edits = rewrite && 'edits' in rewrite ? rewrite.edits : [insertFirstLine(model, `# ${d.name}=${d.value}`)];
      reports.push({
        range: d.range,
        message,
        severity,
        fixes: [{ title: `Move the ${d.name} directive to the top of the file`, preferred: true, edits: [...edits, deleteLine(model, d.line)] }],
      });
    }
    return reports;
  },
};

/** Names the first line that ended the run of parser directives, for the message. */
function whatEndedDirectives(model: DockerfileModel, d: Directive): string {
  for (let line = 0; line < d.line; line++) {
    const text = model.lines[line].trim();
    const directive = model.directives.find((x) => x.line === line);
    if (directive?.active) continue;
    if (text === '') return `line ${line + 1} is blank`;
    if (text.startsWith('#')) return directive ? `line ${line + 1} holds an unknown directive` : `line ${line + 1} is a comment`;
    return `line ${line + 1} is an instruction`;
  }
  return 'it is not at the top of the file';
}

const CHAR_NAME: Record<EscapeChar, string> = { '\\': 'backslash', '`': 'backtick' };

/**
 * How ignoring an escape directive changes the reading of a line below it: the first line that
 * would continue under the directive's character and does not under the one in force, or the
 * reverse. Undefined when the two read every later line alike.
 */
function changedReading(model: DockerfileModel, d: Directive): string | undefined {
  const meant = d.value;
  const actual = model.escape.char;
  if (meant === actual || (meant !== '\\' && meant !== '`')) return undefined;
  const heredocLines = new Set<number>();
  for (const ins of model.instructions) {
    for (const h of ins.heredocs) for (let l = h.bodyStartLine; l <= h.bodyEndLine + 1; l++) heredocLines.add(l);
  }
  for (let line = d.line + 1; line < model.lines.length; line++) {
    const text = model.lines[line];
    const trimmed = text.trim();
    if (trimmed === '' || trimmed.startsWith('#') || heredocLines.has(line)) continue;
    const continuesMeant = !trimContinuation(text, meant)[1];
    const continuesActual = !trimContinuation(text, actual)[1];
    if (continuesMeant === continuesActual) continue;
    return continuesMeant
      ? `Line ${line + 1} ends in a ${CHAR_NAME[meant]} that does not continue it.`
      : `The ${CHAR_NAME[actual]} at the end of line ${line + 1} continues it into the next line.`;
  }
  return undefined;
}
