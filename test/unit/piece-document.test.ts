// The server's document in pieces (server/src/features/pieceDocument.ts) against
// vscode-languageserver-textdocument, which it replaces: after chains of random changes (one or
// several per update, whole-text ones, line breaks of every kind typed, joined and split, ranges
// backwards or past a line's end or the text's), the text is the library's, and every position,
// offset, range and line answer is what the library gives for that text parsed from scratch.
import * as assert from 'node:assert/strict';
import { TextDocument, type Position, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { PieceDocument } from '../../server/src/features/pieceDocument';
import { splitLines } from '../../server/src/dockerfile/parser';
import { Random } from '../fuzz/random';
import { generateDockerfile } from '../fuzz/dockerfile-gen';

const TYPED = ['x', '', ' ', '\n', '\r\n', '\r', 'ab\ncd', '\r\n\r\n', 'é', '😀', 'RUN a \\\n', '\n\r', 'FROM alpine AS b\r\n'];

function randomPosition(r: Random, doc: TextDocument): Position {
  // Now and then past the last line, or past the end of a line (an editor clamps neither for us).
  const line = r.chance(0.05) ? doc.lineCount + r.int(0, 2) : r.int(0, Math.max(0, doc.lineCount - 1));
  const length = doc.getText({ start: { line, character: 0 }, end: { line, character: 1e9 } }).length;
  return { line, character: r.chance(0.1) ? length + r.int(1, 5) : r.int(0, length) };
}

function randomChange(r: Random, doc: TextDocument, other: string): TextDocumentContentChangeEvent {
  if (r.chance(0.03)) return { text: other.slice(0, r.int(0, other.length)) };
  const a = randomPosition(r, doc);
  // Mostly a short range on one line (typing), sometimes across lines, sometimes given backwards.
  const b = r.chance(0.6) ? { line: a.line, character: a.character + r.int(0, 3) } : randomPosition(r, doc);
  const text = r.chance(0.1) ? other.slice(r.int(0, other.length), r.int(0, other.length)) : r.pick(TYPED);
  return { range: { start: a, end: b }, text };
}

/** Every answer of `doc` compared with the library's for the same text, read from scratch. */
function assertAnswers(r: Random, doc: PieceDocument, expected: TextDocument, where: string): void {
  const text = expected.getText();
  assert.equal(doc.getText(), text, `${where}: text`);
  assert.equal(doc.length, text.length, `${where}: length`);
  assert.equal(doc.utf8Bytes, Buffer.byteLength(text, 'utf8'), `${where}: UTF-8 size`);
  const fresh = TextDocument.create('file:///x', 'dockerfile', 1, text);
  assert.equal(doc.lineCount, fresh.lineCount, `${where}: lineCount`);
  for (let i = 0; i < 12; i++) {
    const offset = r.int(-2, text.length + 2);
    assert.deepEqual(doc.positionAt(offset), fresh.positionAt(offset), `${where}: positionAt(${offset})`);
    const position = randomPosition(r, fresh);
    assert.equal(doc.offsetAt(position), fresh.offsetAt(position), `${where}: offsetAt(${JSON.stringify(position)})`);
    const range = { start: randomPosition(r, fresh), end: randomPosition(r, fresh) };
    assert.equal(doc.getText(range), fresh.getText(range), `${where}: getText(${JSON.stringify(range)})`);
    const line = r.int(-1, fresh.lineCount + 1);
    assert.deepEqual(doc.getLineRange(line), fresh.getLineRange(line), `${where}: getLineRange(${line})`);
    assert.equal(doc.getEOLCharacters(line), fresh.getEOLCharacters(line), `${where}: getEOLCharacters(${line})`);
  }
}

describe('PieceDocument: the same answers as vscode-languageserver-textdocument', function () {
  this.timeout(120000);

  it('chains of random changes, with pieces of 7, 64 and 16k characters', () => {
    let updates = 0;
    let oneLineEdits = 0;
    for (let seed = 1; seed <= 45; seed++) {
      const r = new Random(seed * 7717);
      const pieceSize = [7, 64, 16 * 1024][seed % 3];
      let start = Array.from({ length: r.int(1, seed % 3 === 2 ? 40 : 3) }, () => generateDockerfile(r)).join('\n');
      if (seed % 4 === 1) start = start.replace(/\n/g, '\r\n');
      if (seed % 4 === 2) start = start.replace(/\n/g, () => r.pick(['\n', '\r', '\r\n']));
      const other = generateDockerfile(new Random(seed));
      const expected = TextDocument.create('file:///x', 'dockerfile', 1, start);
      const doc = new PieceDocument('file:///x', 'dockerfile', 1, start, pieceSize);
      const kept: Array<{ read: () => string; text: string }> = [];
      for (let step = 0; step < 40; step++) {
        const where = `seed ${seed}, update ${step}`;
        const before = expected.getText();
        const changes = Array.from({ length: r.chance(0.15) ? r.int(2, 4) : 1 }, () => undefined);
        const sent: TextDocumentContentChangeEvent[] = [];
        // Each change is given against the text after the ones before it, as a client sends them.
        const scratch = TextDocument.create('file:///x', 'dockerfile', 1, before);
        for (const _ of changes) {
          const change = randomChange(r, scratch, other);
          sent.push(change);
          TextDocument.update(scratch, [change], 1);
        }
        TextDocument.update(expected, sent, step + 2);
        PieceDocument.update(doc, sent, step + 2);
        updates++;
        assert.equal(doc.version, step + 2, where);
        assertAnswers(r, doc, expected, where);
        // A one-line edit names the only line that changed, with its new text.
        const edit = doc.lineEditFrom(step + 1);
        if (edit !== undefined) {
          oneLineEdits++;
          const was = splitLines(before);
          const now = splitLines(expected.getText());
          assert.equal(now.length, was.length, `${where}: a one-line edit keeps the line count`);
          assert.equal(now[edit.line], edit.text, `${where}: the edited line`);
          for (let k = 0; k < now.length; k++) if (k !== edit.line) assert.equal(now[k], was[k], `${where}: line ${k} untouched`);
        } else if (sent.length === 1 && 'range' in sent[0] && !/[\r\n]/.test(sent[0].text) && sent[0].range.start.line === sent[0].range.end.line && sent[0].range.start.line < scratch.lineCount) {
          assert.fail(`${where}: a change inside line ${sent[0].range.start.line} was not taken as a one-line edit`);
        }
        assert.equal(doc.lineEditFrom(step), undefined, `${where}: an edit is only from the version before`);
        // A snapshot reads its own version's text however the document changed after.
        if (r.chance(0.2)) kept.push({ ...doc.snapshot(), text: expected.getText() });
        for (const snap of kept) assert.equal(snap.read(), snap.text, `${where}: a snapshot's text`);
      }
    }
    assert.equal(updates, 45 * 40);
    assert.ok(oneLineEdits > updates / 8, `${oneLineEdits} of ${updates} updates were one-line edits`);
  });

  it('keeps its pieces near their size: typing at one place, a large paste, and deleting it all', () => {
    const doc = new PieceDocument('file:///x', 'dockerfile', 1, 'FROM a\n'.repeat(5000));
    const pieces = () => (doc as unknown as { pieces: string[] }).pieces;
    assert.equal(pieces().length, Math.ceil(35000 / (16 * 1024)));
    for (let i = 0; i < 40000; i++) PieceDocument.update(doc, [{ range: { start: { line: 2500, character: 6 }, end: { line: 2500, character: 6 } }, text: 'x' }], i + 2);
    assert.ok(pieces().every((p) => p.length <= 2 * 16 * 1024 + 1), 'a piece grown by typing is cut');
    assert.equal(doc.getText().length, 75000);
    PieceDocument.update(doc, [{ text: '' }], 50000);
    assert.deepEqual(pieces(), ['']);
    assert.equal(doc.lineCount, 1);
    PieceDocument.update(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'RUN a\r\n'.repeat(20000) }], 50001);
    assert.ok(pieces().length >= 8 && pieces().every((p) => p.length <= 2 * 16 * 1024), 'a paste is cut into pieces');
    assert.equal(doc.lineCount, 20001);
    PieceDocument.update(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 20000, character: 0 } }, text: '' }], 50002);
    assert.equal(doc.getText(), '');
    assert.deepEqual(doc.positionAt(5), { line: 0, character: 0 });
  });
});
