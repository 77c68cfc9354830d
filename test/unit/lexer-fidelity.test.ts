// Details of BuildKit's shell lexer (frontend/dockerfile/shell/lex.go) outside the patterns: what a
// name is made of, and how a malformed ${...} fails.
import * as assert from 'node:assert/strict';
import { processWord } from '../../server/src/dockerfile/lexer';

const env = (vars: Record<string, string>) => (n: string) => (Object.prototype.hasOwnProperty.call(vars, n) ? vars[n] : undefined);

describe('lexer: names and malformed substitutions as BuildKit reads them', () => {
  it('a name is letters, decimal digits and _ (unicode.IsLetter, unicode.IsDigit): ² ends it', () => {
    const r = processWord('$A²-${B}', '\\', env({ A: 'x', B: 'y' }));
    assert.deepEqual([r.result, r.error, [...r.matched].sort()], ['x²-y', undefined, ['A', 'B']]);
  });

  it('${X:?} tells unset from empty', () => {
    assert.equal(processWord('${X:?}', '\\', env({ X: '' })).error, 'X: is not allowed to be empty');
    assert.equal(processWord('${X:?}', '\\', env({})).error, 'X: is not allowed to be unset');
  });

  it('running out of text inside ${...} is a missing }', () => {
    assert.equal(processWord("${X:-'abc}", '\\', env({})).error, "syntax error: missing '}'");
    assert.equal(processWord('${X/abc', '\\', env({})).error, "syntax error: missing '/' in ${}");
  });

  it('an unknown modifier after : is reported with the colon, after the word and the variable are read', () => {
    const r = processWord('${X:x$Y}', '\\', env({}));
    assert.equal(r.error, 'unsupported modifier (:x) in substitution');
    assert.deepEqual([...r.unmatched].sort(), ['X', 'Y']);
  });
});
