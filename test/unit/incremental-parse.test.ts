// The re-parse after an edit (server/src/dockerfile/incremental.ts) must give exactly the model a
// parse of the whole new text gives: random edits, in chains as an editor sends them, each result
// compared field by field (instructions with their ranges, words and flags, comments, directives,
// stages, ARGs, parse errors) and by what the linter and the semantic tokens make of it.
import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { reparseDockerfile } from '../../server/src/dockerfile/incremental';
import { stageBuilds } from '../../server/src/dockerfile/stages';
import type { DockerfileModel, Instruction, Range } from '../../server/src/dockerfile/model';
import { lint } from '../../server/src/lint';
import { semanticTokens } from '../../server/src/features/semanticTokens';
import { ModelCache } from '../../server/src/features/modelCache';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PieceDocument } from '../../server/src/features/pieceDocument';
import { Random } from '../fuzz/random';
import { generateDockerfile } from '../fuzz/dockerfile-gen';
import { editorEdit } from '../fuzz/editor-edit';

const r4 = (r: Range | undefined) => (r === undefined ? null : [r.start.line, r.start.character, r.end.line, r.end.character]);

function instructionSnapshot(ins: Instruction): unknown {
  return {
    keyword: ins.keyword,
    rawKeyword: ins.rawKeyword,
    known: ins.known,
    keywordRange: r4(ins.keywordRange),
    range: r4(ins.range),
    lines: [ins.startLine, ins.endLine],
    text: ins.text,
    segments: ins.segments.map((s) => [s.offset, s.line, s.character, s.length]),
    flags: ins.flags.map((f) => [f.name, f.value ?? null, r4(f.range), r4(f.nameRange), r4(f.valueRange)]),
    argsText: ins.argsText,
    argsOffset: ins.argsOffset,
    argsRange: r4(ins.argsRange),
    words: ins.words.map((w) => [w.text, w.offset, r4(w.range)]),
    exec: ins.exec ?? null,
    execOffset: ins.execOffset ?? null,
    heredocs: ins.heredocs.map((h) => ({ ...h, range: r4(h.range) })),
    emptyContinuationLines: ins.emptyContinuationLines,
    commentLines: ins.commentLines,
    stageIndex: ins.stageIndex,
    trigger: ins.trigger ? instructionSnapshot(ins.trigger) : null,
    ends: [ins.positionAt(0), ins.positionAt(ins.text.length)],
  };
}

/** Everything a model holds, with instructions named by index so shared objects are checked too. */
function snapshot(model: DockerfileModel): unknown {
  const index = (ins: Instruction) => model.instructions.indexOf(ins);
  const image = (i: DockerfileModel['stages'][number]['image'] | undefined) => (i === undefined ? null : { ...i, range: r4(i.range) });
  return {
    lines: model.lines,
    text: model.text,
    hasBOM: model.hasBOM,
    eol: model.eol,
    breaks: model.breaks ?? null,
    directives: model.directives.map((d) => ({ ...d, range: r4(d.range), nameRange: r4(d.nameRange), valueRange: r4(d.valueRange) })),
    escape: [model.escape.char, model.escape.source, model.escape.directive?.line ?? null],
    comments: model.comments.map((c) => [c.line, c.text, r4(c.range)]),
    instructions: model.instructions.map(instructionSnapshot),
    globalArgs: model.globalArgs.map((a) => [a.name, a.defaultValue ?? null, index(a.instruction), r4(a.range)]),
    stages: model.stages.map((s) => ({
      index: s.index,
      name: s.name ?? null,
      key: s.key ?? null,
      nameRange: r4(s.nameRange),
      asRange: r4(s.asRange),
      from: index(s.from),
      image: image(s.image),
      platform: s.platform ?? null,
      instructions: s.instructions.map(index),
      args: s.args.map((a) => [a.name, a.defaultValue ?? null, index(a.instruction), r4(a.range)]),
      rootImage: image(s.rootImage),
    })),
    parseErrors: model.parseErrors.map((e) => [e.kind, e.message, r4(e.range)]),
  };
}

/** What the edits type. */
const PIECES = ['x', ' ', '\\', '`', '\n', '\r\n', '\r', '#', '# escape=`\n', '<<EOF', 'EOF\n', '\\\n', '`\n', 'FROM alpine AS a\n', 'ARG A=1\n', 'RUN echo $A \\\n', 'ONBUILD RUN <<X\n', 'COPY --from=a . .\n', '\n\n', '"', '[', ']', '${A:-b}'];

/** One edit an editor could send: characters typed or deleted, lines added, removed, pasted. */
function edit(r: Random, text: string, other: string): string {
  return editorEdit(r, text, other, PIECES);
}

/** True when the re-parse kept instruction objects of the previous model (it did not read it all again). */
function sharesInstructions(previous: DockerfileModel, next: DockerfileModel): boolean {
  const old = new Set(previous.instructions);
  return next.instructions.some((ins) => old.has(ins));
}

function assertSame(incremental: DockerfileModel, text: string, seed: number, step: number): void {
  const fresh = parseDockerfile(text);
  const where = `seed ${seed}, edit ${step}`;
  assert.deepEqual(snapshot(incremental), snapshot(fresh), where);
  assert.deepEqual(lint(incremental), lint(fresh), `${where}: findings`);
  assert.deepEqual(semanticTokens(incremental), semanticTokens(fresh), `${where}: semantic tokens`);
}

describe('incremental re-parse: identical to a parse of the whole text', function () {
  this.timeout(300000);

  it('chains of random edits on generated Dockerfiles', () => {
    let steps = 0;
    let reused = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const r = new Random(seed * 7919);
      // Some files end in a continuation or a heredoc left open, which an edit at the end extends.
      let text = generateDockerfile(r) + (seed % 3 === 0 ? r.pick(['RUN a \\\n', 'RUN a \\', 'RUN <<EOF\nbody\n', 'RUN a `\n', 'RUN a \\\n# c\n\n']) : '');
      const other = generateDockerfile(new Random(seed * 104729));
      let model = parseDockerfile(text);
      for (let step = 0; step < 12; step++) {
        // Sometimes the previous model was linted first (cached ranges, words and values on it).
        if (r.chance(0.5)) lint(model);
        text = edit(r, text, other);
        const previous = model;
        model = reparseDockerfile(model, text);
        assertSame(model, text, seed, step);
        if (sharesInstructions(previous, model)) reused++;
        steps++;
      }
    }
    assert.equal(steps, 60 * 12);
    // Most edits are read again in part (the rest touch the top of the file, or a short one's all).
    assert.ok(reused > steps / 2, `${reused} of ${steps} re-parses kept instructions of the previous model`);
  });

  it('chains of random edits with no other model built between them (the stages taken over but one), each as a fresh parse', () => {
    // The chains above parse from scratch after every edit, so the next re-parse finds another
    // model built since its previous one and walks every stage. Here each model is recorded as it
    // was made and compared with a fresh parse after the chain.
    let quick = 0;
    let renamed = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const r = new Random(seed * 6007);
      let text = Array.from({ length: 4 }, () => generateDockerfile(r)).join('\n');
      const other = generateDockerfile(new Random(seed * 7727));
      let model = parseDockerfile(text);
      const made: Array<{ snapshot: string; text: string }> = [];
      const before = stageBuilds.keptAllButOne;
      const renamesBefore = stageBuilds.fromReadAgain;
      for (let step = 0; step < 25; step++) {
        text = edit(r, text, other);
        model = reparseDockerfile(model, text);
        made.push({ snapshot: JSON.stringify(snapshot(model)), text });
      }
      quick += stageBuilds.keptAllButOne - before;
      renamed += stageBuilds.fromReadAgain - renamesBefore;
      for (const [step, m] of made.entries()) assert.equal(m.snapshot, JSON.stringify(snapshot(parseDockerfile(m.text))), `seed ${seed}, edit ${step}`);
    }
    assert.ok(quick > 100, `${quick} of 750 re-parses took the stages over but one`);
    // Of those, the ones that read a FROM again (a stage name typed): 56 with these seeds.
    assert.ok(renamed > 20, `${renamed} of them read a FROM again`);
  });

  it('one character typed and deleted, and a line added, in the middle of a large file', () => {
    const r = new Random(42);
    let text = Array.from({ length: 30 }, () => generateDockerfile(r)).join('\n');
    let model = parseDockerfile(text);
    for (let step = 0; step < 40; step++) {
      const lines = model.lines;
      const line = r.int(0, lines.length - 1);
      const offset = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0);
      const at = offset + r.int(0, lines[line].length);
      if (!text.includes('\r')) {
        text = step % 3 === 2 ? text.slice(0, at) + '\n' + text.slice(at) : step % 3 === 1 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + 'x' + text.slice(at);
      } else text = text.slice(0, at) + 'x' + text.slice(at);
      lint(model);
      const previous = model;
      model = reparseDockerfile(model, text);
      assertSame(model, text, 42, step);
      if (line > 40) assert.ok(sharesInstructions(previous, model), `edit ${step} on line ${line} was read from the top`);
    }
  });

  it('line endings: CR, LF and CRLF joined and split by an edit, a BOM added and removed', () => {
    const cases: Array<[string, string]> = [
      ['FROM a\rRUN b\rRUN c\r', 'FROM a\rRUN b\r\nRUN c\r'],
      ['FROM a\r\nRUN b\r\nRUN c\r\n', 'FROM a\r\nRUN b\rx\nRUN c\r\n'],
      ['FROM a\nRUN b \\\rRUN c\n', 'FROM a\nRUN b \\\r\nRUN c\n'],
      ['FROM a\nRUN b\n', 'FROM a\nRUN b\nRUN c'],
      ['FROM a\nRUN b \\\n', 'FROM a\nRUN b \\\nc\n'],
      ['FROM a\nRUN <<EOF\nx\n', 'FROM a\nRUN <<EOF\nx\nEOF\nRUN d\n'],
      ['FROM a\nRUN b\n', '\uFEFFFROM a\nRUN b\n'],
      ['# escape=`\nFROM a\nRUN b `\nc\n', '# escape=`\nFROM a\nRUN b \\\nc\n'],
      ['FROM a\nRUN b\n\n', 'FROM a\nRUN b\n'],
      ['FROM a\n# x\nRUN b\n', 'FROM a\n# escape=`\nRUN b\n'],
    ];
    for (const [before, after] of cases) {
      const model = reparseDockerfile(parseDockerfile(before), after);
      assert.deepEqual(snapshot(model), snapshot(parseDockerfile(after)), JSON.stringify([before, after]));
    }
  });

  it('takes over the stages an edit did not reach, makes again what it did, and leaves the previous model as it was', () => {
    const text = ['ARG V=1', 'FROM alpine:$V AS base', 'RUN a', 'FROM base AS mid', 'RUN b', 'FROM mid', 'RUN c', 'FROM debian', 'RUN d', ''].join('\n');
    let model = parseDockerfile(text);
    /** Re-parses after replacing `from` with `to` (same line count), checks it against a fresh parse, and returns which stages are the previous model's objects. */
    const step = (from: string, to: string, previousKept = true): boolean[] => {
      const previous = model;
      const before = JSON.stringify(snapshot(previous));
      const next = previous.text.replace(from, to);
      assert.notEqual(next, previous.text, `${from} is in the text`);
      model = reparseDockerfile(previous, next);
      assert.deepEqual(snapshot(model), snapshot(parseDockerfile(next)), `${from} -> ${to}`);
      if (previousKept) assert.equal(JSON.stringify(snapshot(previous)), before, `${from} -> ${to}: the previous model changed`);
      return model.stages.map((s, k) => s === previous.stages[k]);
    };
    // An edit inside one stage: only that stage is made again.
    assert.deepEqual(step('RUN b', 'RUN bx'), [true, false, true, true]);
    // Another base image for the first stage: the stages built on it keep their image reference
    // but not their root image, so they are copies; the unrelated last stage is kept.
    assert.deepEqual(step('alpine:$V', 'alpinx:$V'), [false, false, false, true]);
    assert.equal(model.stages[2].rootImage?.resolved, 'alpinx:1');
    // A renamed stage: a later FROM naming the old name now means an image, so that stage is made
    // again; a later stage naming no stage is kept.
    assert.deepEqual(step('AS mid', 'AS mix'), [true, false, false, true]);
    assert.equal(model.stages[2].image.stageRef, undefined);
    assert.equal(model.stages[2].image.resolved, 'mid');
    // Named back: that FROM means the stage again.
    assert.deepEqual(step('AS mix', 'AS mid'), [true, false, false, true]);
    assert.equal(model.stages[2].image.stageRef, 1);
    assert.equal(model.stages[2].rootImage?.resolved, 'alpinx:1');
    // The global scope changed: no stage is kept.
    assert.deepEqual(step('V=1', 'V=2'), [false, false, false, false]);
    assert.equal(model.stages[0].image.resolved, 'alpinx:2');
    // A FROM typed over a RUN: the stages from there on are made again. (The instructions both
    // models share then carry the new stage indexes, as they did before stages were taken over.)
    assert.deepEqual(step('RUN c', 'FROM c', false), [true, true, false, false, false]);
  });

  it('a keystroke inside a stage takes every other stage over without walking them, exactly as a fresh parse', () => {
    const text = ['ARG V=1', 'FROM alpine:$V AS base', 'RUN a', 'FROM base AS mid', 'ONBUILD RUN t', 'RUN b', 'FROM mid', 'RUN c', ''].join('\n');
    let model = parseDockerfile(text);
    // Each model, as it was made, is compared with a fresh parse at the end: a parse in between is
    // another model built, after which the next keystroke must write the stage indexes again (the walk).
    const made: Array<{ snapshot: string; text: string; edit: string }> = [];
    /**
     * Re-parses after replacing `from` with `to`; returns whether the quick way was taken, and which
     * stages are the previous model's objects. (`previousKept` false: a FROM typed writes new stage
     * indexes into the instructions both models share, see the test above.)
     */
    const step = (from: string, to: string, previousKept = true): [boolean, boolean[]] => {
      const previous = model;
      const before = JSON.stringify(snapshot(previous));
      const next = previous.text.replace(from, to);
      assert.notEqual(next, previous.text, `${from} is in the text`);
      const quick = stageBuilds.keptAllButOne;
      model = reparseDockerfile(previous, next);
      made.push({ snapshot: JSON.stringify(snapshot(model)), text: next, edit: `${from} -> ${to}` });
      if (previousKept) assert.equal(JSON.stringify(snapshot(previous)), before, `${from} -> ${to}: the previous model changed`);
      return [stageBuilds.keptAllButOne === quick + 1, model.stages.map((s, k) => s === previous.stages[k])];
    };
    assert.deepEqual(step('RUN b', 'RUN bx'), [true, [true, false, true]]);
    // An ARG typed into a stage: that stage's ARGs are read again.
    assert.deepEqual(step('RUN bx', 'ARG bx=2'), [true, [true, false, true]]);
    assert.deepEqual(model.stages[1].args.map((a) => a.name), ['bx']);
    assert.deepEqual(step('ARG bx=2', 'RUN b'), [true, [true, false, true]]);
    assert.deepEqual(model.stages[1].args, []);
    // The ONBUILD trigger and the last stage's last instruction.
    assert.deepEqual(step('ONBUILD RUN t', 'ONBUILD RUN tt'), [true, [true, false, true]]);
    assert.deepEqual(step('RUN c', 'RUN cc'), [true, [true, true, false]]);
    // Not the quick way: a FROM typed, the global scope edited, a FROM edited.
    assert.deepEqual(step('RUN a', 'FROM a', false), [false, [false, false, false, false]]);
    assert.deepEqual(step('V=1', 'V=2'), [false, [false, false, false, false]]);
    assert.deepEqual(step('FROM mid', 'FROM mix')[0], false);
    // And the quick way again after those.
    assert.deepEqual(step('RUN cc', 'RUN c'), [true, [true, true, true, false]]);
    // A FROM read again with the same image: a stage name typed, changed, or taken away. Quick
    // unless a stage's image names the old name or the new one (it would build on another stage).
    const renames = stageBuilds.fromReadAgain;
    assert.deepEqual(step('FROM mix', 'FROM mix AS last'), [true, [true, true, true, false]]);
    assert.deepEqual(step('AS last', 'AS Lastx'), [true, [true, true, true, false]]);
    assert.equal(model.stages[3].name, 'Lastx');
    assert.deepEqual(step('FROM mix AS Lastx', 'FROM mix'), [true, [true, true, true, false]]);
    assert.equal(model.stages[3].key, undefined);
    assert.deepEqual(step('AS mid', 'AS mid2'), [true, [true, true, false, true]]);
    assert.equal(stageBuilds.fromReadAgain, renames + 4);
    // Now the last stage's image names the stage; then the first stage's name, the image of `mid`.
    assert.deepEqual(step('AS mid2', 'AS MIX')[0], false);
    assert.equal(model.stages[3].image.stageRef, 2);
    assert.deepEqual(step('AS base', 'AS base2')[0], false);
    assert.equal(model.stages[2].image.stageRef, undefined);
    // A platform typed, or the image word moved along its line: the FROM's image is read again.
    assert.deepEqual(step('FROM base AS', 'FROM --platform=linux/arm64 base AS')[0], false);
    assert.deepEqual(step('FROM mix', 'FROM  mix')[0], false);
    assert.equal(stageBuilds.fromReadAgain, renames + 4);
    for (const m of made) assert.equal(m.snapshot, JSON.stringify(snapshot(parseDockerfile(m.text))), m.edit);
  });

  it('a keystroke after another model was built from the same instructions writes their stage indexes again', () => {
    // Stages kept by a keystroke do not write their instructions' stage index when the previous
    // model was the last one built (stages.ts). Here a second model made from the same one, with a
    // stage typed in above, writes other indexes into the instructions all three share.
    const text = ['FROM alpine AS a', 'RUN a', 'FROM debian AS b', 'RUN b', 'FROM busybox AS c', 'RUN c', ''].join('\n');
    const first = parseDockerfile(text);
    const typed = reparseDockerfile(first, text.replace('RUN a', 'RUN ax'));
    const other = reparseDockerfile(first, text.replace('RUN a', 'FROM x'));
    assert.deepEqual(other.instructions.map((i) => i.stageIndex), [0, 1, 2, 2, 3, 3]);
    // The keystroke's chain goes on from `typed`: its stages b and c are kept, their indexes written back.
    const next = reparseDockerfile(typed, typed.text.replace('RUN ax', 'RUN axy'));
    assert.deepEqual(snapshot(next), snapshot(parseDockerfile(next.text)));
    assert.deepEqual(next.instructions.map((i) => i.stageIndex), [0, 0, 1, 1, 2, 2]);
    // With no other model built in between, the next keystroke's kept stages are already indexed.
    const again = reparseDockerfile(next, next.text.replace('RUN axy', 'RUN ax'));
    assert.deepEqual(snapshot(again), snapshot(parseDockerfile(again.text)));
    assert.ok(again.stages[1] === next.stages[1] && again.stages[2] === next.stages[2], 'stages b and c kept');
  });

  it('keystrokes in FROM lines (names, images, AS, flags) that name each other, as a fresh parse each', () => {
    // Stages built on one another by name and copied from by name; every edit a character typed or
    // deleted somewhere in a FROM line, so both the quick way (a name typed) and its fall-backs (an
    // image changed, a name that an image names) run, in chains with no other model built between.
    const names = ['a', 'b', 'ab', 'base', 'B'];
    const typed = ['x', 'a', 'b', 'B', ' ', '-', '=', '$', '{', '}', ':', '\\', '`', 'S', '#'];
    let quick = 0;
    let fellBack = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const r = new Random(seed * 3571);
      const stages = Array.from({ length: 8 }, (_, k) => {
        const image = k > 0 && r.chance(0.5) ? r.pick(names) : r.pick(['alpine:3.19', 'debian', 'mcr.microsoft.com/windows/servercore:${TAG}', '${BASE}']);
        const flag = r.chance(0.2) ? '--platform=linux/amd64 ' : '';
        const as = r.chance(0.8) ? ` ${r.pick(['AS', 'as'])} ${r.pick(names)}${k}` : '';
        return [`FROM ${flag}${image}${as}`, r.chance(0.5) ? `COPY --from=${r.pick(names)} /a /b` : 'RUN echo $TAG', 'ARG X=1'];
      });
      let text = ['ARG TAG=ltsc2022', 'ARG BASE=alpine', ...stages.flat(), ''].join('\n');
      let model = parseDockerfile(text);
      const made: Array<{ snapshot: string; text: string; tokens: number[] }> = [];
      for (let step = 0; step < 30; step++) {
        const lines = model.lines;
        const fromLines = lines.map((l, i) => (/^FROM /.test(l) ? i : -1)).filter((i) => i >= 0);
        const line = r.pick(fromLines);
        const at = r.int(5, lines[line].length);
        const edited = r.chance(0.5) && at < lines[line].length ? lines[line].slice(0, at) + lines[line].slice(at + 1) : lines[line].slice(0, at) + r.pick(typed) + lines[line].slice(at);
        text = [...lines.slice(0, line), edited, ...lines.slice(line + 1)].join('\n');
        const before = stageBuilds.keptAllButOne;
        const renames = stageBuilds.fromReadAgain;
        model = reparseDockerfile(model, text);
        if (stageBuilds.fromReadAgain > renames) quick++;
        else if (stageBuilds.keptAllButOne === before) fellBack++;
        // Read as it was made: a later model of the chain writes its stage indexes into shared instructions.
        made.push({ snapshot: JSON.stringify(snapshot(model)), text, tokens: semanticTokens(model) });
      }
      for (const [step, m] of made.entries()) {
        const fresh = parseDockerfile(m.text);
        assert.equal(m.snapshot, JSON.stringify(snapshot(fresh)), `seed ${seed}, edit ${step}`);
        assert.deepEqual(m.tokens, semanticTokens(fresh), `seed ${seed}, edit ${step}: semantic tokens`);
      }
    }
    // Both ways taken, many times each, over these 600 edits (189 and 411 with these seeds).
    assert.ok(quick > 100 && fellBack > 100, `${quick} FROM lines read again with the stages taken over, ${fellBack} builds of every stage`);
  });

  it('a model of another text built between two keystrokes leaves the stages taken over (it shares no instruction)', () => {
    // The server's warm-up edits a document of its own while the user types (warmUp.ts): its models
    // are another family, whose builds write no stage index into the user's instructions.
    const text = ['FROM alpine AS a', 'RUN a', 'FROM debian AS b', 'RUN b', 'FROM busybox AS c', 'RUN c', ''].join('\n');
    let model = parseDockerfile(text);
    for (const [from, to] of [['RUN b', 'RUN bx'], ['AS c', 'AS cx'], ['RUN bx', 'RUN b']]) {
      const elsewhere = reparseDockerfile(parseDockerfile(text), text.replace('RUN a', 'FROM x'));
      assert.equal(elsewhere.stages.length, 4);
      const quick = stageBuilds.keptAllButOne;
      const previous = model;
      model = reparseDockerfile(previous, previous.text.replace(from, to));
      assert.equal(stageBuilds.keptAllButOne, quick + 1, `${from} -> ${to}: stages taken over`);
      assert.ok(model.stages[0] === previous.stages[0], `${from} -> ${to}: stage a kept`);
      assert.deepEqual(snapshot(model), snapshot(parseDockerfile(model.text)), `${from} -> ${to}`);
    }
  });

  it('the model cache re-parses a keystroke from the edited line alone (the server\'s document), the same as from scratch', () => {
    // What is typed inside a line: escapes that continue it or stop, a heredoc opened, a stage
    // renamed, a comment or a directive made, quotes that make or break an exec form.
    const typed = ['x', ' ', '\\', '`', '#', '# escape=`', '<<EOF', 'EOF', ' AS b', '"', '[', ']', '${A:-b}', 'é', '😀', '$A'];
    const cache = new ModelCache();
    let fromLine = 0;
    let steps = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const r = new Random(seed * 6271);
      let text = Array.from({ length: 4 }, () => generateDockerfile(r)).join('\n');
      // CRLF files; files with a lone CR or a byte order mark (the cache reads those from the text);
      // a line a few bytes under Docker's 64 KiB limit, which typing takes over it.
      if (seed % 6 === 1) text = text.replace(/\n/g, '\r\n');
      if (seed % 6 === 2) text = text.replace('\n', '\r');
      if (seed % 6 === 3) text = '\uFEFF' + text;
      if (seed % 6 === 4) text = text.replace('\n', `\nLABEL big=${'a'.repeat(65530 - 10)}\n`);
      const uri = `file:///k${seed}/Dockerfile`;
      const doc = PieceDocument.create(uri, 'dockerfile', 1, text);
      let model = cache.get(doc);
      for (let step = 0; step < 30; step++) {
        const line = r.chance(0.1) ? r.pick([0, doc.lineCount - 1]) : r.int(0, doc.lineCount - 1);
        const length = doc.getLineRange(line).end.character;
        const at = r.int(0, length);
        const change = r.chance(0.3) ? { range: { start: { line, character: at }, end: { line, character: Math.min(length, at + r.int(1, 3)) } }, text: '' } : { range: { start: { line, character: at }, end: { line, character: at } }, text: r.pick(typed) };
        // Now and then two keystrokes before the model is asked for: that one is read from the text.
        const twice = r.chance(0.1);
        PieceDocument.update(doc, [change], doc.version + 1);
        if (twice) PieceDocument.update(doc, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }], doc.version + 1);
        if (r.chance(0.3)) lint(model);
        const before = cache.lineEdits;
        model = cache.get(doc);
        if (cache.lineEdits > before) fromLine++;
        assertSame(model, doc.getText(), seed, step);
        steps++;
      }
    }
    assert.equal(steps, 24 * 30);
    // Not all: besides the seeds above, a third of the generated files have a lone CR of their own.
    assert.ok(fromLine > steps / 5, `${fromLine} of ${steps} keystrokes were re-parsed from their line`);
  });

  it('a model made from a keystroke keeps no earlier model alive', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const cache = new ModelCache();
    const doc = PieceDocument.create('file:///alive/Dockerfile', 'dockerfile', 1, generateDockerfile(new Random(5)) + '\nFROM alpine AS last\nRUN a\n');
    const first = new WeakRef(cache.get(doc));
    const line = doc.lineCount - 2;
    for (let i = 0; i < 6; i++) {
      PieceDocument.update(doc, [{ range: { start: { line, character: 5 }, end: { line, character: 5 } }, text: 'x' }], doc.version + 1);
      cache.get(doc);
    }
    assert.equal(cache.lineEdits, 6);
    // A WeakRef's target stays alive until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    assert.equal(first.deref(), undefined, 'the first version\'s model is still reachable from the last one');
  });

  it('a keystroke that takes a line over Docker\'s limit, or back under it, is read from its line exactly', () => {
    const cache = new ModelCache();
    for (const eol of ['\n', '\r\n']) {
      // 65535 bytes with the CR of a CRLF: the line is one byte short of the limit, or at it.
      const long = `LABEL big=${'a'.repeat(65535 - 10 - 1)}`;
      const doc = PieceDocument.create(`file:///long${eol.length}/Dockerfile`, 'dockerfile', 1, ['FROM a', long, 'RUN b', ''].join(eol));
      cache.get(doc);
      const before = cache.lineEdits;
      for (const [step, change] of [
        { range: { start: { line: 1, character: 6 }, end: { line: 1, character: 6 } }, text: 'x' },
        { range: { start: { line: 1, character: 6 }, end: { line: 1, character: 7 } }, text: '' },
      ].entries()) {
        PieceDocument.update(doc, [change], doc.version + 1);
        const model = cache.get(doc);
        assertSame(model, doc.getText(), eol.length, step);
        assert.equal(model.parseErrors.some((e) => e.kind === 'line-too-long'), step === 0 && eol === '\r\n', `${JSON.stringify(eol)} step ${step}`);
      }
      assert.ok(cache.lineEdits > before, 'read from the line where the line ends tell its bytes');
    }
  });

  it('the model cache re-parses from the previous version and answers what a fresh parse does', () => {
    let calls = 0;
    const cache = new ModelCache(parseDockerfile, undefined, (previous, text) => {
      calls++;
      return reparseDockerfile(previous, text);
    });
    let doc = TextDocument.create('file:///Dockerfile', 'dockerfile', 1, 'FROM alpine\nRUN a\nRUN b\n');
    cache.get(doc);
    doc = TextDocument.update(doc, [{ range: { start: { line: 1, character: 5 }, end: { line: 1, character: 5 } }, text: 'x' }], 2);
    const model = cache.get(doc);
    assert.equal(calls, 1);
    assert.deepEqual(snapshot(model), snapshot(parseDockerfile(doc.getText())));
    assert.equal(cache.get(doc), model, 'the same version is parsed once');
  });
});
