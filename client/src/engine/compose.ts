// Compose Up / Down are the one place the extension runs a docker tool: the engine API has no
// compose. Which tool exists, its argument array (never a shell string), and the environment that
// points it at the endpoint the extension resolved, so it talks to the engine the views show.
// No 'vscode' here: the engine tier checks these directly.
import { execFile, spawn } from 'node:child_process';
import type { ResolvedEndpoint } from './endpoint';

export interface ComposeTool {
  /** The program, e.g. `docker` or `docker-compose`. */
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

/** Which compose exists: the plugin first, as the docker docs recommend, then the standalone one. */
export async function findComposeTool(env: NodeJS.ProcessEnv = process.env): Promise<ComposeTool | undefined> {
  if (await answers('docker', ['compose', 'version'], env)) return { command: 'docker', prefix: ['compose'] };
  if (await answers('docker-compose', ['version'], env)) return { command: 'docker-compose', prefix: [] };
  return undefined;
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
  /** Everything it printed, stdout and stderr interleaved as they came. */
  output(): string;
  onOutput(listener: (text: string) => void): void;
  kill(): void;
}

/** Starts the tool; output is kept until a listener takes it (a terminal opens a little later). */
export function runCompose(tool: ComposeTool, args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): ComposeRun {
  const child = spawn(tool.command, [...args], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  let text = '';
  const listeners: Array<(t: string) => void> = [];
  const buffered: string[] = [];
  const take = (chunk: Buffer): void => {
    const t = chunk.toString('utf8');
    text += t;
    if (listeners.length) for (const l of listeners) l(t);
    else buffered.push(t);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
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
    output: () => text,
    onOutput(listener) {
      listeners.push(listener);
      for (const b of buffered.splice(0)) listener(b);
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
