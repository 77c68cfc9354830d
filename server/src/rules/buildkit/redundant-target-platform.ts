import type { Range } from '../../dockerfile/model';
import type { Rule, Report } from '../types';
import { checkDocs } from './common';
import { globalArgValues, platformExpansions } from './global-args';

export const redundantTargetPlatform: Rule = {
  id: 'RedundantTargetPlatform',
  buildkitName: 'RedundantTargetPlatform',
  category: 'buildkit',
  severity: 'warning',
  summary: 'Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior',
  docs: checkDocs(
    'RedundantTargetPlatform',
    'A stage is built for the target platform unless told otherwise, so `FROM --platform=$TARGETPLATFORM` says nothing. (`--platform=$BUILDPLATFORM`, for cross-compiling stages, is a different matter.)',
  ),
  check(model) {
    const reports: Report[] = [];
    const env = globalArgValues(model);
    for (const { flag, expansion } of platformExpansions(model)) {
      if (expansion.matched.size !== 1 || expansion.unmatched.size !== 0 || !expansion.matched.has('TARGETPLATFORM')) continue;
      if (expansion.result !== env.get('TARGETPLATFORM')) continue;
      // Remove the flag and the blanks after it.
      const line = model.lines[flag.range.end.line] ?? '';
      let end = flag.range.end.character;
      while (end < line.length && (line[end] === ' ' || line[end] === '\t')) end++;
      const removal: Range = { start: flag.range.start, end: { line: flag.range.end.line, character: end } };
      reports.push({
        range: flag.range,
        message: `Setting platform to predefined ${flag.value} in FROM is redundant as this is the default behavior`,
        fixes: [{ title: 'Remove the --platform flag', preferred: true, edits: [{ range: removal, newText: '' }] }],
      });
    }
    return reports;
  },
};
