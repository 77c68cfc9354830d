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
  for (const finding of findings) {
    const fix = preferredFix(finding);
    if (fix === undefined) continue;
    const edits = fix.edits.map((edit) => {
      const start = offsetAt(body, lines, edit.range.start);
      const end = Math.max(start, offsetAt(body, lines, edit.range.end));
      return { start, end, newText: withEol(edit.newText, eol) };
    });
    const selfClash = edits.some((a, i) => edits.some((b, j) => i < j && clash(a, b)));
    if (selfClash || edits.some((a) => taken.some((b) => clash(a, b)))) {
      deferred.push(finding);
      continue;
    }
    taken.push(...edits);
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

/** Two edits clash when the order they go in would change the result. */
function clash(a: OffsetEdit, b: OffsetEdit): boolean {
  const aInsert = a.start === a.end;
  const bInsert = b.start === b.end;
  if (aInsert && bInsert) return a.start === b.start;
  if (aInsert) return b.start < a.start && a.start < b.end;
  if (bInsert) return a.start < b.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
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
