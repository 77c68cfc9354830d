// Applies LSP TextEdits to a text, as an editor would: all ranges refer to the original text, so
// edits are applied from the last to the first. Overlapping edits are a caller bug and throw.
export interface EditPosition {
  line: number;
  character: number;
}

export interface EditRange {
  start: EditPosition;
  end: EditPosition;
}

export interface Edit {
  range: EditRange;
  newText: string;
}

/** Offsets of each line start; lines end at `\r\n`, `\n` or `\r`. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r') {
      if (text[i + 1] === '\n') i++;
      starts.push(i + 1);
    } else if (c === '\n') starts.push(i + 1);
  }
  return starts;
}

/** The offset of an LSP position, clamped to the text like VS Code does. */
export function offsetAt(text: string, position: EditPosition, starts = lineStarts(text)): number {
  if (position.line < 0) return 0;
  if (position.line >= starts.length) return text.length;
  const lineStart = starts[position.line];
  let lineEnd = position.line + 1 < starts.length ? starts[position.line + 1] : text.length;
  // The line's content ends before its terminator.
  if (lineEnd > lineStart && text[lineEnd - 1] === '\n') lineEnd--;
  if (lineEnd > lineStart && text[lineEnd - 1] === '\r') lineEnd--;
  return Math.min(lineStart + Math.max(position.character, 0), lineEnd);
}

export function applyEdits(text: string, edits: readonly Edit[]): string {
  const starts = lineStarts(text);
  const resolved = edits
    .map((e, index) => ({ start: offsetAt(text, e.range.start, starts), end: offsetAt(text, e.range.end, starts), newText: e.newText, index }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.index - b.index);
  for (let i = 1; i < resolved.length; i++) {
    if (resolved[i].start < resolved[i - 1].end) {
      throw new Error(`overlapping edits at offsets ${resolved[i - 1].start}-${resolved[i - 1].end} and ${resolved[i].start}-${resolved[i].end}`);
    }
  }
  let out = '';
  let last = 0;
  for (const e of resolved) {
    if (e.end < e.start) throw new Error(`edit range ends before it starts at offset ${e.start}`);
    out += text.slice(last, e.start) + e.newText;
    last = e.end;
  }
  return out + text.slice(last);
}
