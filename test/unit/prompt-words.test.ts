// Run offers the environment an image last ran with by writing it back into the prompt's text:
// what the prompt then reads (splitWords) must be exactly the entries that were kept.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { joinWords } from '../../client/src/commands/promptWords';
import { splitWords } from '../../client/src/engine/validate';

describe("Run's environment written back into its prompt", () => {
  it('leaves plain entries as typed and quotes the ones splitWords would cut or unquote', () => {
    assert.equal(joinWords(['A=1', 'URL=http://x/?a=b,c', 'PATH=C:\\tools\\bin']), 'A=1 URL=http://x/?a=b,c PATH=C:\\tools\\bin');
    assert.equal(joinWords(['MSG=hello, world']), '"MSG=hello, world"');
    assert.equal(joinWords([`Q=it's`]), `"Q=it's"`);
    assert.equal(joinWords(['B=say "hi"']), `"B=say "'"'"hi"'"'""`);
    assert.equal(joinWords([]), '');
  });

  it('reads back as the same entries, whatever they hold', () => {
    const entry = fc.tuple(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/), fc.string({ unit: fc.constantFrom('a', ' ', '"', "'", '\\', '=', ',', '\t', 'é') })).map(([k, v]) => `${k}=${v}`);
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), (entries) => {
        assert.deepEqual(splitWords(joinWords(entries)), entries);
      }),
      { numRuns: 500 },
    );
  });
});
