// Reads a Dockerfile the way BuildKit's parser (moby/buildkit frontend/dockerfile/parser) does:
// parser directives only in the uninterrupted run at the top; a line continues only when it ends in
// an escape character that is not itself escaped; comment lines and empty lines inside a
// continuation are skipped; exec form is exactly what decodes as a JSON array of strings;
// heredocs on RUN, COPY and ADD swallow the lines up to their terminator.
//
// We do not use dockerfile-ast for this: it continues lines ending in `\\`, decodes exec form
// wrongly, and re-parses in 9 ms per 1k lines where this single pass takes well under one
// (see README, "Why our own parser", and test/unit/parser-fidelity.test.ts for each disagreement).
import type {
  Comment,
  Directive,
  DockerfileModel,
  EscapeChar,
  EscapeInfo,
  ExecDecision,
  Flag,
  Heredoc,
  Instruction,
  LineBreaks,
  ParseError,
  Position,
  Range,
  Segment,
  Word,
} from './model';
import { decodeJsonArray, type JsonString } from './json';
import { firstTooLongLine, MAX_LINE_BYTES } from './scanner';
import { matchDirectiveLine } from './directiveLine';
import { withExpansionBudget } from './lexer';
import { buildStages, type Reuse } from './stages';
import { MEMOS } from './memo';
import { extractFlags, isByteSpace, rebindFlag, isKeywordSeparator, isSpace, leadingWhitespace, splitAtWhitespace, splitWords } from './words';

export const KNOWN_INSTRUCTIONS: ReadonlySet<string> = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

/** Instructions whose arguments Docker tries as a JSON array first. */
const MAYBE_JSON = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'ADD', 'COPY', 'VOLUME']);
const HEREDOC_CAPABLE = new Set(['RUN', 'COPY', 'ADD']);
/** BuildKit's parseStringsWhitespaceDelimited: split at whitespace, quotes and escapes ignored. */
const WHITESPACE_DELIMITED = new Set(['FROM', 'COPY', 'ADD', 'VOLUME', 'EXPOSE']);
const KNOWN_DIRECTIVES = new Set(['escape', 'syntax', 'check']);

/** Physical lines as the editor splits them (see DockerfileModel.lines). */
export function splitLines(text: string): string[] {
  // Splitting at a string is several times faster than at the pattern; most files have no CR.
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}

/** The line feeds in `text[from, to)`, and those of them after a CR (the CR may stand just before `from`). */
export function countBreaks(text: string, from = 0, to = text.length): LineBreaks {
  let crlf = 0;
  let lf = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) {
    lf++;
    if (at > 0 && text.charCodeAt(at - 1) === 0x0d) crlf++;
  }
  return { lf, crlf };
}

/** The line terminator most used: `\r\n` when at least half the line feeds follow a CR. */
export function eolOf(breaks: LineBreaks): '\r\n' | '\n' {
  return breaks.crlf > 0 && breaks.crlf * 2 >= breaks.lf ? '\r\n' : '\n';
}

/** The empty string after a final line terminator is no line (see parseUnits). */
export function lineCount(lines: readonly string[]): number {
  return lines.length > 0 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
}

/**
 * What the line-by-line reading carries from one line to the next, and what it collects. Below
 * the leading directives the only state is the escape character: every instruction, comment line
 * and blank line that starts on a line of its own is read the same whatever came before, which is
 * what lets a re-parse (incremental.ts) read again only the lines an edit touched.
 */
export interface UnitState {
  lines: readonly string[];
  /** Lines to read (lineCount). */
  n: number;
  escape: EscapeInfo;
  directivesDone: boolean;
  /** Active directives by name (only while directivesDone is false). */
  seen: Map<string, Directive>;
  directives: Directive[];
  comments: Comment[];
  instructions: Instruction[];
  parseErrors: ParseError[];
}

export function parseDockerfile(input: string): DockerfileModel {
  const hasBOM = input.charCodeAt(0) === 0xfeff;
  const text = hasBOM ? input.slice(1) : input;
  const lines = splitLines(text);
  const state: UnitState = {
    lines,
    n: lineCount(lines),
    escape: { char: '\\', source: 'default' },
    directivesDone: false,
    seen: new Map(),
    directives: [],
    comments: [],
    instructions: [],
    parseErrors: [],
  };
  parseUnits(state, 0);
  return finishModel(text, hasBOM, countBreaks(text), state);
}

/**
 * A model's text joined only when something reads `model.text` (a re-parse from a one-line edit:
 * incremental.ts), with the first line too long for Docker worked out by the caller (-1: none).
 */
export interface DeferredText {
  readonly length: number;
  read(): string;
  tooLongLine: number;
}

/** The file-wide checks after the lines were read, then the stages (shared with the re-parse). */
/** `reuse`: the model a re-parse started from, whose stages may be taken over (see buildStages). */
export function finishModel(source: string | DeferredText, hasBOM: boolean, breaks: LineBreaks, state: UnitState, reuse?: Reuse): DockerfileModel {
  const { lines, parseErrors } = state;
  const text = typeof source === 'string' ? source : '';
  const line = typeof source === 'string' ? tooLongLineOf(source, hasBOM) : source.tooLongLine;
  if (line >= 0) {
    parseErrors.push({
      message: `this line is longer than ${MAX_LINE_BYTES - 1} bytes: Docker's parser cannot read it ("dockerfile line greater than max allowed size of ${MAX_LINE_BYTES - 1}")`,
      range: lineRange(line, 0, lines[line].length),
      kind: 'line-too-long',
    });
  }

  if (state.instructions.length === 0) {
    // BuildKit's parser fails on a file with no instructions; line 1 is where a FROM belongs.
    parseErrors.push({ message: 'file with no instructions: Docker cannot build it (a Dockerfile starts with FROM)', range: lineRange(0, 0, 0), kind: 'no-instructions' });
  }

  const model: DockerfileModel = {
    lines: state.lines as string[],
    text,
    hasBOM,
    eol: eolOf(breaks),
    breaks,
    directives: state.directives,
    escape: state.escape,
    comments: state.comments,
    instructions: state.instructions,
    globalArgs: [],
    stages: [],
    parseErrors,
    [MEMOS]: undefined,
  };
  if (typeof source !== 'string') deferText(model, source);
  // One budget of pattern matching work for the whole file, linear in its length.
  withExpansionBudget(source.length, () => buildStages(model, reuse));
  return model;
}

/**
 * `model.text` read from `source` when first asked. A function of its own: the getter's closure
 * must hold nothing but the text (one made inside finishModel shared its scope with the stages'
 * closure, and so kept the previous model, and that one its own, every version of the document).
 */
function deferText(model: DockerfileModel, source: DeferredText): void {
  let read: string | undefined;
  let pending: DeferredText | undefined = source;
  const text = (): string => {
    if (pending !== undefined) {
      read = pending.read();
      pending = undefined;
    }
    return read as string;
  };
  Object.defineProperty(model, 'text', { enumerable: true, configurable: true, get: text });
}

/** The line of the first line Docker's scanner cannot read, or -1. */
function tooLongLineOf(text: string, hasBOM: boolean): number {
  const tooLong = firstTooLongLine(text, hasBOM ? 3 : 0);
  return tooLong < 0 ? -1 : (text.slice(0, tooLong).match(/\r\n|\r|\n/g)?.length ?? 0);
}

/**
 * Reads units (an instruction with its continuation and heredoc lines, a comment line, a blank
 * line) from line `from` until the lines run out or `stop(i)` is true at the start of a unit.
 * Returns the line where it stopped.
 */
export function parseUnits(state: UnitState, from: number, stop?: (line: number) => boolean): number {
  const { lines, n, directives, comments, instructions, parseErrors } = state;
  // Parser directives: the leading run of `# key=value` lines with known keys. The first line that
  // is anything else (a blank line, a plain comment, an unknown key, an instruction) ends the run.
  const considerDirective = (lineNo: number, trimmed: string, indent: number) => {
    const m = matchDirectiveLine(trimmed);
    if (!m) {
      state.directivesDone = true;
      return;
    }
    const name = m.name.toLowerCase();
    const known = KNOWN_DIRECTIVES.has(name);
    const active = !state.directivesDone && known;
    if (!state.directivesDone && !known) state.directivesDone = true;
    const nameStart = indent + m.nameStart;
    const valueStart = indent + m.valueStart;
    const d: Directive = {
      name,
      value: m.value,
      line: lineNo,
      range: lineRange(lineNo, indent, indent + trimmed.length),
      nameRange: lineRange(lineNo, nameStart, nameStart + m.name.length),
      valueRange: lineRange(lineNo, valueStart, valueStart + m.value.length),
      active,
      known,
    };
    directives.push(d);
    if (active) {
      const first = state.seen.get(name);
      if (name === 'escape' && !first && (d.value === '`' || d.value === '\\')) {
        state.escape = { char: d.value as EscapeChar, source: 'directive', directive: d };
      }
      // BuildKit fails on any directive given twice. A second escape has its own rule (with a fix).
      if (first && name !== 'escape') {
        parseErrors.push({
          message: `only one ${name} parser directive can be used: line ${first.line + 1} already gives one, and Docker fails on the second`,
          range: d.range,
          kind: 'duplicate-directive',
        });
      }
      if (!first) state.seen.set(name, d);
    }
  };

  let i = from;
  // The empty string after a final line terminator is no line: BuildKit's scanner stops there, so a
  // continuation at the end of the file does not run into it (nor count it as an empty line).
  while (i < n) {
    if (stop !== undefined && stop(i)) return i;
    const raw = lines[i];
    const indent = leadingWhitespace(raw);
    const first = raw.slice(indent);
    if (first.startsWith('#')) {
      comments.push({ line: i, text: first.slice(1).trim(), range: lineRange(i, indent, raw.length) });
      if (!state.directivesDone) considerDirective(i, first, indent);
      else if (matchDirectiveLine(first)) considerDirective(i, first, indent);
      i++;
      continue;
    }
    state.directivesDone = true;
    if (first.length === 0) {
      i++;
      continue;
    }
    const esc = state.escape.char;
    const startLine = i;
    const segments: Segment[] = [];
    let emptyContinuationLines: number[] | undefined;
    let commentLines: number[] | undefined;
    let joined = '';
    let [content, ended] = trimContinuation(first, esc);
    segments.push({ offset: 0, line: i, character: indent, length: content.length });
    joined = content;
    let lastLine = i;
    while (!ended && i + 1 < n) {
      i++;
      const next = lines[i];
      const ws = leadingWhitespace(next);
      if (next.charCodeAt(ws) === 0x23 /* # */) {
        (commentLines ??= []).push(i);
        comments.push({ line: i, text: next.slice(ws + 1).trim(), range: lineRange(i, ws, next.length) });
        continue;
      }
      if (ws === next.length) {
        (emptyContinuationLines ??= []).push(i);
        continue;
      }
      [content, ended] = trimContinuation(next, esc);
      segments.push({ offset: joined.length, line: i, character: 0, length: content.length });
      joined += content;
      lastLine = i;
    }
    // A copy of the exact length: an array grown by push keeps room for 16 more (a 50k-line file
    // has 35k instructions, mostly of one line).
    const instruction = buildInstruction(joined, segments.slice(), startLine, lastLine, esc, parseErrors);
    if (emptyContinuationLines) instruction.emptyContinuationLines = emptyContinuationLines;
    if (commentLines) instruction.commentLines = commentLines;
    i++;
    if (canContainHeredoc(instruction) && joined.includes('<<')) {
      i = readHeredocs(instruction, lines, i, n, parseErrors);
    }
    instruction.endLine = Math.max(instruction.endLine, i - 1);
    instructions.push(instruction);
  }
  return i;
}

/**
 * BuildKit's canContainHeredoc: RUN, COPY and ADD (also as an ONBUILD trigger) read heredocs, except
 * in exec form, where `<<EOF` is just a JSON string.
 */
function canContainHeredoc(ins: Instruction): boolean {
  const target = ins.keyword === 'ONBUILD' && ins.trigger ? ins.trigger : ins;
  return HEREDOC_CAPABLE.has(target.keyword) && target.exec?.form !== 'exec';
}

/**
 * BuildKit's `([^\\])\\[ \t]*$|^\\[ \t]*$`: the line continues when its last non-blank character is
 * the escape character and the one before it is not. Returns the text without that character.
 */
export function trimContinuation(line: string, esc: string): [string, boolean] {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  if (end === 0 || line[end - 1] !== esc) return [line, true];
  if (end >= 2 && line[end - 2] === esc) return [line, true];
  return [line.slice(0, end - 1), false];
}

/** `range` moved `delta` lines. */
export function shiftRange(range: Range, delta: number): Range {
  return { start: { line: range.start.line + delta, character: range.start.character }, end: { line: range.end.line + delta, character: range.end.character } };
}

/** The instruction `delta` lines further down, as a new object (see ParsedInstruction.shifted). */
export function shiftInstruction(ins: Instruction, delta: number): Instruction {
  if (!(ins instanceof ParsedInstruction)) throw new Error('shiftInstruction: not an instruction this parser made');
  return ins.shifted(delta);
}

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

const NONE: never[] = Object.freeze([]) as unknown as never[];

/**
 * An instruction as the model hands it out. Position mapping and the word split are methods and
 * a lazy getter on the prototype: a 50k-line file has tens of thousands of instructions, and most
 * rules never ask for the words of a RUN.
 */
class ParsedInstruction implements Instruction {
  keyword: string;
  rawKeyword: string;
  known: boolean;
  /** Offsets in `text` of the keyword and of the end of the arguments; ranges are made on demand. */
  private keywordStart = 0;
  private keywordEnd = 0;
  private argsEnd = 0;
  private cachedRanges?: { keyword: Range; whole: Range; args: Range };
  startLine: number;
  endLine: number;
  text: string;
  segments: Segment[];
  flags: Flag[] = NONE;
  argsText = '';
  argsOffset = 0;
  exec?: ExecDecision;
  execOffset?: number;
  heredocs: Heredoc[] = NONE;
  emptyContinuationLines: number[] = NONE;
  commentLines: number[] = NONE;
  stageIndex = -1;
  trigger?: Instruction;
  private cachedWords?: Word[];
  /** Values derived from the instruction (memo.ts), declared here so every instruction has one shape. */
  [MEMOS]?: Record<symbol, unknown> = undefined;

  constructor(
    text: string,
    segments: Segment[],
    startLine: number,
    endLine: number,
    keyword: string,
    private readonly escapeChar: EscapeChar,
    /** For an ONBUILD trigger: the ONBUILD instruction and where the trigger's text starts in it. */
    private readonly parent?: { ins: ParsedInstruction; offset: number },
  ) {
    this.text = text;
    this.segments = segments;
    this.startLine = startLine;
    this.endLine = endLine;
    this.rawKeyword = keyword;
    this.keyword = keyword.toUpperCase();
    this.known = KNOWN_INSTRUCTIONS.has(this.keyword);
  }

  /** Sets where the keyword and the arguments are; called once by the parser. */
  locate(keywordStart: number, keywordEnd: number, argsStart: number, argsEnd: number, argsText: string): void {
    this.keywordStart = keywordStart;
    this.keywordEnd = keywordEnd;
    this.argsOffset = argsStart;
    this.argsEnd = argsEnd;
    this.argsText = argsText;
  }

  /**
   * The same instruction `delta` lines further down (a re-parse after lines were added or removed
   * above it): a new object, so nothing derived from the old positions (cached ranges, words,
   * values rules kept on it) comes along. Stage membership is left to buildStages.
   */
  shifted(delta: number, parent?: { ins: ParsedInstruction; offset: number }): ParsedInstruction {
    const segments = parent ? parent.ins.segments : this.segments.map((s) => ({ offset: s.offset, line: s.line + delta, character: s.character, length: s.length }));
    const copy = new ParsedInstruction(this.text, segments, this.startLine + delta, this.endLine + delta, this.rawKeyword, this.escapeChar, parent);
    copy.locate(this.keywordStart, this.keywordEnd, this.argsOffset, this.argsEnd, this.argsText);
    if (this.flags !== NONE) copy.flags = this.flags.map((f) => rebindFlag(f, copy));
    if (this.exec !== undefined) copy.exec = this.exec;
    if (this.execOffset !== undefined) copy.execOffset = this.execOffset;
    if (this.heredocs !== NONE) copy.heredocs = this.heredocs.map((h) => ({ ...h, range: shiftRange(h.range, delta), bodyStartLine: h.bodyStartLine + delta, bodyEndLine: h.bodyEndLine + delta }));
    if (this.emptyContinuationLines !== NONE) copy.emptyContinuationLines = this.emptyContinuationLines.map((l) => l + delta);
    if (this.commentLines !== NONE) copy.commentLines = this.commentLines.map((l) => l + delta);
    if (this.trigger !== undefined) copy.trigger = (this.trigger as ParsedInstruction).shifted(delta, { ins: copy, offset: this.argsOffset });
    return copy;
  }

  private ranges(): { keyword: Range; whole: Range; args: Range } {
    return (this.cachedRanges ??= {
      keyword: this.rangeOf(this.keywordStart, this.keywordEnd),
      whole: this.rangeOf(this.keywordStart, Math.max(this.argsEnd, this.keywordEnd)),
      args: this.rangeOf(this.argsOffset, this.argsEnd),
    });
  }

  get keywordRange(): Range {
    return this.ranges().keyword;
  }

  get range(): Range {
    return this.ranges().whole;
  }

  get argsRange(): Range {
    return this.ranges().args;
  }

  get words(): Word[] {
    if (this.cachedWords === undefined) {
      // Kept as long as the instruction: copied to its exact length (see segments above).
      this.cachedWords = (
        WHITESPACE_DELIMITED.has(this.keyword) ? splitAtWhitespace(this.argsText, this.argsOffset, this) : splitWords(this.argsText, this.argsOffset, this.escapeChar, this)
      ).slice();
    }
    return this.cachedWords;
  }

  positionAt(offset: number): Position {
    if (this.parent) return this.parent.ins.positionAt(offset + this.parent.offset);
    const segments = this.segments;
    // Last segment starting at or before offset, preferring non-empty ones.
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid].offset <= offset && (segments[mid].length > 0 || segments[mid].offset < offset)) lo = mid;
      else hi = mid - 1;
    }
    const seg = segments[lo];
    const delta = Math.min(Math.max(offset - seg.offset, 0), seg.length);
    return { line: seg.line, character: seg.character + delta };
  }

  rangeOf(start: number, end: number): Range {
    const s = this.positionAt(start);
    if (end <= start) return { start: s, end: s };
    const last = this.positionAt(end - 1);
    return { start: s, end: { line: last.line, character: last.character + 1 } };
  }
}

/**
 * BuildKit parses `ONBUILD ONBUILD ...` to any depth (then refuses to chain them); Go's stack grows,
 * ours does not: 100 000 of them overflowed it. Below this depth the innermost ONBUILD keeps its
 * arguments unparsed; the chain is an error either way.
 */
const MAX_ONBUILD_DEPTH = 64;

function buildInstruction(
  text: string,
  segments: Segment[],
  startLine: number,
  endLine: number,
  esc: EscapeChar,
  parseErrors: ParseError[],
  parent?: { ins: ParsedInstruction; offset: number },
  depth = 0,
): ParsedInstruction {
  // splitCommand trims the line (unicode.IsSpace) before it splits the keyword off at [\t\v\f\r ]
  // only: `ENTRYPOINT\u00a0[...]` is one unknown word, but `RUN\u00a0` at the end of a line is RUN.
  const lead = leadingWhitespace(text);
  let trimmedEnd = text.length;
  while (trimmedEnd > lead && isSpace(text.charCodeAt(trimmedEnd - 1))) trimmedEnd--;
  let kwEnd = lead;
  while (kwEnd < trimmedEnd && !isKeywordSeparator(text.charCodeAt(kwEnd))) kwEnd++;
  const instruction = new ParsedInstruction(text, segments, startLine, endLine, text.slice(lead, kwEnd), esc, parent);
  const keyword = instruction.keyword;
  let restStart = kwEnd;
  while (restStart < trimmedEnd && isKeywordSeparator(text.charCodeAt(restStart))) restStart++;

  const extracted = extractFlags(text, restStart, trimmedEnd, instruction);
  const flags = extracted.flags;
  let argsStart = extracted.argsStart;
  while (argsStart < trimmedEnd && isSpace(text.charCodeAt(argsStart))) argsStart++;
  const argsText = text.slice(argsStart, trimmedEnd);
  if (flags.length > 0) instruction.flags = flags;
  instruction.locate(lead, kwEnd, argsStart, trimmedEnd, argsText);
  if (MAYBE_JSON.has(keyword)) {
    instruction.exec = decideExecForm(argsText);
  } else if (keyword === 'HEALTHCHECK') {
    // `HEALTHCHECK CMD ...`: the part after the first word is read like RUN's arguments.
    let sep = 0;
    while (sep < argsText.length && !isByteSpace(argsText.charCodeAt(sep))) sep++;
    let next = sep;
    while (next < argsText.length && isByteSpace(argsText.charCodeAt(next))) next++;
    if (sep > 0 && argsText.slice(0, sep).toUpperCase() === 'CMD') {
      instruction.execOffset = next;
      instruction.exec = decideExecForm(argsText.slice(next));
    }
  } else if (keyword === 'ONBUILD' && argsText.length > 0 && depth < MAX_ONBUILD_DEPTH) {
    instruction.trigger = buildInstruction(argsText, segments, startLine, endLine, esc, parseErrors, { ins: instruction, offset: argsStart }, depth + 1);
  }
  if (instruction.exec?.form === 'invalid') {
    parseErrors.push({ message: instruction.exec.reason, range: instruction.argsRange, kind: 'not-string-array' });
  }
  return instruction;
}

/** Docker's parseJSON/parseMaybeJSON: exec form only when the text decodes as a JSON array of strings. */
export function decideExecForm(argsText: string): ExecDecision {
  let lead = 0;
  while (lead < argsText.length && isSpace(argsText.charCodeAt(lead))) lead++;
  if (argsText[lead] !== '[') return { form: 'shell' };
  const result = decodeJsonArray(argsText);
  if (!result.ok) return { form: 'shell', jsonError: { message: result.message, offset: result.offset } };
  if (result.elements.some((e) => typeof e !== 'string')) {
    return { form: 'invalid', reason: 'the JSON array holds something other than strings; Docker fails the build' };
  }
  return { form: 'exec', values: result.elements as string[], strings: result.strings as JsonString[] };
}

const HEREDOC_WORD = /^(\d*)<<(-?)([^<]*)$/;

/** Reads the bodies of the heredocs an instruction opens; returns the next line to parse. */
function readHeredocs(instruction: Instruction, lines: readonly string[], from: number, end: number, parseErrors: ParseError[]): number {
  let i = from;
  // Heredoc words are found with BuildKit's shell lexer, which always uses `\` as escape.
  for (const word of splitWords(instruction.text, 0, '\\', instruction)) {
    const m = HEREDOC_WORD.exec(word.text);
    if (!m || m[3].length === 0) continue;
    const rest = m[3];
    const name = rest.replace(/["']/g, '');
    if (name.length === 0 || /\s/.test(name)) continue;
    const heredoc: Heredoc = {
      name,
      chomp: m[2] === '-',
      quoted: name !== rest,
      range: word.range,
      bodyStartLine: i,
      bodyEndLine: i - 1,
      content: '',
      terminated: false,
    };
    const parts: string[] = [];
    while (i < end) {
      const line = lines[i];
      const candidate = heredoc.chomp ? line.replace(/^\t+/, '') : line;
      i++;
      if (candidate === name) {
        heredoc.terminated = true;
        break;
      }
      parts.push(heredoc.chomp ? candidate : line);
      heredoc.bodyEndLine = i - 1;
    }
    heredoc.content = parts.length ? parts.join('\n') + '\n' : '';
    if (!heredoc.terminated) {
      parseErrors.push({ message: `unterminated heredoc: no line reads "${name}"`, range: word.range, kind: 'unterminated-heredoc' });
    }
    if (instruction.heredocs === NONE) instruction.heredocs = [];
    instruction.heredocs.push(heredoc);
  }
  return i;
}

/** The instruction that covers `line`, if any (instructions are sorted by line). */
export function instructionAt(model: DockerfileModel, line: number): Instruction | undefined {
  const list = model.instructions;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const ins = list[mid];
    if (line < ins.startLine) hi = mid - 1;
    else if (line > ins.endLine) lo = mid + 1;
    else return ins;
  }
  return undefined;
}
