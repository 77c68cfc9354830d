// The three task types as tasks.json writes them, and their resolution into what the engine layer
// takes: paths made absolute against the workspace folder, defaults filled in, every value checked
// with a message that names the task property. Pure (no 'vscode', no engine): the unit tier checks
// these and that the manifest's taskDefinitions schemas list exactly these properties.
import * as path from 'node:path';
import { composeFileSet, DEFAULT_COMPOSE_FILES, validateComposeName } from '../engine/composeFiles';
import { defaultTagForFolder, parseKeyValues, parsePortMappings, validateContainerName, validateImageTag, validateVolumes, type Validation } from '../engine/validate';

export const BUILD_TASK = 'docker-build';
export const RUN_TASK = 'docker-run';
export const COMPOSE_TASK = 'docker-compose';

/** The properties each type reads (besides `type`), in the order the schemas list them. */
export const TASK_PROPERTIES = {
  [BUILD_TASK]: ['dockerfile', 'context', 'tag', 'buildArgs', 'target', 'platform', 'isolation', 'labels', 'noCache'],
  [RUN_TASK]: ['image', 'name', 'ports', 'env', 'envFile', 'volumes', 'network', 'isolation', 'detached', 'remove', 'labels'],
  [COMPOSE_TASK]: ['files', 'profiles', 'action', 'services'],
} as const;

export const ISOLATIONS = ['default', 'process', 'hyperv'] as const;
export const COMPOSE_TASK_ACTIONS = ['up', 'down'] as const;

export interface ResolvedBuildTask {
  dockerfile: string;
  contextDir: string;
  tag: string;
  buildArgs: Record<string, string>;
  target?: string;
  platform?: string;
  isolation?: (typeof ISOLATIONS)[number];
  labels: Record<string, string>;
  noCache: boolean;
}

export interface ResolvedRunTask {
  image: string;
  name?: string;
  ports: string[];
  /** `KEY=VALUE`: the env file's first, then `env`'s (which win). */
  env: string[];
  volumes: string[];
  network?: string;
  /** Undefined: on a Windows engine, chosen from the image and the host (runIsolation.ts). */
  isolation?: (typeof ISOLATIONS)[number];
  detached: boolean;
  remove: boolean;
  labels: Record<string, string>;
}

export interface ResolvedComposeTask {
  files: string[];
  profiles: string[];
  action: (typeof COMPOSE_TASK_ACTIONS)[number];
  services: string[];
}

type Definition = Record<string, unknown>;

function fail<T>(task: string, message: string): Validation<T> {
  return { ok: false, message: `${task} task: ${message}` };
}

class Reader {
  problem: string | undefined;
  constructor(
    private readonly def: Definition,
    private readonly task: string,
  ) {}

  private bad(key: string, want: string): undefined {
    this.problem ??= `${this.task} task: "${key}" must be ${want}.`;
    return undefined;
  }

  string(key: string): string | undefined {
    const v = this.def[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') return this.bad(key, 'a string');
    return v.trim() === '' ? undefined : v;
  }

  bool(key: string): boolean | undefined {
    const v = this.def[key];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'boolean' ? v : this.bad(key, 'true or false');
  }

  list(key: string): string[] {
    const v = this.def[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return this.bad(key, 'a list of strings') ?? [];
    return v as string[];
  }

  map(key: string): Record<string, string> {
    const v = this.def[key];
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) return this.bad(key, 'an object of names to strings') ?? {};
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
      else if (typeof x === 'string') out[k] = x;
      else return this.bad(`${key}.${k}`, 'a string') ?? {};
    }
    return out;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) return this.bad(key, `one of ${allowed.join(', ')}`);
    return v as T;
  }
}

function absolute(folder: string, p: string): string {
  return path.resolve(folder, p);
}

/** docker-build: the Dockerfile (default `Dockerfile` in the folder), its context (default its folder), the tag (default folder:latest). */
export function resolveBuildTask(def: Definition, folder: string): Validation<ResolvedBuildTask> {
  const r = new Reader(def, BUILD_TASK);
  const dockerfile = absolute(folder, r.string('dockerfile') ?? 'Dockerfile');
  const contextDir = absolute(folder, r.string('context') ?? path.dirname(dockerfile));
  const tagText = r.string('tag') ?? defaultTagForFolder(path.basename(contextDir));
  const buildArgs = r.map('buildArgs');
  const labels = r.map('labels');
  const target = r.string('target');
  const platform = r.string('platform');
  const isolation = r.oneOf('isolation', ISOLATIONS);
  const noCache = r.bool('noCache') ?? false;
  if (r.problem) return { ok: false, message: r.problem };
  const tag = validateImageTag(tagText);
  if (!tag.ok) return fail(BUILD_TASK, `"tag": ${tag.message}`);
  const rel = path.relative(contextDir, dockerfile);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return fail(BUILD_TASK, `the Dockerfile ${dockerfile} is outside the context ${contextDir}.`);
  const out: ResolvedBuildTask = { dockerfile, contextDir, tag: tag.value, buildArgs, labels, noCache };
  if (target) out.target = target;
  if (platform) out.platform = platform;
  if (isolation) out.isolation = isolation;
  return { ok: true, value: out };
}

/**
 * An env file as `docker run --env-file` reads it: `KEY=VALUE` lines (the value verbatim, quotes
 * included), `#` comments and blank lines skipped, a bare `KEY` taken from `environment` when set.
 */
export function parseEnvFile(text: string, environment: Record<string, string | undefined>, name = 'the env file'): Validation<string[]> {
  const out: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (key === '') return { ok: false, message: `${name} line ${i + 1}: no variable name before "=".` };
    if (/\s/.test(key)) return { ok: false, message: `${name} line ${i + 1}: the variable name "${key}" contains whitespace.` };
    if (eq >= 0) out.push(`${key}=${line.slice(eq + 1)}`);
    else if (environment[key] !== undefined) out.push(`${key}=${environment[key]}`);
  }
  return { ok: true, value: out };
}

/** A volume's relative host path (`./data:/data`) is the workspace folder's, as compose reads it. */
function resolveVolume(folder: string, spec: string): string {
  const m = /^(\.{1,2}(?:[\\/][^:]*)?)(:.*)$/.exec(spec);
  return m ? `${absolute(folder, m[1])}${m[2]}` : spec;
}

/** docker-run: `readFile` reads the env file (relative to the folder). */
export function resolveRunTask(def: Definition, folder: string, readFile: (file: string) => string, environment: Record<string, string | undefined> = process.env): Validation<ResolvedRunTask> {
  const r = new Reader(def, RUN_TASK);
  const image = r.string('image');
  const name = r.string('name');
  const ports = r.list('ports');
  const envMap = r.map('env');
  const envFile = r.string('envFile');
  const volumes = r.list('volumes').map((v) => resolveVolume(folder, v.trim()));
  const network = r.string('network');
  const isolation = r.oneOf('isolation', ISOLATIONS);
  const detached = r.bool('detached') ?? true;
  const remove = r.bool('remove') ?? false;
  const labels = r.map('labels');
  if (r.problem) return { ok: false, message: r.problem };
  if (!image) return fail(RUN_TASK, '"image" is required (the image to run, e.g. the tag a docker-build task gives).');
  const n = validateContainerName(name ?? '');
  if (!n.ok) return fail(RUN_TASK, `"name": ${n.message}`);
  const p = parsePortMappings(ports);
  if (!p.ok) return fail(RUN_TASK, `"ports": ${p.message}`);
  const v = validateVolumes(volumes);
  if (!v.ok) return fail(RUN_TASK, `"volumes": ${v.message}`);
  const env: string[] = [];
  if (envFile) {
    const file = absolute(folder, envFile);
    let text: string;
    try {
      text = readFile(file);
    } catch (err) {
      return fail(RUN_TASK, `"envFile": ${file} cannot be read (${err instanceof Error ? err.message : String(err)}).`);
    }
    const parsed = parseEnvFile(text, environment, file);
    if (!parsed.ok) return fail(RUN_TASK, `"envFile": ${parsed.message}`);
    env.push(...parsed.value);
  }
  env.push(...Object.entries(envMap).map(([k, x]) => `${k}=${x}`));
  const checked = parseKeyValues(env);
  if (!checked.ok) return fail(RUN_TASK, `"env": ${checked.message}`);
  const out: ResolvedRunTask = { image, ports, env, volumes: v.value, detached, remove, labels };
  if (n.value) out.name = n.value;
  if (network) out.network = network;
  if (isolation) out.isolation = isolation;
  return { ok: true, value: out };
}

/** docker-compose: `files` (default: the folder's compose file and its override, as compose picks them). */
export function resolveComposeTask(def: Definition, folder: string, exists: (file: string) => boolean): Validation<ResolvedComposeTask> {
  const r = new Reader(def, COMPOSE_TASK);
  const given = r.list('files');
  const profiles = r.list('profiles');
  const action = r.oneOf('action', COMPOSE_TASK_ACTIONS) ?? 'up';
  const services = r.list('services');
  if (r.problem) return { ok: false, message: r.problem };
  let files = given.map((f) => absolute(folder, f));
  if (files.length === 0) {
    const base = DEFAULT_COMPOSE_FILES.map((n) => path.join(folder, n)).find(exists);
    if (!base) return fail(COMPOSE_TASK, `no "files" given and no ${DEFAULT_COMPOSE_FILES.join(', ')} in ${folder}.`);
    files = composeFileSet(base, exists);
  }
  const missing = files.filter((f) => !exists(f));
  if (missing.length > 0) return fail(COMPOSE_TASK, `"files": ${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist.`);
  for (const [key, list, what] of [['profiles', profiles, 'profile'], ['services', services, 'service']] as const) {
    for (const x of list) {
      const ok = validateComposeName(x, what);
      if (!ok.ok) return fail(COMPOSE_TASK, `"${key}": ${ok.message}`);
    }
  }
  return { ok: true, value: { files, profiles, action, services } };
}

/**
 * files.exclude's patterns that are simply on (and node_modules) as one glob for findFiles, so task
 * detection honours them; a pattern with braces, or one with a `when` condition, is left out.
 */
export function detectionExclude(filesExclude: Record<string, unknown> | undefined): string {
  const patterns = Object.entries(filesExclude ?? {})
    .filter(([pattern, on]) => on === true && !/[{}]/.test(pattern))
    .map(([pattern]) => pattern);
  return `{${['**/node_modules/**', ...patterns].join(',')}}`;
}
