// The compose model: one parse of a compose file with the `yaml` package (eemeli/yaml), which keeps
// every node's offsets, plus the parts the rules and the editor features ask about, each with its
// range. Never throws: a file YAML cannot read gives syntax errors and as much of a model as the
// parser recovered.
import { type Document, type Node, type Pair, isAlias, isMap, isPair, isScalar, parseDocument, type Scalar, visit, type YAMLMap } from 'yaml';
import type { Range } from '../dockerfile/model';
import { ComposeLanguageId } from '../../../shared/protocol';
import { LineIndex } from './lines';

export const COMPOSE_LANGUAGE_ID = ComposeLanguageId;

export interface SyntaxError {
  range: Range;
  message: string;
}

/** A named entry of a mapping: a service, a top-level network or volume. */
export interface NamedEntry {
  name: string;
  key: Node;
  value: Node | null;
  keyRange: Range;
  /** From the key to the end of its value. */
  range: Range;
}

export interface ComposeModel {
  /** The text without a BOM; positions count from here. */
  text: string;
  lines: LineIndex;
  doc: Document.Parsed;
  /** The document as plain data (what the schema validates); undefined when YAML could not give it. */
  value: unknown;
  syntaxErrors: SyntaxError[];
  services: NamedEntry[];
  networks: NamedEntry[];
  volumes: NamedEntry[];
  secrets: NamedEntry[];
  configs: NamedEntry[];
  /** Comment lines (`# ...`, text after the `#`), for ignore comments. */
  comments: Array<{ line: number; text: string }>;
}

// Compose's own tags: `!reset` drops an inherited value, `!override` replaces it (override files).
const COMPOSE_TAGS = new Set(['!reset', '!override']);

export function parseCompose(input: string): ComposeModel {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const lines = new LineIndex(text);
  const syntaxErrors: SyntaxError[] = [];
  // YAML 1.1 merge keys (`<<: *common`) as compose-go reads them; no alias may expand past 1000 nodes.
  // Each YAML error is an Error, and capturing a stack for each made a file with hundreds of
  // thousands of bad escapes (Windows paths in double quotes, repeated) take seconds to parse; the
  // errors are reported by position, never by stack.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { merge: true, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false, strict: true });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  for (const error of doc.errors) syntaxErrors.push({ range: lines.range(error.pos[0], Math.max(error.pos[1], error.pos[0])), message: error.message });
  for (const warning of doc.warnings) {
    if (warning.code === 'TAG_RESOLVE_FAILED' && [...COMPOSE_TAGS].some((tag) => warning.message.includes(tag))) continue;
    syntaxErrors.push({ range: lines.range(warning.pos[0], Math.max(warning.pos[1], warning.pos[0])), message: warning.message });
  }
  let value: unknown;
  if (doc.errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      // An alias that expands too far (a "billion laughs" file) or a merge of a non-mapping.
      const node = doc.contents;
      const range = node?.range ? lines.range(node.range[0], node.range[0]) : lines.range(0, 0);
      syntaxErrors.push({ range, message: error instanceof Error ? error.message : String(error) });
    }
  }
  const root = doc.contents;
  return {
    text,
    lines,
    doc,
    value,
    syntaxErrors,
    services: entriesOf(lines, mapAt(doc, root, 'services')),
    networks: entriesOf(lines, mapAt(doc, root, 'networks')),
    volumes: entriesOf(lines, mapAt(doc, root, 'volumes')),
    secrets: entriesOf(lines, mapAt(doc, root, 'secrets')),
    configs: entriesOf(lines, mapAt(doc, root, 'configs')),
    comments: commentLines(text),
  };
}

/** A YAML 1.1 merge key (`<<`), which the parser keeps as a symbol. */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || key.value === '<<');
}

/** The pair of `map` whose key is the scalar `key`. */
export function pairOf(map: unknown, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  for (const item of (map as YAMLMap<unknown, unknown>).items) {
    if (isPair(item) && isScalar(item.key) && !isMergeKey(item.key) && String(item.key.value) === key) return item as Pair<Node, Node | null>;
  }
  return undefined;
}

// Alias.resolve() walks the whole document for each alias: with `<<: *defaults` in every service
// that made a 2,000-line file take seconds. The anchors are collected once per document instead.
const anchorsOf = new WeakMap<Document, Map<string, Array<{ at: number; node: Node }>>>();

function anchors(doc: Document): Map<string, Array<{ at: number; node: Node }>> {
  let map = anchorsOf.get(doc);
  if (map === undefined) {
    const found = new Map<string, Array<{ at: number; node: Node }>>();
    visit(doc, (_key, node) => {
      // A key without a value (`{a, b}`, `? k`) has its value visited as null.
      if (node === null || typeof node !== 'object') return;
      const anchor = (node as { anchor?: string }).anchor;
      const at = (node as Node).range?.[0];
      if (anchor !== undefined && at !== undefined && !isAlias(node)) {
        const list = found.get(anchor) ?? [];
        list.push({ at, node: node as Node });
        found.set(anchor, list);
      }
    });
    anchorsOf.set(doc, (map = found));
  }
  return map;
}

/** What an alias names (the node itself otherwise): the last anchor of that name before it, as YAML reads it. */
export function deref(doc: Document, node: unknown): Node | null | undefined {
  if (!isAlias(node)) return node as Node | null | undefined;
  const list = anchors(doc).get(node.source);
  if (list === undefined) return undefined;
  const at = node.range?.[0] ?? Infinity;
  let target: Node | undefined;
  for (const entry of list) if (entry.at < at) target = entry.node;
  return target;
}

/** The value of `key` in `map`, following an alias to what it names. */
export function valueAt(doc: Document, map: unknown, key: string): Node | null | undefined {
  return deref(doc, pairOf(map, key)?.value);
}

export function mapAt(doc: Document, map: unknown, key: string): YAMLMap<unknown, unknown> | undefined {
  const value = valueAt(doc, map, key);
  return isMap(value) ? (value as YAMLMap<unknown, unknown>) : undefined;
}

/** A scalar's string value (numbers and booleans as written), else undefined. */
export function scalarText(node: unknown): string | undefined {
  if (isAlias(node)) return undefined;
  if (!isScalar(node) || node.value === null || node.value === undefined || typeof node.value === 'object') return undefined;
  return String(node.value);
}

export function rangeOf(model: Pick<ComposeModel, 'lines'>, node: Node | null | undefined): Range | undefined {
  if (!node?.range) return undefined;
  return model.lines.range(node.range[0], node.range[1]);
}

/**
 * Where a scalar's characters are in the text, when each character of its value is one character
 * of the source (plain, or quoted without escapes or folding): offsets of the value's first and
 * last+1 character. Undefined otherwise, so a fix never edits the wrong characters.
 */
export function scalarSpan(text: string, node: Scalar): { start: number; end: number } | undefined {
  if (!node.range) return undefined;
  const [start, end] = node.range;
  const value = typeof node.value === 'string' ? node.value : node.source ?? String(node.value);
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const inner = quoted ? text.slice(start + 1, end - 1) : text.slice(start, end);
  if (node.type !== 'PLAIN' && !quoted) return undefined;
  if (inner !== value) return undefined;
  return quoted ? { start: start + 1, end: end - 1 } : { start, end };
}

function entriesOf(lines: LineIndex, map: YAMLMap<unknown, unknown> | undefined): NamedEntry[] {
  if (map === undefined) return [];
  const out: NamedEntry[] = [];
  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key) || !item.key.range || isMergeKey(item.key)) continue;
    const key = item.key as Node;
    const value = (item.value ?? null) as Node | null;
    const keyRange = lines.range(key.range![0], key.range![1]);
    const end = value?.range ? value.range[1] : key.range![1];
    out.push({ name: String((item.key as Scalar).value), key, value, keyRange, range: lines.range(key.range![0], end) });
  }
  return out;
}

function commentLines(text: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*#(.*)$/.exec(lines[i]);
    if (m) out.push({ line: i, text: m[1].trim() });
  }
  return out;
}
