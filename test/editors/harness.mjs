// What the editors tier's tests share: the Windows Dockerfile each editor opens, the README block
// each one loads as its configuration, a folder with `docker-workbench` on a PATH of its own (a
// link to dist/cli.js, as `npm install -g` makes it), and one bounded run of the editor in its own
// process group, stopped by that group's id.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const DOCKERFILE = [
  '# escape=`',
  'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
  '   RUN powershell -Command `',
  'Write-Host hi',
  'ENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]',
  '',
].join('\n');

/** The README's configuration: the first ```lang block after the paragraph starting with `title`. */
export function readmeBlock(title, lang) {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const at = readme.indexOf(`\n${title}`);
  assert.ok(at >= 0, `README.md has no ${title} paragraph`);
  const block = new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```').exec(readme.slice(at));
  assert.ok(block, `README.md has no ${lang} block after ${title}`);
  return block[1] + '\n';
}

/**
 * Checks the editor is installed (`hint` says how to get it), builds the server and the CLI, and
 * makes a temporary folder whose `bin` holds `docker-workbench`; returns the folder.
 */
export function prepareEditorFolder(editor, prefix, hint) {
  const version = spawnSync(editor, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) throw new Error(`${editor} is missing (${version.error?.message ?? version.stderr}); ${hint}`);
  const built = spawnSync(process.execPath, ['scripts/build.mjs', 'server', 'cli'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(built.status, 0, built.stderr);
  const tmp = mkdtempSync(path.join(tmpdir(), prefix));
  mkdirSync(path.join(tmp, 'bin'));
  symlinkSync(path.join(root, 'dist', 'cli.js'), path.join(tmp, 'bin', 'docker-workbench'));
  return tmp;
}

/** `env` with the folder's `bin` first on PATH, as the README's configurations run `docker-workbench`. */
export function withCliOnPath(tmp, env) {
  return { PATH: `${path.join(tmp, 'bin')}${path.delimiter}${process.env.PATH}`, ...env };
}

/**
 * Runs the editor in its own process group (so it and the server it starts are stopped together
 * by that id) until it exits or `waitMs` passes; `started` gets the process at once.
 * Returns 'timeout' or the exit code, and all it printed.
 */
export async function runEditor(command, args, { cwd, env, waitMs, started }) {
  const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  started(child);
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const timedOut = new Promise((resolve) => setTimeout(() => resolve('timeout'), waitMs).unref());
  const how = await Promise.race([exited, timedOut]);
  return { how, output };
}

/** Kills the process group of an editor that is still running. */
export function stopEditor(child) {
  if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
