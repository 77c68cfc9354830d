import type { Rule, Report, TextEdit } from '../types';
import { checkDocs } from './common';

// Stage names are matched case-insensitively, so lower-casing the definition alone is enough;
// references are lower-cased too so the file reads consistently.
export const stageNameCasing: Rule = {
  id: 'StageNameCasing',
  buildkitName: 'StageNameCasing',
  category: 'buildkit',
  severity: 'warning',
  summary: 'Stage names should be lowercase',
  docs: checkDocs(
    'StageNameCasing',
    'Stage names are case-insensitive to Docker, but mixed-case names invite confusion between `FROM Builder` and `--from=builder`. Write stage names in lowercase.',
  ),
  check(model) {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      if (!stage.name || !stage.nameRange || stage.name === stage.name.toLowerCase()) continue;
      const lower = stage.name.toLowerCase();
      const edits: TextEdit[] = [{ range: stage.nameRange, newText: lower }];
      for (const later of model.stages) {
        if (later.index > stage.index && later.image.stageRef === stage.index && later.image.raw.toLowerCase() === lower && later.image.raw !== lower) {
          edits.push({ range: later.image.range, newText: lower });
        }
        for (const ins of later.instructions) {
          if (ins.keyword !== 'COPY') continue;
          for (const flag of ins.flags) {
            if (flag.name.toLowerCase() === 'from' && flag.valueRange && flag.value?.toLowerCase() === lower && flag.value !== lower) {
              edits.push({ range: flag.valueRange, newText: lower });
            }
          }
        }
      }
      reports.push({
        range: stage.nameRange,
        message: `Stage name '${stage.name}' should be lowercase`,
        fixes: [{ title: `Rename stage to '${lower}'`, preferred: true, edits }],
      });
    }
    return reports;
  },
};
