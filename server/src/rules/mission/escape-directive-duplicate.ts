import type { Report, Rule } from '../types';
import { deleteLine } from './edits';

export const escapeDirectiveDuplicate: Rule = {
  id: 'escape-directive-duplicate',
  severity: 'error',
  category: 'mission',
  summary: 'Only one escape directive may be given.',
  docs: [
    'Docker fails the build with `only one escape parser directive can be used` when the run of',
    'parser directives at the top of the file names `escape` twice. Keep one.',
  ].join('\n'),
  check(model) {
    const reports: Report[] = [];
    const active = model.directives.filter((d) => d.active && d.name === 'escape');
    for (const d of active.slice(1)) {
      const first = active[0];
      reports.push({
        range: d.range,
        message: `Duplicate escape directive: line ${first.line + 1} already sets it${d.value === first.value ? ' to the same value' : ` to ${JSON.stringify(first.value)}`}, and Docker refuses a second one.`,
        fixes: [{ title: 'Remove the duplicate escape directive', preferred: d.value === first.value, edits: [deleteLine(model, d.line)] }],
      });
    }
    return reports;
  },
};
