// The variables FROM lines see: the automatic platform ARGs plus the ARGs declared before the first
// FROM, each default expanded with the ones before it (BuildKit's buildMetaArgs with no --build-arg).
import type { DockerfileModel, Flag, Stage } from '../../dockerfile/model';
import { PLATFORM_ARG_DEFAULTS } from './common';
import { processWord, type WordExpansion } from '../../dockerfile/lexer';
import { Memo } from '../../dockerfile/memo';

// Four rules ask for the same values of the same model.
const computed = new Memo<DockerfileModel, ReadonlyMap<string, string>>('globalArgValues');

export function globalArgValues(model: DockerfileModel): ReadonlyMap<string, string> {
  return computed.get(model, computeGlobalArgValues);
}

function computeGlobalArgValues(model: DockerfileModel): Map<string, string> {
  const env = new Map<string, string>(PLATFORM_ARG_DEFAULTS);
  for (const decl of model.globalArgs) {
    if (decl.defaultValue === undefined) {
      if (!env.has(decl.name)) env.set(decl.name, '');
      continue;
    }
    env.set(decl.name, processWord(decl.defaultValue, model.escape.char, (n) => env.get(n)).result);
  }
  return env;
}

export interface PlatformExpansion {
  stage: Stage;
  flag: Flag & { value: string };
  /** The value as FROM sees it: expanded with the global ARGs. */
  expansion: WordExpansion;
}

// Three rules read every stage's --platform as FROM expands it.
const platforms = new Memo<DockerfileModel, readonly PlatformExpansion[]>('platformExpansions');

/** Each stage's `--platform=` value, expanded with the global ARGs. */
export function platformExpansions(model: DockerfileModel): readonly PlatformExpansion[] {
  return platforms.get(model, () => {
    const env = globalArgValues(model);
    const out: PlatformExpansion[] = [];
    for (const stage of model.stages) {
      const flag = platformFlag(stage);
      if (flag?.value === undefined) continue;
      out.push({ stage, flag: flag as Flag & { value: string }, expansion: processWord(flag.value, model.escape.char, (n) => env.get(n)) });
    }
    return out;
  });
}

export function platformFlag(stage: Stage): Flag | undefined {
  return stage.from.flags.find((f) => f.name.toLowerCase() === 'platform' && f.value !== undefined);
}
