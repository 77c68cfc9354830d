// Re-parse after an edit: read again only the lines the edit touched, and keep what the previous
// model read above and below them. The result must be exactly what parseDockerfile makes of the new
// text (test/unit/incremental-parse.test.ts compares the two after random edits).
//
// Why that holds: below the leading directives, the parser carries nothing from one unit (an
// instruction with its continuation and heredoc lines, a comment line, a blank line) to the next
// but the escape character, which only those directives set. So the units that end before the
// edit are unchanged (the one just above it is read again, as the edit may continue it), and once
// the new reading reaches a line, past the edit, where the old reading also started a unit, the
// rest is the old reading moved by the number of lines added or removed. Stages, ARG scopes and
// the file-wide checks are worked out again from the instructions; they are cheap.
import type { Comment, Directive, DockerfileModel, Instruction, LineBreaks, ParseError } from './model';
import { countBreaks, type DeferredText, finishModel, instructionAt, lineCount, parseDockerfile, parseUnits, shiftInstruction, shiftRange, splitLines, type UnitState } from './parser';
import { MAX_LINE_BYTES, utf8Length } from './scanner';

/**
 * What a re-parse kept of the model it was made from: the new instructions are the previous
 * model's below `head` (the same objects), then the instructions read again, then the previous
 * model's from its index `oldTail` on, moved by `delta` lines (the same objects when `delta` is 0).
 * A feature that kept something per instruction of the previous model (the semantic tokens) takes
 * this instead of comparing the two lists.
 */
export interface ModelEdit {
  head: number;
  oldTail: number;
  delta: number;
}

/** Each re-parsed model's edit, with the number of the model it was made from (not the model: that would keep every version alive). */
const edits = new WeakMap<DockerfileModel, ModelEdit & { from: number }>();
const numbers = new WeakMap<DockerfileModel, number>();
let numbered = 0;

function numberOf(model: DockerfileModel): number {
  let n = numbers.get(model);
  if (n === undefined) numbers.set(model, (n = ++numbered));
  return n;
}

/** How `model` was made from `previous`, when it is a re-parse of exactly that model that kept some of it. */
export function editFrom(model: DockerfileModel, previous: DockerfileModel): ModelEdit | undefined {
  const edit = edits.get(model);
  return edit !== undefined && edit.from === numbers.get(previous) ? edit : undefined;
}

/** Errors about the whole file: worked out again by finishModel. */
const FILE_WIDE: ReadonlySet<ParseError['kind']> = new Set(['line-too-long', 'no-instructions']);

/** The model of `input`, reusing what `previous` (a model of an earlier text) read where the edit did not reach. */
export function reparseDockerfile(previous: DockerfileModel, input: string): DockerfileModel {
  const hasBOM = input.charCodeAt(0) === 0xfeff;
  const text = hasBOM ? input.slice(1) : input;
  if (hasBOM !== previous.hasBOM) return parseDockerfile(input);
  if (text === previous.text) return previous;
  const edit = changedLines(previous.text, previous.lines, text);
  return reparseLines(previous, text, () => input, edit, () => breaksAfter(previous, text, edit));
}

/**
 * The model after a change inside line `line` that added or removed no line break (the server's
 * document tells: features/pieceDocument.ts), made from the previous model's lines alone: the new
 * text is neither compared nor read, and the model's `text` is joined from `snapshot` only if
 * something reads it. Undefined where the lines are not enough to be exact (a byte order mark, a
 * lone CR, a line too long for Docker's scanner, or near that limit): the caller re-parses the text.
 */
export function reparseLineEdit(previous: DockerfileModel, line: number, lineText: string, snapshot: { readonly length: number; read(): string }): DockerfileModel | undefined {
  const breaks = previous.breaks;
  const n = previous.lines.length;
  if (previous.hasBOM || breaks === undefined || line < 0 || line >= n) return undefined;
  if (line === 0 && lineText.charCodeAt(0) === 0xfeff) return undefined;
  // Docker's scanner ends a line at LF only: past a lone CR its lines are not the editor's.
  if (breaks.lf !== n - 1) return undefined;
  // Only the edited line can have become too long (or stopped being): none was before.
  if (previous.parseErrors.some((e) => e.kind === 'line-too-long')) return undefined;
  const tooLong = lineTooLong(lineText, line === n - 1 ? 0 : breaks.crlf === 0 ? 0 : breaks.crlf === breaks.lf ? 1 : undefined);
  if (tooLong === undefined) return undefined;
  const lines = previous.lines.slice();
  // A copy: instructions made from the line outlive this version, and must not keep the document's piece it was cut from.
  lines[line] = copyOf(lineText);
  const text: DeferredText = { length: snapshot.length, read: snapshot.read, tooLongLine: tooLong ? line : -1 };
  return reparseLines(previous, text, snapshot.read, { lines, first: line, newEnd: line + 1 }, () => breaks);
}

/**
 * Whether Docker's scanner finds the line too long: its bytes, with the CR before its LF (`cr`: 1,
 * 0, or undefined when the file mixes line ends). Undefined when that CR would decide it.
 */
function lineTooLong(lineText: string, cr: number | undefined): boolean | undefined {
  if (lineText.length * 3 + 1 < MAX_LINE_BYTES) return false;
  const bytes = utf8Length(lineText);
  if (bytes >= MAX_LINE_BYTES) return true;
  if (bytes + 1 < MAX_LINE_BYTES) return false;
  return cr === undefined ? undefined : bytes + cr >= MAX_LINE_BYTES;
}

/** The lines an edit touched read again; the rest taken over from `previous`. */
function reparseLines(previous: DockerfileModel, text: string | DeferredText, input: () => string, edit: Pick<LineEdit, 'lines' | 'first' | 'newEnd'>, breaks: () => LineBreaks): DockerfileModel {
  const old = previous.instructions;
  // The leading directives decide the escape character for every line: an edit above the first
  // instruction's line is read from the top, and so is one on that line that may make it a
  // directive (a `#` there). Otherwise the lines above it read as they did.
  if (old.length === 0) return parseDockerfile(input());
  // Read again from the unit that holds the first changed line, or from the instruction that ends
  // just above it (the edit may continue it: a line ending in the escape, an open heredoc).
  const holder = lastStartingAtOrBefore(old, edit.first);
  const restart = holder >= 0 && old[holder].endLine >= edit.first - 1 ? old[holder].startLine : edit.first;
  if (restart < old[0].startLine || (restart === old[0].startLine && /^\s*#/.test(edit.lines[restart] ?? '#'))) return parseDockerfile(input());

  const lines = edit.lines;
  const delta = lines.length - previous.lines.length;
  const oldN = lineCount(previous.lines);
  /** A line of the unchanged tail where the old reading started a unit: from there on nothing differs. */
  const resumes = (line: number): boolean => {
    if (line < edit.newEnd) return false;
    const was = line - delta;
    if (was >= oldN) return false;
    const ins = instructionAt(previous, was);
    return ins === undefined || ins.startLine === was;
  };
  const state: UnitState = {
    lines,
    n: lineCount(lines),
    escape: previous.escape,
    directivesDone: true,
    seen: new Map(),
    directives: [],
    comments: [],
    instructions: [],
    parseErrors: [],
  };
  const stoppedAt = parseUnits(state, restart, resumes);
  const resumed = stoppedAt < state.n;
  const oldResume = stoppedAt - delta;

  const head = lastStartingAtOrBefore(old, restart - 1) + 1;
  const tail = resumed ? firstStartingAtOrAfter(old, oldResume) : old.length;
  const instructions = joinInstructions(old, head, state.instructions, tail, delta);
  const tailFrom = resumed && delta === 0 ? head + state.instructions.length : Infinity;
  const spliced: UnitState = {
    ...state,
    directives: splice(previous.directives, state.directives, restart, resumed ? oldResume : Infinity, delta, (d) => d.line, shiftDirective),
    comments: splice(previous.comments, state.comments, restart, resumed ? oldResume : Infinity, delta, (c) => c.line, shiftComment),
    instructions,
    parseErrors: splice(
      previous.parseErrors.filter((e) => !FILE_WIDE.has(e.kind)),
      state.parseErrors,
      restart,
      resumed ? oldResume : Infinity,
      delta,
      (e) => e.range.start.line,
      (e, d) => ({ ...e, range: shiftRange(e.range, d) }),
    ),
  };
  const model = finishModel(text, previous.hasBOM, breaks(), spliced, { model: previous, head, tailFrom });
  edits.set(model, { from: numberOf(previous), head, oldTail: tail, delta });
  return model;
}

/**
 * `old`'s instructions below `head`, then `read`, then `old`'s from `tail` on moved by `delta` lines.
 * Made as one copy of `old` changed in place where the counts allow (a keystroke): pushed one by one,
 * a 50k-line file's list outgrew its store several times per edit, each a new block of memory.
 */
function joinInstructions(old: readonly Instruction[], head: number, read: readonly Instruction[], tail: number, delta: number): Instruction[] {
  const kept = old.length - tail;
  let out: Instruction[];
  if (head + read.length + kept === old.length) {
    out = old.slice();
    for (let k = 0; k < read.length; k++) out[head + k] = read[k];
  } else {
    out = old.slice(0, head);
    for (const ins of read) out.push(ins);
    for (let k = tail; k < old.length; k++) out.push(old[k]);
  }
  if (delta !== 0) for (let k = head + read.length; k < out.length; k++) out[k] = shiftInstruction(out[k], delta);
  return out;
}

const BLOCK = 2048;

interface LineEdit {
  /** The new text's lines. */
  lines: string[];
  /** First line that may differ (the same number in both texts). */
  first: number;
  /** First line of the unchanged tail in the new text (lines.length when there is none). */
  newEnd: number;
  /** Where the lines read again start (the same offset in both texts), and where they end in each. */
  from: number;
  oldTo: number;
  newTo: number;
}

/** The new text's line breaks: the old count, less the edited lines' old breaks, plus their new ones. */
function breaksAfter(previous: DockerfileModel, text: string, edit: LineEdit): LineBreaks {
  const was = previous.breaks;
  if (was === undefined) return countBreaks(text);
  // A CRLF is counted at its LF, with the character before it in the same text: the lines outside
  // the edited ones, and the character before them, are the same in both texts.
  const removed = countBreaks(previous.text, edit.from, edit.oldTo);
  const added = countBreaks(text, edit.from, edit.newTo);
  return { lf: was.lf - removed.lf + added.lf, crlf: was.crlf - removed.crlf + added.crlf };
}

/**
 * The new text's lines: the old lines above and below the changed characters kept as they were,
 * the lines between split from the new text. The middle is copied out of the new text first, so
 * the kept model does not hold every version of the document alive through substrings of it.
 */
function changedLines(oldText: string, oldLines: readonly string[], text: string): LineEdit {
  const shorter = Math.min(oldText.length, text.length);
  // Compared a block at a time with `===` on slices (the engine compares those as memory, about
  // fifty times faster than startsWith at an offset), then character by character.
  let prefix = 0;
  while (prefix + BLOCK <= shorter && oldText.slice(prefix, prefix + BLOCK) === text.slice(prefix, prefix + BLOCK)) prefix += BLOCK;
  while (prefix < shorter && oldText.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix + BLOCK <= shorter - prefix && oldText.slice(oldText.length - suffix - BLOCK, oldText.length - suffix) === text.slice(text.length - suffix - BLOCK, text.length - suffix)) suffix += BLOCK;
  while (suffix < shorter - prefix && oldText.charCodeAt(oldText.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const tailStart = oldText.length - suffix;
  // Walk the old lines to the one holding the first changed character, and to the first line that
  // starts inside the unchanged tail after at least one of its characters (the end of the line
  // break before it), so the break before it is the same in both texts.
  let first = -1;
  let firstStart = 0;
  let keepFrom = oldLines.length;
  let keepStart = oldText.length;
  let at = 0;
  for (let k = 0; k < oldLines.length; k++) {
    const end = at + oldLines[k].length;
    const eol = end >= oldText.length ? 0 : oldText.charCodeAt(end) === 0x0d && oldText.charCodeAt(end + 1) === 0x0a ? 2 : 1;
    if (first < 0 && prefix < end + eol) {
      first = k;
      firstStart = at;
    }
    if (first >= 0 && k > first && at > tailStart) {
      keepFrom = k;
      keepStart = at;
      break;
    }
    at = end + eol;
  }
  if (first < 0) {
    // The change is past the last line break: it is on the last line.
    first = oldLines.length - 1;
    firstStart = oldText.length - oldLines[first].length;
  }
  // A lone CR before the line may become half of a CRLF (a line feed typed after it): start a line earlier.
  if (first > 0 && oldText.charCodeAt(firstStart - 1) === 0x0d) {
    first--;
    firstStart -= 1 + oldLines[first].length;
  }
  const middleEnd = keepFrom < oldLines.length ? keepStart + (text.length - oldText.length) : text.length;
  const middle = copyOf(text.slice(firstStart, middleEnd));
  const middleLines = splitLines(middle);
  // A kept line follows: the middle ends with the break before it, whose empty remainder is no line.
  if (keepFrom < oldLines.length) middleLines.pop();
  const lines = oldLines.slice(0, first);
  for (const line of middleLines) lines.push(line);
  const newEnd = lines.length;
  for (let k = keepFrom; k < oldLines.length; k++) lines.push(oldLines[k]);
  return { lines, first, newEnd, from: firstStart, oldTo: keepStart, newTo: middleEnd };
}

/** A flat copy of `s`, holding no reference to the string it was cut from. */
function copyOf(s: string): string {
  // V8 flattens the concatenation into a new string; the slice then refers to that copy only.
  return (' ' + s).slice(1);
}

/** Old items above `restart`, the new reading's, then the old ones from `oldResume` moved `delta` lines. */
function splice<T>(old: readonly T[], fresh: readonly T[], restart: number, oldResume: number, delta: number, lineOf: (item: T) => number, shift: (item: T, delta: number) => T): T[] {
  const out: T[] = [];
  for (const item of old) {
    if (lineOf(item) < restart) out.push(item);
  }
  for (const item of fresh) out.push(item);
  if (oldResume !== Infinity) {
    for (const item of old) {
      if (lineOf(item) >= oldResume) out.push(delta === 0 ? item : shift(item, delta));
    }
  }
  return out;
}

function shiftDirective(d: Directive, delta: number): Directive {
  return { ...d, line: d.line + delta, range: shiftRange(d.range, delta), nameRange: shiftRange(d.nameRange, delta), valueRange: shiftRange(d.valueRange, delta) };
}

function shiftComment(c: Comment, delta: number): Comment {
  return { line: c.line + delta, text: c.text, range: shiftRange(c.range, delta) };
}

/** Index of the last instruction starting at or before `line`, or -1. */
function lastStartingAtOrBefore(list: readonly Instruction[], line: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].startLine <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function firstStartingAtOrAfter(list: readonly Instruction[], line: number): number {
  return lastStartingAtOrBefore(list, line - 1) + 1;
}
