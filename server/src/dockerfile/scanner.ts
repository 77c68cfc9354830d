// BuildKit reads the Dockerfile with a bufio.Scanner at its default size: a line of 64 KiB or more
// (in UTF-8 bytes, without its `\n`) does not fit, and the parse fails with "dockerfile line greater
// than max allowed size of 65535". Generated Dockerfiles with an inlined blob can get there.

/** bufio.MaxScanTokenSize: the scanner's buffer never grows past this. */
export const MAX_LINE_BYTES = 65536;

/**
 * The offset in `text` of the first line BuildKit's scanner cannot read (lines split at `\n` only,
 * as BuildKit splits them), or -1. `bomBytes` counts toward the first line, as the scanner sees it.
 */
export function firstTooLongLine(text: string, bomBytes: number): number {
  // Three bytes at most per UTF-16 unit: a shorter text has no line that long.
  if ((text.length + bomBytes) * 3 < MAX_LINE_BYTES) return -1;
  // Nor has a line shorter than this, so the search jumps from line break to line break this far
  // apart instead of visiting every line: a 50k-line file takes a few dozen steps.
  const reach = Math.ceil((MAX_LINE_BYTES - bomBytes) / 3);
  let start = 0;
  while (text.length - start >= reach) {
    // Every line that starts before the last break within reach ends before it, shorter than reach.
    const lastBreak = text.lastIndexOf('\n', start + reach - 1);
    if (lastBreak >= start) {
      start = lastBreak + 1;
      continue;
    }
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const extra = start === 0 ? bomBytes : 0;
    if ((end - start) * 3 + extra >= MAX_LINE_BYTES && utf8Length(text, start, end) + extra >= MAX_LINE_BYTES) return start;
    if (nl === -1) break;
    start = nl + 1;
  }
  return -1;
}

export function utf8Length(s: string, start = 0, end = s.length): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
