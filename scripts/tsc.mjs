// `node scripts/tsc.mjs tsconfig.X.json`: the TypeScript compile of a test tier, skipped when it is
// current. After a clean compile it records, in .cache/tsc-stamps/, the size and modification time
// of every file tsc read (--listFiles) and of every folder under the project's `include` roots (a
// file added or removed there changes its folder), and the content hash of every file it wrote
// (--listEmittedFiles), keyed by the tsconfig chain and the installed packages. A second `npm test` then stats those instead of
// compiling again (about 15 s per project on this machine). `--force` always compiles.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fingerprint, writeStamp } from './lib/build-stamps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SKIPPED_FOLDERS = new Set(['node_modules', 'out', 'dist', '.cache', 'test-results', '.git']);

/**
 * An emitted file's size and content hash: the projects share out/, and each rewrites the files
 * they have in common (shared/, the server's model) with the same content, so a modification time
 * would make each one's stamp stale after the other compiled.
 */
function contentPrint(file) {
  try {
    return createHash('sha1').update(readFileSync(file)).digest('hex');
  } catch {
    return null;
  }
}

/** The tsconfig and those it extends, nearest first. */
function configChain(file) {
  const chain = [];
  for (let current = path.resolve(root, file); current !== undefined && chain.length < 10; ) {
    const config = JSON.parse(readFileSync(current, 'utf8'));
    chain.push({ file: current, config });
    current = typeof config.extends === 'string' ? path.resolve(path.dirname(current), config.extends) : undefined;
  }
  return chain;
}

/** Every folder under the include roots (the first config in the chain that has `include`). */
function includeFolders(chain) {
  const owner = chain.find((c) => Array.isArray(c.config.include));
  const folders = [];
  const walk = (dir, depth) => {
    if (depth > 20) return;
    folders.push(dir);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) walk(path.join(dir, entry.name), depth + 1);
    }
  };
  for (const include of owner?.config.include ?? []) {
    const dir = path.resolve(path.dirname(owner.file), include);
    if (existsSync(dir) && statSync(dir).isDirectory()) walk(dir, 0);
  }
  return folders;
}

export function stampKey(chain) {
  const parts = chain.map((c) => [path.relative(root, c.file), c.config]);
  parts.push(['node_modules/.package-lock.json', fingerprint(path.join(root, 'node_modules', '.package-lock.json'))]);
  parts.push(['scripts/tsc.mjs', fingerprint(fileURLToPath(import.meta.url))]);
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

function stampFile(project) {
  const dir = process.env.DOCKER_WORKBENCH_BUILD_STAMPS || path.join(root, '.cache', 'tsc-stamps');
  return path.join(dir, `${path.basename(project, '.json')}.json`);
}

/** Whether the recorded compile of `project` is current: same key, every file and folder as recorded. */
export function current(project, chain = configChain(project)) {
  const file = stampFile(project);
  if (!existsSync(file)) return false;
  try {
    const stamp = JSON.parse(readFileSync(file, 'utf8'));
    if (stamp.key !== stampKey(chain)) return false;
    const folders = includeFolders(chain);
    if (folders.length !== Object.keys(stamp.folders).length) return false;
    const same = (entries, print) => Object.entries(entries).every(([f, recorded]) => JSON.stringify(print(path.resolve(root, f))) === JSON.stringify(recorded));
    return same(stamp.folders, fingerprint) && same(stamp.inputs, fingerprint) && same(stamp.outputs, contentPrint);
  } catch {
    return false;
  }
}

/** Compiles `project`; records a stamp when tsc succeeded and nothing it read changed meanwhile. Returns tsc's exit status. */
export function compile(project, chain = configChain(project)) {
  const startedAt = Date.now();
  const folders = includeFolders(chain).map((d) => [path.relative(root, d), fingerprint(d)]);
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', project, '--listFiles', '--listEmittedFiles'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const inputs = {};
  const outputs = {};
  const report = [];
  let fresh = true;
  for (const line of (r.stdout ?? '').split('\n')) {
    const emitted = /^TSFILE: (.+)$/.exec(line)?.[1];
    const listed = emitted ?? (path.isAbsolute(line) && existsSync(line) ? line : undefined);
    if (listed === undefined) {
      if (line !== '') report.push(line);
      continue;
    }
    if (emitted !== undefined) {
      outputs[path.relative(root, emitted)] = contentPrint(emitted);
      continue;
    }
    const print = fingerprint(listed);
    // A source changed while tsc read it may have been read before the change: record nothing.
    if (print !== null && print[1] >= startedAt - 50) fresh = false;
    inputs[path.relative(root, listed)] = print;
  }
  if (report.length > 0) console.log(report.join('\n'));
  if (r.stderr) process.stderr.write(r.stderr);
  const status = r.status ?? 1;
  if (status === 0 && fresh && folders.every(([d, print]) => JSON.stringify(fingerprint(path.resolve(root, d))) === JSON.stringify(print))) {
    writeStamp(stampFile(project), { key: stampKey(chain), inputs, outputs, folders: Object.fromEntries(folders) });
  }
  return status;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const project = args.find((a) => !a.startsWith('--'));
  if (project === undefined) {
    console.error('usage: node scripts/tsc.mjs <tsconfig.json> [--force]');
    process.exit(2);
  }
  const started = Date.now();
  if (!args.includes('--force') && current(project)) {
    console.log(`tsc -p ${project}: up to date, not compiled (${Date.now() - started} ms to check)`);
    process.exit(0);
  }
  const status = compile(project);
  console.log(`tsc -p ${project}: ${status === 0 ? 'compiled' : 'failed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(status);
}
