import type { Rule, Report } from '../types';
import { checkDocs, parsePlatform } from './common';
import { platformFlag } from './global-args';
import { processWord } from '../../dockerfile/lexer';

export const fromPlatformFlagConstDisallowed: Rule = {
  id: 'FromPlatformFlagConstDisallowed',
  buildkitName: 'FromPlatformFlagConstDisallowed',
  category: 'buildkit',
  severity: 'warning',
  summary: 'FROM --platform flag should not use a constant value',
  docs: checkDocs(
    'FromPlatformFlagConstDisallowed',
    'A constant `--platform=linux/amd64` pins the stage to one platform whatever the build targets, which breaks multi-platform builds. Use `$BUILDPLATFORM` or `$TARGETPLATFORM`, or name the stage after its platform (`AS build-amd64`), which Docker takes as deliberate.',
  ),
  check(model) {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      const flag = platformFlag(stage);
      if (flag?.value === undefined) continue;
      const expansion = processWord(flag.value, model.escape.char, () => undefined);
      if (expansion.uses.length > 0 || expansion.error) continue;
      const platform = parsePlatform(expansion.result);
      if (!platform) continue;
      const name = (stage.name ?? '').toLowerCase();
      if (name.includes(platform.os) || name.includes(platform.architecture)) continue;
      reports.push({ range: flag.range, message: `FROM --platform flag should not use constant value "${expansion.result}"` });
    }
    return reports;
  },
};
