// The registry: every rule the linter runs, for Dockerfiles and compose files. Documentation, the
// settings schema and the CLI's rule list are generated from this list.
import type { AnyRule, ComposeRule, Rule } from './types';
import { missionRules } from './mission';
import { windowsRules } from './windows';
import { buildkitRules } from './buildkit';
import { syntaxRules } from './syntax';
import { fileTooLarge } from './syntax/file-too-large';
import { composeRules as composeRuleList } from './compose';

export const dockerfileRules: readonly Rule[] = [...syntaxRules, fileTooLarge, ...missionRules, ...windowsRules, ...buildkitRules];
export const composeRules: readonly ComposeRule[] = composeRuleList;
export const rules: readonly AnyRule[] = [...dockerfileRules, ...composeRules];

const byId = new Map(rules.map((r) => [r.id, r]));

export function findRule(id: string): AnyRule | undefined {
  return byId.get(id);
}
