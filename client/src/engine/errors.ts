// Every way talking to the engine can fail, as one error type a person can act on: which endpoint,
// what went wrong, and the one thing that fixes it. Raw Node/dockerode errors never leave this layer.
import type { SshProblem } from './ssh/sshErrors';
import { classifyTlsFailure, type TlsFailure, type TlsProblem } from './tlsErrors';

export type EngineErrorKind =
  | 'not-running' // something is there but refuses (ECONNREFUSED): the daemon is down
  | 'socket-missing' // no socket or pipe at that path (ENOENT)
  | 'permission-denied' // the socket exists but this user may not open it (EACCES/EPERM)
  | 'tls' // handshake or certificate failure, or TLS files that cannot be read
  | 'ssh' // host key unknown/changed/revoked, authentication refused, the remote docker failed (see sshProblem)
  | 'api-version' // the engine's API is older than we need, or refuses our version
  | 'timeout' // no answer in time
  | 'unreachable' // host name unknown, network unreachable
  | 'connection-lost' // the connection dropped mid-request (daemon stopped, proxy closed)
  | 'bad-endpoint' // the configured endpoint cannot be parsed or is not supported
  | 'not-found' // 404: no such container/image/network/volume
  | 'conflict' // 409: name in use, container running, image in use
  | 'bad-request' // 400: the engine rejected the parameters
  | 'build-failed' // the build ran and a step failed
  | 'cancelled' // the caller cancelled
  | 'local-file' // a file on this machine (the build context, a saved image) could not be read or written
  | 'engine'; // any other daemon-side error (500 ...)

/** Where the endpoint came from, so the fix can name the right knob. Kept loose to avoid a cycle. */
export interface ErrorEndpoint {
  url: string;
  transport?: 'unix' | 'npipe' | 'tcp' | 'ssh';
  source?: string;
  /** tcp: the host connected to, for a certificate issued for another name. */
  host?: string;
  /** TLS in use, and where its files are: a TLS failure's fix names them. */
  tls?: { verify: boolean; certDir?: string; from?: 'environment' | 'context' };
  contextName?: string;
}

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly kind: EngineErrorKind,
    /** The endpoint tried, e.g. `unix:///var/run/docker.sock`. */
    readonly endpoint: string,
    /** What went wrong, in a sentence. */
    readonly detail: string,
    /** The one action that fixes it. */
    readonly action: string,
    readonly extra: { statusCode?: number; code?: string; cause?: unknown; tlsProblem?: TlsProblem; sshProblem?: SshProblem } = {},
  ) {
    super(`${detail} ${action}`.trim());
  }

  get statusCode(): number | undefined {
    return this.extra.statusCode;
  }

  get code(): string | undefined {
    return this.extra.code;
  }

  /** For kind 'tls': which part failed (unknown CA, wrong name, expired, client certificate, files ...). */
  get tlsProblem(): TlsProblem | undefined {
    return this.extra.tlsProblem;
  }

  /** For kind 'ssh': host key unknown, changed or revoked, authentication, the remote docker, ... */
  get sshProblem(): SshProblem | undefined {
    return this.extra.sshProblem;
  }

  /** True for failures of the connection itself, as opposed to a request the engine refused. */
  get isConnectionError(): boolean {
    return ['not-running', 'socket-missing', 'permission-denied', 'tls', 'ssh', 'timeout', 'unreachable', 'connection-lost', 'bad-endpoint', 'api-version'].includes(this.kind);
  }
}

/**
 * A file on this machine failed, not the engine: thrown where the file is read (the build context's
 * walk and packer) with the file named as the user knows it, so that a stream error that reaches
 * the request later is still told apart from a socket that is missing or refuses.
 */
export class LocalFileError extends Error {
  override readonly name = 'LocalFileError';
  constructor(
    /** The file as the user knows it: relative to the build context, or absolute. */
    readonly file: string,
    /** What the file belongs to, as in `the build context /w/app`; empty for a file on its own. */
    readonly role: string,
    readonly code: string | undefined,
    override readonly cause: unknown,
    /** What was being done with it; `use` when that is not known (an fs error seen from outside). */
    readonly operation: 'read' | 'write' | 'use' = 'read',
  ) {
    super(`${role ? `In ${role}, ` : 'The file '}${file} ${localFileProblem(code, cause, operation)}.`);
  }
}

function localFileProblem(code: string | undefined, cause: unknown, operation: 'read' | 'write' | 'use'): string {
  const verb = operation === 'use' ? 'opened' : operation === 'read' ? 'read' : 'written';
  switch (code) {
    case 'ENOENT':
      if (operation === 'read') return 'no longer exists (deleted or moved while it was being read)';
      return operation === 'write' ? 'cannot be created: its folder does not exist' : 'does not exist (or the folder it should be in does not)';
    case 'EACCES':
    case 'EPERM':
      return `cannot be ${verb}: permission denied`;
    case 'EISDIR':
      return 'is a folder where a file was expected';
    case 'ENOTDIR':
      return 'is not where it was: a folder on its path is now a file';
    case 'ENOSPC':
      return 'cannot be written: the disk is full';
    case 'EROFS':
      return 'cannot be written: the file system is read-only';
    default: {
      const m = asErrorLike(cause).message;
      return `could not be ${verb} (${bounded(typeof m === 'string' ? m : String(cause))})`;
    }
  }
}

/** Node's file-system error codes; with a `path` and no `connect` they are about a local file. */
const FILE_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'EMFILE', 'ENFILE', 'ENOSPC', 'EROFS', 'EEXIST', 'EIO', 'EBUSY']);

interface ErrorLike {
  message?: unknown;
  code?: unknown;
  statusCode?: unknown;
  json?: unknown;
  name?: unknown;
  syscall?: unknown;
  path?: unknown;
}

function asErrorLike(err: unknown): ErrorLike {
  return typeof err === 'object' && err !== null ? (err as ErrorLike) : { message: String(err) };
}

/** The daemon's own message out of a dockerode HTTP error (`(HTTP code 404) no such container - ...`). */
export function daemonMessage(err: unknown): string {
  const e = asErrorLike(err);
  if (typeof e.json === 'object' && e.json !== null) {
    const m = (e.json as { message?: unknown }).message;
    if (typeof m === 'string' && m) return m;
  }
  const msg = typeof e.message === 'string' ? e.message : String(err);
  const m = /^\(HTTP code \d+\) [^-]*- (.*)$/s.exec(msg);
  return (m ? m[1] : msg).trim();
}

const TLS_CODES = /^(ERR_SSL_|ERR_TLS_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|ERR_OSSL_)/;

function pathOf(endpoint: ErrorEndpoint): string {
  return endpoint.url.replace(/^(unix|npipe):\/\//, '');
}

function whereToPoint(endpoint: ErrorEndpoint): string {
  switch (endpoint.source) {
    case 'setting':
      return 'the dockerWorkbench.host setting';
    case 'DOCKER_HOST':
      return 'DOCKER_HOST';
    case 'flag':
      return 'the --host or --context option';
    case 'context':
      return 'the current docker context (docker context use ...)';
    default:
      return 'dockerWorkbench.host or DOCKER_HOST';
  }
}

/** Builders for each kind, used by the classifier and by code that detects a problem itself. */
export const engineErrors = {
  notRunning(ep: ErrorEndpoint, cause?: unknown): EngineError {
    const desktop = ep.transport === 'npipe' ? 'Start Docker Desktop' : 'Start the Docker daemon (sudo systemctl start docker, or Docker Desktop)';
    return new EngineError('not-running', ep.url, `Docker is not running at ${ep.url}: the connection was refused.`, `${desktop}, then retry.`, { code: 'ECONNREFUSED', cause });
  },
  socketMissing(ep: ErrorEndpoint, cause?: unknown): EngineError {
    const what = ep.transport === 'npipe' ? 'named pipe' : 'socket';
    return new EngineError(
      'socket-missing',
      ep.url,
      `No Docker ${what} at ${pathOf(ep)}.`,
      `Start Docker (it creates the ${what}), or point ${whereToPoint(ep)} at the engine's real endpoint.`,
      { code: 'ENOENT', cause },
    );
  },
  permissionDenied(ep: ErrorEndpoint, cause?: unknown): EngineError {
    const action =
      ep.transport === 'npipe'
        ? 'Add your user to the docker-users group (or run as an administrator), then sign out and in again.'
        : "Add your user to the 'docker' group (sudo usermod -aG docker $USER), then log out and in again.";
    return new EngineError('permission-denied', ep.url, `Permission denied opening ${pathOf(ep)}.`, action, { code: 'EACCES', cause });
  },
  tls(ep: ErrorEndpoint, detail: string, cause?: unknown, code?: string): EngineError {
    return new EngineError(
      'tls',
      ep.url,
      `TLS with ${ep.url} failed: ${detail}.`,
      'Check that DOCKER_CERT_PATH (or the context) holds this engine\'s ca.pem, cert.pem and key.pem, and that DOCKER_TLS_VERIFY matches how the engine listens.',
      { code, cause, tlsProblem: 'handshake' },
    );
  },
  /** A TLS failure told apart (tlsErrors.ts), with its own fix. */
  tlsFailure(ep: ErrorEndpoint, failure: TlsFailure, cause?: unknown, code?: string): EngineError {
    return new EngineError('tls', ep.url, failure.detail, failure.action, { code, cause, tlsProblem: failure.problem });
  },
  apiTooOld(ep: ErrorEndpoint, detail: string, cause?: unknown): EngineError {
    return new EngineError('api-version', ep.url, detail, 'Update Docker Engine (or Docker Desktop) to a current release.', { cause });
  },
  timeout(ep: ErrorEndpoint, ms: number | undefined, what = 'answer'): EngineError {
    return new EngineError(
      'timeout',
      ep.url,
      `The engine at ${ep.url} did not ${what} ${ms ? `within ${ms} ms` : 'in time'}.`,
      `Check that the engine is responsive (docker info) and that ${whereToPoint(ep)} names the right endpoint.`,
      { code: 'ETIMEDOUT' },
    );
  },
  badEndpoint(ep: ErrorEndpoint, detail: string): EngineError {
    return new EngineError('bad-endpoint', ep.url, detail, `Fix ${whereToPoint(ep)}: use unix:///path, npipe:////./pipe/name, tcp://host:port or ssh://user@host.`);
  },
  cancelled(ep: ErrorEndpoint, what = 'The operation'): EngineError {
    return new EngineError('cancelled', ep.url, `${what} was cancelled.`, '');
  },
  localFile(ep: ErrorEndpoint, err: LocalFileError): EngineError {
    return new EngineError('local-file', ep.url, err.message, `This is about that file on this machine, not the engine at ${ep.url}: check the file, then try again.`, {
      code: err.code,
      cause: err,
    });
  },
};

/**
 * Turns whatever a request threw (Node socket errors, dockerode HTTP errors, our own) into an
 * EngineError. Idempotent: an EngineError passes through unchanged.
 */
export function toEngineError(err: unknown, ep: ErrorEndpoint): EngineError {
  if (err instanceof EngineError) return err;
  if (err instanceof LocalFileError) return engineErrors.localFile(ep, err);
  const e = asErrorLike(err);
  const code = typeof e.code === 'string' ? e.code : undefined;
  // An fs call's error names its path and is not a connect: a local file, whatever its code
  // would mean for the socket (ENOENT is not "no Docker socket" when it is the file being sent).
  if (code && FILE_CODES.has(code) && typeof e.path === 'string' && e.syscall !== 'connect') {
    return engineErrors.localFile(ep, new LocalFileError(e.path, '', code, err, 'use'));
  }
  const message = bounded(typeof e.message === 'string' ? e.message : String(err));
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;

  if (e.name === 'AbortError' || code === 'ABORT_ERR') return engineErrors.cancelled(ep);
  const tlsFailure = classifyTlsFailure({ code, message, status, cause: err }, ep);
  if (tlsFailure) return engineErrors.tlsFailure(ep, tlsFailure, err, code);
  if (code === 'ECONNREFUSED') return engineErrors.notRunning(ep, err);
  if (code === 'ENOENT') return engineErrors.socketMissing(ep, err);
  if (code === 'EACCES' || code === 'EPERM') return engineErrors.permissionDenied(ep, err);
  if (code === 'ETIMEDOUT') return engineErrors.timeout(ep, undefined, /subscription/.test(message) ? 'accept the events subscription' : 'answer');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return new EngineError('unreachable', ep.url, `Cannot reach ${ep.url} (${code}).`, `Check the host name and network, or ${whereToPoint(ep)}.`, { code, cause: err });
  }
  // Only without an HTTP status: a daemon error that mentions a certificate (a registry's) is not ours.
  if (status === undefined && ((code && TLS_CODES.test(code)) || /SSL routines|certificate|TLS|handshake/i.test(message))) {
    return engineErrors.tls(ep, message.replace(/\s+/g, ' ').trim(), err, code);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(message)) {
    return new EngineError('connection-lost', ep.url, `The connection to ${ep.url} was lost (${code ?? 'socket hang up'}).`, 'Check that the engine is still running, then retry.', { code, cause: err });
  }
  if (status !== undefined) {
    const daemon = bounded(daemonMessage(err));
    if (/client version .* is too (new|old)|minimum supported API version|API version .* (is )?not supported/i.test(daemon)) {
      return engineErrors.apiTooOld(ep, `The engine at ${ep.url} rejected the API version: ${daemon}.`, err);
    }
    if (status === 404) return new EngineError('not-found', ep.url, capitalize(daemon), 'Refresh the view: it may have been removed meanwhile.', { statusCode: status, cause: err });
    if (status === 409) return new EngineError('conflict', ep.url, capitalize(daemon), conflictAction(daemon), { statusCode: status, cause: err });
    if (status === 400) return new EngineError('bad-request', ep.url, capitalize(daemon), 'Correct the value and try again.', { statusCode: status, cause: err });
    return new EngineError('engine', ep.url, `The engine failed: ${daemon} (HTTP ${status}).`, 'See the engine log for details, then retry.', { statusCode: status, cause: err });
  }
  return new EngineError('engine', ep.url, `Talking to ${ep.url} failed: ${message}.`, 'Retry; if it keeps failing, check the engine log.', { code, cause: err });
}

function conflictAction(daemon: string): string {
  if (/is running|stop the container|remove.*force/i.test(daemon)) return 'Stop it first, or remove it with force.';
  if (/already in use/i.test(daemon)) return 'Choose another name, or remove the container that holds it.';
  if (/being used by|image is referenced|has dependent/i.test(daemon)) return 'Remove the containers that use it first, or remove with force.';
  return 'Resolve the conflict the engine names, then retry.';
}

/**
 * An engine's message may be huge or hostile (a remote engine is not ours): a person reads its
 * start, and the patterns above, some of which scan with `.*`, never see more than this.
 */
const MAX_ENGINE_MESSAGE = 2000;

function bounded(message: string): string {
  return message.length > MAX_ENGINE_MESSAGE ? `${message.slice(0, MAX_ENGINE_MESSAGE)}…` : message;
}

function capitalize(s: string): string {
  const t = s.trimEnd();
  const withStop = /[.!?]$/.test(t) ? t : `${t}.`;
  return withStop.charAt(0).toUpperCase() + withStop.slice(1);
}
