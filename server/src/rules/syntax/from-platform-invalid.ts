import type { Rule, Report } from '../types';
import { globalArgValues, platformExpansions } from '../buildkit/global-args';
import { platformParseError, suggest } from '../buildkit/common';
import { isPlainName } from '../../dockerfile/lexer';

export const fromPlatformInvalid: Rule = {
  id: 'from-platform-invalid',
  category: 'syntax',
  severity: 'error',
  summary: 'FROM --platform is empty or no platform once its undeclared variables expand to nothing',
  docs: [
    'A variable in `FROM --platform` that no `ARG` before the first `FROM` declares (and that is not one of',
    'the automatic platform ARGs such as `BUILDPLATFORM`) expands to the empty string. When that leaves the',
    'value empty (`--platform=$BULIDPLATFORM`) or not a platform (`--platform=linux/${MYARCH}` gives',
    '`linux/`), Docker stops the build with `empty platform value from expression ...` or',
    '`failed to parse platform ...`. BuildKit\'s `UndefinedArgInFrom` check names the variable too, but',
    'skipping that check does not make the build pass.',
    '',
    'Fix: correct the variable name (the message suggests the declared one it most resembles), or declare',
    'it with `ARG` before the first `FROM`.',
  ].join('\n'),
  check(model) {
    const reports: Report[] = [];
    const env = globalArgValues(model);
    for (const { flag, expansion } of platformExpansions(model)) {
      // Only an undeclared variable makes the outcome certain: a declared one may be set by --build-arg.
      const undeclared = [...expansion.unmatched].filter(isPlainName);
      if (undeclared.length === 0 || expansion.error !== undefined) continue;
      let message: string;
      if (expansion.result === '') message = `empty platform value from expression ${flag.value}`;
      else {
        const problem = platformParseError(expansion.result);
        if (problem === undefined) continue;
        message = `failed to parse platform ${flag.value}: ${problem}`;
      }
      // BuildKit's wrapSuggestAny: the first undeclared name close to a known one.
      const better = undeclared.map((name) => suggest(name, env.keys())).find((s) => s !== undefined);
      reports.push({ range: flag.range, message: better ? `${message} (did you mean ${better}?)` : message });
    }
    return reports;
  },
};
