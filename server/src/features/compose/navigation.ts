// Compose outline, go to definition, document links, code lenses and folding: adapters from the
// compose model to LSP.
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type CodeLens, type DocumentLink, type DocumentSymbol, type FoldingRange, type Location, type Position, SymbolKind } from 'vscode-languageserver';
import { type Node, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import { dockerfilePath, envFilePath } from '../../compose/files';
import { type ComposeModel, type NamedEntry, rangeOf } from '../../compose/model';
import { hitAt } from '../../compose/paths';
import { serviceFacts } from '../../compose/service';
import { splitShortVolume } from '../../rules/compose/windows-volume-syntax';

export const UP_SERVICE_COMMAND = 'dockerWorkbench.compose.upService';
export const LOGS_SERVICE_COMMAND = 'dockerWorkbench.compose.logsService';

export function composeSymbols(model: ComposeModel): DocumentSymbol[] {
  const groups: Array<[string, NamedEntry[], SymbolKind]> = [
    ['services', model.services, SymbolKind.Class],
    ['networks', model.networks, SymbolKind.Interface],
    ['volumes', model.volumes, SymbolKind.Struct],
    ['secrets', model.secrets, SymbolKind.Key],
    ['configs', model.configs, SymbolKind.File],
  ];
  const out: DocumentSymbol[] = [];
  const root = model.doc.contents;
  if (!isMap(root)) return out;
  for (const [name, entries, kind] of groups) {
    const pair = root.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === name);
    if (!pair || !isPair(pair)) continue;
    const keyRange = rangeOf(model, pair.key as Node);
    const end = (pair.value as Node | null)?.range?.[1] ?? (pair.key as Node).range?.[1];
    if (keyRange === undefined || end === undefined) continue;
    out.push({
      name,
      kind: SymbolKind.Namespace,
      range: { start: keyRange.start, end: model.lines.position(end) },
      selectionRange: keyRange,
      children: entries.map((e) => ({
        name: e.name,
        detail: name === 'services' ? (serviceFacts(model, e).image?.text ?? (serviceFacts(model, e).build ? 'build' : '')) : '',
        kind,
        range: e.range,
        selectionRange: e.keyRange,
      })),
    });
  }
  return out;
}

/** From a name under `depends_on`, `networks`, `volumes`, `secrets`, `configs` or `extends` to where it is defined. */
export function composeDefinition(model: ComposeModel, uri: string, position: Position): Location[] {
  const offset = model.lines.offset(position);
  const hit = hitAt(model.doc, offset);
  if (hit === undefined || hit.path[0] !== 'services' || hit.path.length < 3) return [];
  const [, , field, ...rest] = hit.path;
  const text = isScalar(hit.node) ? String(hit.node.value) : '';
  const target = (entries: NamedEntry[], name: string) => entries.filter((e) => e.name === name).map((e) => ({ uri, range: e.keyRange }));
  // A list item (`- db`) or a mapping key (`db: {condition: ...}`) directly under the field.
  const listOrKey = (name: string) => ((hit.onKey ? rest.length === 1 : rest.length === 1 && rest[0] === '*') ? name : undefined);
  switch (field) {
    case 'depends_on': {
      const name = listOrKey(text);
      return name === undefined ? [] : target(model.services, name);
    }
    case 'networks': {
      const name = listOrKey(text);
      return name === undefined ? [] : target(model.networks, name);
    }
    case 'secrets':
    case 'configs': {
      const entries = field === 'secrets' ? model.secrets : model.configs;
      if (rest.length === 1 && rest[0] === '*' && !hit.onKey) return target(entries, text);
      if (rest.length === 2 && rest[0] === '*' && rest[1] === 'source' && !hit.onKey) return target(entries, text);
      return [];
    }
    case 'volumes': {
      if (hit.onKey) return [];
      if (rest.length === 1 && rest[0] === '*') {
        const [source] = splitShortVolume(text);
        return target(model.volumes, source);
      }
      if (rest.length === 2 && rest[0] === '*' && rest[1] === 'source') return target(model.volumes, text);
      return [];
    }
    case 'extends': {
      if (hit.onKey || !(rest.length === 0 || (rest.length === 1 && rest[0] === 'service'))) return [];
      const own = serviceFacts(model, model.services.find((s) => s.name === hit.path[1])!);
      // `extends: {file: other.yaml, service: x}` names a service of another file: not followed here.
      if (own?.extends?.file !== undefined) return [];
      return target(model.services, text);
    }
    default:
      return [];
  }
}

/** `build.dockerfile` (or the context's Dockerfile when it is written) and each `env_file`, as links to the files. */
export function composeLinks(model: ComposeModel, uri: string): DocumentLink[] {
  const file = filePathOf(uri);
  if (file === undefined) return [];
  const dir = path.dirname(file);
  const links: DocumentLink[] = [];
  for (const entry of model.services) {
    const service = serviceFacts(model, entry);
    const dockerfile = dockerfilePath(service, dir);
    const node = service.build?.dockerfile?.node;
    const range = rangeOf(model, node);
    if (dockerfile !== undefined && range !== undefined) links.push({ range, target: pathToFileURL(dockerfile).toString(), tooltip: 'Open the Dockerfile' });
    for (const env of service.envFiles) {
      const target = envFilePath(env.text, dir);
      const envRange = rangeOf(model, env.node);
      if (target !== undefined && envRange !== undefined) links.push({ range: envRange, target: pathToFileURL(target).toString(), tooltip: 'Open the env file' });
    }
  }
  return links;
}

/** "Up" and "Logs" above each service; the client runs them with the document and the service. */
export function composeLenses(model: ComposeModel, uri: string): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const entry of model.services) {
    lenses.push({ range: entry.keyRange, command: { title: 'Up', command: UP_SERVICE_COMMAND, arguments: [uri, entry.name] } });
    lenses.push({ range: entry.keyRange, command: { title: 'Logs', command: LOGS_SERVICE_COMMAND, arguments: [uri, entry.name] } });
  }
  return lenses;
}

/** Every mapping and list that spans lines. */
export function composeFolding(model: ComposeModel): FoldingRange[] {
  const out: FoldingRange[] = [];
  visit(model.doc, {
    Pair(_, pair) {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      if (!key?.range || !value?.range || !(isMap(value) || isSeq(value))) return;
      const start = model.lines.position(key.range[0]).line;
      // A block collection's range ends after its last line break.
      const end = model.lines.position(Math.max(value.range[0], value.range[1] - 1)).line;
      if (end > start) out.push({ startLine: start, endLine: end });
    },
  });
  return out;
}

function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
