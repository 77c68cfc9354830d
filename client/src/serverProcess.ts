// The language server's process, started in the first task after activate(): before the language
// client (most of dist/client.js) is even evaluated, so the server's Node start-up and bundle load
// overlap the extension host's work on the client instead of following it. The client takes that
// process for its first start and forks a new one for each restart. No `vscode` here.
import { fork, type ChildProcess } from 'node:child_process';

export interface ServerProcessOptions {
  /** dist/server.js */
  module: string;
  /** The first workspace folder on disk, as vscode-languageclient chose the server's folder. */
  cwd?: string;
  /**
   * Where Node keeps the V8 code cache of the server bundle (NODE_COMPILE_CACHE, Node 22.1+; older
   * Nodes ignore it): later starts skip compiling it. A folder in the extension's own global
   * storage; a NODE_COMPILE_CACHE the user set is left as it is.
   */
  compileCacheDir?: string;
}

/** As vscode-languageclient decides it: the extension host runs under a debugger. */
function debugging(): boolean {
  return process.execArgv.some((arg) => /^--(?:debug|debug-brk|inspect|inspect-brk)(?:=|$)/.test(arg));
}

/** Forks dist/server.js on the IPC transport, with the arguments vscode-languageclient gives it. */
export function forkServer(options: ServerProcessOptions): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1' };
  if (options.compileCacheDir !== undefined && !env.NODE_COMPILE_CACHE) env.NODE_COMPILE_CACHE = options.compileCacheDir;
  return fork(options.module, ['--node-ipc', `--clientProcessId=${process.pid}`], {
    cwd: options.cwd,
    env,
    execArgv: debugging() ? ['--nolazy', '--inspect=6019'] : [],
    silent: true,
  });
}

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Hands out the process started at activation once, then a new one per (re)start. */
export class ServerProcesses {
  private early: ChildProcess | undefined;
  private current: ChildProcess | undefined;

  constructor(private readonly options: ServerProcessOptions) {}

  /** Starts the first process now (activation schedules this before anything else), unless the client already took one. */
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
