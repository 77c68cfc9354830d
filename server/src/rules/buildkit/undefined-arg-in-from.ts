import type { Fix, Rule, Report } from '../types';
import { argsRange, checkDocs, insertLineAbove, suggest } from './common';
import { globalArgValues, platformFlag } from './global-args';
import { isPlainName, processWord } from '../../dockerfile/lexer';

export const undefinedArgInFrom: Rule = {
  id: 'UndefinedArgInFrom',
  buildkitName: 'UndefinedArgInFrom',
  category: 'buildkit',
  severity: 'warning',
  summary: 'FROM command must use declared ARGs',
  docs: checkDocs(
    'UndefinedArgInFrom',
    'A variable in `FROM` can only come from an `ARG` declared before the first `FROM` (or from the automatic platform ARGs such as `BUILDPLATFORM` and `TARGETARCH`). Anything else expands to an empty string, and `--build-arg` cannot set it.',
  ),
  check(model) {
    const reports: Report[] = [];
    const env = globalArgValues(model);
    const options = [...env.keys()];
    const firstFrom = model.stages[0]?.from.startLine;
    const fixesFor = (name: string, replaceRange: Report['range'] | undefined): Fix[] => {
      const fixes: Fix[] = [];
      const better = suggest(name, options, false);
      if (better && replaceRange) fixes.push({ title: `Change to ${better}`, edits: [{ range: replaceRange, newText: better }] });
      if (firstFrom !== undefined) {
        fixes.push({ title: `Declare ARG ${name} before the first FROM`, edits: [insertLineAbove(model, firstFrom, `ARG ${name}`)] });
      }
      return fixes;
    };
    const message = (name: string) => {
      const better = suggest(name, options, false);
      return `FROM argument '${name}' is not declared${better ? ` (did you mean ${better}?)` : ''}`;
    };
    for (const stage of model.stages) {
      const from = stage.from;
      const image = stage.from.words[0];
      if (image) {
        const expansion = processWord(image.text, model.escape.char, (n) => env.get(n));
        const reported = new Set<string>();
        for (const use of expansion.uses) {
          if (!expansion.unmatched.has(use.name) || !isPlainName(use.name) || reported.has(use.name)) continue;
          reported.add(use.name);
          const nameStart = image.offset + use.start + (image.text[use.start + 1] === '{' ? 2 : 1);
          const nameRange = argsRange(from, nameStart, nameStart + use.name.length);
          reports.push({ range: nameRange, message: message(use.name), fixes: fixesFor(use.name, nameRange) });
        }
      }
      const platform = platformFlag(stage);
      if (platform?.value !== undefined) {
        const expansion = processWord(platform.value, model.escape.char, (n) => env.get(n));
        for (const name of expansion.unmatched) {
          if (!isPlainName(name)) continue;
          reports.push({ range: platform.range, message: message(name), fixes: fixesFor(name, undefined) });
        }
      }
    }
    return reports;
  },
};
