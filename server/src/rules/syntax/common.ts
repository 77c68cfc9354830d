import { Memo } from '../../dockerfile/memo';
import type { DockerfileModel, Instruction } from '../../dockerfile/model';

// Several syntax rules walk the same list: it is built once per model.
const listed = new Memo<DockerfileModel, ReadonlyArray<{ ins: Instruction; trigger: boolean }>>('allInstructions');

/** Every instruction, with ONBUILD triggers after their ONBUILD (they are parsed when the child image builds). */
export function allInstructions(model: DockerfileModel): ReadonlyArray<{ ins: Instruction; trigger: boolean }> {
  return listed.get(model, () => {
    const list: { ins: Instruction; trigger: boolean }[] = [];
    for (const ins of model.instructions) {
      list.push({ ins, trigger: false });
      if (ins.trigger) list.push({ ins: ins.trigger, trigger: true });
    }
    return list;
  });
}

export function levenshtein(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The options at the smallest distance from `word`, if that distance is at most `max`. */
export function closest(word: string, options: Iterable<string>, max: number): string[] {
  let best: string[] = [];
  let bestDistance = max + 1;
  for (const option of options) {
    const d = levenshtein(word, option);
    if (d < bestDistance) {
      bestDistance = d;
      best = [option];
    } else if (d === bestDistance) best.push(option);
  }
  return best;
}
