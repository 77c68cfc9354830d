// Which engine to talk to, decided the way the docker CLI decides it, first match wins:
// the host setting, DOCKER_HOST, the current docker context, the platform default.
// Pure apart from reading the docker config and context files (and TLS files, when asked).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineError, engineErrors } from './errors';

export type EndpointSource = 'setting' | 'DOCKER_HOST' | 'context' | 'default';
export type Transport = 'unix' | 'npipe' | 'tcp' | 'ssh';

export interface TlsSettings {
  /** Verify the engine's certificate against `ca` (DOCKER_TLS_VERIFY, or a context without SkipTLSVerify). */
  verify: boolean;
  /** Folder with ca.pem, cert.pem and key.pem, when there is one. */
  certDir?: string;
}

export interface ResolvedEndpoint {
  source: EndpointSource;
  /** Normalized URL: `unix:///var/run/docker.sock`, `npipe:////./pipe/docker_engine`, `tcp://h:2376`, `ssh://u@h`. */
  url: string;
  transport: Transport;
  /** unix and npipe. */
  socketPath?: string;
  /** tcp and ssh. */
  host?: string;
  port?: number;
  username?: string;
  tls?: TlsSettings;
  /** Set when source is 'context'. */
  contextName?: string;
  /** Why this one won, e.g. `DOCKER_HOST is set` or `docker context "remote"`; for the Engine view. */
  reason: string;
}

export interface ResolveOptions {
  /** Value of the host setting (machine-scoped); empty or blank means unset. */
  hostSetting?: string;
  /** Environment to read; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Home folder for ~/.docker; defaults to os.homedir(). */
  homeDir?: string;
  platform?: NodeJS.Platform;
}

export const DEFAULT_UNIX_SOCKET = '/var/run/docker.sock';
export const DEFAULT_WINDOWS_PIPE = '//./pipe/docker_engine';

/**
 * Resolves the endpoint. Throws EngineError('bad-endpoint') when the winning source holds a value
 * that cannot be used: a broken value must not silently fall through to another engine.
 */
export function resolveEndpoint(options: ResolveOptions = {}): ResolvedEndpoint {
  const env = options.env ?? process.env;
  const home = options.homeDir ?? os.homedir();
  const platform = options.platform ?? process.platform;

  const setting = options.hostSetting?.trim();
  if (setting) return parseHostUrl(setting, 'setting', 'the dockerWorkbench.host setting is set', env, home);

  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) return parseHostUrl(dockerHost, 'DOCKER_HOST', 'DOCKER_HOST is set', env, home);

  const fromContext = resolveContext(env, home);
  if (fromContext) return fromContext;

  if (platform === 'win32') {
    return { source: 'default', url: `npipe://${DEFAULT_WINDOWS_PIPE}`, transport: 'npipe', socketPath: DEFAULT_WINDOWS_PIPE, reason: 'the Windows default pipe' };
  }
  return { source: 'default', url: `unix://${DEFAULT_UNIX_SOCKET}`, transport: 'unix', socketPath: DEFAULT_UNIX_SOCKET, reason: 'the platform default socket' };
}

/** The docker config folder: DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const fromEnv = env.DOCKER_CONFIG?.trim();
  return fromEnv ? fromEnv : path.join(home, '.docker');
}

/** Contexts are stored under the SHA-256 of their name, hex. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function field(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null ? (obj as Record<string, unknown>)[key] : undefined;
}

function resolveContext(env: Readonly<Record<string, string | undefined>>, home: string): ResolvedEndpoint | undefined {
  const configDir = dockerConfigDir(env, home);
  // DOCKER_CONTEXT overrides currentContext, as in the docker CLI.
  let name = env.DOCKER_CONTEXT?.trim();
  let via = 'DOCKER_CONTEXT';
  if (!name) {
    const current = field(readJson(path.join(configDir, 'config.json')), 'currentContext');
    name = typeof current === 'string' ? current.trim() : undefined;
    via = 'currentContext in config.json';
  }
  // "default" is the CLI's name for "no context": DOCKER_HOST or the platform default.
  if (!name || name === 'default') return undefined;

  const hash = contextDirName(name);
  const metaFile = path.join(configDir, 'contexts', 'meta', hash, 'meta.json');
  const meta = readJson(metaFile);
  const ep: { url: string; source: string } = { url: `context:${name}`, source: 'context' };
  if (meta === undefined) {
    throw engineErrors.badEndpoint(ep, `The docker context "${name}" (from ${via}) has no readable meta file at ${metaFile}.`);
  }
  const docker = field(field(meta, 'Endpoints'), 'docker');
  const host = field(docker, 'Host');
  if (typeof host !== 'string' || !host.trim()) {
    throw engineErrors.badEndpoint(ep, `The docker context "${name}" names no docker endpoint (Endpoints.docker.Host) in ${metaFile}.`);
  }
  const resolved = parseHostUrl(host.trim(), 'context', `docker context "${name}" (${via})`, {}, home);
  resolved.contextName = name;
  if (resolved.transport === 'tcp') {
    const tlsDir = path.join(configDir, 'contexts', 'tls', hash, 'docker');
    const skipVerify = field(docker, 'SkipTLSVerify') === true;
    if (fs.existsSync(tlsDir)) resolved.tls = { verify: !skipVerify, certDir: tlsDir };
    else if (resolved.tls) resolved.tls.verify = resolved.tls.verify && !skipVerify;
  }
  return resolved;
}

/** Parses a host URL as the docker CLI accepts it (`-H`, DOCKER_HOST, a context's Host). */
export function parseHostUrl(
  value: string,
  source: EndpointSource,
  reason: string,
  env: Readonly<Record<string, string | undefined>> = {},
  home: string = os.homedir(),
): ResolvedEndpoint {
  const ep = { url: value, source };
  // A bare host:port means tcp, as for the CLI.
  const raw = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `tcp://${value}`;
  const scheme = raw.slice(0, raw.indexOf('://')).toLowerCase();

  if (scheme === 'unix') {
    const socketPath = raw.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw engineErrors.badEndpoint(ep, `"${value}" names no absolute socket path.`);
    return { source, url: `unix://${socketPath}`, transport: 'unix', socketPath, reason };
  }
  if (scheme === 'npipe') {
    // npipe:////./pipe/docker_engine -> //./pipe/docker_engine; Node accepts either slash style.
    const pipe = raw.slice('npipe://'.length);
    if (!/^[\\/]{2}\.[\\/]pipe[\\/].+/i.test(pipe)) throw engineErrors.badEndpoint(ep, `"${value}" is not a named pipe such as npipe:////./pipe/docker_engine.`);
    return { source, url: `npipe://${pipe}`, transport: 'npipe', socketPath: pipe, reason };
  }
  if (scheme === 'tcp' || scheme === 'http' || scheme === 'https' || scheme === 'ssh') {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw engineErrors.badEndpoint(ep, `"${value}" is not a valid URL.`);
    }
    const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    if (!host) throw engineErrors.badEndpoint(ep, `"${value}" names no host.`);
    if (scheme === 'ssh') {
      const port = u.port ? Number(u.port) : 22;
      const username = u.username ? decodeURIComponent(u.username) : undefined;
      return { source, url: `ssh://${username ? `${username}@` : ''}${u.host}`, transport: 'ssh', host, port, username, reason };
    }
    const tlsVerify = nonEmpty(env.DOCKER_TLS_VERIFY);
    const certPath = env.DOCKER_CERT_PATH?.trim() || undefined;
    const defaultPort = tlsVerify || scheme === 'https' ? 2376 : 2375;
    const port = u.port ? Number(u.port) : defaultPort;
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw engineErrors.badEndpoint(ep, `"${value}" has an invalid port.`);
    const useTls = tlsVerify || nonEmpty(env.DOCKER_TLS) || scheme === 'https' || port === 2376;
    const resolved: ResolvedEndpoint = { source, url: `tcp://${u.host.includes(':') ? u.host : `${u.host}:${port}`}`, transport: 'tcp', host, port, reason };
    if (useTls) resolved.tls = { verify: tlsVerify, certDir: certPath ?? (tlsVerify ? dockerConfigDir(env, home) : undefined) };
    return resolved;
  }
  throw engineErrors.badEndpoint(ep, `"${value}" uses the unsupported scheme ${scheme}://.`);
}

function nonEmpty(v: string | undefined): boolean {
  return v !== undefined && v.trim() !== '' && v.trim() !== '0';
}

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** Reads ca.pem, cert.pem and key.pem; a missing file needed for verification is a TLS error. */
export function readTlsMaterial(ep: ResolvedEndpoint): TlsMaterial {
  const tls = ep.tls;
  if (!tls?.certDir) {
    if (tls?.verify) throw engineErrors.tls(ep, 'verification was asked for but no certificate folder is known');
    return {};
  }
  const read = (name: string): Buffer | undefined => {
    const file = path.join(tls.certDir as string, name);
    try {
      return fs.readFileSync(file);
    } catch {
      return undefined;
    }
  };
  const material: TlsMaterial = { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
  if (tls.verify && !material.ca) throw engineErrors.tls(ep, `cannot read ca.pem in ${tls.certDir}`);
  if (!!material.cert !== !!material.key) throw engineErrors.tls(ep, `${tls.certDir} holds only one of cert.pem and key.pem`);
  return material;
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError;
}
