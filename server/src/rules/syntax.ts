// Errors Docker itself would stop the build on, found without building.
import type { Rule } from './types';
import { unknownInstruction } from './syntax/unknown-instruction';
import { missingArguments } from './syntax/missing-arguments';
import { invalidFlag } from './syntax/invalid-flag';
import { parseError } from './syntax/parse-error';
import { instructionBeforeFrom } from './syntax/instruction-before-from';
import { fromPlatformInvalid } from './syntax/from-platform-invalid';

export const syntaxRules: Rule[] = [unknownInstruction, missingArguments, invalidFlag, parseError, instructionBeforeFrom, fromPlatformInvalid];
