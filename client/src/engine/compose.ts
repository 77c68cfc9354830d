// Compose Up / Down are the one place the extension runs a docker tool: the engine API has no
// compose. Which tool exists, its argument array (never a shell string), and the environment that
// points it at the endpoint the extension resolved, so it talks to the engine the views show.
// No 'vscode' here: the engine tier checks these directly.
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { validateComposeName } from './composeFiles';
import { dockerConfigDir, type ResolvedEndpoint } from './endpoint';
import { describeMissing, findExecutable, pathAdvice, type ExecutableLookup, type ExecutableSearch } from './executable';
import { TextTail } from './tail';

export interface ComposeTool {
  /** Absolute path of the program (`/usr/bin/docker`), found on PATH by findExecutable: never a bare name. */
  command: string;
  /** Arguments before the compose ones: `['compose']` for the plugin, `[]` for docker-compose. */
  prefix: string[];
}

/** up -d, down (rm --stop --force for named services), restart, logs --follow. */
export type ComposeAction = 'up' | 'down' | 'restart' | 'logs';

function answers(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 10_000, env, windowsHide: true }, (err) => resolve(!err));
  });
}

export type ComposeLookup = { ok: true; tool: ComposeTool } | { ok: false; message: string };

/**
 * Which compose exists: the plugin first, as the docker docs recommend, then the standalone one.
 * Each program is resolved to an absolute path once, from the absolute PATH entries of `env`, and
 * that path is what runs, both here and in runCompose; when neither answers, the message says
 * where it looked and how to fix it.
 */
export async function locateComposeTool(env: NodeJS.ProcessEnv = process.env, search: Omit<ExecutableSearch, 'env'> = {}): Promise<ComposeLookup> {
  const docker = findExecutable('docker', { ...search, env });
  if (docker.found && (await answers(docker.found, ['compose', 'version'], env))) return { ok: true, tool: { command: docker.found, prefix: ['compose'] } };
  const standalone = findExecutable('docker-compose', { ...search, env });
  if (standalone.found && (await answers(standalone.found, ['version'], env))) return { ok: true, tool: { command: standalone.found, prefix: [] } };
  return { ok: false, message: composeMissing(docker, standalone, search.platform) };
}

function composeMissing(docker: ExecutableLookup, standalone: ExecutableLookup, platform?: NodeJS.Platform): string {
  const fix = pathAdvice('the Docker Compose plugin (or docker-compose)', platform);
  const failed = [docker.found && `\`${docker.found} compose version\` failed (no compose plugin).`, standalone.found && `\`${standalone.found} version\` failed.`];
  const missing = [docker, standalone].filter((l) => !l.found);
  return [...failed.filter(Boolean), missing.length ? describeMissing(missing) : '', fix].filter(Boolean).join(' ');
}

/** `docker` or `docker-compose`, for messages. */
export function composeToolName(tool: ComposeTool): string {
  return path.basename(tool.command).replace(/\.(exe|com)$/i, '');
}

export interface ComposeArgOptions {
  /** Before the compose options: `--context NAME` (composeTarget). */
  global?: readonly string[];
  /** `-p NAME`: a project started from the explorer keeps its name. */
  projectName?: string;
  /** `--profile NAME` each. */
  profiles?: readonly string[];
  /** Only these services (all when empty). */
  services?: readonly string[];
}

/**
 * The full argument array: global options, `-f` for each file in order, `--profile` for each
 * profile, then the action and the services. Down on named services is `rm --stop --force`
 * (docker-compose v1's down takes no services). Names are checked: never an option in disguise.
 */
export function composeArgs(tool: ComposeTool, files: string | readonly string[], action: ComposeAction, opts: ComposeArgOptions = {}): string[] {
  const list = typeof files === 'string' ? [files] : [...files];
  if (list.length === 0) throw new Error('No compose file given.');
  for (const f of list) if (!path.isAbsolute(f)) throw new Error(`The compose file ${f} is not an absolute path.`);
  const profiles = opts.profiles ?? [];
  const services = opts.services ?? [];
  for (const p of profiles) checkName(p, 'profile');
  for (const s of services) checkName(s, 'service');
  if (opts.projectName !== undefined) checkName(opts.projectName, 'project');
  const verb: Record<ComposeAction, string[]> = {
    up: ['up', '-d'],
    down: services.length > 0 ? ['rm', '--stop', '--force'] : ['down'],
    restart: ['restart'],
    logs: ['logs', '--follow'],
  };
  return [
    ...tool.prefix,
    ...(opts.global ?? []),
    ...(opts.projectName !== undefined ? ['-p', opts.projectName] : []),
    ...list.flatMap((f) => ['-f', f]),
    ...profiles.flatMap((p) => ['--profile', p]),
    ...verb[action],
    ...services,
  ];
}

function checkName(name: string, what: 'service' | 'profile' | 'project'): void {
  const v = validateComposeName(name, what);
  if (!v.ok) throw new Error(v.message);
}

/** How compose is pointed at the endpoint: its environment, arguments before the compose ones, and the route in words. */
export interface ComposeTarget {
  env: NodeJS.ProcessEnv;
  globalArgs: string[];
  /** `context` (compose reads the docker context itself) or `host` (DOCKER_HOST and the TLS variables). */
  route: 'context' | 'host';
  /** For the terminal's first line: which route and, when a context could not be handed over, why. */
  how: string;
  /** Set when this compose cannot reach the engine at all: say it instead of running it. */
  problem?: string;
}

/**
 * The one way to point compose at the endpoint the views show. A docker context is handed over by
 * name, so compose reads it exactly as the docker CLI does (its TLS folder, a missing ca.pem meaning
 * this machine's CAs, SkipTLSVerify): DOCKER_CONTEXT for the plugin (the docker CLI reads it), and
 * `--context NAME` for docker-compose v1, which ignores DOCKER_CONTEXT. v1 (docker-py) reads a
 * context only partly: from the folder of the config.json it finds (none: ~/.docker or the working
 * folder) and with TLS only when ca, cert and key are all there (otherwise plain HTTP); for any
 * other context v1 gets DOCKER_HOST and the TLS variables, which it reads as the CLI does except
 * that DOCKER_CERT_PATH alone turns TLS on. Every other endpoint goes as DOCKER_HOST (composeEnv).
 */
export function composeTarget(tool: ComposeTool, endpoint: ResolvedEndpoint, base: NodeJS.ProcessEnv = process.env): ComposeTarget {
  const name = endpoint.contextName;
  if (!name) return withV1Problem(tool, endpoint, { env: composeEnv(endpoint, base), globalArgs: [], route: 'host', how: `DOCKER_HOST=${endpoint.url}` });
  const env: NodeJS.ProcessEnv = { ...base };
  for (const k of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_TLS', 'DOCKER_CERT_PATH']) delete env[k];
  if (tool.prefix.length > 0) return { env: { ...env, DOCKER_CONTEXT: name }, globalArgs: [], route: 'context', how: `DOCKER_CONTEXT=${name}` };
  const why = composeV1ContextProblem(endpoint, base);
  if (!why) return { env, globalArgs: ['--context', name], route: 'context', how: `--context ${name}` };
  return withV1Problem(tool, endpoint, { env: composeEnv(endpoint, base), globalArgs: [], route: 'host', how: `DOCKER_HOST=${endpoint.url} (docker-compose v1 cannot read the context "${name}" itself: ${why})` });
}

/**
 * docker-compose v1 (1.29) given DOCKER_HOST reaches a TLS engine only with verified TLS and a
 * ca.pem: unverified, it speaks plain HTTP to it (it builds the address with TLS off), and
 * DOCKER_TLS_VERIFY without ca.pem (this machine's CAs, as the CLI allows) it refuses.
 */
function withV1Problem(tool: ComposeTool, endpoint: ResolvedEndpoint, target: ComposeTarget): ComposeTarget {
  const tls = endpoint.tls;
  if (tool.prefix.length > 0 || !tls) return target;
  const noCa = !tls.certDir || !fs.existsSync(path.join(tls.certDir, 'ca.pem'));
  if (tls.verify && !noCa) return target;
  const what = !tls.verify ? `does not verify its certificate (${tls.unverifiedReason ?? 'verification is off'}), and docker-compose v1 then speaks plain HTTP to it` : `is verified against this machine's CAs (no ca.pem in ${tls.certDir ?? 'its TLS folder'}), which docker-compose v1 cannot do`;
  return { ...target, problem: `docker-compose v1 (${tool.command}) cannot reach ${endpoint.url}: the connection ${what}. Install the Docker Compose plugin (docker compose), which reads TLS as the docker CLI does, or give the engine's ca.pem (with cert.pem and key.pem) to ${endpoint.contextName ? `the context "${endpoint.contextName}"` : 'DOCKER_CERT_PATH'} and verify it.` };
}

/** Why docker-compose v1 would not read this context as the docker CLI does; undefined when it would. */
function composeV1ContextProblem(endpoint: ResolvedEndpoint, base: NodeJS.ProcessEnv): string | undefined {
  const configDir = dockerConfigDir(base, os.homedir());
  if (!fs.existsSync(path.join(configDir, 'config.json'))) return `it finds contexts only beside a config.json, and ${configDir} has none`;
  const certDir = endpoint.tls?.certDir;
  if (certDir && !['ca.pem', 'cert.pem', 'key.pem'].every((f) => fs.existsSync(path.join(certDir, f)))) return 'it uses a context\'s TLS only with ca.pem, cert.pem and key.pem all present';
  return undefined;
}

/**
 * The environment for a compose child pointed by DOCKER_HOST: the caller's, with DOCKER_HOST (and
 * the TLS variables) set from the resolved endpoint. The child must not fall back to its own
 * choice, so DOCKER_CONTEXT goes and stale TLS variables are cleared. For a context, composeTarget
 * hands over the context itself instead.
 */
export function composeEnv(endpoint: ResolvedEndpoint, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, DOCKER_HOST: endpoint.url };
  delete env.DOCKER_CONTEXT;
  delete env.DOCKER_TLS_VERIFY;
  delete env.DOCKER_TLS;
  delete env.DOCKER_CERT_PATH;
  if (endpoint.tls) {
    if (endpoint.tls.verify) env.DOCKER_TLS_VERIFY = '1';
    else env.DOCKER_TLS = '1';
    if (endpoint.tls.certDir) env.DOCKER_CERT_PATH = endpoint.tls.certDir;
  }
  return env;
}

export interface ComposeRun {
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it printed, stdout and stderr interleaved as they came: the last OUTPUT_TAIL_LIMIT characters. */
  output(): string;
  onOutput(listener: (text: string) => void): void;
  kill(): void;
}

/** Starts the tool; output is kept until a listener takes it (a terminal opens a little later). */
export function runCompose(tool: ComposeTool, args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): ComposeRun {
  // A bare name would be looked up in opts.cwd first on Windows: the workspace's own docker.exe.
  if (!path.isAbsolute(tool.command)) throw new Error(`Refusing to run "${tool.command}" by a bare name: resolve it with locateComposeTool.`);
  const child = spawn(tool.command, [...args], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  // Bounded: compose can print without end (a long pull, a chatty build); the tail is what counts.
  const text = new TextTail();
  const listeners: Array<(t: string) => void> = [];
  const buffered = new TextTail();
  const emit = (t: string): void => {
    if (!t) return;
    text.append(t);
    if (listeners.length) for (const l of listeners) l(t);
    else buffered.append(t);
  };
  // One decoder per pipe: a chunk may end inside a multi-byte character.
  const reader = (): ((chunk: Buffer) => void) => {
    const utf8 = new StringDecoder('utf8');
    return (chunk) => emit(utf8.write(chunk));
  };
  const take = (chunk: Buffer): void => emit(chunk.toString('utf8'));
  child.stdout.on('data', reader());
  child.stderr.on('data', reader());
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'error' (e.g. the program vanished since it was found) comes instead of 'close'.
    child.on('error', (err) => {
      take(Buffer.from(`${err.message}\n`));
      resolve({ code: -1, signal: null });
    });
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    done,
    output: () => text.text(),
    onOutput(listener) {
      listeners.push(listener);
      const held = buffered.take();
      if (held) listener(held);
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}

/** The last line worth quoting in a failure message. */
export function lastLine(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.at(-1) ?? '';
}
