// Small pieces several build checks share: docs links, "did you mean", key=value parsing as
// BuildKit's parseNameVal does it, image-reference validation, platform parsing and line edits.
import { Memo } from '../../dockerfile/memo';
import type { DockerfileModel, Instruction, Range, Word } from '../../dockerfile/model';
import type { TextEdit } from '../types';

/** docs.docker.com's page for a check: `StageNameCasing` -> `.../stage-name-casing/`. */
export function checkUrl(name: string): string {
  const slug = name
    .replace(/JSON/g, 'Json')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
  return `https://docs.docker.com/go/dockerfile/rule/${slug}/`;
}

export function checkDocs(name: string, body: string): string {
  return `${body}\n\nThis is BuildKit's \`${name}\` build check (\`docker build --check\`); it can be skipped with \`# check=skip=${name}\`. See ${checkUrl(name)}.`;
}

/**
 * Edit distance counting a swap of neighbours as one edit (optimal string alignment), when it is
 * at most `max`; otherwise `max + 1`. Only the cells within `max` of the diagonal are worked out
 * (a cheaper path cannot leave them), so the time is the length times 2 max + 1: the full table
 * of a 150 000-character variable name against each candidate took 1.4 s.
 */
function editDistanceWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = 2 * max + 1;
  // Rows i-2, i-1 and i of the table, each holding the band: index t is column i + t - max.
  let older = new Array<number>(width).fill(Infinity);
  let previous = new Array<number>(width).fill(Infinity);
  let current = new Array<number>(width).fill(Infinity);
  for (let t = 0; t < width; t++) previous[t] = t - max >= 0 && t - max <= b.length ? t - max : Infinity;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let t = 0; t < width; t++) {
      const j = i + t - max;
      let v = Infinity;
      if (j === 0) v = i;
      else if (j > 0 && j <= b.length) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        v = Math.min((t + 1 < width ? previous[t + 1] : Infinity) + 1, (t > 0 ? current[t - 1] : Infinity) + 1, previous[t] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, older[t] + 1);
      }
      current[t] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    [older, previous, current] = [previous, current, older];
  }
  const d = previous[b.length - a.length + max];
  return d <= max ? d : max + 1;
}

/** The closest option, when it is close enough to be a likely typo (as BuildKit's util/suggest). */
export function suggest(value: string, options: Iterable<string>, caseSensitive = true): string | undefined {
  // Short names are too easily one edit apart by chance: GOPATH is not a typo of PATH.
  const limit = Math.min(2, Math.max(1, Math.floor(value.length / 4)));
  let best: string | undefined;
  let bestDistance = Infinity;
  const v = caseSensitive ? value : value.toLowerCase();
  for (const option of options) {
    if (option === value) continue;
    const o = caseSensitive ? option : option.toLowerCase();
    // A case-only difference is the likeliest typo of all.
    const d = o.toLowerCase() === v.toLowerCase() ? 0.5 : editDistanceWithin(v, o, limit);
    if (d < bestDistance) {
      bestDistance = d;
      best = option;
    }
  }
  if (best === undefined) return undefined;
  return bestDistance <= limit ? best : undefined;
}

export interface KeyValue {
  /** The key as written (quotes kept). */
  keyText: string;
  /** The value as written (quotes kept); for the legacy form, the whole rest of the line. */
  valueText: string;
  keyRange: Range;
  /** Offset of the value in `argsText`. */
  valueOffset: number;
  /** Offset of the key in `argsText`. */
  keyOffset: number;
  word?: Word;
}

export interface KeyValueInstruction {
  /** `ENV key value`: the whitespace-separated legacy form. */
  legacy: boolean;
  pairs: KeyValue[];
  /** Set when BuildKit's parser rejects the arguments. */
  error?: string;
}

/** ENV and LABEL arguments, split as BuildKit's parseNameVal splits them. */
// ENV and LABEL are read by several rules in one lint: split each instruction once.
const keyValueCache = new Memo<Instruction, KeyValueInstruction>('keyValues');

export function keyValues(ins: Instruction): KeyValueInstruction {
  return keyValueCache.get(ins, splitKeyValues);
}

function splitKeyValues(ins: Instruction): KeyValueInstruction {
  const words = ins.words;
  if (words.length === 0) return { legacy: false, pairs: [] };
  const first = words[0];
  if (!first.text.includes('=')) {
    if (words.length < 2) return { legacy: true, pairs: [], error: `${ins.keyword} must have two arguments` };
    const rest = ins.argsText.slice(first.offset + first.text.length);
    const lead = rest.length - rest.trimStart().length;
    const valueOffset = first.offset + first.text.length + lead;
    return {
      legacy: true,
      pairs: [
        {
          keyText: first.text,
          valueText: ins.argsText.slice(valueOffset),
          keyRange: first.range,
          keyOffset: first.offset,
          valueOffset,
        },
      ],
    };
  }
  const pairs: KeyValue[] = [];
  for (const word of words) {
    const eq = word.text.indexOf('=');
    if (eq < 0) {
      return { legacy: false, pairs, error: `Syntax error - can't find = in "${word.text}". Must be of the form: name=value` };
    }
    pairs.push({
      keyText: word.text.slice(0, eq),
      valueText: word.text.slice(eq + 1),
      keyRange: ins.rangeOf(ins.argsOffset + word.offset, ins.argsOffset + word.offset + eq),
      keyOffset: word.offset,
      valueOffset: word.offset + eq + 1,
      word,
    });
  }
  return { legacy: false, pairs };
}

/** Document range of `argsText.slice(start, end)`. */
export function argsRange(ins: Instruction, start: number, end: number): Range {
  return ins.rangeOf(ins.argsOffset + start, ins.argsOffset + end);
}

/** An edit that removes whole physical lines `first..last`. */
export function deleteLines(model: DockerfileModel, first: number, last: number): TextEdit {
  if (last + 1 < model.lines.length) {
    return { range: { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } }, newText: '' };
  }
  // The last line of the file: remove the line break before it instead.
  if (first > 0) {
    return {
      range: { start: { line: first - 1, character: model.lines[first - 1].length }, end: { line: last, character: model.lines[last].length } },
      newText: '',
    };
  }
  return { range: { start: { line: first, character: 0 }, end: { line: last, character: model.lines[last].length } }, newText: '' };
}

/** An edit that inserts `text` as a new line above `line`, with that line's indentation. */
export function insertLineAbove(model: DockerfileModel, line: number, text: string): TextEdit {
  const indent = /^[ \t]*/.exec(model.lines[line] ?? '')?.[0] ?? '';
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}${text}${model.eol}` };
}

/** Default values BuildKit gives the automatic platform ARGs (for a linux/amd64 build on linux/amd64). */
export const PLATFORM_ARG_DEFAULTS: ReadonlyMap<string, string> = new Map([
  ['BUILDPLATFORM', 'linux/amd64'],
  ['BUILDOS', 'linux'],
  ['BUILDARCH', 'amd64'],
  ['BUILDVARIANT', ''],
  ['TARGETPLATFORM', 'linux/amd64'],
  ['TARGETOS', 'linux'],
  ['TARGETARCH', 'amd64'],
  ['TARGETVARIANT', ''],
]);

// distribution/reference grammar, as ParseNormalizedNamed applies it.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const DIGEST_LENGTHS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** Whether Docker accepts `name` as an image reference (`alpine`, `mcr.microsoft.com/x:tag@sha256:...`). */
export function isValidImageReference(name: string): boolean {
  if (name === '' || /^[a-f0-9]{64}$/.test(name)) return false;
  const m = REFERENCE.exec(name);
  if (!m) return false;
  if (m[1].length > 255) return false;
  if (m[3] !== undefined) {
    const [algorithm, hex] = m[3].split(':');
    if (DIGEST_LENGTHS[algorithm] !== hex.length) return false;
  }
  return true;
}

const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'illumos', 'ios', 'js', 'linux', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows']);
const ARCH_ALIASES: Record<string, string> = {
  '386': '386', i386: '386', x86: '386', amd64: 'amd64', x86_64: 'amd64', 'x86-64': 'amd64', arm: 'arm', armel: 'arm', armhf: 'arm',
  arm64: 'arm64', aarch64: 'arm64', ppc64le: 'ppc64le', ppc64: 'ppc64', s390x: 's390x', riscv64: 'riscv64', mips64le: 'mips64le',
  mips64: 'mips64', mipsle: 'mipsle', mips: 'mips', loong64: 'loong64', wasm: 'wasm',
};

/** containerd's platforms.Parse, enough to tell a constant platform from nonsense. */
export function parsePlatform(spec: string): { os: string; architecture: string; variant?: string } | undefined {
  const parts = spec.toLowerCase().split('/');
  if (parts.some((p) => !/^[a-z0-9_.-]+$/.test(p))) return undefined;
  if (parts.length === 1) {
    if (KNOWN_OS.has(parts[0])) return { os: parts[0], architecture: 'amd64' };
    const arch = ARCH_ALIASES[parts[0]];
    return arch ? { os: 'linux', architecture: arch } : undefined;
  }
  if (parts.length > 3 || !KNOWN_OS.has(parts[0])) return undefined;
  const arch = ARCH_ALIASES[parts[1]];
  if (!arch) return undefined;
  return { os: parts[0], architecture: arch, variant: parts[2] };
}

const SPECIFIER = /^[A-Za-z0-9_.-]+$/;
const OS_AND_VERSION = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.-]*)\))?$/;

/**
 * Why containerd's platforms.Parse rejects `spec`, in its words (Go's `%q` quoting), or undefined
 * when it accepts it. An os/arch pair is accepted whatever the names, as containerd does.
 */
export function platformParseError(spec: string): string | undefined {
  const q = (s: string) => JSON.stringify(s);
  const invalid = 'invalid argument';
  if (spec.includes('*')) return `${q(spec)}: wildcards not yet supported: ${invalid}`;
  // strings.SplitN(spec, "/", 4)
  const all = spec.split('/');
  const parts = all.length > 4 ? [...all.slice(0, 3), all.slice(3).join('/')] : all;
  for (let i = 0; i < parts.length; i++) {
    if (i === 0 && !OS_AND_VERSION.test(parts[0])) {
      return `${q(parts[0])} is an invalid OS component of ${q(spec)}: OSAndVersion specifier component must match ${q(OS_AND_VERSION.source)}: ${invalid}`;
    }
    if (i > 0 && !SPECIFIER.test(parts[i])) {
      return `${q(parts[i])} is an invalid component of ${q(spec)}: platform specifier component must match ${q(SPECIFIER.source)}: ${invalid}`;
    }
  }
  if (parts.length === 1) {
    const os = (OS_AND_VERSION.exec(parts[0])?.[1] ?? '').toLowerCase();
    if (KNOWN_OS.has(os) || ARCH_ALIASES[parts[0].toLowerCase()] !== undefined) return undefined;
    return `${q(spec)}: unknown operating system or architecture: ${invalid}`;
  }
  return parts.length <= 3 ? undefined : `${q(spec)}: cannot parse platform specifier: ${invalid}`;
}

/** The value of `--name` on an instruction (case-insensitive name), if given. */
export function flagValue(ins: Instruction, name: string): string | undefined {
  return ins.flags.find((f) => f.name.toLowerCase() === name)?.value;
}

