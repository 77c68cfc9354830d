// The registry: every rule the linter runs, for Dockerfiles and compose files. Documentation, the
// settings schema and the CLI's rule list are generated from this list.
import type { AnyRule, ComposeRule } from './types';
import { dockerfileRules } from './dockerfileRules';
import { composeRules as composeRuleList } from './compose';

export { dockerfileRules };
export const composeRules: readonly ComposeRule[] = composeRuleList;
export const rules: readonly AnyRule[] = [...dockerfileRules, ...composeRules];

const byId = new Map(rules.map((r) => [r.id, r]));

export function findRule(id: string): AnyRule | undefined {
  return byId.get(id);
}
