// Output kept in memory (followed logs, terminal transcripts, compose and build output) is a tail
// of bounded size: a container can print without end, and a string past V8's limit (~512 MiB)
// throws. What falls off the front is counted, and the text then starts by saying how much.

/** How much of one output is kept: the last 1 MiB (in characters; bytes for ASCII output). */
export const OUTPUT_TAIL_LIMIT = 1024 * 1024;

/** `1.5 MB`, `300 KB`, `12 bytes`: an amount of text for a person. */
export function describeAmount(chars: number): string {
  if (chars >= 1024 * 1024) return `${(chars / (1024 * 1024)).toFixed(1)} MB`;
  if (chars >= 1024) return `${Math.round(chars / 1024)} KB`;
  return `${chars} ${chars === 1 ? 'byte' : 'bytes'}`;
}

export interface TextTailOptions {
  /** Characters kept; default OUTPUT_TAIL_LIMIT. */
  limit?: number;
  /** Line end after the note on what was dropped (`\r\n` for a terminal). Default `\n`. */
  eol?: string;
}

export class TextTail {
  readonly limit: number;
  private readonly eol: string;
  private chunks: string[] = [];
  /** Index of the first live chunk: shifting an array per chunk would be quadratic. */
  private head = 0;
  private kept = 0;
  private droppedChars = 0;
  private joined: string | undefined;

  constructor(options: TextTailOptions = {}) {
    this.limit = Math.max(1, options.limit ?? OUTPUT_TAIL_LIMIT);
    this.eol = options.eol ?? '\n';
  }

  /** Characters that fell off the front so far. */
  get dropped(): number {
    return this.droppedChars;
  }

  /** Characters appended in all (kept or not). */
  get total(): number {
    return this.droppedChars + this.kept;
  }

  append(text: string): void {
    if (text.length === 0) return;
    this.joined = undefined;
    if (text.length >= this.limit) {
      this.droppedChars += this.kept + text.length - this.limit;
      this.chunks = [text.slice(text.length - this.limit)];
      this.head = 0;
      this.kept = this.limit;
      return;
    }
    this.chunks.push(text);
    this.kept += text.length;
    while (this.kept > this.limit) {
      const first = this.chunks[this.head];
      const excess = this.kept - this.limit;
      if (first.length <= excess) {
        this.head++;
        this.kept -= first.length;
        this.droppedChars += first.length;
      } else {
        this.chunks[this.head] = first.slice(excess);
        this.kept -= excess;
        this.droppedChars += excess;
      }
    }
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  /** What is kept, preceded by a note on what was not when something was dropped. */
  text(): string {
    if (this.joined === undefined) {
      const live = this.head === 0 ? this.chunks : this.chunks.slice(this.head);
      this.joined = live.join('');
      this.chunks = [this.joined];
      this.head = 0;
    }
    if (this.droppedChars === 0) return this.joined;
    // The cut may have split a surrogate pair: do not start with half a character.
    const first = this.joined.charCodeAt(0);
    const body = first >= 0xdc00 && first <= 0xdfff ? this.joined.slice(1) : this.joined;
    return `… ${describeAmount(this.droppedChars)} of earlier output not kept …${this.eol}${body}`;
  }

  /** Returns the text and empties the tail (output held for a listener that arrived). */
  take(): string {
    const t = this.text();
    this.chunks = [];
    this.head = 0;
    this.kept = 0;
    this.droppedChars = 0;
    this.joined = undefined;
    return t;
  }
}
