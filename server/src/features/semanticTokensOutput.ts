// The encoded semantic tokens of one version, as LSP sends them: five numbers a token (line delta,
// start delta on the same line, length, type, modifiers). Beside the numbers each token's absolute
// line and character are kept, so the next version can copy runs of them (moved by the lines an
// edit added or removed) and encode again only the first token of each run; and, where the server
// writes JSON itself (a stream transport), the JSON of the numbers, as the bytes the connection
// sends, with each token's place in them, so the next version's bytes are copied from this one's
// rather than made again from 50 000 numbers (JSON.stringify was the largest part of answering a
// full request at 10k lines; then turning that text into bytes took 0.15-0.3 ms per answer).

export interface EncodedTokens {
  /** The numbers, five a token. */
  data: Int32Array;
  /** Each token's absolute line and character. */
  lines: Int32Array;
  characters: Int32Array;
  /** `[n,n,...]` as ASCII bytes, when asked for; `offsets[t]` is where token t's first number starts in it. */
  json?: Uint8Array;
  offsets?: Int32Array;
}

export class TokenEncoder {
  private readonly data: Int32Array;
  private readonly absLines: Int32Array;
  private readonly absCharacters: Int32Array;
  private size = 0;
  /** JSON: its bytes so far (`[` and each token's numbers after a comma), where the next byte goes, each token's start. */
  private bytes: Uint8Array | undefined;
  private pos = 1;
  private readonly offsets: Int32Array | undefined;
  /** Tokens left out (none but for a bug above: out of order, or empty). */
  dropped = 0;

  /**
   * `capacity`: the numbers there will be, at most. `line` and `character`: where the token before
   * the first one pushed stands. `json`: keep the JSON bytes too.
   */
  constructor(
    capacity: number,
    json: boolean,
    private line = 0,
    private character = 0,
  ) {
    const tokens = Math.ceil(capacity / 5);
    this.data = new Int32Array(tokens * 5);
    this.absLines = new Int32Array(tokens);
    this.absCharacters = new Int32Array(tokens);
    if (json) {
      // A token takes about eleven bytes (most numbers are a digit or two); grown when one needs more.
      this.bytes = new Uint8Array(tokens * 14 + 64);
      this.bytes[0] = 0x5b; // [
      this.offsets = new Int32Array(tokens);
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
    if (this.bytes !== undefined) this.numbers(data, n - 5, t);
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
    if (this.bytes === undefined) return;
    const offsets = this.offsets as Int32Array;
    if (earlier.json === undefined || earlier.offsets === undefined) {
      // Nothing to copy from: the numbers' own text.
      for (let t = t0; t < t0 + count; t++) this.numbers(this.data, t * 5, t);
      return;
    }
    // The earlier tokens' bytes, from the first copied one's first digit to the last one's last.
    const start = earlier.offsets[from + 1];
    const end = to < earlier.lines.length ? earlier.offsets[to] - 1 : earlier.json.length - 1;
    const at = this.room(end - start + 1);
    const bytes = this.bytes;
    bytes[at] = 0x2c; // ,
    bytes.set(earlier.json.subarray(start, end), at + 1);
    const moved = at + 1 - start;
    for (let k = 0; k < count; k++) offsets[t0 + k] = earlier.offsets[from + 1 + k] + moved;
    this.pos = at + 1 + end - start;
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
    if (this.bytes !== undefined) {
      const at = this.room(1);
      this.bytes[at] = 0x5d; // ]
      out.json = this.bytes.subarray(0, at + 1);
      out.offsets = (this.offsets as Int32Array).subarray(0, tokens);
    }
    return out;
  }

  /** Token `t`'s five numbers (from `data[k]`) written after a comma, or after the `[` for the first. */
  private numbers(data: Int32Array, k: number, t: number): void {
    // Five numbers of at most eleven characters (an Int32 with its sign), and their commas.
    let at = this.room(60);
    const bytes = this.bytes as Uint8Array;
    if (t > 0) bytes[at++] = 0x2c;
    (this.offsets as Int32Array)[t] = at;
    for (let i = 0; i < 5; i++) {
      if (i > 0) bytes[at++] = 0x2c;
      at = writeInt(bytes, at, data[k + i]);
    }
    this.pos = at;
  }

  /** Where `n` more bytes go (the buffer grown if needed); the caller moves `pos`. */
  private room(n: number): number {
    const bytes = this.bytes as Uint8Array;
    if (this.pos + n > bytes.length) {
      const bigger = new Uint8Array(Math.max(bytes.length * 2, this.pos + n));
      bigger.set(bytes.subarray(0, this.pos));
      this.bytes = bigger;
    }
    return this.pos;
  }
}

/** The decimal digits of the integer `n` at `bytes[at]`; returns where they end. */
function writeInt(bytes: Uint8Array, at: number, n: number): number {
  if (n < 0) {
    bytes[at++] = 0x2d; // -
    n = -n;
  }
  if (n < 10) {
    bytes[at] = 0x30 + n;
    return at + 1;
  }
  let digits = 0;
  for (let rest = n; rest > 0; rest = Math.floor(rest / 10)) digits++;
  const end = at + digits;
  for (let i = end - 1; i >= at; i--) {
    bytes[i] = 0x30 + (n % 10);
    n = Math.floor(n / 10);
  }
  return end;
}
