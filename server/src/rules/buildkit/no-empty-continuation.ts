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
      // One finding per instruction, as BuildKit gives it; the fix removes every empty line.
      // BuildKit reports it on the line where it finished reading the instruction: its last line,
      // or the file's last line when the continuation ran into the end of the file.
      const line = Math.max(ins.segments[ins.segments.length - 1].line, empty[empty.length - 1], ins.commentLines[ins.commentLines.length - 1] ?? -1);
      const lines = empty.map((l) => l + 1).join(', ');
      reports.push({
        range: { start: { line, character: 0 }, end: { line, character: model.lines[line]?.length ?? 0 } },
        message: empty.length === 1 ? `Empty continuation line ${lines}` : `Empty continuation lines ${lines}`,
        fixes: [
          {
            title: empty.length === 1 ? 'Remove the empty line' : 'Remove the empty lines',
            preferred: true,
            edits: runsOf(empty).map(([first, last]) => deleteLines(model, first, last)),
          },
        ],
      });
    }
    return reports;
  },
};

/**
 * Consecutive lines as [first, last] runs: one edit per run, not per line. 100k empty lines were
 * 100k edits (a 10 MB code action), and deleting the file's last line on its own overlapped the
 * deletion of the line before it.
 */
function runsOf(lines: readonly number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const line of [...lines].sort((a, b) => a - b)) {
    const last = runs[runs.length - 1];
    if (last !== undefined && line === last[1] + 1) last[1] = line;
    else runs.push([line, line]);
  }
  return runs;
}
