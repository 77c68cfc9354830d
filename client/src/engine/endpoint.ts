// Which engine to talk to, decided the way the docker CLI decides it (cli/command/cli.go,
// cli/flags/options.go, opts/hosts.go, cli/context/docker/load.go), first match wins:
// --context / --host (the command line), the host setting (the extension's -H), DOCKER_HOST, the
// current docker context (DOCKER_CONTEXT, else config.json's currentContext), the default.
// TLS, as the CLI: without a context, DOCKER_TLS_VERIFY (any non-empty value, even "0") turns TLS on
// and verifies; DOCKER_TLS alone turns it on without verifying; the files come from DOCKER_CERT_PATH,
// else the docker config folder. A context's TLS comes from its own TLS folder and SkipTLSVerify,
// never from those variables. tcp:// with no TLS settings is plain HTTP, whatever the port.
// Pure apart from reading the docker config and context files.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineError, engineErrors } from './errors';

export { readTlsMaterial, type TlsMaterial } from './tlsMaterial';

export type EndpointSource = 'flag' | 'setting' | 'DOCKER_HOST' | 'context' | 'default';
export type Transport = 'unix' | 'npipe' | 'tcp' | 'ssh';

export interface TlsSettings {
  /** Check the engine's certificate: against ca.pem, or this machine's CAs for a context without one. */
  verify: boolean;
  /** Folder with ca.pem, cert.pem and key.pem: DOCKER_CERT_PATH (or the config folder), or the context's. */
  certDir?: string;
  /** The variables (which need ca.pem, as the CLI does) or a context's store (where ca.pem is optional). */
  from: 'environment' | 'context';
  /** Set exactly when verify is false: what the user set to opt out, to be shown wherever the engine is. */
  unverifiedReason?: string;
}

export interface ResolvedEndpoint {
  source: EndpointSource;
  /** Normalized URL: `unix:///var/run/docker.sock`, `npipe:////./pipe/docker_engine`, `tcp://h:2376`, `ssh://u@h`. */
  url: string;
  transport: Transport;
  /** unix, and npipe as written in the URL (`//./pipe/docker_engine`); client.ts hands Node its Windows form. */
  socketPath?: string;
  /** tcp: a path after host:port, which the docker CLI puts before every API path (`tcp://h:2375/prefix`). */
  basePath?: string;
  /** How a value that may not mean what it seems was read, e.g. a scheme-less `/path` read as TCP; for the views and errors. */
  note?: string;
  /** tcp and ssh (for ssh: the host or ssh config alias as written). */
  host?: string;
  /** tcp; ssh only when the URL names one (else the ssh config's Port, else 22). */
  port?: number;
  username?: string;
  /** tcp only; absent means plain HTTP. */
  tls?: TlsSettings;
  /** Set when source is 'context', or for --context. */
  contextName?: string;
  /** Why this one won, e.g. `DOCKER_HOST is set` or `docker context "remote"`; for the Engine view. */
  reason: string;
}

export interface ResolveOptions {
  /** Value of the host setting (machine-scoped); empty or blank means unset. */
  hostSetting?: string;
  /** `--host` on the command line: the docker CLI's -H. */
  hostFlag?: string;
  /** `--context` on the command line: that context whatever the current one is; `default` is none. */
  contextFlag?: string;
  /** What gave contextFlag, when not the command line (the extension's per-window choice), for messages. */
  contextFlagVia?: string;
  /** Environment to read; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Home folder for ~/.docker; defaults to os.homedir(). */
  homeDir?: string;
  platform?: NodeJS.Platform;
}

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_UNIX_SOCKET = '/var/run/docker.sock';
export const DEFAULT_WINDOWS_PIPE = '//./pipe/docker_engine';
/** The CLI's ports: 2375 for any tcp:// host without one; 2376 only for its TLS default host. */
export const DEFAULT_TCP_PORT = 2375;
export const DEFAULT_TLS_HOST = 'tcp://localhost:2376';

/**
 * Resolves the endpoint. Throws EngineError('bad-endpoint', or 'tls' for unusable TLS settings)
 * when the winning source holds a value that cannot be used: a broken value must not silently
 * fall through to another engine.
 */
export function resolveEndpoint(options: ResolveOptions = {}): ResolvedEndpoint {
  const env = options.env ?? process.env;
  const home = options.homeDir ?? os.homedir();
  const platform = options.platform ?? process.platform;

  const contextFlag = options.contextFlag?.trim();
  const hostFlag = options.hostFlag?.trim();
  if (contextFlag && hostFlag) {
    throw engineErrors.badEndpoint({ url: hostFlag, source: 'flag' }, 'Conflicting options: give either --host or --context, not both.');
  }
  if (contextFlag && contextFlag !== 'default') return resolveContext(contextFlag, options.contextFlagVia ?? '--context', 'flag', env, home);
  if (hostFlag) return parseHostUrl(hostFlag, 'flag', 'the --host option is given', env, home);

  const setting = contextFlag ? undefined : options.hostSetting?.trim();
  if (setting) return parseHostUrl(setting, 'setting', 'the dockerWorkbench.host setting is set', env, home);
  // The default context reads DOCKER_HOST; a non-empty one, even blanks, also means "no context".
  const dockerHost = env.DOCKER_HOST ?? '';
  if (dockerHost.trim()) return parseHostUrl(dockerHost.trim(), 'DOCKER_HOST', 'DOCKER_HOST is set', env, home);
  if (!contextFlag && dockerHost === '') {
    const current = currentContextName(env, home);
    if (current && current.name !== 'default') return resolveContext(current.name, current.via, 'context', env, home);
  }

  // The default context: without a host, TLS variables mean the CLI's tcp://localhost:2376.
  const why = contextFlag ? `${options.contextFlagVia ?? 'the --context option'} names the default context` : undefined;
  if (envTls(env, home)) {
    const verifyVar = (env.DOCKER_TLS_VERIFY ?? '') !== '' ? 'DOCKER_TLS_VERIFY' : 'DOCKER_TLS';
    return parseHostUrl(DEFAULT_TLS_HOST, 'default', `${why ?? 'no host is set'} and ${verifyVar} is set: the docker CLI's TLS default`, env, home);
  }
  if (platform === 'win32') {
    return { source: 'default', url: `npipe://${DEFAULT_WINDOWS_PIPE}`, transport: 'npipe', socketPath: DEFAULT_WINDOWS_PIPE, reason: why ?? 'the Windows default pipe' };
  }
  return { source: 'default', url: `unix://${DEFAULT_UNIX_SOCKET}`, transport: 'unix', socketPath: DEFAULT_UNIX_SOCKET, reason: why ?? 'the platform default socket' };
}

/** The docker config folder: DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(env: Env, home: string): string {
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

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** DOCKER_CONTEXT, else currentContext in config.json; undefined when neither names one. */
export function currentContextName(env: Env, home: string): { name: string; via: string } | undefined {
  const fromEnv = env.DOCKER_CONTEXT?.trim();
  if (fromEnv) return { name: fromEnv, via: 'DOCKER_CONTEXT' };
  const current = field(readJson(path.join(dockerConfigDir(env, home), 'config.json')), 'currentContext');
  if (typeof current === 'string' && current.trim()) return { name: current.trim(), via: 'currentContext in config.json' };
  return undefined;
}

/** TLS from the variables, for the default context; undefined when neither DOCKER_TLS_VERIFY nor DOCKER_TLS is set. */
function envTls(env: Env, home: string): TlsSettings | undefined {
  // The CLI tests these for being non-empty, not for a true value: DOCKER_TLS_VERIFY=0 verifies.
  const verify = (env.DOCKER_TLS_VERIFY ?? '') !== '';
  if (!verify && (env.DOCKER_TLS ?? '') === '') return undefined;
  const certDir = env.DOCKER_CERT_PATH ? env.DOCKER_CERT_PATH : dockerConfigDir(env, home);
  const tls: TlsSettings = { verify, certDir, from: 'environment' };
  if (!verify) tls.unverifiedReason = "DOCKER_TLS is set without DOCKER_TLS_VERIFY, so the engine's certificate is not checked (as the docker CLI does)";
  return tls;
}

function resolveContext(name: string, via: string, errorSource: EndpointSource, env: Env, home: string): ResolvedEndpoint {
  const configDir = dockerConfigDir(env, home);
  const hash = contextDirName(name);
  const metaFile = path.join(configDir, 'contexts', 'meta', hash, 'meta.json');
  const meta = readJson(metaFile);
  const ep = { url: `context:${name}`, source: errorSource };
  if (meta === undefined) {
    const action =
      errorSource === 'flag' && via !== '--context'
        ? `Choose an existing context, or go back to the default one (docker context ls lists them; DOCKER_CONFIG chooses the config folder, now ${configDir}).`
        : errorSource === 'flag'
        ? `Give --context the name of an existing context (docker context ls lists them; DOCKER_CONFIG chooses the config folder, now ${configDir}).`
        : via === 'DOCKER_CONTEXT'
          ? 'Set DOCKER_CONTEXT to an existing context (docker context ls lists them), or unset it.'
          : 'Switch to an existing context: docker context use NAME (docker context ls lists them; default is the local engine).';
    throw new EngineError('bad-endpoint', ep.url, `The docker context "${name}" (from ${via}) has no readable meta file at ${metaFile}.`, action);
  }
  const docker = field(field(meta, 'Endpoints'), 'docker');
  const host = field(docker, 'Host');
  if (typeof host !== 'string' || !host.trim()) {
    throw engineErrors.badEndpoint(ep, `The docker context "${name}" names no docker endpoint (Endpoints.docker.Host) in ${metaFile}.`);
  }
  // A folder for the endpoint means TLS data, even an empty one (then this machine's CAs verify).
  const tlsDir = path.join(configDir, 'contexts', 'tls', hash, 'docker');
  const hasTlsDir = isDirectory(tlsDir);
  const skipVerify = field(docker, 'SkipTLSVerify') === true;
  let tls: TlsSettings | undefined;
  if (hasTlsDir || skipVerify) {
    tls = { verify: !skipVerify, from: 'context' };
    if (hasTlsDir) tls.certDir = tlsDir;
    if (skipVerify) tls.unverifiedReason = `the docker context "${name}" sets SkipTLSVerify, so the engine's certificate is not checked`;
  }
  const resolved = parseHost(host.trim(), 'context', `docker context "${name}" (${via})`, () => tls, 'context');
  resolved.contextName = name;
  return resolved;
}

/** Parses a host URL as the docker CLI accepts it for -H and DOCKER_HOST, with the TLS variables of `env`. */
export function parseHostUrl(value: string, source: EndpointSource, reason: string, env: Env = {}, home: string = os.homedir()): ResolvedEndpoint {
  return parseHost(value, source, reason, () => envTls(env, home), 'host');
}

/**
 * `host`: -H / DOCKER_HOST rules (opts.ParseHost of docker CLI 28): no `://` means tcp, even for a
 * `/path` (read as localhost:2375 with that path before the API's, which the CLI's master branch
 * changes to unix but no release does yet); an empty part takes the default; a tcp port defaults
 * to 2375. `context`: a context's Host is used as stored, and the Go HTTP client then takes 443
 * with TLS, 80 without, for a missing port. The scheme is case-sensitive, as in the CLI.
 */
function parseHost(value: string, source: EndpointSource, reason: string, tlsFor: () => TlsSettings | undefined, rules: 'host' | 'context'): ResolvedEndpoint {
  const ep = { url: value, source };
  const hasScheme = value.includes('://');
  let raw = value;
  let note: string | undefined;
  if (!hasScheme) {
    if (rules === 'context') throw engineErrors.badEndpoint(ep, `"${value}" names no scheme (unix://, npipe://, tcp:// or ssh://).`);
    raw = `tcp://${value}`;
    if (value.startsWith('/') || value.startsWith('./')) note = schemelessPathNote(value, source);
  }
  const scheme = raw.slice(0, raw.indexOf('://'));
  const rest = raw.slice(scheme.length + 3);

  if (scheme === 'unix') {
    const socketPath = rest || DEFAULT_UNIX_SOCKET;
    if (!socketPath.startsWith('/')) throw engineErrors.badEndpoint(ep, `"${value}" names no absolute socket path.`);
    return { source, url: `unix://${socketPath}`, transport: 'unix', socketPath, reason };
  }
  if (scheme === 'npipe') {
    const pipe = parseNamedPipe(value, rest, ep);
    return { source, url: `npipe://${pipe}`, transport: 'npipe', socketPath: pipe, reason };
  }
  if (scheme === 'ssh') {
    const u = parseUrl(raw, ep);
    const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    if (!host) throw engineErrors.badEndpoint(ep, `"${value}" names no host.`);
    // As the CLI's connhelper/ssh ParseURL: no password, query or fragment. The port and user
    // stay unset when not given, so the ssh config (Port, User) decides, as `ssh host` would.
    if (u.password) throw engineErrors.badEndpoint(ep, `"${value}": a password in an ssh:// URL is not supported (plain text); use a key or ssh-agent.`);
    if (u.search || u.hash) throw engineErrors.badEndpoint(ep, `"${value}": an ssh:// URL takes no query or fragment after the host.`);
    if (u.pathname && u.pathname !== '/') throw engineErrors.badEndpoint(ep, `"${value}": a path after the host of an ssh:// URL is not supported; the engine is the one \`docker\` reaches on that host.`);
    const username = u.username ? decodeURIComponent(u.username) : undefined;
    const resolved: ResolvedEndpoint = { source, url: `ssh://${username ? `${username}@` : ''}${u.host}`, transport: 'ssh', host, reason };
    if (u.port) resolved.port = Number(u.port);
    if (username) resolved.username = username;
    return resolved;
  }
  if (scheme === 'tcp') {
    // An empty host part is localhost (`tcp://`, `tcp://:2376`, `/path`), as opts.ParseTCPAddr has it.
    const u = parseUrl(`tcp://${!rest || rest.startsWith(':') || rest.startsWith('/') ? `localhost${rest}` : rest}`, ep);
    const tls = tlsFor();
    const host = u.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost';
    const defaultPort = rules === 'context' ? (tls ? 443 : 80) : DEFAULT_TCP_PORT;
    const port = u.port ? Number(u.port) : defaultPort;
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw engineErrors.badEndpoint(ep, `"${value}" has an invalid port.`);
    const shownHost = host.includes(':') ? `[${host}]` : host;
    // The CLI keeps a path (Go's url.Path, decoded) and sends every request under it.
    let urlPath = '';
    try {
      urlPath = decodeURIComponent(u.pathname);
    } catch {
      throw engineErrors.badEndpoint(ep, `"${value}" has an invalid %-escape in its path.`);
    }
    const basePath = urlPath && urlPath !== '/' ? urlPath : undefined;
    const resolved: ResolvedEndpoint = { source, url: `tcp://${shownHost}:${port}${urlPath}`, transport: 'tcp', host, port, reason };
    if (basePath) resolved.basePath = basePath;
    if (note) resolved.note = note;
    if (tls) resolved.tls = tls;
    return resolved;
  }
  if (scheme === 'http' || scheme === 'https') {
    throw engineErrors.badEndpoint(ep, `"${value}": the docker CLI does not take ${scheme}:// hosts. Use tcp://host:port; TLS comes from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, or from a docker context.`);
  }
  if (/^(unix|npipe|tcp|ssh)$/i.test(scheme)) {
    throw engineErrors.badEndpoint(ep, `"${value}": the docker CLI reads the scheme case-sensitively and refuses ${scheme}://; write ${scheme.toLowerCase()}://.`);
  }
  throw engineErrors.badEndpoint(ep, `"${value}" uses the unsupported scheme ${scheme}://.`);
}

/**
 * The pipe of an npipe:// URL, as the docker CLI takes it: empty is its default pipe, anything
 * else is kept as written (opts.parseSimpleProtoAddr) and later opened as a file name on Windows.
 * Refused here where the CLI refuses it (another `://`; Go's URL parser and a backslash or space
 * in the part before the first `/`) and where the CLI accepts it but Windows opens no pipe
 * (`npipe://foo`, `npipe:///./pipe/x`): only `//./pipe/NAME` names a local pipe (after the first
 * slash either slash will do, as Windows reads a device path).
 */
function parseNamedPipe(value: string, rest: string, ep: { url: string; source: EndpointSource }): string {
  const pipe = rest || DEFAULT_WINDOWS_PIPE;
  if (pipe.includes('://')) throw engineErrors.badEndpoint(ep, `"${value}" holds a second scheme; a named pipe is written npipe:////./pipe/NAME.`);
  const hostPart = pipe.startsWith('//') ? '' : pipe.split('/')[0];
  if (/[\\\s]/.test(hostPart)) {
    throw engineErrors.badEndpoint(ep, `"${value}" is not a URL the docker CLI can read (a backslash or space right after npipe://); write the pipe with forward slashes: npipe:////./pipe/${pipeName(pipe) ?? 'docker_engine'}.`);
  }
  if (!/^\/[\\/]\.[\\/]pipe[\\/][^\\/]/i.test(pipe)) {
    throw engineErrors.badEndpoint(ep, `"${value}" names no local named pipe (Windows would open "${pipe}" as a file); write npipe:////./pipe/NAME, e.g. npipe:////./pipe/docker_engine.`);
  }
  return pipe;
}

/** `docker_engine` from `//./pipe/docker_engine` or `\\.\pipe\docker_engine`; undefined when it names no pipe. */
export function pipeName(pipe: string): string | undefined {
  const m = /^[\\/]{2}\.[\\/]pipe[\\/](.+)$/i.exec(pipe);
  return m ? m[1] : undefined;
}

function schemelessPathNote(value: string, source: EndpointSource): string {
  const where = source === 'DOCKER_HOST' ? 'DOCKER_HOST' : source === 'setting' ? 'The host setting' : source === 'flag' ? '--host' : 'The host';
  const socket = value.startsWith('./') ? value.slice(1) : value;
  return `${where} "${value}" has no scheme, so it is read as the docker CLI (28) reads it: TCP to ${value.startsWith('./') ? '"."' : 'localhost'}:2375, with the path before the API's, not as a socket; for a socket write unix://${value.startsWith('./') ? '<absolute path>' : socket}`;
}

function parseUrl(raw: string, ep: { url: string; source: EndpointSource }): URL {
  try {
    return new URL(raw);
  } catch {
    throw engineErrors.badEndpoint(ep, `"${ep.url}" is not a valid URL.`);
  }
}

/** `verified`, or `not verified: <why>`; undefined without TLS. For views and the command line. */
export function describeTls(ep: Pick<ResolvedEndpoint, 'tls' | 'transport'>): string | undefined {
  if (ep.transport !== 'tcp') return undefined;
  if (!ep.tls) return 'off (plain HTTP)';
  return ep.tls.verify ? 'verified' : `not verified: ${ep.tls.unverifiedReason ?? 'verification is turned off'}`;
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError;
}
