// ${VAR#pattern}, ${VAR%pattern}, ${VAR/pattern/replacement} as BuildKit's shell lexer reads them
// (frontend/dockerfile/shell/lex.go: the pattern becomes a Go regexp, `*` lazy for # and %, greedy
// for ## %% and /), and a hostile pattern that a backtracking matcher cannot finish.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { processWord, withExpansionBudget } from '../../server/src/dockerfile/lexer';
import { runWithDeadline } from '../support/deadline';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const LEXER = path.resolve(__dirname, '..', '..', 'server', 'src', 'dockerfile', 'lexer.js');

type Env = Record<string, string>;

function expand(word: string, env: Env, escape = '\\'): { result: string; error?: string } {
  const r = processWord(word, escape, (n) => (Object.prototype.hasOwnProperty.call(env, n) ? env[n] : undefined));
  return r.error === undefined ? { result: r.result } : { result: r.result, error: r.error };
}

interface Case {
  word: string;
  env: Env;
  /** The expansion, or `null` where BuildKit fails to process the word. */
  expected: string | null;
  escape?: string;
}

const CASES: Array<[string, Case]> = [
  // Shortest and longest prefix and suffix.
  ['# shortest prefix', { word: '${F#*.}', env: { F: 'a.b.c' }, expected: 'b.c' }],
  ['## longest prefix', { word: '${F##*.}', env: { F: 'a.b.c' }, expected: 'c' }],
  ['% shortest suffix', { word: '${F%.*}', env: { F: 'a.b.c' }, expected: 'a.b' }],
  ['%% longest suffix', { word: '${F%%.*}', env: { F: 'a.b.c' }, expected: 'a' }],
  ['# lazy stars take the earliest end', { word: '${F#*x*y}', env: { F: 'xxyy' }, expected: 'y' }],
  ['# a lone star matches nothing', { word: '${F#*}', env: { F: 'xxyy' }, expected: 'xxyy' }],
  ['## a lone star takes everything', { word: '${F##*}', env: { F: 'xxyy' }, expected: '' }],
  ['# no match leaves the value', { word: '${F#y}', env: { F: 'xxyy' }, expected: 'xxyy' }],
  ['% a literal that is only a suffix', { word: '${F%x}', env: { F: 'xxyy' }, expected: 'xxyy' }],
  ['# empty pattern', { word: '${F#}', env: { F: 'xxyy' }, expected: 'xxyy' }],
  ['%% empty pattern', { word: '${F%%}', env: { F: 'xxyy' }, expected: 'xxyy' }],
  ['# on an unset variable', { word: '<${NOPE#a}>', env: {}, expected: '<>' }],
  ['# a pattern from a variable', { word: '${F#$P}', env: { F: 'xxyy', P: 'x' }, expected: 'xyy' }],
  // `?` is one character: a code point, never a newline (Go's `.`).
  ['# ? takes one code point', { word: '${F#?}', env: { F: '\u{1F596}\u{1F680}\u{1F47D}' }, expected: '\u{1F680}\u{1F47D}' }],
  ['% ? takes one code point', { word: '${F%?}', env: { F: '\u{1F596}\u{1F680}\u{1F47D}' }, expected: '\u{1F596}\u{1F680}' }],
  ['# ? does not take a newline', { word: '${F#?}', env: { F: '\nb' }, expected: '\nb' }],
  ['## * stops at a newline', { word: '${F##*}', env: { F: 'a\nb' }, expected: '\nb' }],
  ['%% * stops at a newline', { word: '${F%%*}', env: { F: 'a\nb' }, expected: 'a\n' }],
  // Escapes: the escape character stays in the pattern, where it makes `*`, `?` and itself literal.
  ['# \\* is a literal star', { word: '${F#\\*}', env: { F: '*x' }, expected: 'x' }],
  ['# ?\\? mixes both', { word: '${F#?\\?}', env: { F: '???y' }, expected: '?y' }],
  ['%% \\** reversed with its escape', { word: '${F%%\\**}', env: { F: 'xx**' }, expected: 'xx' }],
  ['%% \\**\\*', { word: '${F%%\\**\\*}', env: { F: 'a***yy*' }, expected: 'a' }],
  ['# regexp characters are literal', { word: '${F#()[]{\\}^$.\\*\\?|\\\\}', env: { F: '()[]{}^$.*?|\\x' }, expected: 'x' }],
  ['# brackets are not a class', { word: '${F#[ab]}', env: { F: 'ab' }, expected: 'ab' }],
  ['# brackets match themselves', { word: '${F#[ab]}', env: { F: '[ab]c' }, expected: 'c' }],
  ['# an escape before another character is refused', { word: '${F#\\a}', env: { F: 'ab' }, expected: null }],
  ['# a pattern ending in the escape is refused', { word: '${F#$P}', env: { F: 'ab', P: 'a\\' }, expected: null }],
  ['# three escapes are refused', { word: '${F#$P}', env: { F: 'ab', P: '\\\\\\' }, expected: null }],
  ['# inside double quotes the escape is doubled', { word: '${F#"\\a"}', env: { F: '\\ab' }, expected: 'b' }],
  ['# the escape character ` is an ordinary pattern character', { word: '${F#`*}', env: { F: '`*x' }, expected: '*x', escape: '`' }],
  // `##` and `%%` are read from the processed word, as BuildKit does.
  ['# a variable holding # makes it ##', { word: '${F#$H}', env: { F: 'ab', H: '#a' }, expected: 'b' }],
  ['# a quoted # makes it ##', { word: "${F#'#'*b}", env: { F: 'abab' }, expected: '' }],
  // Replacement: greedy stars, leftmost match; `//` all of them.
  ['/ first match, greedy', { word: '${F/a*/x}', env: { F: 'banana' }, expected: 'bx' }],
  ['/ first match only', { word: '${F/an/x}', env: { F: 'banana' }, expected: 'bxana' }],
  ['// every match', { word: '${F//a?/x}', env: { F: 'banana' }, expected: 'bxxa' }],
  ['// escaped slashes', { word: '${F//\\//\\/}', env: { F: '/tmp/foo.txt' }, expected: '\\/tmp\\/foo.txt' }],
  ['/ and // with a needle from a variable', { word: '${F/$N/.} - ${F//$N/.}', env: { F: '/foo*/*/*.txt', N: '\\*/' }, expected: '/foo.*/*.txt - /foo..*.txt' }],
  ['/ and // with ? and a replacement variable', { word: '${F/$N/$R} - ${F//$N/$R}', env: { F: '/a/foo/b/c.txt', N: '/?/', R: '/' }, expected: '/foo/b/c.txt - /foo/c.txt' }],
  ['/ empty pattern inserts at the start', { word: '${F/$B/ww}', env: { F: 'xxyy', B: '' }, expected: 'wwxxyy' }],
  ['// empty pattern and replacement', { word: '${F///}', env: { F: 'xxyy' }, expected: 'xxyy' }],
  ['// empty pattern between every character', { word: '${F///-}', env: { F: 'abc' }, expected: '-a-b-c-' }],
  ['// a star that can be empty, after a match', { word: '${F//b*/-}', env: { F: 'abc' }, expected: 'a-' }],
  ['// ? does not take a newline', { word: '${F//?/x}', env: { F: 'a\nb' }, expected: 'x\nx' }],
  ['/ missing the second slash', { word: '${F//ww}', env: { F: 'xxyy' }, expected: null }],
  ['/ missing everything', { word: '${F//}', env: { F: 'xxyy' }, expected: null }],
  // `//` expands $0 (the match), ${0}, $$ in the replacement as Go's ReplaceAllString does; `/` does not.
  ['// $0 is the match', { word: "${F//a/'<$0>'}", env: { F: 'banana' }, expected: 'b<a>n<a>n<a>' }],
  ['// ${0}x', { word: "${F//a/'${0}x'}", env: { F: 'banana' }, expected: 'baxnaxnax' }],
  ['// $$ is a dollar', { word: "${F//a/'$$'}", env: { F: 'banana' }, expected: 'b$n$n$' }],
  ['// $1 and $00 are empty', { word: "${F//a/'$1$00'}", env: { F: 'banana' }, expected: 'bnn' }],
  ['// $- stays', { word: "${F//a/'$-'}", env: { F: 'banana' }, expected: 'b$-n$-n$-' }],
  ['/ $0 stays literal', { word: "${F/a/'$0'}", env: { F: 'banana' }, expected: 'b$0nana' }],
  ['// the escape stays in the replacement', { word: '${F//a/\\$0}', env: { F: 'ba' }, expected: 'b\\a' }],
  // Modifiers BuildKit refuses.
  ['${F:#a} is refused', { word: '${F:#a}', env: { F: 'ab' }, expected: null }],
  ['${F:%%} is refused', { word: '${F:%%}', env: {}, expected: null }],
];

describe('lexer: # % / patterns as BuildKit reads them', () => {
  for (const [name, c] of CASES) {
    it(`${name}: ${JSON.stringify(c.word)}`, () => {
      const r = expand(c.word, c.env, c.escape);
      if (c.expected === null) assert.notEqual(r.error, undefined, `expected an error, got ${JSON.stringify(r.result)}`);
      else assert.deepEqual(r, { result: c.expected });
    });
  }

  it('reports the pattern and the escape when the pattern is refused', () => {
    assert.equal(expand('${F#\\a}', { F: 'x' }).error, "invalid pattern (\\a) in substitution: invalid escape '\\a'");
  });

  it('still records which variables a refused pattern used', () => {
    const r = processWord('${F#$P\\q}', '\\', (n) => (n === 'F' ? 'x' : undefined));
    assert.notEqual(r.error, undefined);
    assert.deepEqual([...r.matched].sort(), ['F']);
    assert.deepEqual([...r.unmatched].sort(), ['P']);
  });
});

const A40 = 'a'.repeat(40);
const STARS = '*a'.repeat(11);

/** Expansions that a backtracking matcher needs years for, each with its answer. */
const HOSTILE: Array<{ word: string; env: Env; expected: string }> = [
  { word: `\${X#${STARS}*b}`, env: { X: A40 }, expected: A40 },
  { word: `\${X##${STARS}*b}`, env: { X: A40 }, expected: A40 },
  { word: `\${X%b${STARS}*}`, env: { X: A40 }, expected: A40 },
  { word: `\${X%%b${STARS}*}`, env: { X: A40 }, expected: A40 },
  { word: `\${X/${STARS}*b/z}`, env: { X: A40 }, expected: A40 },
  { word: `\${X//${STARS}*b/z}`, env: { X: A40 }, expected: A40 },
  // Long texts and long patterns: time grows with their product, not exponentially.
  { word: `\${X#${'*a'.repeat(300)}*b}`, env: { X: 'a'.repeat(3000) }, expected: 'a'.repeat(3000) },
  { word: `\${X##${'?*'.repeat(300)}}`, env: { X: 'a'.repeat(3000) }, expected: '' },
  { word: `\${X//${'*a'.repeat(300)}/z}`, env: { X: 'a'.repeat(3000) }, expected: 'z' },
  { word: `\${X//a/z}`, env: { X: 'ab'.repeat(20000) }, expected: 'zb'.repeat(20000) },
];

/** The lexer in a worker that is stopped at the deadline, so that a hang fails instead of holding the run. */
function expandInWorker(cases: typeof HOSTILE, deadlineMs: number): Promise<Array<{ result: string; error?: string }>> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { processWord } = require(workerData.lexer);
    parentPort.postMessage(workerData.cases.map((c) => {
      const r = processWord(c.word, '\\\\', (n) => c.env[n]);
      return r.error === undefined ? { result: r.result } : { result: r.result, error: r.error };
    }));`;
  return runWithDeadline(source, { lexer: LEXER, cases }, deadlineMs, 'the expansions (catastrophic backtracking?)');
}

describe('lexer: hostile patterns finish', function () {
  this.timeout(30_000);

  it('expands patterns built to make a backtracking matcher explode', async () => {
    const results = await expandInWorker(HOSTILE, 15_000);
    assert.equal(results.length, HOSTILE.length);
    HOSTILE.forEach((c, i) => assert.deepEqual(results[i], { result: c.expected }, c.word.slice(0, 60)));
  });

  it('lint on the hostile Dockerfile finishes and reports it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-lexer-'));
    try {
      const file = path.join(dir, 'Dockerfile');
      fs.writeFileSync(file, `ARG X=${A40}\nFROM alpine:\${X#${STARS}*b}\n`);
      const r = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        execFile(process.execPath, [CLI, 'lint', '--format', 'json', file], { timeout: 20_000, killSignal: 'SIGKILL' }, (error, stdout) => {
          resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout });
        });
      });
      assert.notEqual(r.code, null, 'lint was killed after 20 s');
      assert.ok(r.code === 0 || r.code === 1, `exit code ${r.code}`);
      assert.ok(Array.isArray(JSON.parse(r.stdout)), r.stdout.slice(0, 200));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('lexer: expansions that multiply their length', function () {
  this.timeout(30_000);

  it('a chain of ${A//?/$A} ARGs (the length squares at each line) stays small and quick', async () => {
    const names = 'ABCDEFGHI';
    let text = 'ARG A=aaaaaaaaaa\n';
    for (let i = 1; i < names.length; i++) text += `ARG ${names[i]}=\${${names[i - 1]}//?/$${names[i - 1]}}\n`;
    text += 'FROM alpine:$I\nRUN echo $I\n';
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { lint } = require(workerData.lint);
      parentPort.postMessage(lint(workerData.text).map((f) => f.rule));`;
    const lint = path.resolve(__dirname, '..', '..', 'server', 'src', 'lint.js');
    const rules = await runWithDeadline<string[]>(source, { lint, text }, 15_000, 'lint of the ARG chain', { maxOldGenerationSizeMb: 256 });
    assert.ok(Array.isArray(rules));
  });

  it('refuses an expansion that adds more than 128 KiB to the word', () => {
    const r = expand('${X//?/$X}', { X: 'a'.repeat(1000) });
    assert.match(r.error ?? '', /longer than/);
    assert.equal(expand('<$X$X>', { X: 'a'.repeat(70 * 1024) }).error !== undefined, true);
  });

  it('keeps expansions below the limit', () => {
    assert.equal(expand('${X//?/$X}', { X: 'a'.repeat(300) }).result.length, 90_000);
    assert.equal(expand('$X', { X: 'a'.repeat(128 * 1024) }).result.length, 128 * 1024);
  });
});

describe('lexer: many patterns against a long value', function () {
  this.timeout(60_000);

  it('a file of thousands of ${X%%b*} on a 100 KB value is linted in bounded time', async () => {
    let text = `ARG X=${'a'.repeat(100_000)}\n`;
    for (let i = 0; i < 3000; i++) text += `ARG Y${i}=\${X%%b*}\n`;
    text += 'FROM alpine\nRUN echo $Y1\n';
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { lint } = require(workerData.lint);
      parentPort.postMessage(lint(workerData.text).map((f) => f.rule));`;
    const lint = path.resolve(__dirname, '..', '..', 'server', 'src', 'lint.js');
    const rules = await runWithDeadline<string[]>(source, { lint, text }, 20_000, 'lint of 3000 patterns on a long value');
    assert.ok(Array.isArray(rules));
  });

  it('one expansion that would step too many threads fails instead', () => {
    const r = expand(`\${X#${'*a'.repeat(100)}*b}`, { X: 'a'.repeat(128 * 1024) });
    assert.match(r.error ?? '', /too much expansion work for this file \(patterns applied to long values\)/);
  });

  it('the same pattern on a short value still works', () => {
    assert.deepEqual(expand(`\${X#${'*a'.repeat(100)}*b}`, { X: `${'a'.repeat(200)}b!` }), { result: '!' });
  });
});

describe('lexer: a long value copied into many others', function () {
  this.timeout(60_000);

  it('thousands of ARG Y=${X}... on a 100 KB X stay within a small heap', async () => {
    // Each value is X plus a little, so the file's expansions add up to its length times X's.
    let text = `ARG X=${'a'.repeat(100_000)}\n`;
    for (let i = 0; i < 4000; i++) text += `ARG Y${i}=\${X}y\n`;
    text += 'FROM alpine\nRUN echo $Y1\n';
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { lint } = require(workerData.lint);
      parentPort.postMessage(lint(workerData.text).map((f) => f.rule));`;
    const lint = path.resolve(__dirname, '..', '..', 'server', 'src', 'lint.js');
    const rules = await runWithDeadline<string[]>(source, { lint, text }, 30_000, 'lint of 4000 copies of a long value', { maxOldGenerationSizeMb: 256 });
    assert.ok(Array.isArray(rules));
  });

  it('within one document budget, copies of a long value fail once it is spent', () => {
    const x = 'a'.repeat(100_000);
    const errors = withExpansionBudget(0, () => {
      const out: Array<string | undefined> = [];
      for (let i = 0; i < 100; i++) out.push(processWord('$X', '\\', () => x).error);
      return out;
    });
    const firstError = errors.findIndex((e) => e !== undefined);
    assert.ok(firstError > 10, `the first copies are made (${firstError})`);
    assert.match(errors[99] ?? '', /long values copied into many words/);
    // Outside the document budget each word has its own.
    assert.equal(processWord('$X', '\\', () => x).error, undefined);
  });
});
