// Text output goes to terminals, and messages quote the file: an instruction holding
// `ESC]0;...BEL` would retitle the terminal, `ESC[2J` clear it, a bidi override reorder the line.
// Such characters are shown escaped instead: C0 controls but tab, DEL and C1 as `\xHH`, the
// bidirectional and line-separator controls as `\uHHHH`. JSON and SARIF keep the text exact
// (JSON escapes control characters itself).

const UNSAFE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

export function terminalSafe(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE_ALL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Text of several lines: each line made safe, the line breaks kept. */
export function terminalSafeLines(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return text.split('\n').map(terminalSafe).join('\n');
}
