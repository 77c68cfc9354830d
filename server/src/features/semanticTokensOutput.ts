// The encoded semantic tokens of one version, as LSP sends them: five numbers a token (line delta,
// start delta on the same line, length, type, modifiers). Beside the numbers each token's absolute
// line and character are kept, so the next version can copy runs of them (moved by the lines an
// edit added or removed) and encode again only the first token of each run; and, where the server
// writes JSON itself (a stream transport), the JSON text of the numbers with each token's place in
// it, so the next version's text is spliced from this one's rather than made again from 50 000
// numbers (JSON.stringify was the largest part of answering a full request at 10k lines).
//
// That text is kept in parts, never joined: a version's parts are slices of the last one's (V8
// makes a slice of a flat string without copying it) around the few tokens made again. Joining
// them for every version copied the whole text into fresh memory twice a keystroke (the join, and
// the flattening of '[' + join + ']' when the next version sliced it): at 50k lines about 2 ms of
// the 10 a delta took. The parts are joined only when there are many (MAX_PARTS), and the
// connection writes them one after the other (transport.ts).
import { lastAtOrBefore } from '../sorted';

export interface EncodedTokens {
  /** The numbers, five a token. */
  data: Int32Array;
  /** Each token's absolute line and character. */
  lines: Int32Array;
  characters: Int32Array;
  /** `[n,n,...]`, when asked for; `offsets[t]` is where token t's first number starts in it. */
  json?: JsonParts;
  offsets?: Int32Array;
}

/** A JSON array's text in parts: `'[' + parts.join(',') + ']'`. */
export interface JsonParts {
  readonly parts: readonly string[];
  /** Where each part starts in the text. */
  readonly starts: readonly number[];
  /** The text's length. */
  readonly length: number;
}

/** Past this many parts, a version's parts are joined into one (once in many keystrokes). */
export const MAX_PARTS = 128;

/** The text itself (for tests and readers that want one string). */
export function jsonText(json: JsonParts): string {
  return jsonPieces(json).join('');
}

/** The strings to write one after the other for the text: brackets and commas between the parts. */
export function jsonPieces(json: JsonParts): string[] {
  const out: string[] = ['['];
  for (let k = 0; k < json.parts.length; k++) {
    if (k > 0) out.push(',');
    out.push(json.parts[k]);
  }
  out.push(']');
  return out;
}

export class TokenEncoder {
  private readonly data: Int32Array;
  private readonly absLines: Int32Array;
  private readonly absCharacters: Int32Array;
  private size = 0;
  /**
   * JSON: the parts joined by commas inside the brackets and where each starts; the tokens pushed
   * since the last part, joined into one part when a copy comes or at the end; where the next
   * token's text starts; each token's start.
   */
  private readonly parts: string[] | undefined;
  private readonly partStarts: number[] = [];
  private pending: string[] = [];
  private pendingStart = 1;
  private pos = 1;
  private readonly offsets: Int32Array | undefined;
  /** Tokens left out (none but for a bug above: out of order, or empty). */
  dropped = 0;
  /** Whether the arrays are a spare output's, written over. */
  readonly reused: boolean;

  /**
   * `capacity`: the numbers there will be, at most. `line` and `character`: where the token before
   * the first one pushed stands. `json`: keep the JSON text too. `spare`: an earlier output nobody
   * reads any more, whose arrays are written over when they are large enough (memory a process
   * has not touched yet costs a page fault a page: about 1 ms for a 10k-line Windows file's 800 KB
   * on the CI machine, as much as the rest of the re-encoding); when they are not, the new arrays
   * get some room to grow, so the next version can be written into them.
   */
  constructor(
    capacity: number,
    json: boolean,
    private line = 0,
    private character = 0,
    spare?: EncodedTokens,
  ) {
    const tokens = Math.ceil(capacity / 5);
    const spareRoom = spare !== undefined ? roomOf(spare, json) : 0;
    const fits = spareRoom >= tokens && spare !== undefined;
    const room = fits ? spareRoom : spare !== undefined ? Math.ceil(tokens * 1.125) + 64 : tokens;
    this.reused = fits;
    const buffer = (array: Int32Array | undefined, length: number) => (fits && array !== undefined ? new Int32Array(array.buffer, 0, length) : new Int32Array(length));
    this.data = buffer(spare?.data, room * 5);
    this.absLines = buffer(spare?.lines, room);
    this.absCharacters = buffer(spare?.characters, room);
    if (json) {
      this.parts = [];
      this.offsets = buffer(spare?.offsets, room);
    }
  }

  push(line: number, character: number, length: number, type: number, modifiers: number): void {
    // Out of order would be a bug above; dropping the token keeps the data valid.
    if (length <= 0 || line < this.line || (line === this.line && character < this.character)) {
      this.dropped++;
      return;
    }
    const t = this.size / 5;
    const deltaLine = line - this.line;
    const deltaCharacter = line === this.line ? character - this.character : character;
    const data = this.data;
    let n = this.size;
    data[n++] = deltaLine;
    data[n++] = deltaCharacter;
    data[n++] = length;
    data[n++] = type;
    data[n++] = modifiers;
    this.size = n;
    this.absLines[t] = line;
    this.absCharacters[t] = character;
    if (this.parts !== undefined) this.piece(`${deltaLine},${deltaCharacter},${length},${type},${modifiers}`, t);
    this.line = line;
    this.character = character;
  }

  /**
   * Tokens [from, to) of an earlier output, moved by `shift` lines: the first encoded again after
   * whatever this one holds, the others (relative to each other, unchanged) copied as they are.
   */
  copy(earlier: EncodedTokens, from: number, to: number, shift: number): void {
    if (from >= to) return;
    const d = earlier.data;
    const before = this.dropped;
    this.push(earlier.lines[from] + shift, earlier.characters[from], d[from * 5 + 2], d[from * 5 + 3], d[from * 5 + 4]);
    if (this.dropped !== before || to === from + 1) return;
    const t0 = this.size / 5;
    const count = to - from - 1;
    this.data.set(d.subarray((from + 1) * 5, to * 5), this.size);
    this.absCharacters.set(earlier.characters.subarray(from + 1, to), t0);
    const lines = this.absLines;
    if (shift === 0) lines.set(earlier.lines.subarray(from + 1, to), t0);
    else for (let k = 0; k < count; k++) lines[t0 + k] = earlier.lines[from + 1 + k] + shift;
    this.size += count * 5;
    this.line = earlier.lines[to - 1] + shift;
    this.character = earlier.characters[to - 1];
    if (this.parts === undefined) return;
    const offsets = this.offsets as Int32Array;
    if (earlier.json === undefined || earlier.offsets === undefined) {
      // Nothing to copy from: the numbers' own text.
      for (let t = t0; t < t0 + count; t++) this.piece(Array.prototype.join.call(this.data.subarray(t * 5, t * 5 + 5), ','), t);
      return;
    }
    const start = earlier.offsets[from + 1];
    const end = to < earlier.lines.length ? earlier.offsets[to] - 1 : earlier.json.length - 1;
    const moved = this.pos - start;
    if (moved === 0) offsets.set(earlier.offsets.subarray(from + 1, to), t0);
    else for (let k = 0; k < count; k++) offsets[t0 + k] = earlier.offsets[from + 1 + k] + moved;
    this.flush();
    this.slice(earlier.json, start, end);
  }

  /** The text [start, end) of `json` (whole tokens), as parts of this one: its parts, or slices of them. */
  private slice(json: JsonParts, start: number, end: number): void {
    const { parts, starts } = json;
    for (let k = lastAtOrBefore(starts, start); k < parts.length; k++) {
      const part = parts[k];
      const from = Math.max(start, starts[k]) - starts[k];
      const to = Math.min(end, starts[k] + part.length) - starts[k];
      if (to > from) this.part(from === 0 && to === part.length ? part : part.slice(from, to));
      // The comma after a part stands between it and the next; `end` is at a comma or the bracket.
      if (starts[k] + part.length >= end) break;
    }
  }

  private part(text: string): void {
    (this.parts as string[]).push(text);
    this.partStarts.push(this.pos);
    this.pos += text.length + 1;
  }

  /** The tokens pushed since the last part, as one part. */
  private flush(): void {
    if (this.pending.length === 0) return;
    (this.parts as string[]).push(this.pending.join(','));
    this.partStarts.push(this.pendingStart);
    this.pending = [];
  }

  count(): number {
    return this.size / 5;
  }

  finish(): EncodedTokens {
    const tokens = this.size / 5;
    const out: EncodedTokens = {
      data: this.data.subarray(0, this.size),
      lines: this.absLines.subarray(0, tokens),
      characters: this.absCharacters.subarray(0, tokens),
    };
    if (this.parts !== undefined) {
      this.flush();
      const parts = this.parts.length > MAX_PARTS ? [this.parts.join(',')] : this.parts;
      const starts = parts === this.parts ? this.partStarts : [1];
      out.json = { parts, starts, length: parts.length === 0 ? 2 : this.pos };
      out.offsets = (this.offsets as Int32Array).subarray(0, tokens);
    }
    return out;
  }

  private piece(text: string, token: number): void {
    (this.offsets as Int32Array)[token] = this.pos;
    if (this.pending.length === 0) this.pendingStart = this.pos;
    this.pending.push(text);
    this.pos += text.length + 1;
  }
}

/** How many tokens an output's arrays hold (0 when it has no JSON offsets and `json` needs them). */
function roomOf(tokens: EncodedTokens, json: boolean): number {
  const count = (array: Int32Array | undefined) => (array === undefined || array.byteOffset !== 0 ? 0 : array.buffer.byteLength / 4);
  const room = Math.min(count(tokens.data) / 5, count(tokens.lines), count(tokens.characters));
  return Math.floor(json ? Math.min(room, count(tokens.offsets)) : room);
}
