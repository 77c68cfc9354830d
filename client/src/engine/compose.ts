// Compose Up / Down are the one place the extension runs a docker tool: the engine API has no
// compose. Which tool exists, its argument array (never a shell string), and the environment that
// points it at the endpoint the extension resolved, so it talks to the engine the views show.
// No 'vscode' here: the engine tier checks these directly.
import { execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { ResolvedEndpoint } from './endpoint';
import { describeMissing, findExecutable, pathAdvice, type ExecutableLookup, type ExecutableSearch } from './executable';
import { TextTail } from './tail';

export interface ComposeTool {
  /** Absolute path of the program (`/usr/bin/docker`), found on PATH by findExecutable: never a bare name. */
  command: string;
  /** Arguments before the compose ones: `['compose']` for the plugin, `[]` for docker-compose. */
  prefix: string[];
}

export type ComposeAction = 'up' | 'down';

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

/** The full argument array for up or down on one file. */
export function composeArgs(tool: ComposeTool, file: string, action: ComposeAction): string[] {
  return [...tool.prefix, '-f', file, ...(action === 'up' ? ['up', '-d'] : ['down'])];
}

/**
 * The environment for a compose child: the caller's, with DOCKER_HOST (and the TLS variables) set
 * from the resolved endpoint. Whatever chose that endpoint (the host setting, a context) the child
 * must not fall back to its own choice, so DOCKER_CONTEXT goes and stale TLS variables are cleared.
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
