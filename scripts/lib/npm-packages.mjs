// `npm start` and `npm test` are the first commands on a fresh clone: nothing may have run
// `npm ci` before them. This installs the npm packages when node_modules is missing or older
// than package-lock.json, and does nothing (one stat each) when they are current.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

export function ensureNpmPackages() {
  const lock = mtime(path.join(root, 'package-lock.json'));
  // npm writes node_modules/.package-lock.json at the end of every install.
  const installed = mtime(path.join(root, 'node_modules', '.package-lock.json'));
  if (installed !== undefined && lock !== undefined && installed >= lock) return;
  console.log(installed === undefined ? 'Installing the npm packages (npm ci)...' : 'package-lock.json changed: reinstalling the npm packages (npm ci)...');
  // npm_* variables of an outer `npm start` / `npm test` must not steer the nested npm.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error('npm ci failed; see its output above.');
    process.exit(1);
  }
}
