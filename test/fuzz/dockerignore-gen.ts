// .dockerignore files (patterns with **, !, [ranges], escapes, comments, huge ones) together with
// a Dockerfile whose COPY and ADD sources are paths those patterns may well match, and the paths of
// a small build context: what the context-aware rules (CopyIgnoredFile) and the matcher see.
import type { Random } from './random';
import { mutate } from './mutate';

const SEGMENTS = ['src', 'app', 'node_modules', '.git', 'docs', 'a', 'b', 'z', 'file.txt', 'x.js', '.env', 'Dockerfile', 'vendor', 'keep.txt', 'é', 'sp ace', '..', '.'];
const GLOBS = ['*', '**', '?', '*.js', '*.tmp', '[a-z]', '[!a]', '[^b]', '[a-\\]]', '[]', '[', ']', '\\*', '\\', '\\[', 'a*b', '**.md', '[\\-]', '[a-]', '[-a]', '[z-a]', '{a,b}'];

function segment(r: Random): string {
  return r.chance(0.55) ? r.pick(SEGMENTS) : r.pick(GLOBS);
}

function pattern(r: Random): string {
  let p = Array.from({ length: r.size(3, 25) + 1 }, () => segment(r)).join('/');
  if (r.chance(0.2)) p = `!${p}`;
  if (r.chance(0.1)) p = `/${p}`;
  if (r.chance(0.1)) p = `./${p}`;
  if (r.chance(0.1)) p += '/';
  if (r.chance(0.1)) p = `${r.pick([' ', '\t', '  '])}${p}${r.pick([' ', '\t', '\r', ''])}`;
  return p;
}

/** Patterns that made other matchers backtrack or blow up, sized from small to very large. */
function hugePattern(r: Random): string {
  const n = r.size(20, 20_000);
  switch (r.int(0, 8)) {
    case 8:
      return `a${r.pick([' ', '\t', '\u2029', '\u00a0', '\u0085']).repeat(n * 10)}b`;
    case 0:
      return `${'**/'.repeat(Math.min(n, 500))}z`;
    case 1:
      return `${'*'.repeat(n)}a`;
    case 2:
      return '['.repeat(n);
    case 3:
      return 'x'.repeat(n * 10);
    case 4:
      return `${'?'.repeat(n)}`;
    case 5:
      return `${'a*'.repeat(n)}b`;
    case 6:
      return `${'[a-z]*'.repeat(Math.min(n, 2000))}!`;
    default:
      return '\\'.repeat(n);
  }
}

export function generateDockerignore(r: Random): string {
  const out: string[] = [];
  for (let n = r.size(8, 200); n > 0; n--) {
    const roll = r.next();
    if (roll < 0.08) out.push(r.pick(['# comment', '', '   ', ' # indented is a pattern', '#!not', '!', '!!x', '.', '/', '..', '../x']));
    else if (roll < 0.11) out.push(hugePattern(r));
    else out.push(pattern(r));
  }
  let text = out.join(r.pick(['\n', '\n', '\r\n']));
  if (r.chance(0.05)) text = '\uFEFF' + text;
  if (r.chance(0.03)) text += '\u0000';
  return r.chance(0.25) ? mutate(r, text, generateDockerignore(r).slice(0, 200)) : text;
}

/** Paths relative to the context root, some deep, the shape the patterns above aim at. */
export function contextPaths(r: Random): string[] {
  const paths: string[] = [];
  for (let n = r.size(8, 40); n > 0; n--) {
    const depth = r.chance(0.9) ? r.int(1, 5) : r.int(6, 40);
    paths.push(Array.from({ length: depth }, () => r.pick(SEGMENTS.filter((s) => s !== '..' && s !== '.'))).join('/'));
  }
  return paths;
}

/** A Dockerfile that copies those paths (and a few others) from the context. */
export function dockerfileCopying(r: Random, paths: readonly string[]): string {
  const lines = [r.pick(['FROM alpine', 'FROM mcr.microsoft.com/windows/servercore:ltsc2019', '# escape=`\nFROM scratch'])];
  for (let n = r.int(1, 12); n > 0; n--) {
    const k = r.pick(['COPY', 'ADD', 'COPY --from=x', 'copy']);
    const sources = Array.from({ length: r.int(1, 3) }, () => (r.chance(0.7) && paths.length > 0 ? r.pick(paths) : r.pick(['.', '/', './', '*', 'src/**', 'C:\\src\\a', '$X', '<<EOF', 'https://x/y', 'a/../../b'])));
    lines.push(r.chance(0.2) ? `${k} [${[...sources, '/dst'].map((s) => JSON.stringify(s)).join(', ')}]` : `${k} ${sources.join(' ')} /dst/`);
  }
  return lines.join('\n') + '\n';
}
