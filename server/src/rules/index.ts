// The registry: every rule the linter runs. Documentation, the settings schema and the CLI's
// rule list are generated from this list.
import type { Rule } from './types';
import { missionRules } from './mission';
import { windowsRules } from './windows';
import { buildkitRules } from './buildkit';
import { syntaxRules } from './syntax';
import { fileTooLarge } from './syntax/file-too-large';

export const rules: readonly Rule[] = [...syntaxRules, fileTooLarge, ...missionRules, ...windowsRules, ...buildkitRules];

const byId = new Map(rules.map((r) => [r.id, r]));

export function findRule(id: string): Rule | undefined {
  return byId.get(id);
}
