// Bounds on what a hostile file can make the linter say. Text a rule quotes from the file into a
// message or a fix title: a 1 MB word must not become a 1 MB diagnostic, in the editor, in a CI log
// or in a SARIF upload. And the number of findings: 1 MiB of `RUNN x` lines must not become 149k
// diagnostics (233 MB of SARIF). The linter applies both to every finding, so no rule has to remember.

/** A run of non-space characters (a quoted word, path or value) is cut to this many characters. */
export const MAX_QUOTED_LENGTH = 200;
/** A whole message (or fix title) is cut to this many characters, keeping its start and its end. */
export const MAX_MESSAGE_LENGTH = 1000;
/** How much of the end a cut message keeps: the end usually says what to do. */
const KEPT_TAIL = 300;
const ELLIPSIS = '…';
/** A rule's findings in one file beyond this many are counted in one more finding, not listed. */
export const MAX_FINDINGS_PER_RULE = 200;

/**
 * The fixes of one file's findings hold at most this many edits together, listed in the order of
 * the findings. A fix can rewrite the whole file (an edit per continued line), and several findings
 * can offer the same rewrite: 200 of them on a 124 KB file made 4M edits, more JSON than V8 can
 * hold in one string. The first fix is listed whatever its size: a rule makes it in time linear in
 * the file, so the total stays linear too.
 */
export function maxFixEdits(textLength: number): number {
  return 10_000 + Math.floor(textLength / 2);
}

export const FIX_NOT_LISTED = ' (Its fix is not listed: the fixes of this file already hold too many edits. Apply those first.)';

export function moreFindingsMessage(rule: string, count: number): string {
  return `${count} more ${rule} findings in this file are not listed (at most ${MAX_FINDINGS_PER_RULE} per rule per file).`;
}
const RUN = /\S+/g;
const SPACE = /\s/;

export function boundMessage(message: string): string {
  if (message.length <= MAX_QUOTED_LENGTH) return message;
  // Most messages have no long run: find that out in one pass before rewriting anything.
  let out = hasLongRun(message)
    ? message.replace(RUN, (run) => (run.length > MAX_QUOTED_LENGTH ? head(run, MAX_QUOTED_LENGTH - ELLIPSIS.length) + ELLIPSIS : run))
    : message;
  if (out.length > MAX_MESSAGE_LENGTH) {
    out = head(out, MAX_MESSAGE_LENGTH - KEPT_TAIL - ELLIPSIS.length) + ELLIPSIS + tail(out, KEPT_TAIL);
  }
  return out;
}

/** Whether some run of non-space characters (as `\S` reads them) is longer than MAX_QUOTED_LENGTH. */
function hasLongRun(message: string): boolean {
  let run = 0;
  for (let i = 0; i < message.length; i++) {
    const c = message.charCodeAt(i);
    const space = c < 0x80 ? c === 32 || (c >= 9 && c <= 13) : SPACE.test(message[i]);
    if (space) run = 0;
    else if (++run > MAX_QUOTED_LENGTH) return true;
  }
  return false;
}

/** The first `n` UTF-16 units, one fewer when the cut would split a surrogate pair. */
function head(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

/** The last `n` UTF-16 units, one fewer when the cut would split a surrogate pair. */
function tail(text: string, n: number): string {
  const start = text.length - n;
  const code = text.charCodeAt(start);
  return text.slice(code >= 0xdc00 && code <= 0xdfff ? start + 1 : start);
}
