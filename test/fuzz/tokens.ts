// The pieces the Dockerfile generator assembles: words, variables in every form BuildKit's shell
// lexer knows (and broken ones), exec-form arrays valid and broken in every way we could think of,
// Windows paths, and hostile tokens (huge, deeply nested, odd unicode, control characters, NUL,
// lone surrogates). Each takes the random source; nothing here keeps state.
import type { Random } from './random';

const NAMES = ['APP', 'PATH', 'HOME', 'x', 'VERSION', 'TAG', 'BASE', 'BUILDPLATFORM', 'TARGETARCH', 'a_b', '_', 'Z9', 'SECRET_KEY', 'GITHUB_TOKEN', 'ProgramFiles', 'ρ', '1x'];
const LINUX_PATHS = ['/', '/app', '/usr/local/bin/', '.', './', '..', '../x', 'src/', 'src/*.js', '*.json', 'package*.json', '/tmp/a b', 'dir/**/x', '~/.cache', '/etc/passwd', 'a\\ b', '[abc]', '?.txt'];
const WINDOWS_PATHS = [
  'C:\\', 'C:\\app', 'c:\\inetpub\\wwwroot\\', 'C:\\ServiceMonitor.exe', 'C:/app/', 'C:\\Program Files\\x', '\\\\server\\share\\x', '%ProgramFiles%\\x',
  '$env:TEMP\\a', 'C:\\\\app\\\\', 'D:', 'C:\\temp\\run.exe', 'C:\\new\\table', 'c:\\u0000', 'C:\\Windows\\System32\\',
];
const IMAGES = [
  'alpine', 'alpine:3.19', 'ALPINE', 'node:20-alpine', 'scratch', 'debian@sha256:' + 'ab'.repeat(32), 'localhost:5000/a/b:c', 'ghcr.io/o/r:latest',
  'mcr.microsoft.com/windows/servercore:ltsc2019', 'mcr.microsoft.com/windows/servercore:ltsc2022', 'mcr.microsoft.com/windows/nanoserver:1809',
  'mcr.microsoft.com/windows/servercore:10.0.17763.1234', 'mcr.microsoft.com/windows:20H2', 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019',
  'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019', 'a:b:c', ':tag', '@sha256:', 'x@', '/', 'UPPER/Case:Tag', 'ubuntu:', 'build0',
];
const SHELL_WORDS = ['echo', 'hi', '&&', '||', ';', '|', '>', '2>&1', '"a b"', "'c d'", '$(id -u)', '`date`', 'apk', 'add', '--no-cache', 'curl', '-rf', 'powershell', '-Command', 'Install-WindowsFeature', '#', '\\', '`'];
const ODD_UNICODE = [
  'é', 'ß', 'ﬀ', 'İ', 'ı', 'ǅ', '\u0301\u0301\u0301', '\u202E', '\u200B', '\u200D', '\uFEFF', '\u0085', '\u2028', '\u2029', '\u00A0', '\u3000',
  '👩‍👩‍👧', '𝔘𝔫𝔦', '\uFFFF', '\uFFFE', 'Ａ', 'ᴬ', 'ℂ', '\u1680', '\u180E',
];
const CONTROL = ['\u0000', '\u0007', '\b', '\u000b', '\f', '\u001b[2J', '\u001b]0;title\u0007', '\u007f', '\u009b', '\t'];
const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDC00\uD800', 'a\uD83D', '\uDE00b'];

export function name(r: Random): string {
  return r.chance(0.9) ? r.pick(NAMES) : r.pick(NAMES) + r.int(0, 99);
}

export function windowsPath(r: Random): string {
  return r.pick(WINDOWS_PATHS);
}

export function path(r: Random): string {
  return r.chance(0.3) ? windowsPath(r) : r.pick(LINUX_PATHS);
}

export function image(r: Random): string {
  if (r.chance(0.15)) return `${r.pick(['$', '${'])}${name(r)}${r.chance(0.5) ? '}' : ''}${r.chance(0.5) ? ':' + variable(r, 1) : ''}`;
  return r.pick(IMAGES);
}

/** `${x#pat}` and friends take a shell pattern: globs, classes, escapes. */
function shellPattern(r: Random): string {
  return r.pick(['*', '?', '[a-z]', '[!a]', '[^x]', '[]', '[', '\\*', '*.*', 'a*b?c', '**', '/', '', word(r, 1)]);
}

const OPERATORS = [':-', '-', ':+', '+', ':?', '?', '#', '##', '%', '%%', '/', '//', '/#', '/%', ':', '^', ','];

/** A variable reference, valid or broken, nested up to `depth`. */
export function variable(r: Random, depth: number): string {
  const n = name(r);
  switch (r.int(0, 9)) {
    case 0:
      return `$${n}`;
    case 1:
      return `\${${n}}`;
    case 2:
    case 3:
    case 4: {
      const op = r.pick(OPERATORS);
      const arg = op.startsWith('#') || op.startsWith('%') || op.startsWith('/') ? shellPattern(r) : depth > 0 && r.chance(0.4) ? variable(r, depth - 1) : word(r, depth - 1);
      const rep = op.startsWith('/') && r.chance(0.7) ? `/${word(r, 0)}` : '';
      return `\${${n}${op}${arg}${rep}}`;
    }
    case 5:
      return r.pick(['$', '${', '${}', '${:-x}', `\${${n}`, `\${${n}:-`, '$$', '\\$x', '${1}', '${x[0]}', '${!x}', '${#x}', '$(x)', '${x:1:2}', '${x:-${y', '}']);
    case 6:
      return `%${n}%`;
    case 7:
      return `$env:${n}`;
    default:
      return `$${n}${r.pick(['', '/bin', ':', '-x', '.txt'])}`;
  }
}

/** A word: plain, quoted, a path, an image or holding variables. */
export function word(r: Random, depth = 2): string {
  switch (r.int(0, 9)) {
    case 0:
      return path(r);
    case 1:
      return variable(r, depth);
    case 2:
      return `"${word(r, depth - 1)} ${word(r, depth - 1)}"`;
    case 3:
      return `'${word(r, depth - 1)}'`;
    case 4:
      return r.pick(['"unterminated', "'also", '""', "''", '"a\\"b"', '\\"', '"$x"', "'$x'"]);
    case 5:
      return `${path(r)}${variable(r, depth)}`;
    case 6:
      return r.chance(0.1) ? hostile(r) : r.pick(SHELL_WORDS);
    default:
      return r.pick(SHELL_WORDS.slice(0, 12)) + (r.chance(0.3) ? r.int(0, 9999) : '');
  }
}

function jsonString(r: Random): string {
  return JSON.stringify(r.chance(0.8) ? word(r, 1) : path(r));
}

/** Exec form: usually a valid JSON array of strings, often broken in one of many ways. */
export function execForm(r: Random): string {
  const items = Array.from({ length: r.size(4, 40) }, () => jsonString(r));
  const valid = `[${items.join(r.pick([', ', ',', ' , ']))}]`;
  if (r.chance(0.4)) return valid;
  switch (r.int(0, 19)) {
    case 0:
      return valid.slice(0, -1);
    case 1:
      return `[${items.join(', ')},]`;
    case 2:
      return `[${items.map((s) => `'${JSON.parse(s) as string}'`).join(', ')}]`;
    case 3:
      return `["${windowsPath(r)}", "${word(r, 0)}"]`;
    case 4:
      return `["\\u${r.pick(['12', 'zzzz', 'D800', 'dfff', '0000', ''])}"]`;
    case 5:
      return `["\\${r.pick(['x', 'a', '0', '/', 'U', ' '])}"]`;
    case 6:
      return `[${r.pick(['1', 'null', 'true', '{}', '{"a":1}', '["nested"]', '-0', '1e999'])}, "x"]`;
    case 7:
      return r.pick(['[]', '[ ]', '[', ']', '[[]]', '[""]', '["', '["]', '[,]', '[\t"a"\t]']);
    case 8:
      return `${valid} trailing`;
    case 9:
      return `${valid}${valid}`;
    case 10:
      return `x ${valid}`;
    case 11:
      return `["a${r.pick(CONTROL)}b"]`;
    case 12:
      return `[${items.length > 0 ? items[0] : '"a"'}\n${items.join(',')}]`;
    case 13: {
      const depth = r.size(10, 5000);
      return '['.repeat(depth) + '"x"' + (r.chance(0.5) ? ']'.repeat(depth) : '');
    }
    case 14:
      return `[${Array.from({ length: r.size(100, 3000) }, (_, i) => `"a${i}"`).join(',')}]`;
    case 15:
      return `["${r.pick(LONE_SURROGATES)}", "${r.pick(ODD_UNICODE)}"]`;
    case 16:
      return `[ "a" "b" ]`;
    case 17:
      return `["a",\u00A0"b"]`;
    case 18:
      return `["${'\\'.repeat(r.int(1, 9))}"]`;
    default:
      return valid.replace(/"/g, r.pick(['\u201C', '\\"', "'"]));
  }
}

/** The kind of token that has broken parsers: long, deep, odd or invisible. */
export function hostile(r: Random): string {
  // Huge tokens are few: one input in a hundred or so carries one, enough to find what size breaks.
  const big = () => r.size(2000, 200_000, 0.03);
  switch (r.int(0, 16)) {
    case 16:
      // A run of blanks before a word: what makes /\s+$/ and friends retry the run from each character.
      return r.pick([' ', '\t', '\u2029', '\u00a0', '\u3000', '\u0085']).repeat(big()) + r.pick(['x', '\\', '`', '#', '"']);
    case 0:
      return 'A'.repeat(big());
    case 1:
      return 'a/'.repeat(big() >> 1);
    case 2: {
      const d = r.size(50, 3000);
      return '${a:-'.repeat(d) + 'x' + (r.chance(0.5) ? '}'.repeat(d) : '');
    }
    case 3:
      return r.pick(['$', '${', '\\', '`', '"', "'", '[', '{', '#', '=', '-', '<<', ' \\\n']).repeat(big());
    case 4:
      return r.pick(ODD_UNICODE).repeat(r.size(10, 20_000));
    case 5:
      return r.pick(CONTROL) + r.pick(ODD_UNICODE) + r.pick(CONTROL);
    case 6:
      return r.pick(LONE_SURROGATES);
    case 7:
      return '\u0000'.repeat(r.int(1, 1000));
    case 8:
      return `\${${'x'.repeat(big())}}`;
    case 9:
      return Array.from({ length: r.size(50, 5000) }, (_, i) => `$v${i}`).join('');
    case 10:
      return `${'*'.repeat(r.size(30, 5000))}a`;
    case 11:
      return `\${x//${'*'.repeat(r.size(10, 2000))}/y}`;
    case 12:
      return `\${x##${'*?'.repeat(r.size(10, 2000))}}`;
    case 13:
      return '\uFEFF' + r.pick(ODD_UNICODE) + '\u202E' + word(r, 0);
    case 14:
      return String(r.pick([Number.MAX_SAFE_INTEGER, -1, 1e21, 0.5, 99999999999])) + r.pick(['', '/tcp', '/udp', '/sctp', '-', '-1']);
    default:
      return `${r.pick(CONTROL)}${r.pick(LONE_SURROGATES)}${r.pick(ODD_UNICODE)}`;
  }
}

export const ODD_CHARACTERS: readonly string[] = [...ODD_UNICODE, ...CONTROL, ...LONE_SURROGATES];
