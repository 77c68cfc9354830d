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
//
// An editor asks again after every edit, so a document's tokens are kept per instruction
// (SemanticTokensCache): after an edit only the instructions the edit touched, and those whose
// signature (what their tokens take from the rest of the file, semanticTokensInstruction.ts)
// changed, are worked out again; the others' are copied. The answer is the one a computation
// from scratch gives (test/unit/semantic-tokens-cache.test.ts compares the two after random edits).
import type { DockerfileModel, Instruction, Segment, Stage } from '../dockerfile/model';
import { instructionTokens, localFacts, signature, TOKEN_MODIFIERS, TOKEN_TYPES, TYPE, type Context, type Local, type Scope } from './semanticTokensInstruction';

export { mountFrom, TOKEN_MODIFIERS, TOKEN_TYPES, variableUses } from './semanticTokensInstruction';

export const LEGEND = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

/** The encoded data of `textDocument/semanticTokens/full` for the model, worked out from scratch. */
export function semanticTokens(model: DockerfileModel): number[] {
  return new SemanticTokensCache().tokens(model);
}

/** One instruction's part: its own facts, and its tokens with the signature they were made for. */
interface Entry {
  local: Local;
  /** Undefined until made. */
  data?: number[];
  signature?: number[];
}

/**
 * A document's tokens, kept per instruction from one version to the next. `tokens(model)` answers
 * for any model; it is quick when the model is a re-parse of the one before (the instructions the
 * edit did not touch are the same objects above it, the same text and lines moved below it).
 */
export class SemanticTokensCache {
  private escape: string | undefined;
  private instructions: readonly Instruction[] = [];
  private entries: Array<Entry | undefined> = [];
  /** Scratch space for one instruction's signature. */
  private readonly scratch: number[] = [];

  tokens(model: DockerfileModel): number[] {
    // The escape character changes what every instruction's text means: nothing is kept.
    if (model.escape.char !== this.escape) {
      this.escape = model.escape.char;
      this.instructions = [];
      this.entries = [];
    }
    const list = model.instructions;
    const entries = kept(this.instructions, this.entries, list);

    // First the instructions' tokens (kept, or made again where their signature changed)...
    const stagesByName = new Map<string, Stage>();
    for (const stage of model.stages) {
      const key = stage.name?.toLowerCase();
      if (key !== undefined && !stagesByName.has(key)) stagesByName.set(key, stage);
    }
    const globals: Scope = new Map();
    const stageScopes: Scope[] = [];
    let scope = globals;
    const ctx: Context = { model, scope, stagesByName };
    const sig = this.scratch;
    let size = 0;
    for (let i = 0; i < list.length; i++) {
      const ins = list[i];
      if (ins.keyword === 'FROM') {
        const stage = model.stages[ins.stageIndex];
        scope = new Map();
        // ENV carries over into a stage built on an earlier one; ARG does not.
        const parent = stage?.image.stageRef !== undefined ? stageScopes[stage.image.stageRef] : undefined;
        if (parent) for (const [name, kind] of parent) if (kind === 'env') scope.set(name, kind);
        if (stage) stageScopes[stage.index] = scope;
      }
      ctx.scope = ins.keyword === 'FROM' ? globals : scope;
      let entry = entries[i];
      if (entry === undefined) entries[i] = entry = { local: localFacts(model, ins) };
      const n = signature(ctx, ins, entry.local, sig);
      if (entry.data === undefined || !sameSignature(entry.signature, sig, n)) {
        entry.data = instructionTokens(ctx, ins, entry.local);
        entry.signature = n === 0 ? NO_SIGNATURE : sig.slice(0, n);
      }
      size += entry.data.length;
      // What it declares is in scope for the instructions after it.
      const local = entry.local;
      if (local.declaresKind === 'arg') {
        // An ENV of the same name wins over the ARG in Docker, whatever comes later.
        for (const name of local.declares) if (scope.get(name) !== 'env') scope.set(name, 'arg');
      } else if (local.declaresKind === 'env') {
        for (const name of local.declares) scope.set(name, 'env');
      }
    }

    // ...then the data, in document order, into an array of the size it needs.
    const inactive = inactiveDirectives(model);
    const out = new Encoder(size + 10 * model.directives.length);
    emitDirectives(model, out);
    let nextInactive = 0;
    for (let i = 0; i < list.length; i++) {
      const ins = list[i];
      const data = (entries[i] as Entry).data as number[];
      // A directive-shaped comment Docker ignores can stand between (or inside) instructions: on
      // a comment line of its own, never on a line with tokens of an instruction.
      while (nextInactive < inactive.length && inactive[nextInactive].line < ins.startLine) {
        const d = inactive[nextInactive++];
        out.push(d.line, d.character, d.length, TYPE.comment, 0);
      }
      for (let k = 0; k < data.length; k += 5) {
        const line = ins.startLine + data[k];
        while (nextInactive < inactive.length && inactive[nextInactive].line < line) {
          const d = inactive[nextInactive++];
          out.push(d.line, d.character, d.length, TYPE.comment, 0);
        }
        out.push(line, data[k + 1], data[k + 2], data[k + 3], data[k + 4]);
      }
      while (nextInactive < inactive.length && inactive[nextInactive].line <= ins.endLine) {
        const d = inactive[nextInactive++];
        out.push(d.line, d.character, d.length, TYPE.comment, 0);
      }
    }
    for (; nextInactive < inactive.length; nextInactive++) out.push(inactive[nextInactive].line, inactive[nextInactive].character, inactive[nextInactive].length, TYPE.comment, 0);
    this.instructions = list;
    this.entries = entries;
    return out.finish();
  }
}

const NO_SIGNATURE: number[] = [];

function sameSignature(kept: number[] | undefined, sig: number[], n: number): boolean {
  if (kept === undefined || kept.length !== n) return false;
  for (let k = 0; k < n; k++) if (kept[k] !== sig[k]) return false;
  return true;
}

/**
 * The entries of `before` that still hold for `after`, by index in `after`: the run of the same
 * instruction objects at the start (a re-parse keeps those above the edit), and the run at the end
 * of instructions with the same text over the same lines, moved by any number of lines (below it).
 */
function kept(before: readonly Instruction[], entries: Array<Entry | undefined>, after: readonly Instruction[]): Array<Entry | undefined> {
  const out = new Array<Entry | undefined>(after.length);
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) {
    out[head] = entries[head];
    head++;
  }
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head) {
    const a = before[before.length - 1 - tail];
    const b = after[after.length - 1 - tail];
    if (a !== b && !sameShape(a, b)) break;
    out[after.length - 1 - tail] = entries[before.length - 1 - tail];
    tail++;
  }
  return out;
}

/** The same text over the same lines (wherever they are now): the same tokens in the same context. */
function sameShape(a: Instruction, b: Instruction): boolean {
  if (a.text !== b.text || a.segments.length !== b.segments.length) return false;
  for (let k = 0; k < a.segments.length; k++) {
    const x: Segment = a.segments[k];
    const y: Segment = b.segments[k];
    if (x.offset !== y.offset || x.character !== y.character || x.length !== y.length || x.line - a.startLine !== y.line - b.startLine) return false;
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

/** LSP's relative encoding: line delta, start delta (on the same line), length, type, modifiers. */
class Encoder {
  private readonly data: number[];
  private size = 0;
  private line = 0;
  private character = 0;

  /**
   * `capacity`: the numbers there will be, at most. Written by index into an array made that size:
   * tens of thousands of numbers grown by push() were most of the time spent here.
   */
  constructor(capacity: number) {
    this.data = new Array<number>(capacity);
  }

  push(line: number, character: number, length: number, type: number, modifiers: number): void {
    if (length <= 0) return;
    // Out of order would be a bug above; dropping the token keeps the data valid.
    if (line < this.line || (line === this.line && character < this.character)) return;
    const data = this.data;
    let n = this.size;
    data[n++] = line - this.line;
    data[n++] = line === this.line ? character - this.character : character;
    data[n++] = length;
    data[n++] = type;
    data[n++] = modifiers;
    this.size = n;
    this.line = line;
    this.character = character;
  }

  finish(): number[] {
    this.data.length = this.size;
    return this.data;
  }
}
