// What one lint of a document keeps for the next lint of the same document: the reports of the
// rules whose findings on an instruction depend on that instruction alone (`scope: 'instruction'`
// in the registry), grouped by instruction. After an edit only the instructions the edit touched
// are checked again by those rules; the reports of the others are reused, moved by the lines the
// edit added or removed above them. Every other rule (stages, ARG/ENV scopes, the escape
// directive, duplicates, Windows stages ...) runs on the whole model as before.
//
// The result is the full lint's: test/unit/incremental-lint.test.ts compares the two after chains
// of random edits. An instruction counts as untouched when the new model holds the same object
// (the re-parse keeps the instructions above an edit) or, below the edit, one over the same
// physical lines, character for character, moved by exactly the edit's line delta (the escape
// character unchanged). A report that falls outside
// the instruction it was made for means the rule does not behave per instruction on this file: that
// rule is then run on the whole model, every time, for this document.
import type { DockerfileModel, Instruction, Range } from './dockerfile/model';
import type { Fix, LintContext, Report, Rule } from './rules/types';

interface RuleMemory {
  /** The model the reports were made for. */
  model: DockerfileModel;
  /** The instructions that have reports, by index, ascending. */
  entries: Entry[];
  /** The rule's reports did not stay within their instructions: it runs on the whole model. */
  whole: boolean;
}

interface Entry {
  index: number;
  reports: Report[];
}

/**
 * How the instructions of a new model line up with an old one's: the first `head` are the same
 * objects; from `tail` on (in the new model) each repeats the old one `shift` places away, `delta`
 * lines further down. `fresh` (ascending) are to be checked again: those between, and any whose
 * "a FROM precedes it" changed.
 */
interface Alignment {
  head: number;
  tail: number;
  shift: number;
  delta: number;
  fresh: number[];
  isFresh: Uint8Array;
}

/** The model being linted, and per instruction whether a FROM came before it, read when its lint began. */
interface Current {
  model: DockerfileModel;
  staged: Uint8Array;
  /** Alignments with the models the rules' memories were made for. */
  alignments: Map<DockerfileModel, Alignment | undefined>;
  /** What this lint found, kept once it finishes (commit). */
  pending: Map<Rule, RuleMemory>;
}

/**
 * One document's: hand the same object to every lint of that document (lint's `memory` option).
 * A lint keeps what it found only when it finishes: one dropped part-way (a newer edit made it
 * stale) leaves the memory of the last finished lint.
 */
export class LintMemory {
  private rules = new WeakMap<Rule, RuleMemory>();
  /** Per model linted to the end: whether a FROM came before each instruction then. */
  private staged = new WeakMap<DockerfileModel, Uint8Array>();
  private current: Current | undefined;
  /** Instructions the per-instruction rules checked again, and those whose reports they reused (for tests). */
  readonly counts = { checked: 0, reused: 0 };

  /** A lint of `model` begins (lintSteps calls it). */
  begin(model: DockerfileModel): void {
    const staged = new Uint8Array(model.instructions.length);
    model.instructions.forEach((ins, i) => (staged[i] = ins.stageIndex >= 0 ? 1 : 0));
    this.current = { model, staged, alignments: new Map(), pending: new Map() };
  }

  /** The lint begun last finished: what it found is what the next lint starts from. */
  commit(): void {
    const current = this.current;
    if (current === undefined) return;
    this.staged.set(current.model, current.staged);
    for (const [rule, memory] of current.pending) this.rules.set(rule, memory);
    this.current = undefined;
  }

  /** Reports of `rule` (scope 'instruction') on `model`, checking only what differs from its last finished check. */
  check(rule: Rule, model: DockerfileModel, context: LintContext): Report[] {
    if (this.current?.model !== model) this.begin(model);
    const current = this.current!;
    const previous = this.rules.get(rule);
    const alignment = previous !== undefined && !previous.whole ? this.alignment(current, previous.model) : undefined;
    if (previous === undefined || previous.whole || alignment === undefined) {
      const reports = rule.check(model, context);
      // The file's own reports come first (see Rule.fileReports); the rest are the instructions'.
      const own = rule.fileReports?.(model).length ?? 0;
      current.pending.set(rule, remember(model, allIndexes(model), reports.slice(own)) ?? { model, entries: [], whole: true });
      return reports;
    }
    const list = model.instructions;
    const { head, tail, shift, delta, fresh, isFresh } = alignment;
    this.counts.checked += fresh.length;
    this.counts.reused += list.length - fresh.length;
    const checked = fresh.length === 0 ? [] : rule.check(instructionView(model, fresh.map((i) => list[i])), context);
    const made = remember(model, fresh, checked);
    if (made === undefined) {
      // Not per instruction on this file after all: the whole model, from now on.
      current.pending.set(rule, { model, entries: [], whole: true });
      return rule.check(model, context);
    }
    // The previous entries of instructions kept, at their new index, merged with the new ones.
    const entries: Entry[] = [];
    let k = 0;
    const add = (entry: Entry) => {
      while (k < made.entries.length && made.entries[k].index < entry.index) entries.push(made.entries[k++]);
      entries.push(entry);
    };
    for (const e of previous.entries) {
      const index = e.index < head ? e.index : e.index >= tail - shift ? e.index + shift : -1;
      if (index < 0 || isFresh[index] === 1) continue;
      add(index >= tail && delta !== 0 ? { index, reports: e.reports.map((r) => shiftReport(r, delta)) } : index === e.index ? e : { index, reports: e.reports });
    }
    while (k < made.entries.length) entries.push(made.entries[k++]);
    current.pending.set(rule, { model, entries, whole: false });
    const reports: Report[] = rule.fileReports?.(model) ?? [];
    for (const e of entries) for (const r of e.reports) reports.push(r);
    return reports;
  }

  /** How the current model's instructions repeat `from`'s; undefined when none can be taken as they were. */
  private alignment(current: Current, from: DockerfileModel): Alignment | undefined {
    if (current.alignments.has(from)) return current.alignments.get(from);
    const to = current.model;
    const fromStaged = this.staged.get(from);
    let value: Alignment | undefined;
    // The escape character changes how every instruction reads: nothing is reused across it.
    if (fromStaged !== undefined && from.escape.char === to.escape.char) {
      const olds = from.instructions;
      const news = to.instructions;
      let head = 0;
      while (head < olds.length && head < news.length && olds[head] === news[head]) head++;
      // Below the edit: the same lines, character for character, moved by the lines the edit added or removed.
      const delta = to.lines.length - from.lines.length;
      const shift = news.length - olds.length;
      let tail = news.length;
      while (tail > head && tail - 1 - shift >= head) {
        const o = olds[tail - 1 - shift];
        const n = news[tail - 1];
        if (n.startLine - o.startLine !== delta || !sameLines(from.lines, o, to.lines, n)) break;
        tail--;
      }
      const isFresh = new Uint8Array(news.length);
      const fresh: number[] = [];
      for (let i = 0; i < news.length; i++) {
        const old = i < head ? i : i >= tail ? i - shift : -1;
        if (old < 0 || fromStaged[old] !== current.staged[i]) {
          isFresh[i] = 1;
          fresh.push(i);
        }
      }
      value = { head, tail, shift, delta, fresh, isFresh };
    }
    current.alignments.set(from, value);
    return value;
  }
}

function allIndexes(model: DockerfileModel): number[] {
  return model.instructions.map((_, i) => i);
}

/**
 * A memory of `reports`, made for the instructions at `indexes` (ascending) of `model`, each
 * report under the instruction it falls in; undefined when one falls outside all of them.
 */
function remember(model: DockerfileModel, indexes: readonly number[], reports: readonly Report[]): RuleMemory | undefined {
  const list = model.instructions;
  const entries: Entry[] = [];
  let k = 0;
  for (const r of reports) {
    const line = r.range.start.line;
    // Reports come in instruction order; start over when one does not.
    if (k >= indexes.length || line < list[indexes[k]].startLine) k = 0;
    while (k < indexes.length && list[indexes[k]].endLine < line) k++;
    if (k >= indexes.length || !within(list[indexes[k]], r)) return undefined;
    const index = indexes[k];
    let entry = entries.length > 0 && entries[entries.length - 1].index === index ? entries[entries.length - 1] : entries.find((e) => e.index === index);
    if (entry === undefined) {
      entry = { index, reports: [] };
      entries.push(entry);
      if (entries.length > 1 && entries[entries.length - 2].index > index) entries.sort((a, b) => a.index - b.index);
    }
    entry.reports.push(r);
  }
  return { model, entries, whole: false };
}

/** Whether the two instructions span the same physical lines, character for character (then they read alike). */
function sameLines(oldLines: readonly string[], o: Instruction, newLines: readonly string[], n: Instruction): boolean {
  if (n.endLine - n.startLine !== o.endLine - o.startLine || n.text !== o.text) return false;
  for (let k = 0; k <= o.endLine - o.startLine; k++) if (oldLines[o.startLine + k] !== newLines[n.startLine + k]) return false;
  return true;
}

/** Whether everything the report points at lies on the instruction's lines. */
function within(ins: Instruction, r: Report): boolean {
  const inside = (range: Range) => range.start.line >= ins.startLine && range.end.line <= ins.endLine;
  if (!inside(r.range)) return false;
  if (r.checkScopeLine !== undefined && (r.checkScopeLine < ins.startLine || r.checkScopeLine > ins.endLine)) return false;
  return (r.fixes ?? []).every((f) => f.edits.every((e) => inside(e.range)));
}

/** The model with only `instructions`: what a per-instruction rule needs to check just those. */
export function instructionView(model: DockerfileModel, instructions: Instruction[]): DockerfileModel {
  // A fresh object, so values kept on the model itself (dockerfile/memo.ts) are not shared with it.
  return {
    lines: model.lines,
    text: model.text,
    hasBOM: model.hasBOM,
    eol: model.eol,
    directives: model.directives,
    escape: model.escape,
    comments: [],
    instructions,
    globalArgs: [],
    stages: [],
    parseErrors: [],
  };
}

function shiftReport(r: Report, delta: number): Report {
  const out: Report = { ...r, range: shiftRange(r.range, delta) };
  if (r.fixes !== undefined) out.fixes = r.fixes.map((f): Fix => ({ ...f, edits: f.edits.map((e) => ({ ...e, range: shiftRange(e.range, delta) })) }));
  if (r.checkScopeLine !== undefined) out.checkScopeLine = r.checkScopeLine + delta;
  return out;
}

function shiftRange(range: Range, delta: number): Range {
  return { start: { line: range.start.line + delta, character: range.start.character }, end: { line: range.end.line + delta, character: range.end.character } };
}
