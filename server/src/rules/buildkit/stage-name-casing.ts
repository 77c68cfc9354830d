import type { Rule, Report, TextEdit } from '../types';
import { checkDocs } from './common';
import { MAX_FINDINGS_PER_RULE } from '../../messages';

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
    // The references are gathered in one pass, not once per stage: a file of thousands of
    // `FROM x AS Build` lines made this rule quadratic (0.6 s for 4000 of them).
    const fromStage = new Map<number, TextEdit[]>();
    const copyFrom = new Map<string, TextEdit[]>();
    for (const later of model.stages) {
      const ref = later.image.stageRef;
      if (ref !== undefined && ref < later.index && later.image.raw.toLowerCase() !== later.image.raw) {
        const target = model.stages[ref];
        if (target?.name !== undefined && later.image.raw.toLowerCase() === target.name.toLowerCase()) push(fromStage, ref, { range: later.image.range, newText: later.image.raw.toLowerCase() });
      }
      for (const ins of later.instructions) {
        if (ins.keyword !== 'COPY') continue;
        for (const flag of ins.flags) {
          if (flag.name.toLowerCase() === 'from' && flag.valueRange && flag.value !== undefined && flag.value !== flag.value.toLowerCase()) {
            push(copyFrom, flag.value.toLowerCase(), { range: flag.valueRange, newText: flag.value.toLowerCase() });
          }
        }
      }
    }
    for (const stage of model.stages) {
      if (!stage.name || !stage.nameRange || stage.name === stage.name.toLowerCase()) continue;
      const lower = stage.name.toLowerCase();
      // Past the findings the linter lists, a copy of every reference per stage would only cost time.
      const edits: TextEdit[] =
        reports.length < MAX_FINDINGS_PER_RULE ? [{ range: stage.nameRange, newText: lower }, ...(fromStage.get(stage.index) ?? []), ...(copyFrom.get(lower) ?? [])] : [];
      reports.push({
        range: stage.nameRange,
        message: `Stage name '${stage.name}' should be lowercase`,
        fixes: edits.length > 0 ? [{ title: `Rename stage to '${lower}'`, preferred: true, edits }] : [],
      });
    }
    return reports;
  },
};

function push<K>(map: Map<K, TextEdit[]>, key: K, edit: TextEdit): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [edit]);
  else list.push(edit);
}
