// The server's text document: the text kept in pieces of about 16k characters instead of one
// string. vscode-languageserver-textdocument keeps one string and makes a new one of the whole
// text on every change (its concatenation is flattened by the next read), which at 10k lines is a
// 370 KB allocation per keystroke: on a machine where fresh memory costs about 10 µs a page, a
// millisecond of each change (`npm run bench -- lsp`). Here a change makes again only the piece
// it falls in; the whole text is joined when something asks for it, once per version.
//
// Positions, offsets and line breaks mean what they mean in that library (and in LSP): a line
// ends at CR, LF or CRLF; a position past a line's end is its end; a range given backwards is
// turned round. test/unit/piece-document.test.ts compares the two after random edits.
//
// A change inside one line that adds or removes no line break is also remembered
// (`lineEditFrom`): the model cache then re-parses from that line alone, without the whole text.
import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { utf8Length } from '../dockerfile/scanner';
import { lastAtOrBefore } from '../sorted';

const PIECE = 16 * 1024;
const CR = 0x0d;
const LF = 0x0a;

/** The text of one version, joined when read. */
export interface TextSnapshot {
  readonly length: number;
  read(): string;
}

/** A change inside one line, from version `from` to the document's version. */
export interface OneLineEdit {
  from: number;
  line: number;
  /** The line's new text, without its line break. */
  text: string;
}

export class PieceDocument implements TextDocument {
  /** Replaced, never changed in place: a snapshot holds the array of its version. */
  private pieces: readonly string[];
  /** Where each piece starts. */
  private starts: number[] = [];
  private size = 0;
  private bytes = 0;
  private offsets: number[] | undefined;
  private joined: string | undefined;
  private edit: OneLineEdit | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    content: string,
    private readonly pieceSize = PIECE,
  ) {
    this.pieces = split(content, pieceSize);
    this.reindex(content);
  }

  static create(uri: string, languageId: string, version: number, content: string): PieceDocument {
    return new PieceDocument(uri, languageId, version, content);
  }

  static update(document: PieceDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): PieceDocument {
    document.update(changes, version);
    return document;
  }

  get version(): number {
    return this.currentVersion;
  }

  /** The text's length in UTF-16 units, without joining it. */
  get length(): number {
    return this.size;
  }

  /** The text's size in UTF-8 (a lone surrogate counted as the 3 bytes of U+FFFD, as Buffer.byteLength does), without joining it. */
  get utf8Bytes(): number {
    return this.bytes;
  }

  get lineCount(): number {
    return this.lineOffsets().length;
  }

  getText(range?: Range): string {
    if (range !== undefined) {
      // As String.substring, which the library uses: a range given backwards reads the same text.
      const a = this.offsetAt(range.start);
      const b = this.offsetAt(range.end);
      return this.slice(Math.min(a, b), Math.max(a, b));
    }
    this.joined ??= this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('');
    return this.joined;
  }

  /** This version's text, joined only if read (and then once). */
  snapshot(): TextSnapshot {
    const pieces = this.pieces;
    let text = this.joined;
    return {
      length: this.size,
      read: () => (text ??= pieces.length === 1 ? pieces[0] : pieces.join('')),
    };
  }

  /** The one-line edit that made this version from version `from`, when the last change was one. */
  lineEditFrom(from: number): OneLineEdit | undefined {
    return this.edit?.from === from ? this.edit : undefined;
  }

  positionAt(offset: number): Position {
    const at = Math.max(Math.min(offset, this.size), 0);
    const offsets = this.lineOffsets();
    const line = lineAt(offsets, at);
    return { line, character: this.beforeBreak(at, offsets[line]) - offsets[line] };
  }

  offsetAt(position: Position): number {
    const offsets = this.lineOffsets();
    if (position.line >= offsets.length) return this.size;
    if (position.line < 0) return 0;
    const start = offsets[position.line];
    if (position.character <= 0) return start;
    const next = position.line + 1 < offsets.length ? offsets[position.line + 1] : this.size;
    return this.beforeBreak(Math.min(start + position.character, next), start);
  }

  getLineRange(line: number): Range {
    const offsets = this.lineOffsets();
    if (line >= offsets.length) {
      const last = offsets.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.size - offsets[last] } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const start = offsets[line];
    const end = this.beforeBreak(line + 1 < offsets.length ? offsets[line + 1] : this.size, start);
    return { start: { line, character: 0 }, end: { line, character: end - start } };
  }

  getEOLCharacters(line: number): string {
    const offsets = this.lineOffsets();
    if (line < 0 || line >= offsets.length) return '';
    const next = line + 1 < offsets.length ? offsets[line + 1] : this.size;
    return this.slice(this.beforeBreak(next, offsets[line]), next);
  }

  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    const from = this.currentVersion;
    let line: number | undefined;
    for (const change of changes) {
      line = undefined;
      if (isIncremental(change)) line = this.applyRange(change.range, change.text);
      else if (isFull(change)) {
        this.pieces = split(change.text, this.pieceSize);
        this.reindex(change.text);
      } else throw new Error('Unknown change event received');
    }
    this.currentVersion = version;
    this.edit = changes.length === 1 && line !== undefined ? { from, line, text: this.lineText(line) } : undefined;
  }

  /** Replaces a range; returns its line when the change stayed inside one line and moved no line break. */
  private applyRange(given: Range, text: string): number | undefined {
    const range = wellFormed(given);
    const start = this.offsetAt(range.start);
    const end = this.offsetAt(range.end);
    const offsets = this.lineOffsets();
    const startLine = lineAt(offsets, start);
    const endLine = lineAt(offsets, end);
    // The bytes of the replaced characters with one on each side (a surrogate pair the edit makes
    // or breaks is counted right; one cut at the window's edge is miscounted the same before and after).
    const removed = utf8Length(this.slice(Math.max(0, start - 1), Math.min(this.size, end + 1)));
    this.replace(start, end, text);
    this.bytes += utf8Length(this.slice(Math.max(0, start - 1), Math.min(this.size, start + text.length + 1))) - removed;
    const insertedEnd = start + text.length;
    // A CR and an LF an edit brings together are one line break: the lines are counted again.
    if ((this.charCodeAt(start - 1) === CR && this.charCodeAt(start) === LF) || (this.charCodeAt(insertedEnd - 1) === CR && this.charCodeAt(insertedEnd) === LF)) {
      this.offsets = undefined;
      return undefined;
    }
    const added = lineStarts(text, start);
    if (endLine - startLine === added.length) {
      for (let i = 0; i < added.length; i++) offsets[startLine + 1 + i] = added[i];
    } else if (added.length < 10_000) {
      offsets.splice(startLine + 1, endLine - startLine, ...added);
    } else {
      this.offsets = offsets.slice(0, startLine + 1).concat(added, offsets.slice(endLine + 1));
    }
    const moved = text.length - (end - start);
    const all = this.offsets as number[];
    if (moved !== 0) for (let i = startLine + 1 + added.length; i < all.length; i++) all[i] += moved;
    return startLine === endLine && added.length === 0 ? startLine : undefined;
  }

  /** The text of `line` without its line break. */
  private lineText(line: number): string {
    const offsets = this.lineOffsets();
    const start = offsets[line];
    return this.slice(start, this.beforeBreak(line + 1 < offsets.length ? offsets[line + 1] : this.size, start));
  }

  private replace(start: number, end: number, text: string): void {
    const pieces = this.pieces;
    const first = this.pieceAt(start);
    const last = this.pieceAt(end);
    const middle = pieces[first].slice(0, start - this.starts[first]) + text + pieces[last].slice(end - this.starts[last]);
    const next: string[] = pieces.slice(0, first);
    let after = last + 1;
    // A piece grown past twice the size is cut again; one left very short joins the piece after it.
    if (middle.length > 2 * this.pieceSize) for (const piece of split(middle, this.pieceSize)) next.push(piece);
    else if (middle.length < this.pieceSize / 4 && after < pieces.length) next.push(middle + pieces[after++]);
    else if (middle.length > 0) next.push(middle);
    for (; after < pieces.length; after++) next.push(pieces[after]);
    if (next.length === 0) next.push('');
    this.pieces = next;
    this.size += text.length - (end - start);
    this.joined = undefined;
    this.reindexPieces();
  }

  private reindex(content: string): void {
    this.size = content.length;
    this.bytes = utf8Length(content);
    this.offsets = undefined;
    this.joined = this.pieces.length === 1 ? this.pieces[0] : undefined;
    this.edit = undefined;
    this.reindexPieces();
  }

  private reindexPieces(): void {
    const starts: number[] = new Array<number>(this.pieces.length);
    let at = 0;
    for (let k = 0; k < this.pieces.length; k++) {
      starts[k] = at;
      at += this.pieces[k].length;
    }
    this.starts = starts;
  }

  /** The piece holding `offset` (the last one for the end of the text). No piece is empty but an empty text's one. */
  private pieceAt(offset: number): number {
    return lastAtOrBefore(this.starts, offset);
  }

  private charCodeAt(offset: number): number {
    if (offset < 0 || offset >= this.size) return NaN;
    const k = this.pieceAt(offset);
    return this.pieces[k].charCodeAt(offset - this.starts[k]);
  }

  private slice(from: number, to: number): string {
    if (to <= from) return '';
    const first = this.pieceAt(from);
    const last = this.pieceAt(to);
    if (first === last) return this.pieces[first].slice(from - this.starts[first], to - this.starts[first]);
    let out = this.pieces[first].slice(from - this.starts[first]);
    for (let k = first + 1; k < last; k++) out += this.pieces[k];
    return out + this.pieces[last].slice(0, to - this.starts[last]);
  }

  /** `offset` moved back over the line break characters just before it, not past `lineStart`. */
  private beforeBreak(offset: number, lineStart: number): number {
    let at = offset;
    while (at > lineStart && isBreak(this.charCodeAt(at - 1))) at--;
    return at;
  }

  private lineOffsets(): number[] {
    if (this.offsets === undefined) {
      const offsets = [0];
      let at = 0;
      for (const piece of this.pieces) {
        for (let i = 0; i < piece.length; i++) {
          const ch = piece.charCodeAt(i);
          // A CR whose LF is the next piece's first character ends its line there.
          if (ch === LF || (ch === CR && this.charCodeAt(at + i + 1) !== LF)) offsets.push(at + i + 1);
        }
        at += piece.length;
      }
      this.offsets = offsets;
    }
    return this.offsets;
  }
}

/** Offsets of the line starts inside `text` (after each line break), moved by `base`. */
function lineStarts(text: string, base: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === CR && text.charCodeAt(i + 1) === LF) i++;
    if (ch === CR || ch === LF) out.push(base + i + 1);
  }
  return out;
}

/** The line holding `offset`: the last line starting at or before it. */
function lineAt(offsets: readonly number[], offset: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid] > offset) hi = mid;
    else lo = mid + 1;
  }
  return Math.max(lo - 1, 0);
}

function split(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
}

function isBreak(ch: number): boolean {
  return ch === CR || ch === LF;
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}

function isIncremental(change: TextDocumentContentChangeEvent): change is { range: Range; rangeLength?: number; text: string } {
  const c = change as { range?: unknown; rangeLength?: unknown; text?: unknown };
  return typeof c.text === 'string' && c.range !== undefined && (c.rangeLength === undefined || typeof c.rangeLength === 'number');
}

function isFull(change: TextDocumentContentChangeEvent): change is { text: string } {
  const c = change as { range?: unknown; rangeLength?: unknown; text?: unknown };
  return typeof c.text === 'string' && c.range === undefined && c.rangeLength === undefined;
}
