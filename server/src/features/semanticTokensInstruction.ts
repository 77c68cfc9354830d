// The semantic tokens of one instruction (semanticTokens.ts puts them together for the document).
// What an instruction's tokens depend on is split in two, so a document's tokens can be kept from
// one version to the next (semanticTokens.ts, SemanticTokensCache):
// - its own text (`Local`): where variables are used and declared, which flags may name a stage,
//   whether a continued line ends in a Windows path. Found once per instruction.
// - the rest of the file (`signature`): whether its stage is a Windows stage, what each variable
//   it uses is (ARG, ENV or neither) at that point, whether a `--from` names a stage. A handful of
//   numbers, looked up again for every version; the tokens are made again only when they differ.
import type { DockerfileModel, Instruction } from '../dockerfile/model';
import { PLATFORM_ARGS } from '../dockerfile/stages';
import { instructionPathContinuations } from '../rules/mission/backtick-rewrite';
import { keyValues } from '../rules/buildkit/common';
import { isWindowsStage } from '../windows/stage';

export const TOKEN_TYPES = ['class', 'parameter', 'variable', 'string', 'operator', 'macro', 'comment'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'defaultLibrary', 'deprecated'] as const;

type TokenType = (typeof TOKEN_TYPES)[number];
export const TYPE: Record<TokenType, number> = Object.fromEntries(TOKEN_TYPES.map((t, i) => [t, i])) as Record<TokenType, number>;
const DECLARATION = 1;
const DEFAULT_LIBRARY = 2;
const DEPRECATED = 4;

/** Instructions whose arguments BuildKit expands itself (its shell lexer), so every `$X` is a use. */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);
/** Shell-form commands: the shell sees ARG and ENV values as environment, so a declared `$X` is one. */
const SHELL_RUN = new Set(['RUN', 'CMD', 'ENTRYPOINT']);

export type VariableKind = 'arg' | 'env';
export type Scope = Map<string, VariableKind>;

/** A token while one instruction's are collected (they are ordered there). */
interface Token {
  line: number;
  character: number;
  length: number;
  type: number;
  modifiers: number;
}

/** What an instruction's tokens take from its own text (and the escape character), found once. */
export interface Local {
  /** `$X` that BuildKit expands, or a shell-form command may (`shellRun`), from just after the keyword. */
  uses: Use[];
  /** A shell-form RUN, CMD or ENTRYPOINT: its uses count only outside Windows stages. */
  shellRun: boolean;
  /** `--from` values (COPY, ADD) and `--mount=...,from=` parts (RUN), in the order they are read. */
  stageCandidates: StageCandidate[];
  /** Whether a continued line ends in a Windows path (only the backslash escape continues there). */
  maybePath: boolean;
  /** The ARG names or ENV keys it declares, for the instructions after it. */
  declares: string[];
  declaresKind: VariableKind | undefined;
}

export function localFacts(model: DockerfileModel, ins: Instruction): Local {
  const esc = model.escape.char;
  const expands = EXPANDED.has(ins.keyword);
  const shellRun = SHELL_RUN.has(ins.keyword) && ins.exec?.form === 'shell';
  const local: Local = {
    // From just after the keyword: flags are expanded too (`--chown=$UID`).
    uses: ins.keyword !== 'ONBUILD' && (expands || shellRun) ? variableUses(ins.text, ins.rawKeyword.length, esc) : NO_USES,
    shellRun,
    stageCandidates: NO_CANDIDATES,
    maybePath: esc === '\\' && ins.segments.length >= 2 && instructionPathContinuations(model.lines, ins).length > 0,
    declares: NO_NAMES,
    declaresKind: undefined,
  };
  if (ins.keyword === 'ONBUILD') return local;
  for (const flag of ins.flags) {
    if (flag.value === undefined || flag.valueRange === undefined) continue;
    const name = flag.name.toLowerCase();
    if (name === 'from' && (ins.keyword === 'COPY' || ins.keyword === 'ADD')) {
      (local.stageCandidates === NO_CANDIDATES ? (local.stageCandidates = []) : local.stageCandidates).push(stageCandidate(flag.value));
    } else if (name === 'mount' && ins.keyword === 'RUN') {
      for (const part of mountFrom(ins, flag.value)) (local.stageCandidates === NO_CANDIDATES ? (local.stageCandidates = []) : local.stageCandidates).push(stageCandidate(part.value));
    }
  }
  if (ins.keyword === 'ARG') {
    local.declaresKind = 'arg';
    local.declares = [];
    for (const word of ins.words) {
      const eq = word.text.indexOf('=');
      const name = eq >= 0 ? word.text.slice(0, eq) : word.text;
      if (name.length > 0) local.declares.push(name);
    }
  } else if (ins.keyword === 'ENV') {
    local.declaresKind = 'env';
    local.declares = [];
    for (const pair of keyValues(ins).pairs) if (pair.keyText.length > 0) local.declares.push(pair.keyText);
  }
  return local;
}

const NO_USES: Use[] = [];
const NO_NAMES: string[] = [];
const NO_CANDIDATES: StageCandidate[] = [];

/** A `--from` value as a stage reference: by name (lower-cased) or by index. */
interface StageCandidate {
  /** Undefined for a value with a variable: only the build knows what it names. */
  key: string | undefined;
  /** The index it gives, for digits only (NaN otherwise). */
  index: number;
}

function stageCandidate(value: string): StageCandidate {
  if (value.includes('$')) return { key: undefined, index: Number.NaN };
  return { key: value.toLowerCase(), index: /^\d+$/.test(value) ? Number(value) : Number.NaN };
}

/** Whether a `--from` value names a stage (by name, or by index of an earlier stage). */
function namesStage(c: StageCandidate, stageNames: ReadonlySet<string>, model: DockerfileModel): boolean {
  if (c.key === undefined) return false;
  return stageNames.has(c.key) || c.index < model.stages.length;
}

/** The rest of the file, as an instruction's tokens see it. */
export interface Context {
  model: DockerfileModel;
  /** ARG and ENV names in scope where the instruction stands (the global ARGs for FROM). */
  scope: Scope;
  /** The stages' names, lower-cased. */
  stageNames: ReadonlySet<string>;
}

/** Whether the instruction's stage is a Windows stage. */
function windowsStage(ctx: Context, ins: Instruction): boolean {
  const stage = ins.stageIndex >= 0 ? ctx.model.stages[ins.stageIndex] : undefined;
  return stage !== undefined && isWindowsStage(ctx.model, stage);
}

const KIND_CODE = { arg: 1, env: 2 } as const;

/**
 * Writes into `out` what the tokens of `ins` take from the rest of the file, and returns how many
 * numbers that is: equal signatures, equal tokens.
 */
export function signature(ctx: Context, ins: Instruction, local: Local, out: number[]): number {
  let n = 0;
  if (local.maybePath || (local.shellRun && local.uses.length > 0)) out[n++] = windowsStage(ctx, ins) ? 1 : 0;
  for (const use of local.uses) {
    const kind = ctx.scope.get(use.name);
    out[n++] = kind === undefined ? 0 : KIND_CODE[kind];
  }
  for (const c of local.stageCandidates) out[n++] = namesStage(c, ctx.stageNames, ctx.model) ? 1 : 0;
  if (ins.keyword === 'FROM') {
    // Its stage's name is its own text; whether its image is an earlier stage is not.
    const image = ins.stageIndex >= 0 ? ctx.model.stages[ins.stageIndex]?.image : undefined;
    out[n++] = image === undefined ? 0 : image.stageRef !== undefined && image.variables.length === 0 ? 2 : 1;
  }
  return n;
}

/**
 * The tokens of one instruction, in order and never two over one character, as numbers: the line
 * relative to the instruction's first line, character, length, type, modifiers; five per token.
 */
export function instructionTokens(ctx: Context, ins: Instruction, local: Local): number[] {
  const tokens: Token[] = [];
  collect(ctx, ins, local, tokens);
  if (!inOrder(tokens)) tokens.sort((a, b) => a.line - b.line || a.character - b.character);
  const data: number[] = [];
  let lastLine = -1;
  let lastEnd = 0;
  for (const t of tokens) {
    // The first (outermost) wins.
    if (t.line === lastLine && t.character < lastEnd) continue;
    data.push(t.line - ins.startLine, t.character, t.length, t.type, t.modifiers);
    lastLine = t.line;
    lastEnd = t.character + t.length;
  }
  return data;
}

function inOrder(tokens: Token[]): boolean {
  for (let i = 1; i < tokens.length; i++) {
    const a = tokens[i - 1];
    const b = tokens[i];
    if (b.line < a.line || (b.line === a.line && b.character < a.character)) return false;
  }
  return true;
}

function collect(ctx: Context, ins: Instruction, local: Local, tokens: Token[]): void {
  const model = ctx.model;
  // The trailing `\` of a Windows path, which Docker reads as a continuation, by line.
  let suspicious: Map<number, { swallowedLine?: number }> | undefined;
  if (local.maybePath && windowsStage(ctx, ins)) {
    suspicious = new Map();
    for (const f of instructionPathContinuations(model.lines, ins)) {
      const k = ins.segments.findIndex((s) => s.line === f.line);
      const next = ins.segments[k + 1];
      suspicious.set(f.line, { swallowedLine: f.swallowed !== undefined ? next?.line : undefined });
    }
  }
  // The escape character that continues each line, as Docker reads it.
  for (let k = 0; k < ins.segments.length - 1; k++) {
    const seg = ins.segments[k];
    const odd = suspicious?.get(seg.line);
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
      if (namesStage(stageCandidate(flag.value), ctx.stageNames, model)) pushRange(tokens, flag.valueRange, TYPE.class, 0);
    } else if (name === 'mount' && ins.keyword === 'RUN') {
      for (const part of mountFrom(ins, flag.value)) {
        if (namesStage(stageCandidate(part.value), ctx.stageNames, model)) pushSpan(tokens, ins, part.start, part.end, TYPE.class, 0);
      }
    }
  }

  // Exec form: the JSON strings Docker passes as they are (it never runs them through a shell).
  const exec = ins.exec;
  const execBase = ins.argsOffset + (ins.execOffset ?? 0);
  const expands = EXPANDED.has(ins.keyword);
  const uses = expands || (local.uses.length > 0 && !windowsStage(ctx, ins)) ? local.uses : NO_USES;

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
    const kind = ctx.scope.get(use.name);
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
    }
  } else if (ins.keyword === 'ENV') {
    for (const pair of keyValues(ins).pairs) {
      if (pair.keyText.length === 0) continue;
      const start = ins.argsOffset + pair.keyOffset;
      pushSpan(tokens, ins, start, start + pair.keyText.length, TYPE.variable, DECLARATION);
    }
  }
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

export interface Use {
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
