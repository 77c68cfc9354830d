// Semantic tokens: what a TextMate grammar cannot know, because it needs the whole file read the way
// Docker reads it. The escape character in force (a directive only counts in the leading run; a
// directive-shaped comment further down is a plain comment), stage names and the places that use
// them, ARG and ENV names where they are declared and where they are used (telling the two apart and
// an ARG from an ENV), the strings of what Docker really takes as exec form, and a Windows path's
// trailing backslash that Docker reads as a continuation, swallowing the next line.
//
// Everything comes from the model the other features share (no second parse) and the rules' own
// knowledge (which stages are Windows, which continuations end a path). One pass over the
// instructions; tokens come out in document order, so no sort of the whole list.
import type { DockerfileModel, Instruction, Stage } from '../dockerfile/model';
import { PLATFORM_ARGS } from '../dockerfile/stages';
import { windowsPathContinuations } from '../rules/mission/backtick-rewrite';
import { keyValues } from '../rules/buildkit/common';
import { isWindowsStage } from '../windows/stage';

export const TOKEN_TYPES = ['class', 'parameter', 'variable', 'string', 'operator', 'macro', 'comment'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'defaultLibrary', 'deprecated'] as const;

type TokenType = (typeof TOKEN_TYPES)[number];
const TYPE: Record<TokenType, number> = Object.fromEntries(TOKEN_TYPES.map((t, i) => [t, i])) as Record<TokenType, number>;
const DECLARATION = 1;
const DEFAULT_LIBRARY = 2;
const DEPRECATED = 4;

export const LEGEND = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

/** Instructions whose arguments BuildKit expands itself (its shell lexer), so every `$X` is a use. */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);
/** Shell-form commands: the shell sees ARG and ENV values as environment, so a declared `$X` is one. */
const SHELL_RUN = new Set(['RUN', 'CMD', 'ENTRYPOINT']);

/** Tokens of one line region, collected per instruction and ordered there. */
interface Token {
  line: number;
  character: number;
  length: number;
  type: number;
  modifiers: number;
}

type VariableKind = 'arg' | 'env';

/** The encoded data of `textDocument/semanticTokens/full` for the model. */
export function semanticTokens(model: DockerfileModel): number[] {
  const out = new Encoder();
  emitDirectives(model, out);

  const stagesByName = new Map<string, Stage>();
  for (const stage of model.stages) {
    const key = stage.name?.toLowerCase();
    if (key !== undefined && !stagesByName.has(key)) stagesByName.set(key, stage);
  }
  // The trailing `\` of a Windows path, which Docker reads as a continuation, by line.
  const suspicious = new Map<number, { swallowedLine?: number }>();
  if (model.escape.char === '\\') {
    for (const f of windowsPathContinuations(model)) {
      const k = f.ins.segments.findIndex((s) => s.line === f.line);
      const next = f.ins.segments[k + 1];
      suspicious.set(f.line, { swallowedLine: f.swallowed !== undefined ? next?.line : undefined });
    }
  }

  const globals = new Map<string, VariableKind>();
  const stageScopes: Array<Map<string, VariableKind>> = [];
  let scope = globals;
  const inactive = inactiveDirectives(model);
  let nextInactive = 0;
  const tokens: Token[] = [];
  for (const ins of model.instructions) {
    // A directive-shaped comment Docker ignores can stand between (or inside) instructions.
    while (nextInactive < inactive.length && inactive[nextInactive].line < ins.startLine) {
      out.push(inactive[nextInactive].line, inactive[nextInactive].character, inactive[nextInactive].length, TYPE.comment, 0);
      nextInactive++;
    }
    if (ins.keyword === 'FROM') {
      const stage = model.stages[ins.stageIndex];
      scope = new Map();
      // ENV carries over into a stage built on an earlier one; ARG does not.
      const parent = stage?.image.stageRef !== undefined ? stageScopes[stage.image.stageRef] : undefined;
      if (parent) for (const [name, kind] of parent) if (kind === 'env') scope.set(name, kind);
      if (stage) stageScopes[stage.index] = scope;
    }
    tokens.length = 0;
    instructionTokens(model, ins, ins.keyword === 'FROM' ? globals : scope, stagesByName, suspicious, tokens);
    // Inactive directives inside this instruction's continuation.
    while (nextInactive < inactive.length && inactive[nextInactive].line <= ins.endLine) {
      const d = inactive[nextInactive++];
      tokens.push({ line: d.line, character: d.character, length: d.length, type: TYPE.comment, modifiers: 0 });
    }
    if (!inOrder(tokens)) tokens.sort((a, b) => a.line - b.line || a.character - b.character);
    let lastLine = -1;
    let lastEnd = 0;
    for (const t of tokens) {
      // Never two tokens over one character: the first (outermost) wins.
      if (t.line === lastLine && t.character < lastEnd) continue;
      out.push(t.line, t.character, t.length, t.type, t.modifiers);
      lastLine = t.line;
      lastEnd = t.character + t.length;
    }
  }
  for (; nextInactive < inactive.length; nextInactive++) out.push(inactive[nextInactive].line, inactive[nextInactive].character, inactive[nextInactive].length, TYPE.comment, 0);
  return out.data;
}

function inOrder(tokens: Token[]): boolean {
  for (let i = 1; i < tokens.length; i++) {
    const a = tokens[i - 1];
    const b = tokens[i];
    if (b.line < a.line || (b.line === a.line && b.character < a.character)) return false;
  }
  return true;
}

/** The active escape directive: its name as a directive, its character as the escape character in force. */
function emitDirectives(model: DockerfileModel, out: Encoder): void {
  for (const d of model.directives) {
    if (!d.active) continue;
    out.push(d.nameRange.start.line, d.nameRange.start.character, d.nameRange.end.character - d.nameRange.start.character, TYPE.macro, 0);
    if (d === model.escape.directive) out.push(d.valueRange.start.line, d.valueRange.start.character, 1, TYPE.operator, 0);
  }
}

/** Directive-shaped comments after the leading run: plain comments to Docker, whatever the grammar shows. */
function inactiveDirectives(model: DockerfileModel): Array<{ line: number; character: number; length: number }> {
  const list: Array<{ line: number; character: number; length: number }> = [];
  for (const d of model.directives) {
    if (d.active || !d.known) continue;
    list.push({ line: d.line, character: d.range.start.character, length: d.range.end.character - d.range.start.character });
  }
  return list;
}

function instructionTokens(
  model: DockerfileModel,
  ins: Instruction,
  scope: Map<string, VariableKind>,
  stagesByName: Map<string, Stage>,
  suspicious: Map<number, { swallowedLine?: number }>,
  tokens: Token[],
): void {
  const esc = model.escape.char;
  // The escape character that continues each line, as Docker reads it.
  for (let k = 0; k < ins.segments.length - 1; k++) {
    const seg = ins.segments[k];
    const odd = suspicious.get(seg.line);
    tokens.push({ line: seg.line, character: seg.character + seg.length, length: 1, type: TYPE.operator, modifiers: odd ? DEPRECATED : 0 });
    if (odd?.swallowedLine !== undefined) {
      // The instruction on the next line is now an argument of this one: not a keyword any more.
      const next = ins.segments[k + 1];
      const text = model.lines[next.line];
      let start = next.character;
      while (start < text.length && (text[start] === ' ' || text[start] === '\t')) start++;
      let end = start;
      while (end < text.length && /[A-Za-z]/.test(text[end])) end++;
      if (end > start) tokens.push({ line: next.line, character: start, length: end - start, type: TYPE.string, modifiers: DEPRECATED });
    }
  }
  if (ins.keyword === 'ONBUILD') return;

  const stage = ins.stageIndex >= 0 ? model.stages[ins.stageIndex] : undefined;
  if (ins.keyword === 'FROM' && stage) {
    if (stage.nameRange) pushRange(tokens, stage.nameRange, TYPE.class, DECLARATION);
    if (stage.image.stageRef !== undefined && stage.image.variables.length === 0) pushRange(tokens, stage.image.range, TYPE.class, 0);
  }
  // `--from=stage` (COPY, ADD) and `--mount=...,from=stage` (RUN): a stage by name or index.
  for (const flag of ins.flags) {
    const name = flag.name.toLowerCase();
    if (flag.value === undefined || flag.valueRange === undefined) continue;
    if (name === 'from' && (ins.keyword === 'COPY' || ins.keyword === 'ADD')) {
      if (namesStage(flag.value, stagesByName, model)) pushRange(tokens, flag.valueRange, TYPE.class, 0);
    } else if (name === 'mount' && ins.keyword === 'RUN') {
      for (const part of mountFrom(ins, flag.value)) {
        if (namesStage(part.value, stagesByName, model)) pushSpan(tokens, ins, part.start, part.end, TYPE.class, 0);
      }
    }
  }

  // Exec form: the JSON strings Docker passes as they are (it never runs them through a shell).
  const exec = ins.exec;
  const execBase = ins.argsOffset + (ins.execOffset ?? 0);
  const expands = EXPANDED.has(ins.keyword);
  const shellUses = SHELL_RUN.has(ins.keyword) && exec?.form === 'shell' && !(stage && isWindowsStage(model, stage));
  // From just after the keyword: flags are expanded too (`--chown=$UID`).
  const uses = expands || shellUses ? variableUses(ins.text, ins.rawKeyword.length, esc) : [];

  if (exec?.form === 'exec') {
    let u = 0;
    for (const s of exec.strings) {
      let from = execBase + s.start;
      const end = execBase + s.end;
      // A variable BuildKit expands inside an exec-form COPY splits the string's token.
      while (u < uses.length && uses[u].start < end) {
        const use = uses[u++];
        if (use.start < from) continue;
        if (use.start > from) pushSpan(tokens, ins, from, use.start, TYPE.string, 0);
        from = Math.min(use.end, end);
      }
      if (end > from) pushSpan(tokens, ins, from, end, TYPE.string, 0);
    }
  }

  // Declarations first seen here are in scope for the instructions after, not for this one's uses
  // (`ENV PATH=/x:$PATH` uses the PATH from before).
  for (const use of uses) {
    const kind = scope.get(use.name);
    if (kind === undefined) {
      if (ins.keyword === 'FROM' && PLATFORM_ARGS.has(use.name)) pushSpan(tokens, ins, use.start, use.end, TYPE.parameter, DEFAULT_LIBRARY);
      else if (expands) pushSpan(tokens, ins, use.start, use.end, TYPE.variable, 0);
      continue;
    }
    pushSpan(tokens, ins, use.start, use.end, kind === 'arg' ? TYPE.parameter : TYPE.variable, 0);
  }

  if (ins.keyword === 'ARG') {
    for (const word of ins.words) {
      const eq = word.text.indexOf('=');
      const name = eq >= 0 ? word.text.slice(0, eq) : word.text;
      if (name.length === 0) continue;
      const start = ins.argsOffset + word.offset;
      pushSpan(tokens, ins, start, start + name.length, TYPE.parameter, DECLARATION | (PLATFORM_ARGS.has(name) ? DEFAULT_LIBRARY : 0));
      // An ENV of the same name wins over the ARG in Docker, whatever comes later.
      if (scope.get(name) !== 'env') scope.set(name, 'arg');
    }
  } else if (ins.keyword === 'ENV') {
    const kv = keyValues(ins);
    for (const pair of kv.pairs) {
      if (pair.keyText.length === 0) continue;
      const start = ins.argsOffset + pair.keyOffset;
      pushSpan(tokens, ins, start, start + pair.keyText.length, TYPE.variable, DECLARATION);
      scope.set(pair.keyText, 'env');
    }
  }
}

/** Whether a `--from` value names a stage (by name, or by index of an earlier stage). */
function namesStage(value: string, stagesByName: Map<string, Stage>, model: DockerfileModel): boolean {
  if (value.includes('$')) return false;
  if (stagesByName.has(value.toLowerCase())) return true;
  return /^\d+$/.test(value) && Number(value) < model.stages.length;
}

/**
 * The `from=` parts of a `--mount` flag, with their offsets in the instruction's text. Only for a
 * flag written without quotes or escapes, where the value's characters are the text's.
 */
export function mountFrom(ins: Instruction, value: string): Array<{ value: string; start: number; end: number }> {
  const out: Array<{ value: string; start: number; end: number }> = [];
  if (!/from/i.test(value)) return out;
  const at = ins.text.indexOf(value);
  if (at < 0) return out;
  let offset = 0;
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim().toLowerCase() === 'from') {
      const v = part.slice(eq + 1);
      if (v.length > 0) out.push({ value: v, start: at + offset + eq + 1, end: at + offset + part.length });
    }
    offset += part.length + 1;
  }
  return out;
}

interface Use {
  name: string;
  start: number;
  end: number;
}

/**
 * `$NAME`, `${NAME}` and `${NAME<modifier>...}` in `text` from `from`, as BuildKit's lexer finds them:
 * the escape character takes the next character literally (inside double quotes only before `"`,
 * `$` and itself), single quotes outside double quotes are literal. The token covers `$NAME`,
 * `${NAME` (and its `}` when nothing stands between).
 */
export function variableUses(text: string, from: number, esc: string): Use[] {
  const uses: Use[] = [];
  // Most instructions use no variable: one search answers them without walking the quotes.
  if (text.indexOf('$', from) < 0) return uses;
  const escCode = esc.charCodeAt(0);
  let quote = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote === SINGLE) {
      if (c === SINGLE) quote = 0;
      continue;
    }
    if (c === escCode) {
      const next = text.charCodeAt(i + 1);
      if (quote === DOUBLE && next !== DOUBLE && next !== DOLLAR && next !== escCode) continue;
      i++;
      continue;
    }
    if (c === DOUBLE) {
      quote = quote === DOUBLE ? 0 : DOUBLE;
      continue;
    }
    if (c === SINGLE && quote === 0) {
      quote = SINGLE;
      continue;
    }
    if (c !== DOLLAR) continue;
    const braced = text.charCodeAt(i + 1) === 0x7b; /* { */
    const nameStart = braced ? i + 2 : i + 1;
    let nameEnd = nameStart;
    while (nameEnd < text.length && isNameChar(text.charCodeAt(nameEnd))) nameEnd++;
    if (nameEnd === nameStart) continue;
    const end = braced && text.charCodeAt(nameEnd) === 0x7d /* } */ ? nameEnd + 1 : nameEnd;
    uses.push({ name: text.slice(nameStart, nameEnd), start: i, end });
    i = end - 1;
  }
  return uses;
}

const SINGLE = 0x27;
const DOUBLE = 0x22;
const DOLLAR = 0x24;

function isNameChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || (c > 0x7f && /[\p{L}\p{Nd}]/u.test(String.fromCharCode(c)));
}

function pushRange(tokens: Token[], range: { start: { line: number; character: number }; end: { line: number; character: number } }, type: number, modifiers: number): void {
  if (range.start.line !== range.end.line) return;
  const length = range.end.character - range.start.character;
  if (length > 0) tokens.push({ line: range.start.line, character: range.start.character, length, type, modifiers });
}

/** A token over `text.slice(start, end)` of the instruction, one per physical line it lies on. */
function pushSpan(tokens: Token[], ins: Instruction, start: number, end: number, type: number, modifiers: number): void {
  if (end <= start) return;
  const first = ins.positionAt(start);
  const last = ins.positionAt(end - 1);
  if (first.line === last.line) {
    tokens.push({ line: first.line, character: first.character, length: last.character + 1 - first.character, type, modifiers });
    return;
  }
  for (const seg of ins.segments) {
    const a = Math.max(start, seg.offset);
    const b = Math.min(end, seg.offset + seg.length);
    if (b > a) tokens.push({ line: seg.line, character: seg.character + (a - seg.offset), length: b - a, type, modifiers });
  }
}

/** LSP's relative encoding: line delta, start delta (on the same line), length, type, modifiers. */
class Encoder {
  readonly data: number[] = [];
  private line = 0;
  private character = 0;

  push(line: number, character: number, length: number, type: number, modifiers: number): void {
    if (length <= 0) return;
    // Out of order would be a bug above; dropping the token keeps the data valid.
    if (line < this.line || (line === this.line && character < this.character)) return;
    this.data.push(line - this.line, line === this.line ? character - this.character : character, length, type, modifiers);
    this.line = line;
    this.character = character;
  }
}
