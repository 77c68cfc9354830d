// Where each character of a FROM image's resolved name was written: in the FROM line itself, or
// in the default of a global ARG it expands. A fix for the tag must edit the text the user wrote,
// so it needs this map; when the map cannot be made with certainty, the rule offers no fix.
import type { DockerfileModel, Instruction, Range, Stage } from '../../dockerfile/model';

interface Source {
  instruction: Instruction;
  /** Offset in `instruction.text`. */
  offset: number;
}

interface Mapped {
  text: string;
  sources: Array<Source | undefined>;
}

type Lookup = (name: string) => Mapped | 'unset' | 'build-time';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Expands `word` like BuildKit's lexer for the forms fixes need; undefined for anything else. */
function expandMapped(word: string, base: number, instruction: Instruction, lookup: Lookup, esc: string): Mapped | undefined {
  const out: Mapped = { text: '', sources: [] };
  const push = (ch: string, src: Source | undefined) => {
    out.text += ch;
    out.sources.push(src);
  };
  const append = (m: Mapped) => {
    out.text += m.text;
    out.sources.push(...m.sources);
  };
  let quote: string | undefined;
  let i = 0;
  while (i < word.length) {
    const c = word[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else push(c, { instruction, offset: base + i });
      i++;
      continue;
    }
    if (c === esc && i + 1 < word.length) {
      push(word[i + 1], { instruction, offset: base + i + 1 });
      i += 2;
      continue;
    }
    if (c === '"' || c === "'") {
      if (quote === c) quote = undefined;
      else if (quote === undefined) quote = c;
      else push(c, { instruction, offset: base + i });
      i++;
      continue;
    }
    if (c === '$') {
      const ref = readRef(word, i);
      if (ref === 'unsupported') return undefined;
      if (ref) {
        const value = lookup(ref.name);
        if (value === 'build-time') return undefined;
        const set = value !== 'unset';
        const nonEmpty = set && value.text !== '';
        let useArg = false;
        let useValue = false;
        if (ref.op === undefined) useValue = set;
        else if (ref.op === ':-') (nonEmpty ? (useValue = true) : (useArg = true));
        else if (ref.op === '-') (set ? (useValue = true) : (useArg = true));
        else if (ref.op === ':+') useArg = nonEmpty;
        else if (ref.op === '+') useArg = set;
        if (useValue && value !== 'unset') append(value);
        if (useArg) {
          const inner = expandMapped(ref.arg, base + ref.argStart, instruction, lookup, esc);
          if (inner === undefined) return undefined;
          append(inner);
        }
        i = ref.end;
        continue;
      }
    }
    push(c, { instruction, offset: base + i });
    i++;
  }
  return out;
}

function readRef(word: string, dollar: number): { name: string; op?: string; arg: string; argStart: number; end: number } | 'unsupported' | undefined {
  if (word[dollar + 1] !== '{') {
    const m = NAME.exec(word.slice(dollar + 1));
    return m ? { name: m[0], arg: '', argStart: 0, end: dollar + 1 + m[0].length } : undefined;
  }
  const m = NAME.exec(word.slice(dollar + 2));
  if (!m) return undefined;
  let i = dollar + 2 + m[0].length;
  if (word[i] === '}') return { name: m[0], arg: '', argStart: 0, end: i + 1 };
  const op = /^(:[-+]|[-+])/.exec(word.slice(i));
  if (!op) return 'unsupported';
  i += op[0].length;
  const argStart = i;
  let depth = 1;
  while (i < word.length) {
    if (word[i] === '{') depth++;
    else if (word[i] === '}' && --depth === 0) break;
    i++;
  }
  if (i >= word.length) return 'unsupported';
  return { name: m[0], op: op[0], arg: word.slice(argStart, i), argStart, end: i + 1 };
}

/** The image name of a stage's FROM, with the source of each character; undefined when unsure. */
export function mapImageSource(model: DockerfileModel, stage: Stage): Mapped | undefined {
  const esc = model.escape.char;
  const globals = new Map<string, Mapped | 'build-time'>();
  const lookup: Lookup = (name) => globals.get(name) ?? 'unset';
  for (const decl of model.globalArgs) {
    if (decl.defaultValue === undefined) {
      globals.set(decl.name, 'build-time');
      continue;
    }
    const ins = decl.instruction;
    const word = ins.words.find((w) => w.text.startsWith(`${decl.name}=`) && w.text.slice(decl.name.length + 1) === decl.defaultValue);
    if (!word) return undefined;
    const valueStart = ins.argsOffset + word.offset + decl.name.length + 1;
    const value = expandMapped(decl.defaultValue, valueStart, ins, lookup, esc);
    globals.set(decl.name, value ?? 'build-time');
  }
  const from = stage.from;
  const word = from.words[0];
  if (!word || word.text !== stage.image.raw) return undefined;
  const mapped = expandMapped(word.text, from.argsOffset + word.offset, from, lookup, esc);
  if (!mapped || mapped.text !== stage.image.resolved) return undefined;
  return mapped;
}

/**
 * The document range of `resolved.slice(start, end)` when those characters were written
 * contiguously in one place (the FROM line, or one ARG default); undefined otherwise.
 */
export function sourceRange(mapped: Mapped, start: number, end: number): Range | undefined {
  if (start < 0 || end > mapped.sources.length || start > end) return undefined;
  if (start === end) {
    // An insertion point: right after the previous character.
    const prev = mapped.sources[start - 1];
    if (!prev) return undefined;
    const p = prev.instruction.positionAt(prev.offset + 1);
    return { start: p, end: p };
  }
  const first = mapped.sources[start];
  if (!first) return undefined;
  for (let i = start; i < end; i++) {
    const s = mapped.sources[i];
    if (!s || s.instruction !== first.instruction || s.offset !== first.offset + (i - start)) return undefined;
  }
  return first.instruction.rangeOf(first.offset, first.offset + (end - start));
}
