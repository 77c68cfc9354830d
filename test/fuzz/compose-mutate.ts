// YAML-hostile mutations of a compose document: tabs in indentation, unbalanced quotes and
// brackets, anchors and aliases (an alias bomb, an alias to nothing, one to itself), merge keys of
// the wrong kind, huge scalars, deep nesting (flow and block), duplicate keys, binary bytes, CRLF
// and lone CR, a BOM, `!reset`/`!override` and other tags, Windows paths and named pipes, extra
// documents and directives; now and then the Dockerfile mutator's byte-level changes too.
import { mutate } from './mutate';
import type { Random } from './random';

const TAGS = ['!reset', '!override', '!reset []', '!override {}', '!!str', '!!binary', '!!timestamp', '!!map', '!<tag:yaml.org,2002:int>', '!foo', '!', '!!merge'];
const WINDOWS = ['C:\\data:C:\\data', '\\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine', '"C:\\\\x"', "'C:\\x\\'", 'C:\\', '\\\\?\\C:\\very\\long', 'c:/x:c:/y:rw', '\\\\.\\pipe\\'];
const PIECES = ['"', "'", '[', ']', '{', '}', ':', ': ', '- ', '? ', '&a ', '*a', '<<: ', '|', '>-', '#', '%', '@', '`', ',', '\t', '\\', '\u0000', '\uFEFF', '\r', '\u2028', '\uD800', '---\n', '...\n'];

function lines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

/** A document that expands to 10^depth nodes if aliases were followed blindly (the "billion laughs"). */
export function aliasBomb(r: Random): string {
  const depth = r.int(3, 12);
  const width = r.int(5, 10);
  const out = [`a0: &a0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < depth; i++) out.push(`a${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(', ')}]`);
  out.push(`services:\n  web:\n    image: nginx\n    environment: *a${depth - 1}`);
  if (r.chance(0.5)) out.push(`  merged:\n    <<: [${Array(width).fill(`*a${depth - 1}`).join(', ')}]`);
  return out.join('\n') + '\n';
}

function deepNesting(r: Random): string {
  const depth = r.size(200, 20_000, 0.3);
  switch (r.int(0, 3)) {
    case 0:
      return '['.repeat(depth) + (r.chance(0.5) ? ']'.repeat(depth) : '');
    case 1:
      return '{a: '.repeat(depth) + 'x' + (r.chance(0.5) ? '}'.repeat(depth) : '');
    case 2: {
      const levels = Math.min(depth, 3000);
      return Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v\n';
    }
    default:
      return Array.from({ length: Math.min(depth, 3000) }, (_, i) => `${' '.repeat(i * 2)}- `).join('\n') + 'x\n';
  }
}

function mutateOnce(r: Random, text: string): string {
  const ls = lines(text);
  const line = () => r.int(0, Math.max(0, ls.length - 1));
  const at = () => r.int(0, text.length);
  switch (r.int(0, 16)) {
    case 0: {
      // Tabs where YAML forbids them: indentation, and after a colon.
      for (let n = r.int(1, 4); n > 0; n--) {
        const i = line();
        ls[i] = (ls[i] ?? '').replace(/^( +)/, (m) => (r.chance(0.5) ? '\t'.repeat(Math.max(1, m.length >> 1)) : `${m.slice(1)}\t`)).replace(/: /, r.chance(0.3) ? ':\t' : ': ');
      }
      return ls.join('');
    }
    case 1: {
      const i = at();
      return text.slice(0, i) + r.pick(['"', "'", '[', '{', ']', '}', '"\\', "'''"]) + text.slice(i);
    }
    case 2:
      return r.chance(0.5) ? aliasBomb(r) + text.replace(/^services:\s*$/m, 'x-services:') : text + aliasBomb(r).replace(/^/gm, '# ').replace(/^# (a\d+:)/gm, '$1');
    case 3: {
      // Aliases that name nothing, themselves, or something of the wrong kind for a merge.
      const i = line();
      const m = /^(\s*)([^\s#:][^:]*):(.*)$/.exec((ls[i] ?? '').replace(/\r?\n$/, ''));
      if (m === null) return text + '\nx: *nothing\n';
      const forms = [`${m[1]}${m[2]}: &self [*self]`, `${m[1]}${m[2]}: *undefined_anchor`, `${m[1]}<<: *${r.pick(['img', 'common', 'none'])}`, `${m[1]}<<: [1, 2]`, `${m[1]}<<: scalar`, `${m[1]}${m[2]}: &dup 1\n${m[1]}${m[2]}x: &dup 2`, `${m[1]}*${m[2]}: v`];
      ls[i] = r.pick(forms) + '\n';
      return ls.join('');
    }
    case 4: {
      // A huge scalar: plain, quoted, or as a key.
      const size = r.size(5000, 1_200_000, 0.3);
      const unit = r.pick(['a', 'C:\\', '\\\\.\\pipe\\', 'é', '😀', ' ', '"']);
      const big = unit.repeat(Math.max(1, Math.floor(size / unit.length)));
      const forms = [`    image: ${big}\n`, `    image: "${big.replace(/"/g, '\\"')}"\n`, `  ${big.replace(/[:#\s]/g, 'x')}:\n    image: x\n`, `x-big: |\n  ${big}\n`];
      ls.splice(line(), 0, r.pick(forms));
      return ls.join('');
    }
    case 5: {
      const i = at();
      return text.slice(0, i) + deepNesting(r) + text.slice(i);
    }
    case 6: {
      // Duplicate keys: a line repeated under itself, or a whole top-level section again.
      if (r.chance(0.5)) {
        const i = line();
        ls.splice(i, 0, ls[i] ?? '');
        return ls.join('');
      }
      return text + (text.endsWith('\n') ? '' : '\n') + 'services:\n  web:\n    image: x\n';
    }
    case 7: {
      // Binary bytes, as a file read as UTF-8 with invalid sequences gives them (U+FFFD) and raw.
      let out = text;
      for (let n = r.int(1, 10); n > 0; n--) {
        const i = r.int(0, out.length);
        out = out.slice(0, i) + String.fromCharCode(r.pick([0, 1, 7, 8, 0x0b, 0x0c, 0x1b, 0x7f, 0x85, 0xa0, 0xfffd, 0xfffe, 0xffff, 0xd800, 0xdfff, r.int(0, 0xffff)])) + out.slice(i);
      }
      return out;
    }
    case 8:
      return r.pick([() => text.replace(/\r?\n/g, '\r\n'), () => text.replace(/\r?\n/g, '\r'), () => text.replace(/\n/g, () => r.pick(['\n', '\r\n', '\r']))])();
    case 9:
      return r.chance(0.7) ? '\uFEFF' + text : text.slice(0, at()) + '\uFEFF' + text.slice(at());
    case 10: {
      const i = line();
      ls[i] = (ls[i] ?? '').replace(/:( |$)/, `: ${r.pick(TAGS)} `);
      return ls.join('');
    }
    case 11: {
      const i = line();
      const indent = /^\s*/.exec(ls[i] ?? '')?.[0] ?? '';
      ls.splice(i, 0, `${indent}${r.pick(['- ', 'volumes:\n' + indent + '  - ', 'build: ', 'context: ', 'env_file: ', 'dockerfile: '])}${r.pick(WINDOWS)}\n`);
      return ls.join('');
    }
    case 12:
      return r.pick(['%YAML 1.1\n---\n', '%TAG ! tag:x,2000:\n---\n', '--- !!map\n', '']) + text + r.pick(['\n---\nservices: {}\n', '\n...\n', '\n--- |\n  x\n', '']);
    case 13: {
      // Indentation shifted by one to three columns either way.
      for (let n = r.int(1, 3); n > 0; n--) {
        const i = line();
        ls[i] = r.chance(0.5) ? ' '.repeat(r.int(1, 3)) + (ls[i] ?? '') : (ls[i] ?? '').replace(/^ {1,3}/, '');
      }
      return ls.join('');
    }
    case 14: {
      const i = at();
      return text.slice(0, i) + r.pick(PIECES) + text.slice(i);
    }
    case 15:
      return text.slice(0, at());
    default:
      return mutate(r, text, text);
  }
}

/** One to five YAML-hostile mutations; the result is kept under 3 MB. */
export function mutateCompose(r: Random, text: string): string {
  let out = text;
  for (let n = r.chance(0.7) ? r.int(1, 2) : r.int(3, 5); n > 0; n--) out = mutateOnce(r, out);
  return out.length > 3_000_000 ? out.slice(0, 3_000_000) : out;
}
