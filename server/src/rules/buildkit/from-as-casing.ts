import type { Rule, Report } from '../types';
import { checkDocs } from './common';

function isConsistent(s: string): boolean {
  return s === s.toLowerCase() || s === s.toUpperCase();
}

export const fromAsCasing: Rule = {
  id: 'FromAsCasing',
  buildkitName: 'FromAsCasing',
  category: 'buildkit',
  severity: 'warning',
  summary: "The 'as' keyword should match the case of the 'from' keyword",
  docs: checkDocs('FromAsCasing', 'Write `FROM ... AS name` or `from ... as name`, not a mix: `FROM image as name` reads as if `as` were part of the image.'),
  check(model) {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      const from = stage.from.rawKeyword;
      const asRange = stage.asRange;
      if (!asRange || !isConsistent(from)) continue;
      const asWord = stage.from.words[1]?.text ?? '';
      const upper = from === from.toUpperCase();
      const wanted = upper ? asWord.toUpperCase() : asWord.toLowerCase();
      if (asWord === wanted) continue;
      reports.push({
        range: asRange,
        message: `'${asWord}' and '${from}' keywords' casing do not match`,
        fixes: [{ title: `Change '${asWord}' to '${wanted}'`, preferred: true, edits: [{ range: asRange, newText: wanted }] }],
      });
    }
    return reports;
  },
};
