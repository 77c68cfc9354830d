// The server's warm-ups (server/src/features/warmUp.ts): the first lint's and the editing one's run
// every step they promise on their own documents, one step per turn they are given; a step that
// threw would end the editing warm-up early, and that shows here.
import * as assert from 'node:assert/strict';
import { warmUpEditing, warmUpLint, whenQuiet } from '../../server/src/features/warmUp';

describe('warm-ups', function () {
  it('the lint warm-up runs to the end without throwing', () => {
    assert.doesNotThrow(() => warmUpLint());
  });

  it('the editing warm-up takes one turn per step, every step of both documents', () => {
    const turns: Array<() => void> = [];
    warmUpEditing((step) => turns.push(step), 10);
    let ran = 0;
    for (let guard = 0; turns.length > 0 && guard < 1000; guard++) {
      const step = turns.shift() as () => void;
      step();
      ran++;
    }
    // The open of each document and ten edits of each: 2 x 11 steps, the last one asks for no turn.
    assert.equal(ran, 22);
    assert.equal(turns.length, 0);
  });

  it('a warm-up step waits until the client has been quiet for a while', async () => {
    // A clock of our own: the client "sends" at 0, 10, 20 ... 100 ms, then nothing.
    let clock = 0;
    let last = 0;
    const ranAt: number[] = [];
    const turn = whenQuiet(() => last, 1, 50, () => clock);
    turn(() => ranAt.push(clock));
    for (let tick = 0; tick < 400 && ranAt.length === 0; tick++) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      clock += 5;
      if (clock <= 100 && clock % 10 === 0) last = clock;
    }
    assert.equal(ranAt.length, 1, 'the step ran once');
    // The last message at 100 ms: not before 150 ms, and soon after (a turn is 1 ms, the clock 5 ms a tick).
    assert.ok(ranAt[0] >= 150 && ranAt[0] <= 250, `ran at ${ranAt[0]} ms`);
  });
});
