import * as assert from 'node:assert/strict';
import { applyFixes } from '../../server/src/fix';
import type { Finding, Fix, TextEdit } from '../../server/src/rules/types';

function edit(line: number, character: number, endLine: number, endCharacter: number, newText: string): TextEdit {
  return { range: { start: { line, character }, end: { line: endLine, character: endCharacter } }, newText };
}

function finding(rule: string, fixes: Fix[]): Finding {
  return { rule, severity: 'warning', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: rule, fixes };
}

const preferred = (...edits: TextEdit[]): Fix => ({ title: 'fix', preferred: true, edits });

describe('applyFixes', () => {
  it('applies only preferred fixes', () => {
    const result = applyFixes('FROM a\nRUN b\n', [
      finding('x', [{ title: 'not preferred', edits: [edit(0, 5, 0, 6, 'z')] }]),
      finding('y', [preferred(edit(1, 4, 1, 5, 'c'))]),
    ]);
    assert.equal(result.text, 'FROM a\nRUN c\n');
    assert.deepEqual(result.applied.map((f) => f.rule), ['y']);
  });

  it('applies several edits of one fix and of several fixes, back to front', () => {
    const result = applyFixes('abc\ndef\n', [
      finding('one', [preferred(edit(0, 0, 0, 1, 'AA'), edit(1, 2, 1, 3, 'FF'))]),
      finding('two', [preferred(edit(0, 2, 0, 3, 'C'))]),
    ]);
    assert.equal(result.text, 'AAbC\ndeFF\n');
    assert.equal(result.applied.length, 2);
  });

  it('defers a fix that overlaps one already taken, whole', () => {
    const result = applyFixes('abcdef', [
      finding('first', [preferred(edit(0, 1, 0, 4, 'X'))]),
      finding('second', [preferred(edit(0, 5, 0, 6, 'Y'), edit(0, 3, 0, 5, 'Z'))]),
    ]);
    assert.equal(result.text, 'aXef');
    assert.deepEqual(result.deferred.map((f) => f.rule), ['second']);
  });

  it('treats two insertions at one point as a clash, but touching edits as fine', () => {
    const result = applyFixes('abcd', [
      finding('a', [preferred(edit(0, 2, 0, 2, '1'))]),
      finding('b', [preferred(edit(0, 2, 0, 2, '2'))]),
      finding('c', [preferred(edit(0, 0, 0, 2, 'X'))]),
      finding('d', [preferred(edit(0, 2, 0, 4, 'Y'))]),
    ]);
    assert.equal(result.text, 'X1Y');
    assert.deepEqual(result.deferred.map((f) => f.rule), ['b']);
  });

  it('keeps the BOM, counts positions after it, and writes new lines as CRLF in a CRLF file', () => {
    const text = '\uFEFFFROM a\r\nRUN b\r\n';
    const result = applyFixes(text, [finding('x', [preferred(edit(1, 0, 1, 5, 'RUN b\nRUN c'))])]);
    assert.equal(result.text, '\uFEFFFROM a\r\nRUN b\r\nRUN c\r\n');
  });

  it('writes new lines as LF in an LF file', () => {
    const result = applyFixes('FROM a\nRUN b\n', [finding('x', [preferred(edit(0, 6, 0, 6, '\r\nUSER x'))])]);
    assert.equal(result.text, 'FROM a\nUSER x\nRUN b\n');
  });

  it('never lets a character past the end of a line reach into the line terminator', () => {
    const result = applyFixes('ab\r\ncd\r\n', [finding('x', [preferred(edit(0, 99, 0, 99, '!'))])]);
    assert.equal(result.text, 'ab!\r\ncd\r\n');
  });

  it('splits lines at a lone CR as the parser does', () => {
    const result = applyFixes('ab\rcd\n', [finding('x', [preferred(edit(1, 0, 1, 1, 'C'))])]);
    assert.equal(result.text, 'ab\rCd\n');
  });

  it('returns the text unchanged when nothing is preferred', () => {
    const text = 'FROM a\n';
    const result = applyFixes(text, [finding('x', [])]);
    assert.equal(result.text, text);
    assert.equal(result.applied.length, 0);
  });
});
