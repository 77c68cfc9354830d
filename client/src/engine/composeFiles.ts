// Which compose files go together and what they declare: the default file and its override as
// `docker compose` picks them, the order of several files chosen at once, the project a container
// came from (its labels), and the services and profiles a file declares, read with a YAML parser.
// No 'vscode' here: the unit tier checks these directly.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';

/** compose-go's default names, in its order of preference (`docker compose` without -f). */
export const DEFAULT_COMPOSE_FILES: readonly string[] = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
/** The override it then adds from the same folder, the first that exists. */
export const DEFAULT_OVERRIDE_FILES: readonly string[] = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** The names the menus offer Compose on: compose.yaml, docker-compose.yml, compose.prod.yaml ... */
export function isComposeFileName(name: string): boolean {
  return /^(docker-)?compose([.-][\w-]+)?\.ya?ml$/i.test(name);
}

function isOverrideName(name: string): boolean {
  return /\.override\.ya?ml$/i.test(name);
}

/**
 * The files compose reads for `file` as `docker compose` does in that folder without -f: a default
 * file comes with the first default override beside it, an override with the default file it
 * overrides. Any other file stands alone.
 */
export function composeFileSet(file: string, exists: (p: string) => boolean = fs.existsSync): string[] {
  const dir = path.dirname(file);
  const name = path.basename(file);
  if (DEFAULT_COMPOSE_FILES.includes(name)) {
    const override = DEFAULT_OVERRIDE_FILES.map((n) => path.join(dir, n)).find(exists);
    return override ? [file, override] : [file];
  }
  if (DEFAULT_OVERRIDE_FILES.includes(name)) {
    const base = DEFAULT_COMPOSE_FILES.map((n) => path.join(dir, n)).find(exists);
    return base ? [base, file] : [file];
  }
  return [file];
}

/**
 * Several files chosen together, in the order compose merges them: as given, except that
 * `*.override.yaml` files go after the others (a later file overrides an earlier one); each once.
 */
export function orderComposeFiles(files: readonly string[]): string[] {
  const unique = [...new Set(files)];
  return [...unique.filter((f) => !isOverrideName(path.basename(f))), ...unique.filter((f) => isOverrideName(path.basename(f)))];
}

/** `compose.yaml + compose.override.yaml`, for titles and messages. */
export function describeFileSet(files: readonly string[]): string {
  return files.map((f) => path.basename(f)).join(' + ');
}

/** Service and profile names go to compose as arguments: what the Compose Specification allows, never an option. */
export function validateComposeName(name: string, what: 'service' | 'profile' | 'project'): { ok: true } | { ok: false; message: string } {
  if (/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(name)) return { ok: true };
  return { ok: false, message: `"${name}" is not a valid compose ${what} name (letters, digits, '.', '_' and '-', not starting with a punctuation mark).` };
}

export interface ComposeFacts {
  /** Service names, in file order (the first file's first). */
  services: string[];
  /** Every profile any service declares, sorted. */
  profiles: string[];
  /** The profiles of each service that declares some. */
  serviceProfiles: Record<string, string[]>;
  /** YAML that did not parse: the first error, with its line. The rest is what could be read. */
  problems: string[];
}

/** A compose file larger than this is not read for its profiles (compose itself will judge it). */
export const MAX_COMPOSE_FILE_BYTES = 4 * 1024 * 1024;

/** The services and profiles one compose file declares (the `profiles:` of each service). */
export function readComposeFacts(text: string, name = 'the compose file'): ComposeFacts {
  const facts: ComposeFacts = { services: [], profiles: [], serviceProfiles: {}, problems: [] };
  const doc = parseDocument(text, { uniqueKeys: false });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line;
    facts.problems.push(`${name}${line ? ` line ${line}` : ''}: ${first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const services = isMap(doc.contents) ? doc.contents.get('services', true) : undefined;
  if (!isMap(services)) return facts;
  const all = new Set<string>();
  for (const pair of services.items) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    if (typeof key !== 'string' && typeof key !== 'number') continue;
    const service = String(key);
    facts.services.push(service);
    const node = isMap(pair.value) ? pair.value.get('profiles', true) : undefined;
    const profiles = isAlias(node) ? node.resolve(doc) : node;
    if (!isSeq(profiles)) continue;
    const names = profiles.items.map((i) => (isScalar(i) ? i.value : undefined)).filter((v): v is string => typeof v === 'string' && v.length > 0);
    if (names.length === 0) continue;
    facts.serviceProfiles[service] = names;
    for (const n of names) all.add(n);
  }
  facts.profiles = [...all].sort();
  return facts;
}

/** The facts of files read together: services and profiles of all, a service's profiles from every file that names them. */
export function mergeComposeFacts(list: readonly ComposeFacts[]): ComposeFacts {
  const merged: ComposeFacts = { services: [], profiles: [], serviceProfiles: {}, problems: [] };
  const profiles = new Set<string>();
  for (const f of list) {
    for (const s of f.services) if (!merged.services.includes(s)) merged.services.push(s);
    for (const [s, p] of Object.entries(f.serviceProfiles)) merged.serviceProfiles[s] = [...new Set([...(merged.serviceProfiles[s] ?? []), ...p])];
    for (const p of f.profiles) profiles.add(p);
    merged.problems.push(...f.problems);
  }
  merged.profiles = [...profiles].sort();
  return merged;
}

/** Reads the files from disk; one that cannot be read, or is too large, is a problem, not a failure. */
export function readComposeFilesFacts(files: readonly string[]): ComposeFacts {
  return mergeComposeFacts(
    files.map((file) => {
      try {
        const size = fs.statSync(file).size;
        if (size > MAX_COMPOSE_FILE_BYTES) return { services: [], profiles: [], serviceProfiles: {}, problems: [`${path.basename(file)} is over 4 MiB and was not read for its profiles.`] };
        return readComposeFacts(fs.readFileSync(file, 'utf8'), path.basename(file));
      } catch (err) {
        return { services: [], profiles: [], serviceProfiles: {}, problems: [`${file} could not be read: ${err instanceof Error ? err.message : String(err)}`] };
      }
    }),
  );
}

export interface ComposeProjectRef {
  /** `com.docker.compose.project`. */
  project: string;
  /** `com.docker.compose.project.working_dir`: where compose ran. */
  workingDir: string;
  /** `com.docker.compose.project.config_files`, absolute, in compose's order. */
  configFiles: string[];
  /** `com.docker.compose.service`, when the labels are one container's. */
  service?: string;
}

/**
 * The project a container was started from, from the labels compose puts on it (v1 and v2 alike);
 * a message when they do not say enough to run compose on it again.
 */
export function composeProjectFromLabels(labels: Record<string, string>): { ok: true; value: ComposeProjectRef } | { ok: false; message: string } {
  const project = labels['com.docker.compose.project'];
  if (!project) return { ok: false, message: 'The container was not started by Docker Compose (it has no com.docker.compose.project label).' };
  const workingDir = labels['com.docker.compose.project.working_dir'] ?? '';
  const raw = labels['com.docker.compose.project.config_files'] ?? '';
  const configFiles = raw
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
    .map((f) => (path.isAbsolute(f) || !workingDir ? f : path.resolve(workingDir, f)));
  if (configFiles.length === 0 || !configFiles.every((f) => path.isAbsolute(f))) {
    return { ok: false, message: `The compose project "${project}" does not say which files it was started from (no com.docker.compose.project.config_files label with absolute paths).` };
  }
  const ref: ComposeProjectRef = { project, workingDir: workingDir || path.dirname(configFiles[0]), configFiles };
  const service = labels['com.docker.compose.service'];
  if (service) ref.service = service;
  return { ok: true, value: ref };
}
