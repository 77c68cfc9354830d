// Stages, ARG declarations and base image references, derived from the parsed instructions.
import type { ArgDeclaration, DockerfileModel, ImageReference, Instruction, Stage } from './model';
import { parseImageName } from './imageName';
import { processWord } from './lexer';

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

interface Expansion {
  value: string | undefined;
  variables: string[];
  undeclared: string[];
}

/** Expands a FROM or global ARG word with the global ARGs' values (undefined = build time). */
function expand(word: string, globals: Map<string, string | undefined>, esc: string): Expansion {
  const lookup = (name: string): string | undefined => {
    if (globals.has(name)) return globals.get(name) ?? BUILD_TIME;
    return PLATFORM_ARGS.has(name) ? BUILD_TIME : undefined;
  };
  const e = processWord(word, esc, lookup);
  const variables = [...new Set(e.uses.map((u) => u.name))];
  const unknown = e.error !== undefined || e.result.includes(BUILD_TIME);
  return { value: unknown ? undefined : e.result, variables, undeclared: [...e.unmatched].filter((n) => !PLATFORM_ARGS.has(n)) };
}

export function buildStages(model: DockerfileModel): void {
  const esc = model.escape.char;
  const globals = new Map<string, string | undefined>();
  const stageNames = new Map<string, number>();
  let current: Stage | undefined;
  for (const ins of model.instructions) {
    if (ins.keyword === 'FROM') {
      current = newStage(model, ins, globals, stageNames, esc);
      model.stages.push(current);
      if (current.name) {
        const key = current.name.toLowerCase();
        if (!stageNames.has(key)) stageNames.set(key, current.index);
      }
      continue;
    }
    ins.stageIndex = current ? current.index : -1;
    if (ins.trigger) ins.trigger.stageIndex = ins.stageIndex;
    if (current) current.instructions.push(ins);
    if (ins.keyword === 'ARG') {
      const decls = argDeclarations(ins);
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
  for (const stage of model.stages) stage.rootImage = rootImage(model, stage);
}

function newStage(
  model: DockerfileModel,
  from: Instruction,
  globals: Map<string, string | undefined>,
  stageNames: Map<string, number>,
  esc: string,
): Stage {
  const index = model.stages.length;
  from.stageIndex = index;
  const words = from.words;
  const imageWord = words[0];
  const stage: Stage = {
    index,
    from,
    image: imageReference(imageWord?.text ?? '', imageWord ? imageWord.range : from.argsRange, globals, stageNames, esc),
    instructions: [from],
    args: [],
  };
  if (words.length >= 3 && words[1].text.toLowerCase() === 'as') {
    stage.asRange = words[1].range;
    stage.name = words[2].text;
    stage.nameRange = words[2].range;
  }
  const platform = from.flags.find((f) => f.name.toLowerCase() === 'platform');
  if (platform?.value !== undefined) stage.platform = platform.value;
  return stage;
}

function imageReference(
  raw: string,
  range: ImageReference['range'],
  globals: Map<string, string | undefined>,
  stageNames: Map<string, number>,
  esc: string,
): ImageReference {
  const expansion = expand(raw, globals, esc);
  const ref: ImageReference = {
    raw,
    range,
    resolved: expansion.value,
    variables: expansion.variables,
    unresolvedVariables: expansion.undeclared,
  };
  if (ref.resolved === undefined || ref.resolved === '') return ref;
  const stage = stageNames.get(ref.resolved.toLowerCase());
  if (stage !== undefined) {
    ref.stageRef = stage;
    return ref;
  }
  const { registry, repository, tag, digest } = parseImageName(ref.resolved);
  Object.assign(ref, { registry, repository, tag, digest });
  return ref;
}

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
