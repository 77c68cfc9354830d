import type { Fix, Rule, Report } from '../types';
import { argsRange, checkDocs, keyValues } from './common';

export const legacyKeyValueFormat: Rule = {
  id: 'LegacyKeyValueFormat',
  buildkitName: 'LegacyKeyValueFormat',
  category: 'buildkit',
  scope: 'instruction',
  severity: 'warning',
  summary: 'Legacy key/value format with whitespace separator should not be used',
  docs: checkDocs(
    'LegacyKeyValueFormat',
    '`ENV key value` (and `LABEL key value`) sets one key to the whole rest of the line, which is easy to misread as several values. Write `ENV key=value`; quote values that hold spaces.',
  ),
  check(model) {
    const reports: Report[] = [];
    const esc = model.escape.char;
    for (const ins of model.instructions) {
      if (ins.keyword !== 'ENV' && ins.keyword !== 'LABEL') continue;
      const kv = keyValues(ins);
      if (!kv.legacy || kv.error || kv.pairs.length !== 1) continue;
      const { keyText, valueText, keyOffset } = kv.pairs[0];
      const valueWords = ins.words.length - 1;
      let newValue: string | undefined;
      if (valueWords === 1) newValue = valueText;
      // Inside double quotes the lexer reads the same text the same way only when there are no
      // quotes or escape characters in it.
      else if (!/["']/.test(valueText) && !valueText.includes(esc) && !/[\r\n]/.test(valueText)) newValue = `"${valueText}"`;
      const fixes: Fix[] = [];
      if (newValue !== undefined) {
        fixes.push({
          title: `Change to ${ins.keyword} ${keyText}=${newValue.length > 40 ? newValue.slice(0, 37) + '...' : newValue}`,
          preferred: true,
          edits: [{ range: argsRange(ins, keyOffset, ins.argsText.length), newText: `${keyText}=${newValue}` }],
        });
      }
      reports.push({
        range: ins.argsRange,
        message: `"${ins.keyword} key=value" should be used instead of legacy "${ins.keyword} key value" format`,
        fixes,
      });
    }
    return reports;
  },
};
