import type { Rule } from './types';
import { escapeDirectiveInvalid } from './mission/escape-directive-invalid';
import { escapeDirectiveDuplicate } from './mission/escape-directive-duplicate';
import { escapeDirectiveMisplaced } from './mission/escape-directive-misplaced';
import { windowsBackslashContinuation } from './mission/windows-backslash-continuation';
import { execFormInvalidJson } from './mission/exec-form-invalid-json';
import { execFormControlEscape } from './mission/exec-form-control-escape';

/** Docker Workbench's own rules; the Windows host rules are in ./windows. */
export const missionRules: Rule[] = [
  escapeDirectiveInvalid,
  escapeDirectiveDuplicate,
  escapeDirectiveMisplaced,
  windowsBackslashContinuation,
  execFormInvalidJson,
  execFormControlEscape,
];
