// Stages, ARG declarations and base image references, derived from the parsed instructions.
import type { ArgDeclaration, DockerfileModel, ImageReference, Instruction, Stage } from './model';
import { parseImageName } from './imageName';
import { processWord } from './lexer';
import { remaining, spend } from './budget';
import { Memo, memoBox } from './memo';

/** ARGs Docker defines on its own: usable in FROM without a declaration, known only at build time. */
/** The build platform ARGs BuildKit defines itself (usable in FROM without a declaration). */
export const PLATFORM_ARGS: ReadonlySet<string> = new Set([
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'TARGETSTAGE',
]);

/** Stands for a value only the build knows; a result containing it is unknown. */
const BUILD_TIME = '\u0000';

/** Every variable an expansion looked up, in order, with the value it got. */
interface Asked {
  names: string[];
  values: Array<string | undefined>;
}

interface Expansion {
  value: string | undefined;
  variables: string[];
  undeclared: string[];
}

/** What a variable stands for in a FROM or global ARG word: a global ARG's value, or the build's. */
function globalValue(globals: Map<string, string | undefined>, name: string): string | undefined {
  if (globals.has(name)) return globals.get(name) ?? BUILD_TIME;
  return PLATFORM_ARGS.has(name) ? BUILD_TIME : undefined;
}

/** Expands a FROM or global ARG word with the global ARGs' values (undefined = build time). */
function expand(word: string, globals: Map<string, string | undefined>, esc: string, asked?: Asked): Expansion {
  const lookup = (name: string): string | undefined => {
    const value = globalValue(globals, name);
    if (asked !== undefined) {
      asked.names.push(name);
      asked.values.push(value);
    }
    return value;
  };
  const e = processWord(word, esc, lookup);
  const variables = [...new Set(e.uses.map((u) => u.name))];
  const unknown = e.error !== undefined || e.result.includes(BUILD_TIME);
  return { value: unknown ? undefined : e.result, variables, undeclared: [...e.unmatched].filter((n) => !PLATFORM_ARGS.has(n)) };
}

/** A re-parse's previous model, and which of the new model's instructions are its own objects. */
export interface Reuse {
  model: DockerfileModel;
  /** The new instructions below this index are the previous model's at the same index. */
  head: number;
  /** From this index on, the new instructions are the previous model's, in its order (Infinity when none). */
  tailFrom: number;
}

/**
 * The model's stages, its global ARGs and every instruction's stage index. With `reuse` (the model
 * of an earlier text whose instructions this one shares where an edit did not reach), a stage of
 * it is taken over whole when nothing it was made from changed: the same FROM and instructions
 * (the same objects), the same global scope above the first FROM, its image asking the global ARGs
 * the same, and naming the same earlier stage (or none): a stage renamed above it changes nothing
 * else of it. A 50k-line file has thousands of stages, and making them all again took half of a
 * re-parse after a one-character edit.
 */
export function buildStages(model: DockerfileModel, reuse?: Reuse): void {
  const previous = reuse?.model;
  // The stage index of a kept stage's instructions is already written where no other model of its
  // family was built since the previous model (an instruction shared by two models holds the index
  // of the last one built): then a keystroke does not write it into every instruction again. Only
  // a family shares instructions, so a model of another document built meanwhile (the server's
  // warm-up edits its own) does not count.
  const known = previous !== undefined ? (memoBox(previous)[FAMILY] as Member | undefined) : undefined;
  const family = known?.family ?? { builds: 0 };
  const indexed = known !== undefined && known.number === family.builds;
  family.builds++;
  memoBox(model)[FAMILY] = { family, number: family.builds } satisfies Member;
  const budgetBefore = remaining();
  if (indexed && keepAllButOne(model, reuse as Reuse)) stageBuilds.keptAllButOne++;
  else buildAll(model, reuse, indexed);
  const budgetAfter = remaining();
  // What the build cost, for a keystroke after it that takes its stages over (keepAllButOne).
  if (budgetAfter >= 0) memoBox(model)[STAGES_SPENT] = Number.isFinite(budgetBefore) ? budgetBefore - budgetAfter : 0;
}

/**
 * How many builds took the stages over but those an edit was in (keepAllButOne), and how many of
 * those read a FROM again (its stage renamed, or the line typed in without changing its image), for the tests.
 */
export const stageBuilds = { keptAllButOne: 0, fromReadAgain: 0 };

/** The expansion budget a model's stages took, where it did not run out: in its memo box (memo.ts: why not a WeakMap). */
const STAGES_SPENT = Symbol('stagesSpent');

/**
 * A keystroke, the usual edit: the instructions it read again are as many as it replaced, all in
 * stages (none above the first FROM), each FROM where a FROM was, and the previous model was the
 * last one of its family built (its instructions hold its stage indexes). (With no tail kept, every instruction
 * from the edit to the end was read again and is checked.) Then every stage is the previous
 * model's but those the edit is in, whose instructions and ARGs are taken again. A FROM read again
 * must have the same image word where it stood and the same platform: only its stage name may
 * differ (a stage name being typed), and then no stage's image may name the old name or the new
 * one (which would change what it builds on). Linear in the stages the edit is in, not in the
 * file: at 50k lines (4,000 stages) the walk over every stage took about 1.5 ms a keystroke, and
 * at 10k lines half of a keystroke's re-parse in a stage name. False, with nothing changed, where
 * it does not apply (or the previous build's expansion work would not fit this one's budget).
 */
function keepAllButOne(model: DockerfileModel, reuse: Reuse): boolean {
  const previous = reuse.model;
  const list = model.instructions;
  const old = previous.instructions;
  const { head } = reuse;
  // Without a kept tail (an edit in the last instructions, or lines added), all from `head` on are new.
  const end = reuse.tailFrom === Infinity ? list.length : reuse.tailFrom;
  if (previous.escape.char !== model.escape.char || list.length !== old.length || !(end >= head) || end > list.length) return false;
  for (let k = head; k < end; k++) {
    if ((list[k].keyword === 'FROM') !== (old[k].keyword === 'FROM') || old[k].stageIndex < 0) return false;
  }
  // The first instruction read again (or, where none was, the shared one above the edit) says
  // which stage the edit starts in; the last one read again, where it ends.
  const at = end > head ? head : head - 1;
  if (at < 0 || (at < head && list[at] !== old[at])) return false;
  const first = old[at].stageIndex;
  const last = end > head ? old[end - 1].stageIndex : first;
  if (first < 0 || last < first) return false;
  const spent = memoBox(previous)[STAGES_SPENT] as number | undefined;
  if (spent === undefined || remaining() < spent) return false;
  const firstKept = previous.stages[first];
  if (firstKept === undefined) return false;
  const start = at - firstKept.instructions.indexOf(old[at]);
  if (start > at) return false;

  // Each stage the edit is in, checked before anything is written.
  const taken: Array<{ kept: BuiltStage; start: number }> = [];
  let renamed: Set<string> | undefined;
  let cursor = start;
  for (let s = first; s <= last; s++) {
    const kept = previous.stages[s] as BuiltStage | undefined;
    if (kept === undefined || old[cursor] !== kept.from) return false;
    const from = list[cursor];
    if (from !== kept.from) {
      if (kept[STAGE_IMAGE] === undefined || !sameImageWord(kept.from, from)) return false;
      const key = nameOf(from)?.toLowerCase();
      if (key !== kept.key) {
        renamed ??= new Set();
        if (kept.key !== undefined) renamed.add(kept.key);
        if (key !== undefined) renamed.add(key);
      }
    }
    taken.push({ kept, start: cursor });
    cursor += kept.instructions.length;
  }
  if (cursor < end) return false;
  if (renamed !== undefined) {
    for (const stage of previous.stages as BuiltStage[]) {
      const work = stage[STAGE_IMAGE];
      if (work === undefined || (work.key !== undefined && renamed.has(work.key))) return false;
    }
  }

  spend(spent, 'FROM images');
  for (let k = head; k < end; k++) setStage(list[k], old[k].stageIndex);
  const stages = previous.stages.slice();
  for (const { kept, start: from } of taken) {
    const members = list.slice(from, from + kept.instructions.length);
    const args: ArgDeclaration[] = [];
    for (const ins of members) if (ins.keyword === 'ARG') for (const d of declarations.get(ins, argDeclarations)) args.push(d);
    let stage: BuiltStage = { ...kept, instructions: members, args };
    if (members[0] !== kept.from) {
      stageBuilds.fromReadAgain++;
      const work = kept[STAGE_IMAGE] as ImageWork;
      // The same image work, for a later build that asks the new FROM (expandFromImage).
      if (memoBox(kept.from)[IMAGE_WORK] === work) memoBox(members[0])[IMAGE_WORK] = work;
      // Named again from the new FROM (a copy without the old name, not one with it deleted).
      const { name: _name, key: _key, nameRange: _nameRange, asRange: _asRange, ...unnamed } = stage;
      stage = { ...unnamed, from: members[0] };
      nameStage(stage, members[0]);
    }
    stages[kept.index] = stage;
  }
  model.stages = stages;
  model.globalArgs = previous.globalArgs.slice();
  return true;
}

/** The FROM's image word is the same text over the same range, and its platform the same. */
function sameImageWord(a: Instruction, b: Instruction): boolean {
  const x = a.words[0];
  const y = b.words[0];
  if (x === undefined || y === undefined || x.text !== y.text) return false;
  const p = x.range;
  const q = y.range;
  return p.start.line === q.start.line && p.start.character === q.start.character && p.end.line === q.end.line && p.end.character === q.end.character && platformOf(a) === platformOf(b);
}

function platformOf(from: Instruction): string | undefined {
  return from.flags.find((f) => f.name.toLowerCase() === 'platform')?.value;
}

/** `FROM image AS name`: the name as written. */
function nameOf(from: Instruction): string | undefined {
  const words = from.words;
  return words.length >= 3 && words[1].text.toLowerCase() === 'as' ? words[2].text : undefined;
}

function buildAll(model: DockerfileModel, reuse: Reuse | undefined, indexed: boolean): void {
  const previous = reuse?.model;
  const esc = model.escape.char;
  const globals = new Map<string, string | undefined>();
  const stageNames = new Map<string, number>();
  const list = model.instructions;
  const reusable = previous !== undefined && previous.escape.char === esc && sameGlobalScope(list, previous.instructions) ? previous.stages : undefined;
  let current: Stage | undefined;
  for (let i = 0; i < list.length; i++) {
    const ins = list[i];
    if (ins.keyword === 'FROM') {
      const index = model.stages.length;
      const imageWord = ins.words[0];
      const work = expandFromImage(ins, imageWord?.text ?? '', globals, esc);
      const kept = reusable?.[index] as BuiltStage | undefined;
      if (kept !== undefined && kept.from === ins && kept[STAGE_IMAGE] === work && sameStageRef(kept, work, stageNames) && sameRun(list, i, kept.instructions, reuse as Reuse)) {
        current = kept;
        if (!indexed) for (const member of kept.instructions) setStage(member, index);
        i += kept.instructions.length - 1;
      } else {
        current = newStage(index, ins, work, stageNames);
      }
      model.stages.push(current);
      const key = current.key;
      if (key !== undefined && !stageNames.has(key)) stageNames.set(key, index);
      continue;
    }
    setStage(ins, current ? current.index : -1);
    if (current) current.instructions.push(ins);
    if (ins.keyword === 'ARG') {
      const decls = declarations.get(ins, argDeclarations);
      // Not spread as arguments: one ARG can declare 100k names, past the stack's room for arguments.
      if (current) for (const d of decls) current.args.push(d);
      else {
        for (const d of decls) {
          // A global ARG's default may use the ARGs declared before it.
          const expanded = d.defaultValue === undefined ? undefined : expand(d.defaultValue, globals, esc).value;
          globals.set(d.name, expanded);
          model.globalArgs.push({ ...d, defaultValue: d.defaultValue });
        }
      }
    }
  }
  const stages = model.stages;
  for (let k = 0; k < stages.length; k++) {
    const stage = stages[k];
    const root = rootImage(model, stage);
    // A stage taken over is shared with `previous`, which must not change: a new root gets a copy.
    if (stage !== previous?.stages[k]) stage.rootImage = root;
    else if (root !== stage.rootImage) stages[k] = { ...stage, rootImage: root };
  }
}

/**
 * Models made by re-parsing one another (and only those) share instruction objects: a family. Each
 * model's family, with how many of its models' stages were built, and the model's number in that
 * count, in its memo box (memo.ts: why not a WeakMap).
 */
interface Member {
  family: { builds: number };
  number: number;
}
const FAMILY = Symbol('family');

/** Hidden on a stage: the FROM image work it was made with (see buildStages). */
const STAGE_IMAGE = Symbol('stageImage');
type BuiltStage = Stage & { [STAGE_IMAGE]?: ImageWork };

function setStage(ins: Instruction, index: number): void {
  ins.stageIndex = index;
  if (ins.trigger) ins.trigger.stageIndex = index;
}

/** The instructions above the first FROM are the same objects in both lists, and so is where it stands. */
function sameGlobalScope(list: readonly Instruction[], before: readonly Instruction[]): boolean {
  for (let j = 0; ; j++) {
    const ins = list[j];
    if (ins === undefined || ins.keyword === 'FROM') return before[j] === undefined || before[j].keyword === 'FROM';
    if (before[j] !== ins) return false;
  }
}

/**
 * The kept stage's image names the same earlier stage now as when it was made, or none still: an
 * edit may have renamed a stage above it (the image is otherwise the same work, see buildStages).
 */
function sameStageRef(kept: Stage, work: ImageWork, stageNames: Map<string, number>): boolean {
  return (work.key === undefined ? undefined : stageNames.get(work.key)) === kept.image.stageRef;
}

/**
 * `members` stand at `list[start]` onwards, and the stage ends where they do (at a FROM or the end).
 * The stage's FROM is `list[start]`: where the instructions around it are the previous model's
 * own run of objects (`reuse`), so are its members, and only the end is looked at.
 */
function sameRun(list: readonly Instruction[], start: number, members: readonly Instruction[], reuse: Reuse): boolean {
  const end = start + members.length;
  if (end > reuse.head && start < reuse.tailFrom) {
    for (let j = 1; j < members.length; j++) if (list[start + j] !== members[j]) return false;
  }
  const next = list[end];
  return next === undefined || next.keyword === 'FROM';
}

function newStage(index: number, from: Instruction, work: ImageWork, stageNames: Map<string, number>): BuiltStage {
  from.stageIndex = index;
  const imageWord = from.words[0];
  const stage: BuiltStage = {
    index,
    from,
    image: imageReference(imageWord?.text ?? '', imageWord ? imageWord.range : from.argsRange, work, stageNames),
    instructions: [from],
    args: [],
  };
  stage[STAGE_IMAGE] = work;
  nameStage(stage, from);
  const platform = platformOf(from);
  if (platform !== undefined) stage.platform = platform;
  return stage;
}

/** The stage's name, its key and their ranges, from its FROM (`AS name`). */
function nameStage(stage: Stage, from: Instruction): void {
  const name = nameOf(from);
  if (name === undefined) return;
  const words = from.words;
  stage.asRange = words[1].range;
  stage.name = name;
  stage.key = name.toLowerCase();
  stage.nameRange = words[2].range;
}

/**
 * A FROM's image, worked out for one model and kept on the FROM instruction: a re-parse keeps the
 * instructions an edit did not touch, and then the image is the same as long as the global ARGs it
 * asked about still answer the same (the escape character too). Its expansion's work is charged to
 * the new model's budget again, so what runs out of budget is what would from scratch.
 */
interface ImageWork {
  raw: string;
  esc: string;
  asked: Asked;
  /** Budget units the expansion spent. */
  spent: number;
  expansion: Expansion;
  /** The resolved name lower-cased (a stage is named case-insensitively) and its parts. */
  key?: string;
  parts?: ReturnType<typeof parseImageName>;
}

/** Kept in the instruction's memo box (memo.ts: why on the object, why in one box). */
const IMAGE_WORK = Symbol('fromImage');

function expandFromImage(from: Instruction, raw: string, globals: Map<string, string | undefined>, esc: string): ImageWork {
  const holder = memoBox(from);
  const kept = holder[IMAGE_WORK] as ImageWork | undefined;
  if (kept !== undefined && kept.raw === raw && kept.esc === esc && remaining() >= kept.spent && sameAnswers(kept.asked, globals)) {
    spend(kept.spent, 'FROM images');
    return kept;
  }
  const before = remaining();
  const asked: Asked = { names: [], values: [] };
  const expansion = expand(raw, globals, esc, asked);
  const after = remaining();
  const work: ImageWork = { raw, esc, asked, spent: before - after, expansion };
  if (expansion.value !== undefined && expansion.value !== '') work.key = expansion.value.toLowerCase();
  // Kept only when the budget did not run out on it (and a budget was open: outside one nothing is counted).
  if (after >= 0 && Number.isFinite(before)) holder[IMAGE_WORK] = work;
  return work;
}

function sameAnswers(asked: Asked, globals: Map<string, string | undefined>): boolean {
  for (let k = 0; k < asked.names.length; k++) if (globalValue(globals, asked.names[k]) !== asked.values[k]) return false;
  return true;
}

function imageReference(raw: string, range: ImageReference['range'], work: ImageWork, stageNames: Map<string, number>): ImageReference {
  const expansion = work.expansion;
  const ref: ImageReference = {
    raw,
    range,
    resolved: expansion.value,
    variables: expansion.variables,
    unresolvedVariables: expansion.undeclared,
  };
  if (work.key === undefined) return ref;
  const stage = stageNames.get(work.key);
  if (stage !== undefined) {
    ref.stageRef = stage;
    return ref;
  }
  const parts = (work.parts ??= parseImageName(expansion.value as string));
  ref.registry = parts.registry;
  ref.repository = parts.repository;
  ref.tag = parts.tag;
  ref.digest = parts.digest;
  return ref;
}

// Kept on the instruction: a re-parse keeps the instructions an edit did not touch, and their
// declarations are read from their own words alone.
const declarations = new Memo<Instruction, ArgDeclaration[]>('argDeclarations');

/** `ARG A`, `ARG A=1 B="two words"`: one declaration per name. */
export function argDeclarations(ins: Instruction): ArgDeclaration[] {
  const out: ArgDeclaration[] = [];
  for (const word of ins.words) {
    const eq = word.text.indexOf('=');
    const name = eq >= 0 ? word.text.slice(0, eq) : word.text;
    if (!name) continue;
    out.push({
      name,
      defaultValue: eq >= 0 ? word.text.slice(eq + 1) : undefined,
      instruction: ins,
      range: word.range,
    });
  }
  return out;
}

function rootImage(model: DockerfileModel, stage: Stage): ImageReference | undefined {
  let s: Stage | undefined = stage;
  for (let hops = 0; s && hops <= model.stages.length; hops++) {
    if (s.image.stageRef === undefined) return s.image;
    // A stage can only build on an earlier one; anything else is Docker's error, not a cycle to follow.
    if (s.image.stageRef >= s.index) return undefined;
    s = model.stages[s.image.stageRef];
  }
  return undefined;
}
