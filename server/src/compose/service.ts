// What the rules and features ask about one service, read from the YAML with the nodes that say it
// (values a `<<` merge brought in are found where they were written).
import { type Document, type Node, isMap, isPair, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';
import type { ComposeModel, NamedEntry } from './model';
import { deref as derefIn, isMergeKey, scalarText } from './model';

export interface Written {
  text: string;
  node: Scalar;
}

export interface BuildFacts {
  /** The `build` key itself. */
  key: Node;
  context?: Written;
  dockerfile?: Written;
  target?: Written;
  /** `dockerfile_inline`: no file to look at. */
  inline: boolean;
}

export interface EnvFileFacts extends Written {
  required: boolean;
}

export interface ServiceFacts {
  entry: NamedEntry;
  map: YAMLMap<unknown, unknown> | undefined;
  image?: Written;
  platform?: Written;
  isolation?: Written;
  build?: BuildFacts;
  envFiles: EnvFileFacts[];
  dependsOn: Written[];
  networks: Written[];
  extends?: { service?: Written; file?: Written };
  /** The items of `volumes:` as written (short syntax scalars and long syntax mappings). */
  volumes: Node[];
  volumesFlow: boolean;
}

/** The key and value of `key` in `map`, through aliases and `<<` merges. */
export function lookup(doc: Document, map: unknown, key: string, depth = 0): { key: Node; value: Node | null } | undefined {
  const deref = (node: unknown) => derefIn(doc, node);
  const target = deref(map);
  if (!isMap(target) || depth > 20) return undefined;
  const items = (target as YAMLMap<unknown, unknown>).items;
  for (const item of items) {
    if (isPair(item) && isScalar(item.key) && !isMergeKey(item.key) && String(item.key.value) === key) return { key: item.key as Node, value: deref(item.value as Node) ?? null };
  }
  for (const item of items) {
    if (!isPair(item) || !isMergeKey(item.key)) continue;
    const sources = isSeq(deref(item.value as Node)) ? (deref(item.value as Node) as { items: unknown[] }).items : [item.value];
    for (const source of sources) {
      const found = lookup(doc, source, key, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function written(node: Node | null | undefined): Written | undefined {
  const text = scalarText(node);
  return text === undefined ? undefined : { text, node: node as Scalar };
}

/** Scalar items of a list, or the keys of a mapping (`depends_on`, `networks` take both). */
function namesOf(doc: Document, node: Node | null | undefined): Written[] {
  const deref = (n: unknown) => derefIn(doc, n);
  const target = deref(node);
  const out: Written[] = [];
  if (isSeq(target)) {
    for (const item of target.items) {
      const w = written(deref(item));
      if (w) out.push(w);
    }
  } else if (isMap(target)) {
    for (const item of (target as YAMLMap<unknown, unknown>).items) {
      if (isPair(item) && isScalar(item.key) && !isMergeKey(item.key)) {
        const w = written(item.key as Node);
        if (w) out.push(w);
      }
    }
  }
  return out;
}

const cache = new WeakMap<NamedEntry, ServiceFacts>();

export function serviceFacts(model: Pick<ComposeModel, 'doc'>, entry: NamedEntry): ServiceFacts {
  let facts = cache.get(entry);
  if (facts === undefined) cache.set(entry, (facts = readService(model.doc, entry)));
  return facts;
}

function readService(doc: Document, entry: NamedEntry): ServiceFacts {
  const deref = (node: unknown) => derefIn(doc, node);
  const lookupIn = (map: unknown, key: string) => lookup(doc, map, key);
  const names = (node: Node | null | undefined) => namesOf(doc, node);
  const value = deref(entry.value);
  const map = isMap(value) ? (value as YAMLMap<unknown, unknown>) : undefined;
  const get = (key: string) => lookupIn(map, key);
  const facts: ServiceFacts = {
    entry,
    map,
    image: written(get('image')?.value),
    platform: written(get('platform')?.value),
    isolation: written(get('isolation')?.value),
    envFiles: [],
    dependsOn: names(get('depends_on')?.value),
    networks: names(get('networks')?.value),
    volumes: [],
    volumesFlow: false,
  };
  const build = get('build');
  if (build !== undefined) {
    const asText = written(build.value);
    if (asText) facts.build = { key: build.key, context: asText, inline: false };
    else if (isMap(build.value)) {
      facts.build = {
        key: build.key,
        context: written(lookupIn(build.value, 'context')?.value),
        dockerfile: written(lookupIn(build.value, 'dockerfile')?.value),
        target: written(lookupIn(build.value, 'target')?.value),
        inline: lookupIn(build.value, 'dockerfile_inline') !== undefined,
      };
    }
  }
  const envFile = deref(get('env_file')?.value);
  const envItems = isSeq(envFile) ? envFile.items.map((i) => deref(i)) : envFile ? [envFile] : [];
  for (const item of envItems) {
    const direct = written(item);
    if (direct) {
      facts.envFiles.push({ ...direct, required: true });
      continue;
    }
    const path = written(lookupIn(item, 'path')?.value);
    if (!path) continue;
    const required = deref(lookupIn(item, 'required')?.value);
    facts.envFiles.push({ ...path, required: !(isScalar(required) && (required.value === false || required.value === 'false')) });
  }
  const ext = get('extends');
  if (ext !== undefined) {
    const asText = written(ext.value);
    facts.extends = asText ? { service: asText } : { service: written(lookupIn(ext.value, 'service')?.value), file: written(lookupIn(ext.value, 'file')?.value) };
  }
  const volumes = deref(get('volumes')?.value);
  if (isSeq(volumes)) {
    facts.volumes = volumes.items.map((i) => i as Node);
    facts.volumesFlow = volumes.flow === true;
  }
  return facts;
}

/** Whether a value is interpolated (`${TAG}`): its real value is known only when Compose runs. */
export function interpolated(text: string): boolean {
  return text.includes('$');
}
