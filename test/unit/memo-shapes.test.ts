// Memo values (server/src/dockerfile/memo.ts) are kept in one box that models and instructions
// declare from the start, so whatever order the features first ask in, every model has one hidden
// class and every instruction another: V8's optimised code for the re-parse, the stages and the
// semantic tokens then holds from the server's warm-up to the user's file (with a slot per value,
// each order was a new class, and that code was thrown away during the first edits of a file).
// Checked in a child Node with V8's own %HaveSameMap.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const outServer = path.resolve(__dirname, '../../server/src/dockerfile');

describe('memo values and the shapes of models and instructions', function () {
  it('models and instructions keep one shape whatever order their memo values were made in', () => {
    const script = `
      const { parseDockerfile } = require(${JSON.stringify(path.join(outServer, 'parser.js'))});
      const { Memo } = require(${JSON.stringify(path.join(outServer, 'memo.js'))});
      const a = new Memo('a'), b = new Memo('b');
      const text = 'FROM alpine AS one\\nRUN echo one\\nFROM one\\nRUN echo two\\n';
      const m1 = parseDockerfile(text), m2 = parseDockerfile(text), plain = parseDockerfile(text);
      a.get(m1, () => 1); b.get(m1, () => 2);
      b.get(m2, () => 2); a.get(m2, () => 1);
      const [i1, i2, i3] = [m1.instructions[1], m1.instructions[3], plain.instructions[1]];
      a.get(i1, () => 1); b.get(i1, () => 2);
      b.get(i2, () => 2); a.get(i2, () => 1);
      const same = (x, y) => %HaveSameMap(x, y);
      console.log(JSON.stringify({
        models: same(m1, m2), modelUnasked: same(m1, plain),
        instructions: same(i1, i2), instructionUnasked: same(i1, i3),
        values: [a.get(m2, () => 0), b.get(i2, () => 0)],
      }));`;
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { models: true, modelUnasked: true, instructions: true, instructionUnasked: true, values: [1, 2] });
  });
});
