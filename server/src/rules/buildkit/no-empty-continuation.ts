import type { Rule, Report } from '../types';
import { checkDocs, deleteLines } from './common';

export const noEmptyContinuation: Rule = {
  id: 'NoEmptyContinuation',
  buildkitName: 'NoEmptyContinuation',
  category: 'buildkit',
  severity: 'warning',
  summary: 'Empty continuation lines will become errors in a future release',
  docs: checkDocs(
    'NoEmptyContinuation',
    'An empty line inside a continued instruction is skipped by Docker today, but it hides where the instruction ends and will become an error. Remove the empty line, or end the instruction before it.',
  ),
  check(model) {
    const reports: Report[] = [];
    for (const ins of model.instructions) {
      const empty = ins.emptyContinuationLines;
      if (empty.length === 0) continue;
      const first = empty[0];
      // One finding per instruction, as BuildKit reports it; the fix removes every empty line.
      reports.push({
        range: { start: { line: first, character: 0 }, end: { line: first, character: model.lines[first]?.length ?? 0 } },
        message: empty.length === 1 ? 'Empty continuation line' : `Empty continuation lines (${empty.length})`,
        fixes: [
          {
            title: empty.length === 1 ? 'Remove the empty line' : 'Remove the empty lines',
            preferred: true,
            edits: [...empty].sort((a, b) => a - b).map((line) => deleteLines(model, line, line)),
          },
        ],
      });
    }
    return reports;
  },
};
