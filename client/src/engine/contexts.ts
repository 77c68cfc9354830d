// Docker contexts as the docker CLI stores them (cli/context/store): every context in the config
// folder (DOCKER_CONFIG, else ~/.docker) under contexts/meta/<sha256 of name>/meta.json, its TLS
// files under contexts/tls/<sha256>/docker/, the implicit `default` context, and which one is
// current. Writes a context exactly as `docker context create NAME --description D --docker
// host=URL[,ca=,cert=,key=,skip-tls-verify=true]` does, and sets the CLI's current context as
// `docker context use` does. Reading and naming reuse endpoint.ts; nothing here imports vscode.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { contextDirName, currentContextName, DEFAULT_UNIX_SOCKET, DEFAULT_WINDOWS_PIPE, dockerConfigDir } from './endpoint';

type Env = Readonly<Record<string, string | undefined>>;

export interface ContextStoreOptions {
  env?: Env;
  homeDir?: string;
  platform?: NodeJS.Platform;
}

export interface DockerContext {
  name: string;
  /** Metadata.Description; for `default`, the CLI's own words. */
  description: string;
  /** Endpoints.docker.Host as stored (a context) or as the CLI shows it (`default`): DockerEndpoint of `docker context ls`. */
  host: string;
  skipTlsVerify: boolean;
  /** Files in the context's TLS folder (`ca.pem`, `cert.pem`, `key.pem`), sorted; empty without one. */
  tlsFiles: string[];
  /** The docker CLI's current context (DOCKER_HOST, DOCKER_CONTEXT, config.json's currentContext). */
  current: boolean;
  /** Undefined for `default`, which lives nowhere. */
  metaFile?: string;
  /** Why the context cannot be used (unreadable meta, no docker endpoint); as the CLI's Error column. */
  error?: string;
}

export interface ContextList {
  configDir: string;
  /** Name of the CLI's current context, and what made it current. */
  current: { name: string; via: string };
  /** Sorted by name as the CLI sorts them (byte order), `default` among them. */
  contexts: DockerContext[];
}

/** The CLI's rule for a context name (cli/command/context/create.go). */
export const CONTEXT_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$/;
export const DEFAULT_CONTEXT_DESCRIPTION = 'Current DOCKER_HOST based configuration';

function opts(o: ContextStoreOptions): { env: Env; home: string; platform: NodeJS.Platform } {
  return { env: o.env ?? process.env, home: o.homeDir ?? os.homedir(), platform: o.platform ?? process.platform };
}

export function contextMetaDir(configDir: string, name: string): string {
  return path.join(configDir, 'contexts', 'meta', contextDirName(name));
}

/** The folder holding the docker endpoint's ca.pem, cert.pem and key.pem. */
export function contextTlsDir(configDir: string, name: string): string {
  return path.join(configDir, 'contexts', 'tls', contextDirName(name), 'docker');
}

/** The CLI's current context: a non-empty DOCKER_HOST means `default`, then DOCKER_CONTEXT, config.json, `default`. */
export function cliCurrentContext(options: ContextStoreOptions = {}): { name: string; via: string } {
  const { env, home } = opts(options);
  if ((env.DOCKER_HOST ?? '') !== '') return { name: 'default', via: 'DOCKER_HOST is set' };
  return currentContextName(env, home) ?? { name: 'default', via: 'no current context is set' };
}

/** The endpoint `docker context ls` shows for `default`: DOCKER_HOST as given, else the platform's. */
export function defaultContextHost(options: ContextStoreOptions = {}): string {
  const { env, platform } = opts(options);
  const fromEnv = env.DOCKER_HOST ?? '';
  if (fromEnv !== '') return fromEnv;
  return platform === 'win32' ? `npipe://${DEFAULT_WINDOWS_PIPE}` : `unix://${DEFAULT_UNIX_SOCKET}`;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function tlsFilesIn(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** Reads one stored context; a broken one comes back with `error` set, never throws. */
function readStored(configDir: string, hashDir: string): DockerContext {
  const metaFile = path.join(configDir, 'contexts', 'meta', hashDir, 'meta.json');
  const ctx: DockerContext = { name: hashDir, description: '', host: '', skipTlsVerify: false, tlsFiles: [], current: false, metaFile };
  let meta: Record<string, unknown> | undefined;
  try {
    meta = record(JSON.parse(fs.readFileSync(metaFile, 'utf8')));
  } catch (err) {
    ctx.error = `cannot read ${metaFile}: ${(err as Error).message}`;
    return ctx;
  }
  if (!meta || typeof meta.Name !== 'string') {
    ctx.error = `${metaFile} names no context`;
    return ctx;
  }
  ctx.name = meta.Name;
  const description = record(meta.Metadata)?.Description;
  if (typeof description === 'string') ctx.description = description;
  const docker = record(record(meta.Endpoints)?.docker);
  if (typeof docker?.Host === 'string') ctx.host = docker.Host;
  else ctx.error = 'no docker endpoint (Endpoints.docker.Host)';
  ctx.skipTlsVerify = docker?.SkipTLSVerify === true;
  ctx.tlsFiles = tlsFilesIn(contextTlsDir(configDir, ctx.name));
  return ctx;
}

/** Every context, as `docker context ls` lists them. */
export function listContexts(options: ContextStoreOptions = {}): ContextList {
  const { env, home } = opts(options);
  const configDir = dockerConfigDir(env, home);
  const current = cliCurrentContext(options);
  const contexts: DockerContext[] = [
    { name: 'default', description: DEFAULT_CONTEXT_DESCRIPTION, host: defaultContextHost(options), skipTlsVerify: false, tlsFiles: [], current: false },
  ];
  let dirs: string[] = [];
  try {
    dirs = fs.readdirSync(path.join(configDir, 'contexts', 'meta'));
  } catch {
    // No contexts folder: only `default`.
  }
  for (const dir of dirs) {
    if (!fs.existsSync(path.join(configDir, 'contexts', 'meta', dir, 'meta.json'))) continue;
    const ctx = readStored(configDir, dir);
    // A stored context may not take the reserved name; the CLI never writes one.
    if (ctx.name !== 'default') contexts.push(ctx);
  }
  for (const c of contexts) c.current = c.name === current.name;
  contexts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { configDir, current, contexts };
}

/** What `docker context inspect NAME` prints for one context (one element of its array). */
export function inspectContext(name: string, options: ContextStoreOptions = {}): Record<string, unknown> {
  const { env, home } = opts(options);
  const configDir = dockerConfigDir(env, home);
  if (name === 'default') {
    return {
      Name: 'default',
      Metadata: {},
      Endpoints: { docker: { Host: defaultContextHost(options), SkipTLSVerify: false } },
      TLSMaterial: {},
      Storage: { MetadataPath: '<IN MEMORY>', TLSPath: '<IN MEMORY>' },
    };
  }
  const metaDir = contextMetaDir(configDir, name);
  const metaFile = path.join(metaDir, 'meta.json');
  let meta: Record<string, unknown> | undefined;
  try {
    meta = record(JSON.parse(fs.readFileSync(metaFile, 'utf8')));
  } catch (err) {
    throw new Error(`The docker context "${name}" cannot be read: ${metaFile}: ${(err as Error).message}`);
  }
  if (!meta) throw new Error(`The docker context "${name}" has no valid meta file at ${metaFile}.`);
  const files = tlsFilesIn(contextTlsDir(configDir, name));
  return {
    ...meta,
    TLSMaterial: files.length > 0 ? { docker: files } : {},
    Storage: { MetadataPath: metaDir, TLSPath: path.dirname(contextTlsDir(configDir, name)) },
  };
}

export interface NewContext {
  name: string;
  description?: string;
  /** `--docker host=`: stored as given. */
  host: string;
  /** Paths of the files to copy in as ca.pem, cert.pem and key.pem. */
  ca?: string;
  cert?: string;
  key?: string;
  /** `skip-tls-verify=true`: only when the user chose it. */
  skipTlsVerify?: boolean;
}

/** Why a name cannot be a new context; undefined when it can (existence is checked separately). */
export function contextNameProblem(name: string): string | undefined {
  if (name === 'default') return '"default" is a reserved context name.';
  if (!CONTEXT_NAME_PATTERN.test(name)) return `context name "${name}" is invalid: it must start with a letter or digit and have at least two characters of letters, digits, _ . + -`;
  return undefined;
}

/** Go's encoding/json escapes these; JSON.stringify does not. Byte-for-byte as the CLI writes. */
function goJson(value: unknown, indent?: string): string {
  return JSON.stringify(value, null, indent).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Writes a new context as `docker context create` does: meta.json (0644 in 0755 folders), the TLS
 * files copied as ca.pem/cert.pem/key.pem (0600 in 0700 folders). Everything is read and checked
 * before anything is written; a failed write removes what it made. Throws an Error that says why.
 */
export function createContext(spec: NewContext, options: ContextStoreOptions = {}): DockerContext {
  const { env, home } = opts(options);
  const configDir = dockerConfigDir(env, home);
  const problem = contextNameProblem(spec.name);
  if (problem) throw new Error(problem);
  const host = spec.host.trim();
  if (!/^(unix|npipe|tcp|ssh):\/\/./.test(host)) throw new Error(`"${spec.host}" is not a docker endpoint: give unix://, npipe://, tcp:// or ssh:// with a host or path.`);
  if (/[,\s]/.test(host)) throw new Error(`"${spec.host}" holds a comma or a space, which the docker CLI cannot store in a host.`);
  const metaDir = contextMetaDir(configDir, spec.name);
  if (fs.existsSync(metaDir)) throw new Error(`context "${spec.name}" already exists (${metaDir}).`);
  const tlsDir = contextTlsDir(configDir, spec.name);
  const tlsRoot = path.dirname(tlsDir);
  if (fs.existsSync(tlsRoot)) throw new Error(`A TLS folder for "${spec.name}" is left at ${tlsRoot} from a context removed by hand: remove it, or choose another name.`);

  const files: Array<[string, Buffer]> = [];
  for (const [as, from] of [['ca.pem', spec.ca], ['cert.pem', spec.cert], ['key.pem', spec.key]] as const) {
    if (!from) continue;
    try {
      files.push([as, fs.readFileSync(from)]);
    } catch (err) {
      throw new Error(`Cannot read ${from} for ${as}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}. Nothing was written.`);
    }
  }
  if (spec.cert && !spec.key) throw new Error('A client certificate needs its key (key.pem) too.');
  if (spec.key && !spec.cert) throw new Error('A client key needs its certificate (cert.pem) too.');

  const meta = {
    Name: spec.name,
    Metadata: spec.description ? { Description: spec.description } : {},
    Endpoints: { docker: { Host: host, SkipTLSVerify: spec.skipTlsVerify === true } },
  };
  const madeMeta = !fs.existsSync(path.join(configDir, 'contexts', 'meta'));
  try {
    fs.mkdirSync(metaDir, { recursive: true, mode: 0o755 });
    fs.writeFileSync(path.join(metaDir, 'meta.json'), goJson(meta), { mode: 0o644, flag: 'wx' });
    if (files.length > 0) {
      fs.mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
      for (const [name, bytes] of files) fs.writeFileSync(path.join(tlsDir, name), bytes, { mode: 0o600, flag: 'wx' });
    }
  } catch (err) {
    fs.rmSync(metaDir, { recursive: true, force: true });
    fs.rmSync(tlsRoot, { recursive: true, force: true });
    if (madeMeta) fs.rmSync(path.join(configDir, 'contexts', 'meta'), { recursive: true, force: true });
    throw new Error(`Cannot write the context "${spec.name}" in ${configDir}: ${(err as Error).message}`);
  }
  return readStored(configDir, contextDirName(spec.name));
}

/**
 * Sets the CLI's current context as `docker context use` does: currentContext in config.json,
 * `default` removing the key (and no file written when there is none). Every other key and the
 * file's mode are kept (a new file is 0600, with `auths` as the CLI writes it); the file is
 * replaced by a rename, through a symbolic link to it. A config.json that does not parse is left
 * alone with an error (the CLI would overwrite it). Returns a note when DOCKER_HOST or
 * DOCKER_CONTEXT keep the CLI from using it, as the CLI warns.
 */
export function setCurrentContext(name: string, options: ContextStoreOptions = {}): { configFile: string; note?: string } {
  const { env, home } = opts(options);
  const configDir = dockerConfigDir(env, home);
  if (name !== 'default' && !fs.existsSync(path.join(contextMetaDir(configDir, name), 'meta.json'))) {
    throw new Error(`context "${name}" does not exist in ${configDir}.`);
  }
  const configFile = path.join(configDir, 'config.json');
  let target = configFile;
  let config: Record<string, unknown> = {};
  let mode = 0o600;
  let exists = false;
  try {
    target = fs.realpathSync(configFile);
    const text = fs.readFileSync(target, 'utf8');
    exists = true;
    mode = fs.statSync(target).mode & 0o7777;
    const parsed = text.trim() === '' ? {} : (JSON.parse(text) as unknown);
    const obj = record(parsed);
    if (!obj) throw new SyntaxError('not a JSON object');
    config = obj;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`${configFile} cannot be read as JSON (${(err as Error).message}); it was left as it is. Fix or move it, then try again.`);
    }
  }
  if (name === 'default') {
    if (!exists) return { configFile, note: noteFor(env) };
    delete config.currentContext;
  } else {
    if (!('auths' in config)) config = { auths: {}, ...config };
    config.currentContext = name;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
  const tmp = path.join(path.dirname(target), `.config.json.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, goJson(config, '\t'), { mode, flag: 'wx' });
    fs.chmodSync(tmp, mode);
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`Cannot write ${configFile}: ${(err as Error).message}`);
  }
  return { configFile, note: noteFor(env) };
}

function noteFor(env: Env): string | undefined {
  if ((env.DOCKER_HOST ?? '') !== '') return 'DOCKER_HOST is set, so the docker CLI uses it instead of the current context.';
  if ((env.DOCKER_CONTEXT ?? '').trim() !== '') return `DOCKER_CONTEXT (${env.DOCKER_CONTEXT}) is set, so the docker CLI uses that context instead.`;
  return undefined;
}
