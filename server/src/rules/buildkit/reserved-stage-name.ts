import type { Rule, Report } from '../types';
import { checkDocs } from './common';

const RESERVED = new Set(['context', 'scratch']);

export const reservedStageName: Rule = {
  id: 'ReservedStageName',
  buildkitName: 'ReservedStageName',
  category: 'buildkit',
  severity: 'warning',
  summary: 'Reserved words should not be used as stage names',
  docs: checkDocs(
    'ReservedStageName',
    '`scratch` (the empty image) and `context` (the build context) already mean something in `FROM` and `--from`; a stage with either name is shadowed by them. Rename the stage.',
  ),
  check(model) {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      const key = stage.key;
      if (key === undefined || !stage.nameRange) continue;
      if (RESERVED.has(key)) {
        reports.push({ range: stage.nameRange, message: `Stage name should not use the same name as reserved stage "${key}"` });
      }
    }
    return reports;
  },
};
