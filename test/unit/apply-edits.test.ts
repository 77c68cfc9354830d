import * as assert from 'node:assert/strict';
import { applyEdits } from '../support/apply-edits';

const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

describe('test support: applyEdits', () => {
  it('applies non-overlapping edits against the original text, in any order', () => {
    const text = 'FROM a\nRUN x\nCMD y\n';
    const out = applyEdits(text, [
      { range: r(2, 0, 2, 3), newText: 'ENTRYPOINT' },
      { range: r(0, 5, 0, 6), newText: 'alpine' },
      { range: r(1, 0, 2, 0), newText: '' },
    ]);
    assert.equal(out, 'FROM alpine\nENTRYPOINT y\n');
  });
  it('keeps CRLF line ends, clamps past-the-end positions and inserts at one point in order', () => {
    assert.equal(applyEdits('a\r\nb\r\n', [{ range: r(0, 9, 0, 9), newText: '!' }]), 'a!\r\nb\r\n');
    assert.equal(applyEdits('ab', [{ range: r(0, 1, 0, 1), newText: 'x' }, { range: r(0, 1, 0, 1), newText: 'y' }]), 'axyb');
  });
  it('throws on overlapping edits', () => {
    assert.throws(() => applyEdits('abcdef', [{ range: r(0, 0, 0, 3), newText: '' }, { range: r(0, 2, 0, 4), newText: '' }]), /overlapping/);
  });
});
