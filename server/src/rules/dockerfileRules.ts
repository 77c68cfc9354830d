// The Dockerfile half of the registry (rules/index.ts adds the compose rules). The language server's
// first bundle takes its rules from here, so nothing of the compose rules (nor the `yaml` package
// they read) is loaded before a compose file opens (features/composePart.ts).
import type { Rule } from './types';
import { missionRules } from './mission';
import { windowsRules } from './windows';
import { buildkitRules } from './buildkit';
import { syntaxRules } from './syntax';
import { fileTooLarge } from './syntax/file-too-large';

export const dockerfileRules: readonly Rule[] = [...syntaxRules, fileTooLarge, ...missionRules, ...windowsRules, ...buildkitRules];

const byId = new Map(dockerfileRules.map((r) => [r.id, r]));

export function findDockerfileRule(id: string): Rule | undefined {
  return byId.get(id);
}
