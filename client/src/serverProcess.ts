// The language server's process: the first is forked as dist/client.js loads, when extension.ts
// starts the language client (before activate(), see there); the client forks a new one for each
// restart. Also where the server's code cache lives, and the hold on what starts before
// activate(). No `vscode` here.
import { fork, type ChildProcess } from 'node:child_process';
import { homedir } from 'node:os';
import * as path from 'node:path';

export interface ServerProcessOptions {
  /** dist/server-start.js (it runs dist/server.js; server/src/start.ts) */
  module: string;
  /** The first workspace folder on disk, as vscode-languageclient chose the server's folder. */
  cwd?: string;
}

/**
 * Where the server keeps its code caches (codeCacheFolder() below): the whole bundle's
 * (DOCKER_WORKBENCH_CODE_CACHE, server/src/start.ts) and Node's for what it requires later
 * (NODE_COMPILE_CACHE, Node 22.1+; older Nodes ignore it; one the user set is left as it is).
 */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1' };
  const folder = codeCacheFolder(env);
  if (folder !== undefined) {
    env.DOCKER_WORKBENCH_CODE_CACHE = folder;
    env.NODE_COMPILE_CACHE ||= folder;
  }
  return env;
}

/**
 * The user's cache folder for this extension, as the platform keeps caches: known before
 * activate() (the extension's global storage is not), and one for every profile and window.
 * None in a portable VS Code, which keeps everything in its own folder.
 */
export function codeCacheFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string | undefined {
  if (env.VSCODE_PORTABLE) return undefined;
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const absolute = (value: string | undefined) => (value && paths.isAbsolute(value) ? value : undefined);
  if (platform === 'win32') {
    const local = absolute(env.LOCALAPPDATA);
    return local === undefined ? undefined : path.win32.join(local, 'docker-workbench', 'Cache');
  }
  if (absolute(home) === undefined || home === '/') return undefined;
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Caches', 'docker-workbench');
  return path.posix.join(absolute(env.XDG_CACHE_HOME) ?? path.posix.join(home, '.cache'), 'docker-workbench');
}

/** As vscode-languageclient decides it: the extension host runs under a debugger. */
function debugging(): boolean {
  return process.execArgv.some((arg) => /^--(?:debug|debug-brk|inspect|inspect-brk)(?:=|$)/.test(arg));
}

/** Forks the server on the IPC transport, with the arguments vscode-languageclient gives it. */
export function forkServer(options: ServerProcessOptions): ChildProcess {
  return fork(options.module, ['--node-ipc', `--clientProcessId=${process.pid}`], {
    cwd: options.cwd,
    env: serverEnv(),
    execArgv: debugging() ? ['--nolazy', '--inspect=6019'] : [],
    silent: true,
  });
}

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/**
 * Something started as the bundle loads (the language client and its server, extension.ts), held
 * for activate() to claim. Not claimed within `ms` (VS Code loaded the bundle but never called
 * activate(): its activation failed), it is ended, and claim() then returns undefined.
 */
export class Unclaimed<T> {
  private value: T | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(value: T, ms: number, end: (value: T) => void) {
    this.value = value;
    this.timer = setTimeout(() => {
      const held = this.value;
      this.value = undefined;
      if (held !== undefined) end(held);
    }, ms);
    this.timer.unref();
  }

  /** The value, once; undefined if it was ended or claimed already. */
  claim(): T | undefined {
    clearTimeout(this.timer);
    const held = this.value;
    this.value = undefined;
    return held;
  }
}

/** Hands out the process started early once, then a new one per (re)start. */
export class ServerProcesses {
  private early: ChildProcess | undefined;
  private current: ChildProcess | undefined;

  constructor(private readonly options: ServerProcessOptions) {}

  /** Starts the first process now, ahead of the client's start, unless it has one already. */
  startEarly(): void {
    if (this.current !== undefined) return;
    this.early ??= forkServer(this.options);
  }

  /** The process for the client's next start: the early one if it is still running, else a new one. */
  take(): ChildProcess {
    const early = this.early;
    this.early = undefined;
    this.current = early !== undefined && running(early) ? early : forkServer(this.options);
    if (early !== undefined && early !== this.current) early.kill();
    return this.current;
  }

  /** Whether the process the client took last is still running. */
  running(): boolean {
    return this.current !== undefined && running(this.current);
  }

  /**
   * After the client stopped (it sent shutdown and exit): a process still running 2 s later is
   * ended, as vscode-languageclient does for the processes it forks itself. An early process the
   * client never took is ended at once.
   */
  stopped(): void {
    this.early?.kill();
    this.early = undefined;
    const child = this.current;
    this.current = undefined;
    if (child === undefined || !running(child)) return;
    setTimeout(() => {
      if (running(child)) child.kill();
    }, 2000).unref();
  }
}
