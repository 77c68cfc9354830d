import type { Instruction } from '../../dockerfile/model';
import type { Rule, Report } from '../types';
import { checkDocs, deleteLines } from './common';

const ONCE = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

export const multipleInstructionsDisallowed: Rule = {
  id: 'MultipleInstructionsDisallowed',
  buildkitName: 'MultipleInstructionsDisallowed',
  category: 'buildkit',
  severity: 'warning',
  summary: 'Multiple instructions of the same type should not be used in the same stage',
  docs: checkDocs(
    'MultipleInstructionsDisallowed',
    'Only the last `CMD`, `ENTRYPOINT` or `HEALTHCHECK` of a stage takes effect; the earlier ones are silently overridden. The finding points at the one that is ignored.',
  ),
  check(model) {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      const last = new Map<string, Instruction>();
      for (const ins of stage.instructions) {
        if (!ONCE.has(ins.keyword)) continue;
        const previous = last.get(ins.keyword);
        if (previous) {
          reports.push({
            range: previous.keywordRange,
            checkScopeLine: ins.startLine,
            message: `Multiple ${previous.keyword} instructions should not be used in the same stage because only the last one will be used`,
            fixes: [{ title: `Remove this ignored ${previous.keyword}`, edits: [deleteLines(model, previous.startLine, previous.endLine)] }],
          });
        }
        last.set(ins.keyword, ins);
      }
    }
    return reports;
  },
};
