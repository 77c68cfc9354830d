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
import { Memo } from '../dockerfile/memo';
import { editFrom } from '../dockerfile/incremental';
import { isWindowsStage, stageChain, windowsSigns, type WindowsSign } from '../windows/stage';
import { TokenEncoder, type EncodedTokens } from './semanticTokensOutput';
import { instructionTokens, localFacts, signature, TOKEN_MODIFIERS, TOKEN_TYPES, TYPE, type Context, type Local, type Scope } from './semanticTokensInstruction';

export { mountFrom, TOKEN_MODIFIERS, TOKEN_TYPES, variableUses } from './semanticTokensInstruction';

export const LEGEND = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

/** The encoded data of `textDocument/semanticTokens/full` for the model, worked out from scratch. */
export function semanticTokens(model: DockerfileModel): number[] {
  return new SemanticTokensCache().tokens(model);
}

export type { EncodedTokens } from './semanticTokensOutput';

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
 *
 * Two ways to the new data. The general one walks every instruction, checks its signature and
 * copies its kept tokens into the output. When the edit changed nothing another instruction's
 * tokens read but stage names (see splice), the rest of the output is the previous output itself:
 * it is spliced, runs of it copied and the first token of each encoded again, and only the
 * instructions the edit reached (and the `--from` naming a renamed stage) are visited.
 */
export class SemanticTokensCache {
  private escape: string | undefined;
  private instructions: readonly Instruction[] = [];
  private entries: Array<Entry | undefined> = [];
  /** Scratch space for one instruction's signature. */
  private readonly scratch: number[] = [];
  /** The last output, with each token's absolute line and character and each instruction's first token. */
  private last: Output | undefined;
  /** The model it was made for. */
  private model: DockerfileModel | undefined;

  /** An earlier output its user let go of (`release`): the next one is written into its arrays. */
  private spare: EncodedTokens | undefined;

  /**
   * How many versions took each way (for the tests: both must be exercised), how many were
   * written into a spare output, and how many splices were told where the edit was by the re-parse.
   */
  readonly counts = { spliced: 0, walked: 0, reused: 0, told: 0 };

  /** `json`: keep the JSON text of each version's numbers too (semanticTokensOutput.ts). */
  constructor(private readonly json = false) {}

  /** The numbers, as an array. */
  tokens(model: DockerfileModel): number[] {
    return Array.from(this.encode(model).data);
  }

  /**
   * `tokens`, an output of this cache, is read by nobody any more (a newer version has been sent):
   * the next output may be written into its arrays. A user that never calls this gets new arrays
   * for every output.
   */
  release(tokens: EncodedTokens): void {
    if (tokens.data.buffer !== this.last?.data.buffer) this.spare = tokens;
  }

  private takeSpare(): EncodedTokens | undefined {
    const spare = this.spare;
    this.spare = undefined;
    return spare;
  }

  /** This version's tokens encoded. */
  encode(model: DockerfileModel): EncodedTokens {
    // The escape character changes what every instruction's text means: nothing is kept.
    if (model.escape.char !== this.escape) {
      this.escape = model.escape.char;
      this.instructions = [];
      this.entries = [];
      this.last = undefined;
      this.model = undefined;
    }
    const spliced = this.splice(model);
    if (spliced !== undefined) {
      this.counts.spliced++;
      return spliced;
    }
    this.counts.walked++;
    return this.walk(model);
  }

  /** The general way: every instruction's signature checked, its tokens kept or made again, all encoded. */
  private walk(model: DockerfileModel): EncodedTokens {
    const list = model.instructions;
    const entries = kept(this.instructions, this.entries, list);

    // First the instructions' tokens (kept, or made again where their signature changed)...
    const names = stageNames(model);
    const globals: Scope = new Map();
    const stageScopes: Scope[] = [];
    let scope = globals;
    const ctx: Context = { model, scope, stageNames: names };
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
      declare(scope, entry.local);
    }

    // ...then the data, in document order, into an array of the size it needs.
    const inactive = inactiveDirectives(model);
    const out = new TokenEncoder(size + 10 * model.directives.length + 5 * inactive.length, this.json, 0, 0, this.takeSpare());
    emitDirectives(model, out);
    const directives = out.finish().data.slice();
    const starts = new Int32Array(list.length + 1);
    let nextInactive = 0;
    for (let i = 0; i < list.length; i++) {
      const ins = list[i];
      starts[i] = out.count();
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
    starts[list.length] = out.count();
    for (; nextInactive < inactive.length; nextInactive++) out.push(inactive[nextInactive].line, inactive[nextInactive].character, inactive[nextInactive].length, TYPE.comment, 0);
    this.instructions = list;
    this.entries = entries;
    const encoded = out.finish();
    if (out.reused) this.counts.reused++;
    // Only an output that is the instructions' tokens and nothing else can be spliced next time.
    this.model = model;
    this.last = inactive.length === 0 && out.dropped === 0 ? { ...encoded, starts, directives } : undefined;
    return encoded;
  }

  /**
   * The quick way, or undefined when it does not apply: the previous output, with the tokens made
   * again only for the instructions the edit reached and those whose tokens it changed from afar.
   * From afar an edit reaches through what an instruction's signature reads: stage names (only the
   * `--from` values naming a name that came or went are made again), a stage's image being a stage,
   * whether a stage is a Windows stage, and the ARG and ENV scopes. An edit that changes any of the
   * others takes the walk: an ARG or ENV it reached that declares otherwise, a stage's image
   * reference, or the Windows verdict of a stage it could reach (its own, one whose image now reads
   * otherwise, and those built on them).
   */
  private splice(model: DockerfileModel): EncodedTokens | undefined {
    const last = this.last;
    const before = this.model;
    if (last === undefined || before === undefined || model.stages.length !== before.stages.length) return undefined;
    const old = this.instructions;
    const list = model.instructions;
    const { head, tail, shift, told } = changedRun(before, old, model);
    const oldEnd = old.length - tail;
    const newEnd = list.length - tail;
    if (oldEnd - head > MAX_SPLICED || newEnd - head > MAX_SPLICED) return undefined;
    // ARG and ENV the edit reached must declare what they did: then every scope is as it was.
    const fresh: Local[] = [];
    for (let k = head; k < newEnd; k++) fresh.push(localFacts(model, list[k]));
    if (!sameDeclarations(this.entries, head, oldEnd, fresh)) return undefined;
    if (inactiveDirectives(model).length > 0) return undefined;
    const directives = new TokenEncoder(10 * model.directives.length, false);
    emitDirectives(model, directives);
    if (!sameNumbers(directives.finish().data, last.directives)) return undefined;
    // Stages: each one's image a stage (or not) as before, each one Windows as before.
    // A FROM, or a global ARG (its value may be in a FROM's image), can change the stages.
    const fromReached = shapesStages(old, head, oldEnd) || shapesStages(list, head, newEnd);
    for (let k = 0; k < model.stages.length; k++) {
      if (model.stages[k].image.stageRef !== before.stages[k].image.stageRef || fromCode(model.stages[k]) !== fromCode(before.stages[k])) return undefined;
    }
    const signsMoved = !sameSigns(windowsSigns(old.slice(head, oldEnd)), windowsSigns(list.slice(head, newEnd)));
    if (fromReached || signsMoved) {
      // Stages the edit reached, and those whose image now reads otherwise: the verdicts of those
      // and of the stages built on them are compared (the chains themselves are as they were).
      const reached = new Set<number>();
      for (let k = head; k < oldEnd; k++) reached.add(old[k].stageIndex);
      for (let k = head; k < newEnd; k++) reached.add(list[k].stageIndex);
      for (let k = 0; k < model.stages.length; k++) if (model.stages[k].image.resolved !== before.stages[k].image.resolved) reached.add(k);
      // A stage reaches one of those when it is one or builds on one (windows/stage.ts stageChain:
      // a stage reference points back only), worked out in one pass from the first stage.
      const reaches = new Uint8Array(model.stages.length);
      for (let k = 0; k < model.stages.length; k++) {
        const stage = model.stages[k];
        const ref = stage.image.stageRef;
        reaches[k] = reached.has(k) || (ref !== undefined && ref < k && reaches[ref] === 1) ? 1 : 0;
        if (reaches[k] === 1 && isWindowsStage(model, stage) !== isWindowsStage(before, before.stages[k])) return undefined;
      }
    }
    // Where the edit reached no FROM the stages are named as before: the previous version's names
    // serve (a 50k-line file's 4,000 names made again took 0.8 ms a keystroke).
    const names = fromReached ? stageNames(model) : namesByModel.get(model, () => stageNames(before));
    const gone = fromReached ? namesChanged(stageNames(before), names) : NO_KEYS;

    // Which instructions get their tokens made again: those the edit reached, and those elsewhere
    // with a `--from` naming a stage name that came or went. Outside the edit an instruction's
    // entry is the one at its old index.
    const oldIndex = (k: number) => (k < head ? k : k - newEnd + oldEnd);
    const redo: number[] = [];
    const outside = (k: number) => {
      const entry = this.entries[oldIndex(k)];
      if (entry !== undefined && namesAny(entry.local, gone)) redo.push(k);
    };
    if (gone.size > 0) for (let k = 0; k < head; k++) outside(k);
    for (let k = head; k < newEnd; k++) redo.push(k);
    if (gone.size > 0) for (let k = newEnd; k < list.length; k++) outside(k);
    const made: Entry[] = [];
    let extra = 0;
    for (const k of redo) {
      const ins = list[k];
      const ctx: Context = { model, scope: scopeBefore(model, ins), stageNames: names };
      const entry: Entry = { local: k >= head && k < newEnd ? fresh[k - head] : (this.entries[oldIndex(k)]?.local ?? localFacts(model, ins)) };
      const n = signature(ctx, ins, entry.local, this.scratch);
      entry.data = instructionTokens(ctx, ins, entry.local);
      entry.signature = n === 0 ? NO_SIGNATURE : this.scratch.slice(0, n);
      made.push(entry);
      extra += entry.data.length;
    }

    // The output: runs of kept tokens copied (the first of each encoded again), the others' made.
    // Where the edit kept the count of instructions (a keystroke), each instruction's first token
    // is written over the last output's own array: a new one of a 50k-line file's 25 000 entries
    // is fresh memory a keystroke. (Read at an index before it is written there, see keep.)
    const sameCount = list.length === old.length;
    const out = new TokenEncoder(last.data.length + extra, this.json, 0, 0, this.takeSpare());
    const starts = sameCount ? last.starts : new Int32Array(list.length + 1);
    out.copy(last, 0, last.starts[0], 0);
    let next = 0;
    const keep = (from: number, to: number) => {
      // New instructions [from, to), none redone, all on one side of the edit.
      if (from >= to) return;
      const below = from >= newEnd;
      const oldFrom = below ? from - newEnd + oldEnd : from;
      const oldTo = below ? to - newEnd + oldEnd : to;
      const first = last.starts[oldFrom];
      const end = last.starts[oldTo];
      const base = out.count() - first;
      if (base !== 0 || starts !== last.starts || oldFrom !== from) for (let k = from; k < to; k++) starts[k] = last.starts[oldFrom + (k - from)] + base;
      out.copy(last, first, end, below ? shift : 0);
    };
    for (let i = 0; i < redo.length; i++) {
      const k = redo[i];
      keep(next, Math.min(k, head));
      keep(Math.max(next, newEnd), k);
      starts[k] = out.count();
      const data = made[i].data as number[];
      const ins = list[k];
      for (let j = 0; j < data.length; j += 5) out.push(ins.startLine + data[j], data[j + 1], data[j + 2], data[j + 3], data[j + 4]);
      next = k + 1;
    }
    keep(next, Math.min(list.length, head));
    keep(Math.max(next, newEnd), list.length);
    starts[list.length] = out.count();
    if (out.dropped > 0) {
      // Never but for a bug above; the walk makes everything again (the last output is not read).
      this.last = undefined;
      return undefined;
    }
    // The entries: the last ones in place where the count is kept, else moved to their new indices.
    let entries = this.entries;
    if (!sameCount) {
      entries = new Array<Entry | undefined>(list.length);
      for (let k = 0; k < head; k++) entries[k] = this.entries[k];
      for (let k = newEnd; k < list.length; k++) entries[k] = this.entries[oldIndex(k)];
    }
    for (let i = 0; i < redo.length; i++) entries[redo[i]] = made[i];
    this.model = model;
    this.instructions = list;
    this.entries = entries;
    const encoded = out.finish();
    if (out.reused) this.counts.reused++;
    if (told) this.counts.told++;
    this.last = { ...encoded, starts, directives: last.directives };
    return encoded;
  }
}

/**
 * Where the instructions of `model` differ from `old` (those of `before`): the same objects below
 * `head`, and `tail` instructions at the end moved by `shift` lines. Told by the re-parse when
 * `model` was made from `before` (dockerfile/incremental.ts), found by comparing the lists otherwise.
 */
function changedRun(before: DockerfileModel, old: readonly Instruction[], model: DockerfileModel): { head: number; tail: number; shift: number; told: boolean } {
  const list = model.instructions;
  const edit = editFrom(model, before);
  if (edit !== undefined && old === before.instructions) {
    return { head: edit.head, tail: old.length - edit.oldTail, shift: edit.delta, told: true };
  }
  let head = 0;
  while (head < old.length && head < list.length && old[head] === list[head]) head++;
  // Below the edit, the same instructions all moved by the same number of lines.
  let tail = 0;
  const shift = old.length > head && list.length > head ? list[list.length - 1].startLine - old[old.length - 1].startLine : 0;
  while (tail < old.length - head && tail < list.length - head) {
    const a = old[old.length - 1 - tail];
    const b = list[list.length - 1 - tail];
    if (b.startLine - a.startLine !== shift || (a !== b && !sameShape(a, b))) break;
    tail++;
  }
  return { head, tail, shift, told: false };
}

/** What the last output was, for the next splice. */
interface Output extends EncodedTokens {
  /** Each instruction's first token (one more entry: the count). */
  starts: Int32Array;
  /** The directives' data at the start. */
  directives: Int32Array;
}

/** Past this many instructions reached by one edit, the general walk is as quick. */
const MAX_SPLICED = 256;

/** Whether the old instructions [from, to) declare the same names, of the same kinds, in the same order as `fresh`. */
function sameDeclarations(entries: Array<Entry | undefined>, from: number, to: number, fresh: Local[]): boolean {
  const names: string[] = [];
  for (let k = from; k < to; k++) {
    const local = entries[k]?.local;
    if (local === undefined) return false;
    for (const name of local.declares) names.push(`${local.declaresKind}:${name}`);
  }
  let n = 0;
  for (const local of fresh) {
    for (const name of local.declares) if (names[n++] !== `${local.declaresKind}:${name}`) return false;
  }
  return n === names.length;
}

/** A FROM or a global ARG among the instructions. */
function shapesStages(list: readonly Instruction[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const ins = list[k];
    if (ins.keyword === 'FROM' || (ins.keyword === 'ARG' && ins.stageIndex < 0)) return true;
  }
  return false;
}

/** What a FROM's tokens take from its stage's image: a stage, written plainly (2), or not (1). */
function fromCode(stage: Stage): number {
  return stage.image.stageRef !== undefined && stage.image.variables.length === 0 ? 2 : 1;
}

const NO_KEYS: ReadonlySet<string> = new Set();

/** Stage names in one set and not the other. */
function namesChanged(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const changed = new Set<string>();
  for (const key of a) if (!b.has(key)) changed.add(key);
  for (const key of b) if (!a.has(key)) changed.add(key);
  return changed;
}

function namesAny(local: Local, keys: ReadonlySet<string>): boolean {
  const candidates = local.stageCandidates;
  for (let k = 0; k < candidates.length; k++) {
    const key = candidates[k].key;
    if (key !== undefined && keys.has(key)) return true;
  }
  return false;
}

function sameSigns(a: WindowsSign[], b: WindowsSign[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k].text !== b[k].text || a[k].strong !== b[k].strong) return false;
  return true;
}

function sameNumbers(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * The stages' names, lower-cased; made once per model (a splice asks for the previous version's
 * too, made when that version was current).
 */
function stageNames(model: DockerfileModel): ReadonlySet<string> {
  return namesByModel.get(model, (m) => {
    const names = new Set<string>();
    for (const stage of m.stages) if (stage.key !== undefined) names.add(stage.key);
    return names;
  });
}

const namesByModel = new Memo<DockerfileModel, ReadonlySet<string>>('stageNames');

/** Adds what an instruction declares to the scope after it. */
function declare(scope: Scope, local: Local): void {
  if (local.declaresKind === 'arg') {
    // An ENV of the same name wins over the ARG in Docker, whatever comes later.
    for (const name of local.declares) if (scope.get(name) !== 'env') scope.set(name, 'arg');
  } else if (local.declaresKind === 'env') {
    for (const name of local.declares) scope.set(name, 'env');
  }
}

/**
 * The scope the walk has at `ins`: for a FROM, and before the first FROM, what the instructions
 * above the first FROM declared (the global ARGs); otherwise the ENV its stage's chain carries in
 * and what its stage declared above it.
 */
function scopeBefore(model: DockerfileModel, ins: Instruction): Scope {
  const stage = ins.keyword !== 'FROM' && ins.stageIndex >= 0 ? model.stages[ins.stageIndex] : undefined;
  if (stage === undefined) return declaredBefore(model, model.instructions, ins, new Map());
  // The stages this one builds on, back to an external image; then forward, carrying ENV.
  const chain = stageChain(model, stage);
  let carried: Scope = new Map();
  for (let c = chain.length - 1; c >= 0; c--) {
    const scope: Scope = new Map();
    for (const [name, kind] of carried) if (kind === 'env') scope.set(name, kind);
    carried = declaredBefore(model, chain[c].instructions, ins, scope);
  }
  return carried;
}

/** `scope` with what the instructions declare, up to `ins` or the next FROM after the first. */
function declaredBefore(model: DockerfileModel, list: readonly Instruction[], ins: Instruction, scope: Scope): Scope {
  for (let k = 0; k < list.length; k++) {
    const other = list[k];
    if (other === ins || (other.keyword === 'FROM' && (k > 0 || ins.keyword === 'FROM' || ins.stageIndex < 0))) break;
    if (other.keyword === 'ARG' || other.keyword === 'ENV') declare(scope, localFacts(model, other));
  }
  return scope;
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
function emitDirectives(model: DockerfileModel, out: TokenEncoder): void {
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
