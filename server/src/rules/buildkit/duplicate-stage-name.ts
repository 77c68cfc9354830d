import type { Rule, Report } from '../types';
import { checkDocs } from './common';

export const duplicateStageName: Rule = {
  id: 'DuplicateStageName',
  buildkitName: 'DuplicateStageName',
  category: 'buildkit',
  severity: 'warning',
  summary: 'Stage names should be unique',
  docs: checkDocs(
    'DuplicateStageName',
    'Two stages with the same name (compared case-insensitively) make `--from=name` and `--target name` ambiguous: Docker uses the first. Give each stage its own name.',
  ),
  check(model) {
    const seen = new Set<string>();
    const reports: Report[] = [];
    for (const stage of model.stages) {
      const key = stage.key;
      if (key === undefined || !stage.nameRange) continue;
      if (seen.has(key)) {
        reports.push({ range: stage.nameRange, message: `Duplicate stage name "${key}", stage names should be unique` });
      }
      seen.add(key);
    }
    return reports;
  },
};
