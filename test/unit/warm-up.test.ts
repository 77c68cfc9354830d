// The server's warm-ups (server/src/features/warmUp.ts): the first lint's and the editing one's run
// every step they promise on their own documents, one step per turn they are given; a step that
// threw would end the editing warm-up early, and that shows here.
import * as assert from 'node:assert/strict';
import { warmUpEditing, warmUpLint } from '../../server/src/features/warmUp';

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
});
