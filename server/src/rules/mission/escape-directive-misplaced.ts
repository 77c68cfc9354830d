import type { Directive, DockerfileModel } from '../../dockerfile/model';
import type { Report, Rule } from '../types';
import { pathContinuations, rewriteToBacktick } from './backtick-rewrite';
import { deleteLine, insertFirstLine } from './edits';

export const escapeDirectiveMisplaced: Rule = {
  id: 'escape-directive-misplaced',
  severity: 'error',
  category: 'mission',
  summary: 'A parser directive below a comment, blank line or instruction is ignored.',
  docs: [
    'Docker reads parser directives (`# escape=`, `# syntax=`, `# check=`) only in the unbroken run of',
    'lines at the very top of the file. Once it has seen a comment, a blank line or an instruction,',
    'a line such as `# escape=`` ` is an ordinary comment and is silently ignored: backticks then',
    'do not continue lines and backslashes still do.',
    '',
    'Fix: move the directive to the first line.',
  ].join('\n'),
  check(model) {
    const reports: Report[] = [];
    for (const d of model.directives) {
      if (d.active || !d.known) continue;
      const activeSame = model.directives.find((o) => o.active && o.name === d.name);
      const cause = whatEndedDirectives(model, d);
      const consequence =
        d.name === 'escape' ? (d.value === '`' ? ' Backticks do not continue lines here and backslashes still do.' : '') : '';
      const message = `This ${d.name} directive is ignored: ${cause}, so Docker reads line ${d.line + 1} as a plain comment.${consequence}`;
      if (activeSame) {
        reports.push({
          range: d.range,
          message: `${message} Line ${activeSame.line + 1} already sets ${d.name}.`,
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
