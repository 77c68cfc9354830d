// BuildKit's build checks that can be decided without a build (docker build --check). Each rule's
// id is BuildKit's check name, so `# check=skip=...` names and docs links carry over unchanged.
import type { Rule } from './types';
import { stageNameCasing } from './buildkit/stage-name-casing';
import { fromAsCasing } from './buildkit/from-as-casing';
import { noEmptyContinuation } from './buildkit/no-empty-continuation';
import { consistentInstructionCasing } from './buildkit/consistent-instruction-casing';
import { duplicateStageName } from './buildkit/duplicate-stage-name';
import { reservedStageName } from './buildkit/reserved-stage-name';
import { jsonArgsRecommended } from './buildkit/json-args-recommended';
import { maintainerDeprecated } from './buildkit/maintainer-deprecated';
import { undefinedArgInFrom } from './buildkit/undefined-arg-in-from';
import { workdirRelativePath } from './buildkit/workdir-relative-path';
import { undefinedVar } from './buildkit/undefined-var';
import { multipleInstructionsDisallowed } from './buildkit/multiple-instructions-disallowed';
import { legacyKeyValueFormat } from './buildkit/legacy-key-value-format';
import { redundantTargetPlatform } from './buildkit/redundant-target-platform';
import { secretsUsedInArgOrEnv } from './buildkit/secrets-used-in-arg-or-env';
import { invalidDefaultArgInFrom } from './buildkit/invalid-default-arg-in-from';
import { fromPlatformFlagConstDisallowed } from './buildkit/from-platform-flag-const-disallowed';
import { exposeProtoCasing } from './buildkit/expose-proto-casing';
import { exposeInvalidFormat } from './buildkit/expose-invalid-format';
import { copyIgnoredFile } from './buildkit/copy-ignored-file';

export const buildkitRules: Rule[] = [
  stageNameCasing,
  fromAsCasing,
  noEmptyContinuation,
  consistentInstructionCasing,
  duplicateStageName,
  reservedStageName,
  jsonArgsRecommended,
  maintainerDeprecated,
  undefinedArgInFrom,
  workdirRelativePath,
  undefinedVar,
  multipleInstructionsDisallowed,
  legacyKeyValueFormat,
  redundantTargetPlatform,
  secretsUsedInArgOrEnv,
  invalidDefaultArgInFrom,
  fromPlatformFlagConstDisallowed,
  exposeProtoCasing,
  exposeInvalidFormat,
  copyIgnoredFile,
];
