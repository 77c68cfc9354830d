// The real `docker-workbench` bundle (dist/cli.js) as a child process, for the CLI's tests.
import { execFile, execFileSync } from 'node:child_process';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export interface CliResult {
  /** Null when the process did not exit by itself (killed after `timeoutMs`). */
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  input?: string;
  /** Added to this process's environment (NO_COLOR=1 is always set). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Another bundle than dist/cli.js (a copy elsewhere). */
  cli?: string;
}

/** Never rejects: a hang shows as a null code after `timeoutMs`, so the assertion names it. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [options.cli ?? CLI, ...args],
      { cwd: options.cwd ?? REPO_ROOT, env: { ...process.env, NO_COLOR: '1', ...options.env }, timeout: options.timeoutMs ?? 30_000, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, signal: error?.signal ?? null, stdout, stderr });
      },
    );
    // A CLI that stops reading standard input at its size limit closes the pipe: not a failure here.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}

/** Builds dist/cli.js (and the engine bundle it loads for --engine). */
export function buildCli(): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs'), 'cli'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 120_000 });
}
