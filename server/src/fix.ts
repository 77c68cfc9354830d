// Applying the preferred fixes of a lint run to the text, as `--fix` (and a language server
// "fix all") does. Pure: text and findings in, new text out; the caller re-lints and repeats,
// because one fix can make another finding appear or disappear.
import type { Position } from './dockerfile/model';
import type { Finding, Fix } from './rules/types';

export interface FixResult {
  text: string;
  /** Findings whose preferred fix went in. */
  applied: Finding[];
  /** Findings with a preferred fix that clashed with one already taken; a later pass retries them. */
  deferred: Finding[];
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

const BOM = '\uFEFF';

export function preferredFix(finding: Finding): Fix | undefined {
  return finding.fixes.find((fix) => fix.preferred === true && fix.edits.length > 0);
}

/**
 * Applies each finding's preferred fix, all of a fix's edits or none of them. Fixes are taken in
 * finding order; one that touches text an earlier one already changed waits for the next pass.
 * Positions are the model's: 0-based, after the BOM, lines split at `\r\n`, `\r` or `\n`.
 * The BOM and the file's line ending are kept, so new text written with `\n` gets `\r\n` in a
 * CRLF file.
 */
export function applyFixes(text: string, findings: readonly Finding[]): FixResult {
  const hasBOM = text.startsWith(BOM);
  const body = hasBOM ? text.slice(1) : text;
  const eol = dominantEol(body);
  const lines = computeLines(body);
  const taken: OffsetEdit[] = [];
  const applied: Finding[] = [];
  const deferred: Finding[] = [];
  const claims = new Claims(body.length);
  for (const finding of findings) {
    const fix = preferredFix(finding);
    if (fix === undefined) continue;
    const edits = fix.edits.map((edit) => {
      const start = offsetAt(body, lines, edit.range.start);
      const end = Math.max(start, offsetAt(body, lines, edit.range.end));
      return { start, end, newText: withEol(edit.newText, eol) };
    });
    // Each edit is checked against those taken and those of its own fix before it.
    const claimed = edits.findIndex((e) => !claims.claim(e));
    if (claimed !== -1) {
      for (const e of edits.slice(0, claimed)) claims.release(e);
      deferred.push(finding);
      continue;
    }
    // One at a time: spreading 100k edits as arguments overflows the stack.
    for (const e of edits) taken.push(e);
    applied.push(finding);
  }
  if (taken.length === 0) return { text, applied, deferred };
  // An insertion sorts before a replacement starting at the same offset (its end is smaller).
  taken.sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const edit of taken) {
    out += body.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  out += body.slice(cursor);
  return { text: (hasBOM ? BOM : '') + out, applied, deferred };
}

const REPLACED = 1;
const INSERTED = 2;

/**
 * What the edits taken so far claim of the text, per offset: the characters replaced, and the
 * offsets where text is inserted. Two edits clash when the order they go in would change the
 * result: replacements that overlap, two insertions at one offset, or an insertion strictly
 * inside a replaced range (at its start or end it is fine). Checking an edit costs its own length,
 * not the number of edits taken: one fix can hold an edit per line of a 100k-line file, and
 * comparing every pair took minutes.
 */
class Claims {
  private readonly marks: Uint8Array;
  /** Offsets where a taken replacement begins: an insertion there, or a replacement ending there, is fine. */
  private readonly starts = new Set<number>();

  constructor(length: number) {
    this.marks = new Uint8Array(length + 1);
  }

  /** Claims what `e` touches, or returns false (claiming nothing) when that clashes. */
  claim(e: OffsetEdit): boolean {
    const m = this.marks;
    if (e.start === e.end) {
      const insideReplaced = e.start > 0 && (m[e.start - 1] & REPLACED) !== 0 && (m[e.start] & REPLACED) !== 0 && !this.starts.has(e.start);
      if ((m[e.start] & INSERTED) !== 0 || insideReplaced) return false;
      m[e.start] |= INSERTED;
      return true;
    }
    for (let i = e.start; i < e.end; i++) {
      if ((m[i] & REPLACED) !== 0 || (i > e.start && (m[i] & INSERTED) !== 0)) return false;
    }
    for (let i = e.start; i < e.end; i++) m[i] |= REPLACED;
    this.starts.add(e.start);
    return true;
  }

  /** Gives back what a successful claim of `e` took (its fix was deferred after all). */
  release(e: OffsetEdit): void {
    if (e.start === e.end) {
      this.marks[e.start] &= ~INSERTED;
      return;
    }
    for (let i = e.start; i < e.end; i++) this.marks[i] &= ~REPLACED;
    this.starts.delete(e.start);
  }
}

interface Lines {
  /** Offset where each line begins. */
  starts: number[];
  /** Offset where each line's content ends (before its terminator). */
  ends: number[];
}

/** Lines as the parser splits them: at `\r\n`, `\r` or `\n`. */
function computeLines(text: string): Lines {
  const starts = [0];
  const ends: number[] = [];
  const terminator = /\r\n|\r|\n/g;
  for (let m = terminator.exec(text); m !== null; m = terminator.exec(text)) {
    ends.push(m.index);
    starts.push(m.index + m[0].length);
  }
  ends.push(text.length);
  return { starts, ends };
}

/** LSP semantics: a line past the end means the end of the text, a character past the end of a line its end. */
function offsetAt(text: string, lines: Lines, position: Position): number {
  if (position.line < 0) return 0;
  if (position.line >= lines.starts.length) return text.length;
  const start = lines.starts[position.line];
  return Math.min(start + Math.max(0, position.character), lines.ends[position.line]);
}

/** The parser's choice: CRLF when at least as many lines end in it as in a bare LF. */
function dominantEol(text: string): '\r\n' | '\n' {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length;
  return crlf > 0 && crlf * 2 >= lf ? '\r\n' : '\n';
}

function withEol(newText: string, eol: '\r\n' | '\n'): string {
  return newText.replace(/\r?\n/g, eol);
}
