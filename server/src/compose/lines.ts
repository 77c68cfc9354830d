// Offsets to LSP positions (UTF-16 columns, as JavaScript strings count), splitting lines at `\r\n`,
// `\r` and `\n` as the editor does, so ranges agree with VS Code and with fix.ts.
import type { Position, Range } from '../dockerfile/model';
import { lastAtOrBefore } from '../sorted';

export class LineIndex {
  /** Offset where each line starts. */
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (c === 10) {
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    const lo = lastAtOrBefore(this.starts, at);
    // An offset between the `\r` and `\n` of a CRLF (YAML's errors point there) is the end of its line.
    const inBreak = at > this.starts[lo] && this.text.charCodeAt(at - 1) === 13 && this.text.charCodeAt(at) === 10;
    return { line: lo, character: at - this.starts[lo] - (inBreak ? 1 : 0) };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  offset(position: Position): number {
    const line = Math.max(0, Math.min(position.line, this.starts.length - 1));
    const start = this.starts[line];
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  /** The text of a line without its line break. */
  lineText(line: number): string {
    if (line < 0 || line >= this.starts.length) return '';
    const start = this.starts[line];
    const end = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }
}
