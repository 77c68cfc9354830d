import type { Rule } from './types';
import { windowsHostMismatch } from './windows/hostMismatch';
import { windowsImageLinuxEngine } from './windows/linuxEngine';
import { windowsUnsupportedFlag } from './windows/unsupportedFlag';

export const windowsRules: Rule[] = [windowsHostMismatch, windowsImageLinuxEngine, windowsUnsupportedFlag];
