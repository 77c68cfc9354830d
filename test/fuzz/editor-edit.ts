// One edit an editor could send, for the tests that compare an incremental answer (re-parse,
// semantic tokens) with one from scratch after chains of them: characters typed or deleted, a
// stretch removed or replaced, a paste from another file, or a mutation. Each test gives the
// pieces it types, the ones its feature reacts to.
import { mutate } from './mutate';
import type { Random } from './random';

export function editorEdit(r: Random, text: string, other: string, pieces: readonly string[]): string {
  // The end of the file now and then: a continuation or a heredoc left open there reads on into what is added.
  const at = r.chance(0.15) ? Math.max(0, text.length - r.int(0, 6)) : r.int(0, text.length);
  const to = Math.min(text.length, at + r.size(3, 400));
  switch (r.int(0, 6)) {
    case 0:
    case 1:
      return text.slice(0, at) + r.pick(pieces) + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + r.int(1, 3)));
    case 3:
      return text.slice(0, at) + text.slice(to);
    case 4: {
      const from = r.int(0, other.length);
      return text.slice(0, at) + other.slice(from, from + r.size(40, 2000)) + text.slice(at);
    }
    case 5:
      return text.slice(0, at) + r.pick(pieces) + text.slice(to);
    default:
      return mutate(r, text, other);
  }
}
