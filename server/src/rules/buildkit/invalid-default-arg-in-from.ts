import type { Rule, Report } from '../types';
import { checkDocs, isValidImageReference } from './common';
import { globalArgValues } from './global-args';
import { processWord } from '../../dockerfile/lexer';

export const invalidDefaultArgInFrom: Rule = {
  id: 'InvalidDefaultArgInFrom',
  buildkitName: 'InvalidDefaultArgInFrom',
  category: 'buildkit',
  severity: 'warning',
  summary: 'Default value for global ARG results in an empty or invalid base image name',
  docs: checkDocs(
    'InvalidDefaultArgInFrom',
    'With only the ARG defaults (no `--build-arg`), the `FROM` image must still be a valid reference. `ARG TAG` then `FROM alpine:${TAG}` gives `alpine:`, which fails. Give the ARG a default (`ARG TAG=3.20`) or the reference one (`${TAG:-3.20}`).',
  ),
  check(model) {
    const reports: Report[] = [];
    const env = globalArgValues(model);
    for (const stage of model.stages) {
      const image = stage.from.words[0];
      if (!image) continue;
      const expansion = processWord(image.text, model.escape.char, (n) => env.get(n));
      if (expansion.uses.length === 0 || expansion.error) continue;
      if (isValidImageReference(expansion.result)) continue;
      reports.push({ range: image.range, message: `Default value for ARG ${image.text} results in empty or invalid base image name` });
    }
    return reports;
  },
};
