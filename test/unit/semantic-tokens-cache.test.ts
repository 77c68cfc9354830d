// Semantic tokens kept per instruction from one version to the next (SemanticTokensCache in
// server/src/features/semanticTokens.ts) must be exactly the tokens worked out from scratch for the
// new text: chains of random edits (each model a re-parse of the one before, as the server makes
// them), edits that change an instruction's tokens without touching it (a stage renamed, an image
// turned Windows, an ARG or ENV declared above a use, the escape directive), and the deltas the
// server sends, rebuilt. The content itself is checked here in process and over stdio in
// lsp-tokens-links.test.ts.
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { reparseDockerfile } from '../../server/src/dockerfile/incremental';
import type { DockerfileModel } from '../../server/src/dockerfile/model';
import { LEGEND, SemanticTokensCache, semanticTokens } from '../../server/src/features/semanticTokens';
import { SemanticTokensResults } from '../../server/src/features/semanticTokensDelta';
import { MAX_PARTS, jsonText, type JsonParts } from '../../server/src/features/semanticTokensOutput';
import { lint } from '../../server/src/lint';
import { Random } from '../fuzz/random';
import { generateDockerfile } from '../fuzz/dockerfile-gen';
import { editorEdit } from '../fuzz/editor-edit';

/** `line:character text type[+modifier...]` for each token, decoded from the relative data. */
function show(data: number[], text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    const mods = LEGEND.tokenModifiers.filter((_, k) => (data[i + 4] & (1 << k)) !== 0);
    out.push(`${line}:${character} ${lines[line].slice(character, character + data[i + 2])} ${[LEGEND.tokenTypes[data[i + 3]], ...mods].join('+')}`);
  }
  return out;
}

/** What the edits type. */
const PIECES = [
  'x',
  ' ',
  '$',
  '\\',
  '`',
  '\n',
  '\r\n',
  '#',
  '# escape=`\n',
  '# escape=\\\n',
  '# syntax=x\n',
  '\\\n',
  '`\n',
  'FROM alpine AS a\n',
  'FROM a AS b\n',
  'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS w\n',
  'ARG A=1\n',
  'ENV A=2\n',
  'RUN echo $A \\\n',
  'COPY --from=a . .\n',
  'COPY --from=0 . .\n',
  'RUN --mount=from=a,target=/x y\n',
  'COPY app c:\\inetpub\\wwwroot\\\n',
  'SHELL ["powershell"]\n',
  'ONBUILD RUN $A\n',
  '"',
  '[',
  ']',
  '${A:-b}',
  ' AS a',
];

/** An edit an editor could send: typing, deleting, a line added or removed, a paste, a mutation. */
function edit(r: Random, text: string, other: string): string {
  return editorEdit(r, text, other, PIECES);
}

/** Applies a delta's edits to the data it was made against. */
function rebuild(previous: number[], edits: Array<{ start: number; deleteCount: number; data?: number[] }>): number[] {
  const result = previous.slice();
  for (const e of [...edits].sort((a, b) => b.start - a.start)) result.splice(e.start, e.deleteCount, ...(e.data ?? []));
  return result;
}

describe('semantic tokens kept per instruction: identical to tokens from scratch', function () {
  this.timeout(300000);

  it('chains of random edits on generated Dockerfiles, each model a re-parse of the one before', () => {
    let steps = 0;
    let nonEmpty = 0;
    const ways = { spliced: 0, walked: 0, told: 0 };
    for (let seed = 1; seed <= 80; seed++) {
      const r = new Random(seed * 6151);
      let text = generateDockerfile(r);
      const other = generateDockerfile(new Random(seed * 92821));
      let model: DockerfileModel = parseDockerfile(text);
      // Half the chains keep the JSON text too: it must be the numbers' own, version after version.
      const cache = new SemanticTokensCache(seed % 2 === 0);
      cache.encode(model);
      for (let step = 0; step < 15; step++) {
        // Sometimes the model was linted first (values the rules keep on it).
        if (r.chance(0.3)) lint(model);
        text = edit(r, text, other);
        model = reparseDockerfile(model, text);
        // Now and then nobody asks for a version's tokens: the next splice compares the lists itself.
        if (r.chance(0.15)) {
          steps++;
          continue;
        }
        const encoded = cache.encode(model);
        const kept = Array.from(encoded.data);
        assert.deepEqual(kept, semanticTokens(parseDockerfile(text)), `seed ${seed}, edit ${step}`);
        if (seed % 2 === 0) assert.equal(jsonText(encoded.json as JsonParts), JSON.stringify(kept), `JSON, seed ${seed}, edit ${step}`);
        if (kept.length > 0) nonEmpty++;
        steps++;
      }
      ways.spliced += cache.counts.spliced;
      ways.walked += cache.counts.walked;
      ways.told += cache.counts.told;
    }
    assert.equal(steps, 80 * 15);
    assert.ok(nonEmpty > steps / 2, `${nonEmpty} of ${steps} versions had tokens`);
    // Both ways to a new version are compared with the tokens from scratch, each many times.
    assert.ok(ways.spliced >= 300 && ways.walked >= 300, `spliced ${ways.spliced}, walked ${ways.walked}`);
    // And a splice both ways: told where the edit was by the re-parse, and after a skipped version, not.
    assert.ok(ways.told >= 200 && ways.spliced - ways.told >= 30, `spliced ${ways.spliced}, of them told by the re-parse ${ways.told}`);
  });

  it('a large file: characters typed and deleted, lines added and removed, in the middle and at the top', () => {
    const r = new Random(7);
    let text = Array.from({ length: 40 }, () => generateDockerfile(r)).join('\n');
    let model = parseDockerfile(text);
    const cache = new SemanticTokensCache();
    cache.tokens(model);
    for (let step = 0; step < 60; step++) {
      const at = step % 10 === 9 ? r.int(0, 200) : r.int(0, text.length);
      const piece = ['x', '\n', '', '$A', ' \\\n'][step % 5];
      text = piece === '' ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + piece + text.slice(at);
      model = reparseDockerfile(model, text);
      assert.deepEqual(cache.tokens(model), semanticTokens(parseDockerfile(text)), `edit ${step}`);
    }
  });

  it('follows edits that change the tokens of instructions they do not touch', () => {
    const start = [
      'ARG TAG=3', // 0
      'FROM alpine:$TAG AS build', // 1
      'RUN echo $V \\', // 2
      '    && make', // 3
      'COPY app c:\\inetpub\\wwwroot\\', // 4
      'EXPOSE 80', // 5
      'FROM build AS test', // 6
      'COPY --from=build /a /b', // 7
      'RUN --mount=type=cache,from=build,target=/x true', // 8
      'COPY --from=2 /a /b', // 9
      'CMD echo $V', // 10
      'ENV W=$V', // 11
      '',
    ].join('\n');
    // Each step: a replacement, and a token whose presence (or absence) shows the context was followed.
    const steps: Array<[string, string, string, boolean]> = [
      // A use becomes an ARG's, then an ENV's, when a declaration appears above it.
      ['FROM alpine:$TAG AS build\n', 'FROM alpine:$TAG AS build\nARG V\n', '3:9 $V parameter', true],
      // An ENV carries over into the stage built on this one: the CMD there, untouched, now uses it.
      ['ARG V\n', 'ENV V=1\n', '11:9 $V variable', true],
      // The stage renamed: `--from=build` and `FROM build` no longer name it.
      ['AS build\n', 'AS built\n', '8:12 build class', false],
      ['AS built\n', 'AS build\n', '8:12 build class', true],
      // The base image turns Windows: the path's trailing backslash becomes suspicious, and the
      // shell-form uses are the shell's own.
      ['FROM alpine:$TAG', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022', '5:27 \\ operator+deprecated', true],
      ['FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'FROM alpine:$TAG', '5:27 \\ operator', true],
      // A third stage: `--from=2` below it now names one, and the CMD is in a stage without V.
      ['FROM build AS test\n', 'FROM build AS test\nFROM scratch AS third\n', '11:12 2 class', true],
      // The global ARG removed: `$TAG` in FROM is now undeclared.
      ['ARG TAG=3\n', '', '0:12 $TAG variable', true],
      // The escape directive: every instruction is read again.
      ['FROM alpine', '# escape=`\nFROM alpine', '0:2 escape macro', true],
    ];
    let text = start;
    let model = parseDockerfile(text);
    const cache = new SemanticTokensCache();
    const first = show(cache.tokens(model), text);
    assert.ok(first.includes('3:9 $V') === false && first.includes('9:12 2 class') === false, first.join('\n'));
    for (const [from, to, token, present] of steps) {
      assert.ok(text.includes(from), `step ${JSON.stringify(from)} applies`);
      text = text.replace(from, to);
      model = reparseDockerfile(model, text);
      const kept = cache.tokens(model);
      assert.deepEqual(kept, semanticTokens(parseDockerfile(text)), `after ${JSON.stringify(to)}`);
      assert.equal(show(kept, text).includes(token), present, `${token} ${present ? 'present' : 'absent'} after ${JSON.stringify(to)}:\n${show(kept, text).join('\n')}`);
    }
  });

  it('the same instruction text on other lines, moved, or written with other indentation keeps nothing wrong', () => {
    // Instructions of equal text whose tokens differ by context, so a copy from the wrong one shows.
    const text = ['FROM alpine AS a', 'ARG X', 'RUN echo $X', 'FROM alpine AS b', 'RUN echo $X', 'ENV X=1', 'RUN echo $X', ''].join('\n');
    const cache = new SemanticTokensCache();
    let model = parseDockerfile(text);
    cache.tokens(model);
    const variants = [
      text.replace('ARG X\n', ''),
      text.replace('FROM alpine AS b\n', ''),
      text.replace('RUN echo $X\nFROM', '  RUN echo $X\nFROM'),
      text.replace('ENV X=1\n', 'ENV X=1\n\n\n'),
      text.replace('ENV X=1\n', 'ARG X\n'),
      text,
    ];
    for (const next of variants) {
      model = reparseDockerfile(model, next);
      assert.deepEqual(cache.tokens(model), semanticTokens(parseDockerfile(next)), JSON.stringify(next));
    }
    assert.deepEqual(show(semanticTokens(parseDockerfile(text)), text), [
      '0:15 a class+declaration',
      '1:4 X parameter+declaration',
      '2:9 $X parameter',
      '3:15 b class+declaration',
      '5:4 X variable+declaration',
      '6:9 $X variable',
    ]);
  });

  it('a FROM made again by the splice sees the scope above the first FROM as the walk does (ENV there too)', () => {
    // Docker ignores an ENV above the first FROM, but the walk puts it in the global scope, where it
    // wins over the ARG of the same name; a renamed stage's FROM must read it the same way.
    const text = ['ARG E=1', 'ENV E=2', 'FROM alpine:$E AS a', 'RUN true', ''].join('\n');
    const cache = new SemanticTokensCache();
    let model = parseDockerfile(text);
    cache.tokens(model);
    const next = text.replace('AS a', 'AS renamed');
    model = reparseDockerfile(model, next);
    assert.deepEqual(cache.tokens(model), semanticTokens(parseDockerfile(next)));
    assert.equal(cache.counts.spliced, 1, 'the rename took the splice');
  });

  it('deltas over a chain of edits rebuild the fresh data, and a small edit sends a small delta', () => {
    const r = new Random(99);
    let text = Array.from({ length: 12 }, () => generateDockerfile(r)).join('\n');
    const results = new SemanticTokensResults();
    const uri = 'file:///Dockerfile';
    let version = 1;
    let model = parseDockerfile(text);
    let sent = results.full(uri, version, () => model);
    let small = 0;
    for (let step = 0; step < 40; step++) {
      text = step % 4 === 3 ? edit(r, text, text) : text.slice(0, text.length >> 1) + 'x' + text.slice(text.length >> 1);
      model = reparseDockerfile(model, text);
      version++;
      const answer = results.delta(uri, sent.resultId as string, version, () => model);
      assert.ok('edits' in answer, 'a delta against the result just sent');
      const fresh = semanticTokens(parseDockerfile(text));
      const rebuilt = rebuild(sent.data, answer.edits);
      assert.deepEqual(rebuilt, fresh, `edit ${step}`);
      if (step % 4 !== 3 && answer.edits.every((e) => (e.data?.length ?? 0) <= 50)) small++;
      sent = { resultId: answer.resultId, data: rebuilt };
    }
    assert.ok(small >= 25, `${small} of 30 one-character edits sent a delta of at most 10 tokens`);
  });

  it('writes a version into the arrays of one its user let go of, and stays exact (with its JSON)', () => {
    const r = new Random(2024);
    let text = Array.from({ length: 10 }, () => generateDockerfile(r)).join('\n');
    for (const json of [false, true]) {
      const cache = new SemanticTokensCache(json);
      let model = parseDockerfile(text);
      let previous = cache.encode(model);
      const buffers = new Set<ArrayBufferLike>([previous.data.buffer]);
      for (let step = 0; step < 60; step++) {
        text = step % 5 === 4 ? edit(r, text, text) : text.slice(0, text.length >> 1) + (step % 2 ? 'x' : '\n') + text.slice(text.length >> 1);
        model = reparseDockerfile(model, text);
        const out = cache.encode(model);
        const fresh = semanticTokens(parseDockerfile(text));
        assert.deepEqual(Array.from(out.data), fresh, `edit ${step}`);
        if (json) assert.deepEqual(JSON.parse(jsonText(out.json as JsonParts)), fresh, `edit ${step}: the JSON text`);
        assert.notEqual(out.data.buffer, previous.data.buffer, 'never written over the output it copies from');
        buffers.add(out.data.buffer);
        cache.release(previous);
        previous = out;
      }
      assert.ok(cache.counts.reused >= 40, `${cache.counts.reused} of 60 versions written into a spare output`);
      assert.ok(buffers.size <= 20, `${buffers.size} arrays made for 61 versions`);
    }
  });

  it('keeps the JSON text in parts through hundreds of keystrokes, each part where it says, joined when they grow many', () => {
    const r = new Random(77);
    // Without comment lines: a directive-shaped one Docker ignores sends every version the long way.
    let text = Array.from({ length: 40 }, () => generateDockerfile(r))
      .join('\n')
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n');
    const cache = new SemanticTokensCache(true);
    let model = parseDockerfile(text);
    let previous = cache.encode(model);
    let most = 0;
    let joined = 0;
    for (let step = 0; step < 400; step++) {
      // Typing and taking back on lines spread over the file, as the splice handles them.
      const lines = text.split('\n');
      const at = r.int(0, lines.length - 1);
      lines[at] = step % 3 === 2 && lines[at].length > 0 ? lines[at].slice(0, -1) : `${lines[at]}${r.pick(['x', '1', ' ', '"', '$A'])}`;
      text = lines.join('\n');
      model = reparseDockerfile(model, text);
      const out = cache.encode(model);
      const json = out.json as JsonParts;
      assert.equal(jsonText(json), JSON.stringify(semanticTokens(parseDockerfile(text))), `edit ${step}: the JSON text`);
      assert.equal(json.length, jsonText(json).length, `edit ${step}: its length`);
      json.parts.forEach((part, k) => assert.equal(jsonText(json).slice(json.starts[k], json.starts[k] + part.length), part, `edit ${step}: part ${k} where it says`));
      assert.ok(json.parts.length <= MAX_PARTS, `edit ${step}: ${json.parts.length} parts`);
      if (json.parts.length < (previous.json as JsonParts).parts.length) joined++;
      most = Math.max(most, json.parts.length);
      cache.release(previous);
      previous = out;
    }
    assert.ok(cache.counts.spliced >= 300, `${cache.counts.spliced} of 400 versions spliced`);
    assert.ok(most > 8 && joined >= 1, `parts grew to ${most} and were joined ${joined} times`);
  });

  it('a result read after a newer version was sent fails rather than give the newer numbers', () => {
    const results = new SemanticTokensResults(true);
    const uri = 'file:///kept/Dockerfile';
    const first = 'FROM alpine AS a\nRUN echo $HOME\n';
    const second = 'FROM alpine AS a\nARG HOME=1\nRUN echo $HOME\n';
    let model = parseDockerfile(first);
    const one = results.full(uri, 1, () => model);
    model = reparseDockerfile(model, second);
    const two = results.full(uri, 2, () => model);
    assert.deepEqual(two.data, semanticTokens(parseDockerfile(second)));
    assert.throws(() => one.data, /after a newer version was sent/);
    // Read before the next version went out, a result keeps its numbers.
    const again = results.full(uri, 2, () => model);
    const numbers = again.data;
    model = reparseDockerfile(model, first);
    results.full(uri, 3, () => model);
    assert.deepEqual(numbers, semanticTokens(parseDockerfile(second)));
  });
});
