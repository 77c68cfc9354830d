// Schema validation with positions: ajv says what is wrong by JSON pointer (`/services/web/build`);
// this finds the YAML node at that pointer and reports on the key or the value it is about. ajv
// reports every branch of a `oneOf` that failed; only the branch the file evidently meant is kept
// (the one that got past the type check), so `build: {contxt: .}` says "property contxt is not
// allowed", not also "must be string".
import { type Document, type Node, isMap, isPair, isScalar, isSeq, type YAMLMap } from 'yaml';
import type { Range } from '../dockerfile/model';
import { type ComposeModel, deref as derefIn, isMergeKey } from './model';
import type { ComposeSchema, SchemaError } from './schema';

export interface SchemaProblem {
  range: Range;
  message: string;
}

const COMPOSITE = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'then', 'else']);

export function schemaProblems(model: ComposeModel, schema: ComposeSchema): SchemaProblem[] {
  if (model.value === undefined || model.syntaxErrors.length > 0) return [];
  // compose-go treats an empty file as an empty project; ajv would say "must be object" at line 1.
  const data = model.value === null ? {} : model.value;
  if (schema.validate(data)) return [];
  const errors = pickErrors(schema.validate.errors ?? []);
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const segments = pointerSegments(error.instancePath);
    const found = nodeAt(model, segments);
    if (found.reset) continue;
    const problem = describe(model, error, segments, found);
    const key = `${problem.range.start.line}:${problem.range.start.character}:${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out;
}

/** Drops the errors of `oneOf` branches the file did not mean, and merges the type errors left. */
export function pickErrors(errors: readonly SchemaError[]): SchemaError[] {
  const below = (path: string, other: string) => other.startsWith(`${path}/`);
  const kept = errors.filter((e) => {
    if (e.keyword === 'type' || COMPOSITE.has(e.keyword)) {
      // Another error deeper down, or a non-type error here: a branch got past this node's type.
      const deeper = errors.some((o) => below(e.instancePath, o.instancePath));
      const structural = errors.some((o) => o.instancePath === e.instancePath && o.keyword !== 'type' && !COMPOSITE.has(o.keyword));
      if (deeper || structural) return false;
      // A composite error alone says nothing the type errors beside it do not.
      if (COMPOSITE.has(e.keyword)) return !errors.some((o) => o.instancePath === e.instancePath && o.keyword === 'type');
    }
    return true;
  });
  // Several branches' type errors at one node: one error naming every type allowed.
  const merged: SchemaError[] = [];
  const typeAt = new Map<string, SchemaError>();
  for (const e of kept) {
    if (e.keyword !== 'type') {
      merged.push(e);
      continue;
    }
    const types = ([] as unknown[]).concat(e.params.type);
    const prior = typeAt.get(e.instancePath);
    if (prior === undefined) {
      const copy: SchemaError = { ...e, params: { type: [...types] } };
      typeAt.set(e.instancePath, copy);
      merged.push(copy);
    } else {
      const list = prior.params.type as unknown[];
      for (const t of types) if (!list.includes(t)) list.push(t);
    }
  }
  return merged;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

interface Found {
  /** The deepest node reached, and the key of the pair that holds it (when it is a mapping value). */
  node: Node | null | undefined;
  key: Node | undefined;
  /** Whether every segment was found (a merged or aliased value may not be written where it applies). */
  exact: boolean;
  /** Under a `!reset` tag: compose drops it before validating. */
  reset: boolean;
}

function nodeAt(model: ComposeModel, segments: readonly string[]): Found {
  const deref = (node: unknown) => derefIn(model.doc, node);
  const childOf = (node: Node | null | undefined, segment: string) => childIn(model.doc, node, segment);
  let node: Node | null | undefined = model.doc.contents as Node | null;
  let key: Node | undefined;
  let reset = false;
  for (const segment of segments) {
    const target = deref(node);
    if (target && (target as { tag?: string }).tag === '!reset') reset = true;
    const next = childOf(target, segment);
    if (next === undefined) return { node, key, exact: false, reset };
    node = next.value;
    key = next.key;
  }
  const last = deref(node);
  if (last && (last as { tag?: string }).tag === '!reset') reset = true;
  return { node, key, exact: true, reset };
}


function childIn(doc: Document, node: Node | null | undefined, segment: string, depth = 0): { key: Node | undefined; value: Node | null } | undefined {
  if (depth > 20) return undefined;
  if (isSeq(node)) {
    const item = node.items[Number(segment)];
    return item === undefined ? undefined : { key: undefined, value: item as Node | null };
  }
  if (!isMap(node)) return undefined;
  const map = node as YAMLMap<unknown, unknown>;
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && !isMergeKey(item.key) && String(item.key.value) === segment) return { key: item.key as Node, value: (item.value ?? null) as Node | null };
  }
  // A value that came in through a merge key (`<<: *defaults`): found where it was written.
  for (const item of map.items) {
    if (!isPair(item) || !isMergeKey(item.key)) continue;
    const sources = isSeq(item.value) ? item.value.items : [item.value];
    for (const source of sources) {
      const found = childIn(doc, derefIn(doc, source), segment, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function describe(model: ComposeModel, error: SchemaError, segments: readonly string[], found: Found): SchemaProblem {
  const deref = (node: unknown) => derefIn(model.doc, node);
  const childOf = (node: Node | null | undefined, segment: string) => childIn(model.doc, node, segment);
  const where = segments.length === 0 ? 'top level' : segments.join('.');
  const whole = (node: Node | null | undefined) => (node?.range ? model.lines.range(node.range[0], node.range[1]) : undefined);
  const start = (node: Node | null | undefined) => (node?.range ? model.lines.range(node.range[0], node.range[0]) : undefined);
  const fallback = whole(found.key) ?? start(found.node) ?? model.lines.range(0, 0);
  const target = deref(found.node);
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(error.params.additionalProperty);
      const pair = found.exact ? childOf(target, name) : undefined;
      const range = whole(pair?.key) ?? fallback;
      return { range, message: `${where}: property \`${name}\` is not allowed here` };
    }
    case 'required': {
      const name = String(error.params.missingProperty);
      return { range: found.exact ? (whole(found.key) ?? start(found.node) ?? fallback) : fallback, message: `${where}: property \`${name}\` is required` };
    }
    case 'type': {
      const types = ([] as unknown[]).concat(error.params.type).map(String);
      return { range: found.exact ? (whole(found.node) ?? fallback) : fallback, message: `${where}: must be ${joinOr(types.map(typeName))}` };
    }
    case 'enum': {
      const allowed = ([] as unknown[]).concat(error.params.allowedValues).map((v) => (v === null ? 'null' : `\`${String(v)}\``));
      return { range: found.exact ? (whole(found.node) ?? fallback) : fallback, message: `${where}: must be one of ${allowed.join(', ')}` };
    }
    default:
      return { range: found.exact ? (whole(found.node) ?? fallback) : fallback, message: `${where}: ${error.message ?? error.keyword}` };
  }
}

function typeName(type: string): string {
  return type === 'array' ? 'a list' : type === 'object' ? 'a mapping' : type === 'null' ? 'empty' : `a ${type}`;
}

function joinOr(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
