// One connection to one engine: a dockerode instance built from a resolved endpoint, with a
// deadline and typed errors on every call. Knows nothing of VS Code.
import * as https from 'node:https';
import Docker from 'dockerode';
import { pipeName, readTlsMaterial, type ResolvedEndpoint } from './endpoint';
import { EngineError, engineErrors, toEngineError } from './errors';
import { SshDialAgent } from './ssh/agent';
import { SshSession, type SshSessionOptions } from './ssh/session';

/** Oldest Engine API this layer speaks: 1.25 is Docker 1.13 (prune endpoints, init). */
export const MIN_API_VERSION = '1.25';

export interface EngineClientOptions {
  /** Deadline for ordinary requests, ms (streams are not bounded by it). Default 10 s. */
  timeoutMs?: number;
  /** Pin the API version in request paths (`1.41`); default: unversioned, the engine's own. */
  apiVersion?: string;
  /** Refuse engines older than this API version. Default MIN_API_VERSION. */
  minApiVersion?: string;
  /** ssh:// engines: where the ssh config and known_hosts are (default ~/.ssh), handshake deadline. */
  ssh?: SshSessionOptions;
  /** The platform whose transports apply (a named pipe exists only on win32). Default process.platform. */
  platform?: NodeJS.Platform;
  /**
   * Where a named-pipe endpoint is really reached: a unix socket standing in for the pipe. Only the
   * engine tier sets it, to serve recorded Docker Desktop answers on Linux, where no pipe can exist;
   * the endpoint (URL, transport, what the views show) stays the pipe's.
   */
  pipeStandIn?: string;
}

/**
 * The socket path Node connects to: a unix path as it is; a named pipe in Windows' own form
 * (`//./pipe/docker_engine` -> `\\.\pipe\docker_engine`, the form Node documents; Windows reads
 * both). Throws EngineError('bad-endpoint') for a pipe anywhere but on Windows.
 */
export function nodeSocketPath(ep: ResolvedEndpoint, platform: NodeJS.Platform = process.platform): string {
  const socketPath = ep.socketPath ?? '';
  if (ep.transport !== 'npipe') return socketPath;
  const name = pipeName(socketPath);
  if (name === undefined) throw engineErrors.badEndpoint(ep, `"${ep.url}" names no local named pipe.`);
  if (platform !== 'win32') {
    throw new EngineError('bad-endpoint', ep.url, `${ep.url} is a Windows named pipe, and this machine runs ${platform}: named pipes exist only on Windows.`, `Reach the engine another way from here (ssh://, tcp:// with TLS, or a docker context), or run VS Code on the Windows machine.`);
  }
  return `\\\\.\\pipe\\${name}`;
}

/** Compares `1.41` with `1.25` numerically: negative, zero or positive. */
export function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

// docker-modem reads DOCKER_HOST, DOCKER_CERT_PATH and friends from process.env in its constructor
// (and throws when those cert files are missing). We resolve the endpoint ourselves, so hide them
// for the duration of the (synchronous) construction.
const MODEM_ENV = ['DOCKER_HOST', 'DOCKER_CERT_PATH', 'DOCKER_TLS_VERIFY', 'DOCKER_CLIENT_TIMEOUT', 'DOCKER_PATH_PREFIX'];

function createDocker(ep: ResolvedEndpoint, options: EngineClientOptions): Docker {
  const dockerOptions: Docker.DockerOptions = {};
  if (ep.transport === 'unix' || ep.transport === 'npipe') {
    dockerOptions.socketPath = ep.transport === 'npipe' && options.pipeStandIn ? options.pipeStandIn : nodeSocketPath(ep, options.platform);
  } else if (ep.transport === 'ssh') {
    // Not docker-modem's ssh (a handshake per request, any host key): our agent over one
    // verified SSH connection (ssh/session.ts). The host and port below only fill the request.
    const session = new SshSession({ host: ep.host ?? '', url: ep.url, ...(ep.port ? { port: ep.port } : {}), ...(ep.username ? { user: ep.username } : {}) }, options.ssh);
    Object.assign(dockerOptions, { protocol: 'http', host: ep.host, port: 80, agent: new SshDialAgent(session) });
  } else {
    // The CLI sends every request under such a path; dockerode cannot, so say so rather than drop it.
    if (ep.basePath) {
      throw engineErrors.badEndpoint(ep, `${ep.note ? `${ep.note}. ` : ''}${ep.url} puts the API under the path ${ep.basePath}, which Docker Workbench does not support: give the engine's address without a path.`);
    }
    dockerOptions.host = ep.host;
    dockerOptions.port = ep.port;
    // Always named: docker-modem would otherwise pick https for port 2376 (and verify nothing).
    if (ep.tls) {
      const material = readTlsMaterial(ep);
      dockerOptions.protocol = 'https';
      // Unverified only when the user opted out (DOCKER_TLS alone, SkipTLSVerify); the endpoint says so.
      const agent = new https.Agent({ ca: material.ca, cert: material.cert, key: material.key, rejectUnauthorized: ep.tls.verify, keepAlive: false });
      Object.assign(dockerOptions, { ca: material.ca, cert: material.cert, key: material.key, agent });
    } else {
      dockerOptions.protocol = 'http';
    }
  }
  if (options.apiVersion) dockerOptions.version = `v${options.apiVersion.replace(/^v/, '')}`;
  const saved = MODEM_ENV.map((k) => [k, process.env[k]] as const);
  for (const [k] of saved) delete process.env[k];
  try {
    return new Docker(dockerOptions);
  } finally {
    for (const [k, v] of saved) if (v !== undefined) process.env[k] = v;
  }
}

interface SignalledCalls {
  ping(opts: { abortSignal?: AbortSignal }): Promise<unknown>;
  info(opts: { abortSignal?: AbortSignal }): Promise<unknown>;
  version(opts: { abortSignal?: AbortSignal }): Promise<Docker.DockerVersion>;
}

export class EngineClient {
  readonly docker: Docker;
  readonly timeoutMs: number;
  readonly minApiVersion: string;

  /** Throws EngineError (bad-endpoint, tls) when the endpoint cannot even be set up. */
  constructor(
    readonly endpoint: ResolvedEndpoint,
    options: EngineClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.minApiVersion = options.minApiVersion ?? MIN_API_VERSION;
    try {
      this.docker = createDocker(endpoint, options);
    } catch (err) {
      throw err instanceof EngineError ? err : engineErrors.badEndpoint(endpoint, `Cannot set up ${endpoint.url}: ${String((err as Error)?.message ?? err)}`);
    }
  }

  /** The SSH connection of an ssh:// engine (shared by every request, event stream and command). */
  get ssh(): SshSession | undefined {
    const agent = (this.docker.modem as unknown as { agent?: unknown }).agent;
    return agent instanceof SshDialAgent ? agent.session : undefined;
  }

  /** Lets go of the connection: the SSH session, kept-alive sockets. The client is not used after. */
  dispose(): void {
    const agent = (this.docker.modem as unknown as { agent?: { destroy?: () => void } }).agent;
    agent?.destroy?.();
  }

  /** dockerode accepts an abort signal on these, though its published types do not say so. */
  get untyped(): SignalledCalls {
    return this.docker as unknown as SignalledCalls;
  }

  toError(err: unknown): EngineError {
    return toEngineError(err, this.endpoint);
  }

  /**
   * Runs one request with a deadline and typed errors. `fn` gets an AbortSignal that fires on
   * timeout or when `signal` fires; the request's own late rejection is swallowed, never unhandled.
   */
  async call<T>(fn: (signal: AbortSignal) => Promise<T>, opts: { timeoutMs?: number; signal?: AbortSignal; what?: string } = {}): Promise<T> {
    const ms = opts.timeoutMs ?? this.timeoutMs;
    const controller = new AbortController();
    if (opts.signal?.aborted) throw engineErrors.cancelled(this.endpoint, opts.what);
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const guard = new Promise<never>((_, reject) => {
      if (ms > 0) {
        timer = setTimeout(() => {
          controller.abort();
          reject(engineErrors.timeout(this.endpoint, ms));
        }, ms);
      }
      if (opts.signal) {
        onAbort = () => {
          controller.abort();
          reject(engineErrors.cancelled(this.endpoint, opts.what));
        };
        opts.signal.addEventListener('abort', onAbort, { once: true });
      }
    });
    let work: Promise<T>;
    try {
      work = fn(controller.signal);
    } catch (err) {
      work = Promise.reject(err);
    }
    work.catch(() => undefined);
    guard.catch(() => undefined);
    try {
      return await Promise.race([work, guard]);
    } catch (err) {
      throw this.toError(err);
    } finally {
      if (timer) clearTimeout(timer);
      if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** GET /_ping, bounded. */
  async ping(opts: { timeoutMs?: number } = {}): Promise<void> {
    await this.call((abortSignal) => this.untyped.ping({ abortSignal }), opts);
  }

  /**
   * Pings, then checks the API version: the way to find out whether this endpoint works.
   * Returns the engine's version document.
   */
  async connect(opts: { timeoutMs?: number } = {}): Promise<Docker.DockerVersion> {
    await this.ping(opts);
    const version = await this.call((abortSignal) => this.untyped.version({ abortSignal }), opts);
    const api = version.ApiVersion;
    if (typeof api === 'string' && compareApiVersions(api, this.minApiVersion) < 0) {
      throw engineErrors.apiTooOld(this.endpoint, `The engine at ${this.endpoint.url} speaks Docker API ${api}; Docker Workbench needs ${this.minApiVersion} or newer.`);
    }
    return version;
  }
}
