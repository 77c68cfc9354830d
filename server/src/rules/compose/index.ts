// The compose rules, in the same registry as the Dockerfile rules (rules/index.ts).
import type { ComposeRule } from '../types';
import { composeYamlSyntax } from './yaml-syntax';
import { composeSchema } from './schema';
import { composeIsolationInvalid } from './isolation';
import { composeWindowsHostMismatch } from './windows-host-mismatch';
import { composeWindowsImageLinuxEngine } from './windows-linux-engine';
import { composePlatformMismatch } from './platform-mismatch';
import { composeWindowsVolumeSyntax } from './windows-volume-syntax';
import { composeFileMissing } from './file-missing';
import { composeDependsOnUnknown } from './depends-on-unknown';

export const composeRules: ComposeRule[] = [
  composeYamlSyntax,
  composeSchema,
  composeIsolationInvalid,
  composeWindowsHostMismatch,
  composeWindowsImageLinuxEngine,
  composePlatformMismatch,
  composeWindowsVolumeSyntax,
  composeFileMissing,
  composeDependsOnUnknown,
];

const byId = new Map(composeRules.map((r) => [r.id, r]));

export function findComposeRule(id: string): ComposeRule | undefined {
  return byId.get(id);
}
