// Splitting an engine's newline-delimited stream (/events, the build and load JSON messages) into
// lines without trusting it: a line longer than the limit is dropped (and counted) rather than
// kept growing until a string cannot hold it, and each chunk is scanned once.

export class LineSplitter {
  private parts: string[] = [];
  private partLength = 0;
  /** The current line already went past the limit: skip to its end. */
  private skipping = false;
  /** Lines dropped for being longer than the limit. */
  droppedLines = 0;

  constructor(readonly maxLine: number) {}

  /** The complete lines in `chunk` (without their `\n`); a partial last line waits for the next. */
  push(chunk: string): string[] {
    const out: string[] = [];
    let start = 0;
    let nl = chunk.indexOf('\n');
    while (nl >= 0) {
      const piece = chunk.slice(start, nl);
      if (this.skipping || this.partLength + piece.length > this.maxLine) this.droppedLines++;
      else out.push(this.partLength > 0 ? this.parts.join('') + piece : piece);
      this.reset();
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    if (start < chunk.length && !this.skipping) {
      const rest = start === 0 ? chunk : chunk.slice(start);
      if (this.partLength + rest.length > this.maxLine) {
        this.parts = [];
        this.partLength = 0;
        this.skipping = true;
      } else {
        this.parts.push(rest);
        this.partLength += rest.length;
      }
    }
    return out;
  }

  /** The last line when the stream ended without a newline. */
  end(): string[] {
    const skipped = this.skipping;
    const last = this.parts.join('');
    this.reset();
    if (skipped) this.droppedLines++;
    return !skipped && last ? [last] : [];
  }

  private reset(): void {
    this.parts = [];
    this.partLength = 0;
    this.skipping = false;
  }
}
