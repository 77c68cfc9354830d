import type { Rule, Report } from '../types';
import { checkDocs, keyValues } from './common';
import { processWord } from '../../dockerfile/lexer';
import { looksSecret } from '../../../../shared/secrets';

export const secretsUsedInArgOrEnv: Rule = {
  id: 'SecretsUsedInArgOrEnv',
  buildkitName: 'SecretsUsedInArgOrEnv',
  category: 'buildkit',
  severity: 'warning',
  summary: 'Sensitive data should not be used in the ARG or ENV commands',
  docs: checkDocs(
    'SecretsUsedInArgOrEnv',
    'ARG and ENV values are stored in the image metadata and history, where anyone who can pull the image can read them. Pass secrets with `RUN --mount=type=secret` instead. The check goes by the name: a key any of whose `_`-separated words is `password`, `token`, `secret`, `key`, `auth`, `apikey`, `credential(s)`, `passwd` or `pword` (and none is `public`, `file` or `version`).',
  ),
  check(model) {
    const reports: Report[] = [];
    for (const ins of model.instructions) {
      if (ins.keyword === 'ARG') {
        for (const word of ins.words) {
          const eq = word.text.indexOf('=');
          const name = eq >= 0 ? word.text.slice(0, eq) : word.text;
          if (!name || !looksSecret(name)) continue;
          const range = ins.rangeOf(ins.argsOffset + word.offset, ins.argsOffset + word.offset + name.length);
          reports.push({ range, message: `Do not use ARG or ENV instructions for sensitive data (ARG "${name}")` });
        }
      } else if (ins.keyword === 'ENV' && ins.stageIndex >= 0) {
        const kv = keyValues(ins);
        for (const pair of kv.pairs) {
          const name = processWord(pair.keyText, model.escape.char, () => undefined).result || pair.keyText;
          if (!looksSecret(name)) continue;
          reports.push({ range: pair.keyRange, message: `Do not use ARG or ENV instructions for sensitive data (ENV "${name}")` });
        }
      }
    }
    return reports;
  },
};
