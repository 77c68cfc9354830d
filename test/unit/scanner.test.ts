// firstTooLongLine (server/src/dockerfile/scanner.ts) jumps from line break to line break instead of
// visiting every line; it must find the line a check of every line finds: lines just under and over
// BuildKit's 64 KiB (in UTF-8 bytes) with one-, two-, three- and four-byte characters, a BOM that
// counts toward the first line, CR and CRLF endings (BuildKit splits at `\n` only).
import * as assert from 'node:assert/strict';
import { firstTooLongLine, MAX_LINE_BYTES } from '../../server/src/dockerfile/scanner';
import { Random } from '../fuzz/random';

/** The same question asked of every line, the plain way. */
function everyLine(text: string, bomBytes: number): number {
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const bytes = Buffer.byteLength(text.slice(start, end), 'utf8') + (start === 0 ? bomBytes : 0);
    if (bytes >= MAX_LINE_BYTES) return start;
    if (nl === -1) return -1;
    start = nl + 1;
  }
}

describe('firstTooLongLine: the first line BuildKit cannot read', function () {
  this.timeout(120000);

  it('agrees with a check of every line on random texts around the limit', () => {
    const r = new Random(2024);
    const units = ['a', 'é', '€', '😀', ' ', '\r'];
    let found = 0;
    for (let n = 0; n < 300; n++) {
      const lines: string[] = [];
      for (let k = r.int(1, 6); k > 0; k--) {
        const unit = r.pick(units);
        // Lengths just under, at and over the limit for this character's size, and short ones.
        const bytes = Buffer.byteLength(unit, 'utf8');
        const target = r.chance(0.5) ? r.int(0, 200) : Math.floor(MAX_LINE_BYTES / bytes) + r.int(-2, 2);
        lines.push(unit.repeat(Math.max(0, Math.floor(target / unit.length))));
      }
      const text = lines.join(r.chance(0.5) ? '\n' : '\r\n') + (r.chance(0.5) ? '\n' : '');
      const bom = r.chance(0.3) ? 3 : 0;
      const expected = everyLine(text, bom);
      assert.equal(firstTooLongLine(text, bom), expected, `case ${n}`);
      if (expected >= 0) found++;
    }
    assert.ok(found > 50 && found < 250, `${found} of 300 texts had a line too long`);
  });

  it('finds a long line after many short ones, and none in a long file of short lines', () => {
    const short = 'RUN echo hello\n'.repeat(20000);
    assert.equal(firstTooLongLine(short, 0), -1);
    const text = short + 'x'.repeat(MAX_LINE_BYTES) + '\nRUN y\n';
    assert.equal(firstTooLongLine(text, 0), short.length);
    // The BOM's bytes count toward the first line only.
    const first = 'x'.repeat(MAX_LINE_BYTES - 2) + '\nRUN y\n';
    assert.equal(firstTooLongLine(first, 0), -1);
    assert.equal(firstTooLongLine(first, 3), 0);
  });
});
