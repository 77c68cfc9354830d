// The parser-directive line, BuildKit's reDirective `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`,
// read by hand. As a JavaScript RegExp it backtracks quadratically on a long run of spaces inside
// the value (`# syntax=x <400 KB of spaces> y` took about a minute), and every comment line of a
// file is tried. Go's meaning is kept: `\s` is [\t\n\f\r ] only, `.` is anything but \n.

export interface DirectiveMatch {
  name: string;
  /** Offsets in the text given. */
  nameStart: number;
  value: string;
  valueStart: number;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isLetterOrDigit(c: number): boolean {
  return isLetter(c) || (c >= 0x30 && c <= 0x39);
}

/** `\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` from `from` to the end of `text`, as Go matches it. */
export function matchDirectiveBody(text: string, from = 0): DirectiveMatch | undefined {
  const n = text.length;
  let i = from;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  if (i >= n || !isLetter(text.charCodeAt(i))) return undefined;
  const nameStart = i;
  while (i < n && isLetterOrDigit(text.charCodeAt(i))) i++;
  const name = text.slice(nameStart, i);
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 0x3d) return undefined;
  const afterEquals = i + 1;
  let start = afterEquals;
  while (start < n && isSpace(text.charCodeAt(start))) start++;
  let end = n;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (start < end) {
    // The lazy group runs from the first to the last non-space; it cannot cross a \n.
    const newline = text.indexOf('\n', start);
    if (newline !== -1 && newline < end) return undefined;
    return { name, nameStart, value: text.slice(start, end), valueStart: start };
  }
  // Only spaces after `=`: the leading \s* gives back one character for the group, the last that
  // is not a \n.
  for (let k = n - 1; k >= afterEquals; k--) {
    if (text.charCodeAt(k) !== 0x0a) return { name, nameStart, value: text[k], valueStart: k };
  }
  return undefined;
}

/** A whole directive line, `#` first. */
export function matchDirectiveLine(line: string): DirectiveMatch | undefined {
  return line.charCodeAt(0) === 0x23 ? matchDirectiveBody(line, 1) : undefined;
}
