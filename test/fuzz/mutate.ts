// Mutations of existing text (a real Dockerfile from the corpus, a generated one, a .dockerignore):
// bit flips in UTF-16 units (they make control characters and lone surrogates), line duplication,
// deletion, swaps and moves, splicing two files, escapes inserted at line ends, truncation anywhere
// (inside a CRLF or a surrogate pair too), line-ending changes and dictionary tokens.
import type { Random } from './random';
import { ODD_CHARACTERS, hostile, variable } from './tokens';

const DICTIONARY = [
  '\\', '`', ' \\', ' `', '\\\\', '# escape=`\n', '# escape=\\\n', '<<EOF\n', '\nEOF\n', '[', ']', '"', "'", ',', '=', '${', '}', ':-', '$',
  '\n', '\r\n', '\r', '\t', ' ', '#', 'FROM ', 'RUN ', 'COPY ', 'ONBUILD ', 'AS ', '--from=', '--mount=', 'C:\\', '["C:\\x"]', '\uFEFF', '\u0000',
];

function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

function mutateOnce(r: Random, text: string, other: string): string {
  const at = () => r.int(0, text.length);
  switch (r.int(0, 13)) {
    case 0: {
      // A bit flip in one UTF-16 unit: any unit value can come out, surrogates and NUL included.
      if (text.length === 0) return text;
      const i = r.int(0, text.length - 1);
      return text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ (1 << r.int(0, 15))) + text.slice(i + 1);
    }
    case 1: {
      if (text.length === 0) return text;
      const i = r.int(0, text.length - 1);
      return text.slice(0, i) + String.fromCharCode(r.int(0, 255)) + text.slice(i + 1);
    }
    case 2: {
      const ls = lines(text);
      const i = r.int(0, Math.max(0, ls.length - 1));
      ls.splice(i, 0, ...Array.from({ length: r.size(2, 200, 0.05) }, () => ls[i] ?? ''));
      return ls.join('');
    }
    case 3: {
      const ls = lines(text);
      ls.splice(r.int(0, ls.length), r.int(1, 5));
      return ls.join('');
    }
    case 4: {
      const ls = lines(text);
      if (ls.length < 2) return text;
      const i = r.int(0, ls.length - 1);
      const j = r.int(0, ls.length - 1);
      [ls[i], ls[j]] = [ls[j], ls[i]];
      return ls.join('');
    }
    case 5: {
      // Splice: the head of this text, the tail of the other, cut at lines or anywhere.
      if (r.chance(0.5)) {
        const a = lines(text);
        const b = lines(other);
        return a.slice(0, r.int(0, a.length)).join('') + b.slice(r.int(0, b.length)).join('');
      }
      return text.slice(0, at()) + other.slice(r.int(0, other.length));
    }
    case 6: {
      const ls = lines(text);
      for (let n = r.int(1, 4); n > 0 && ls.length > 0; n--) {
        const i = r.int(0, ls.length - 1);
        const m = /\r?\n$|\r$/.exec(ls[i]);
        const body = m ? ls[i].slice(0, m.index) : ls[i];
        ls[i] = body + r.pick(['\\', '`', ' \\', ' `', '\\ ', '`\t', '\\\\']) + (m ? m[0] : '');
      }
      return ls.join('');
    }
    case 7:
      return text.slice(0, at());
    case 8: {
      const i = at();
      return text.slice(0, i) + r.pick(DICTIONARY) + text.slice(i);
    }
    case 9: {
      const i = at();
      return text.slice(0, i) + r.pick([r.pick(ODD_CHARACTERS), variable(r, 2), hostile(r)]) + text.slice(i);
    }
    case 10:
      return r.chance(0.5) ? text.replace(/\r?\n/g, r.pick(['\r\n', '\r', '\n\r'])) : text.replace(/\r\n?/g, '\n');
    case 11: {
      // A region repeated: what makes linear code quadratic shows up here.
      const i = at();
      const j = Math.min(text.length, i + r.int(1, 200));
      return text.slice(0, j) + text.slice(i, j).repeat(r.size(3, 2000, 0.03)) + text.slice(j);
    }
    case 12: {
      const i = at();
      return text.slice(0, i) + text.slice(Math.min(text.length, i + r.size(3, 200)));
    }
    default: {
      const ls = lines(text);
      if (ls.length < 2) return text;
      const [moved] = ls.splice(r.int(0, ls.length - 1), 1);
      ls.splice(r.int(0, ls.length), 0, moved);
      return ls.join('');
    }
  }
}

/** One to eight mutations of `text`; `other` is what a splice takes its tail from. */
export function mutate(r: Random, text: string, other: string): string {
  let out = text;
  for (let n = r.chance(0.7) ? r.int(1, 3) : r.int(4, 8); n > 0; n--) out = mutateOnce(r, out, other);
  // Mutations that repeat can compound; a few MiB is plenty to find what size breaks.
  return out.length > 3_000_000 ? out.slice(0, 3_000_000) : out;
}
