// The encoded semantic tokens of one version, as LSP sends them: five numbers a token (line delta,
// start delta on the same line, length, type, modifiers). Beside the numbers each token's absolute
// line and character are kept, so the next version can copy runs of them (moved by the lines an
// edit added or removed) and encode again only the first token of each run; and, where the server
// writes JSON itself (a stream transport), the JSON text of the numbers with each token's place in
// it, so the next version's text is spliced from this one's rather than made again from 50 000
// numbers (JSON.stringify was the largest part of answering a full request at 10k lines).

export interface EncodedTokens {
  /** The numbers, five a token. */
  data: Int32Array;
  /** Each token's absolute line and character. */
  lines: Int32Array;
  characters: Int32Array;
  /** `[n,n,...]`, when asked for; `offsets[t]` is where token t's first number starts in it. */
  json?: string;
  offsets?: Int32Array;
}

export class TokenEncoder {
  private readonly data: Int32Array;
  private readonly absLines: Int32Array;
  private readonly absCharacters: Int32Array;
  private size = 0;
  /** JSON: the pieces joined by commas inside the brackets, where the next piece starts, each token's start. */
  private readonly parts: string[] | undefined;
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
    for (let k = 0; k < count; k++) lines[t0 + k] = earlier.lines[from + 1 + k] + shift;
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
    for (let k = 0; k < count; k++) offsets[t0 + k] = earlier.offsets[from + 1 + k] + moved;
    this.parts.push(earlier.json.slice(start, end));
    this.pos += end - start + 1;
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
      out.json = `[${this.parts.join(',')}]`;
      out.offsets = (this.offsets as Int32Array).subarray(0, tokens);
    }
    return out;
  }

  private piece(text: string, token: number): void {
    (this.offsets as Int32Array)[token] = this.pos;
    (this.parts as string[]).push(text);
    this.pos += text.length + 1;
  }
}

/** How many tokens an output's arrays hold (0 when it has no JSON offsets and `json` needs them). */
function roomOf(tokens: EncodedTokens, json: boolean): number {
  const count = (array: Int32Array | undefined) => (array === undefined || array.byteOffset !== 0 ? 0 : array.buffer.byteLength / 4);
  const room = Math.min(count(tokens.data) / 5, count(tokens.lines), count(tokens.characters));
  return Math.floor(json ? Math.min(room, count(tokens.offsets)) : room);
}
