// Installs the test host once into .cache/test-host/ (git-ignored): a Node 24 binary from npm,
// code-server (VS Code 1.139) built against that Node, playwright-core, @vscode/vsce, and Debian's
// chromium. Each part has its own marker file holding the pinned versions, so a second run only
// reads a few small files. `node scripts/test-host.mjs [PART...]` installs the named parts (all by
// default); other scripts import ensureTestHost() and the paths below.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const hostDir = process.env.DOCKER_WORKBENCH_TEST_HOST ?? path.join(root, '.cache', 'test-host');

// Pinned. code-server 4.139 requires exactly Node 24; vsce 4 wants Node >= 22, so it runs on node24 too.
export const versions = {
  node: '24.21.0',
  codeServer: '4.139.1',
  playwrightCore: '1.65.1',
  vsce: '4.1.0',
};
// pre-commit: the package tier runs the repository's pre-commit hook with Debian's (PyPI is not needed).
// neovim, emacs-nox + elpa-eglot: the editors tier's LSP clients (Debian 12's Neovim 0.7.2, Emacs
// 28.2 with eglot 1.9).
const aptPackages = ['chromium', 'libkrb5-dev', 'pre-commit', 'neovim', 'emacs-nox', 'elpa-eglot'];
// code-server compiles one native module (kerberos) from source: node-gyp needs these.
const buildTools = ['python3', 'make', 'g++'];

const nodePkgDir = path.join(hostDir, 'node24', 'node_modules', 'node');
/** Headers and binary of the npm `node` package live in its platform package. */
const nodePlatformDir = path.join(nodePkgDir, 'node_modules', `node-${process.platform}-${process.arch}`);

export const paths = {
  node24: path.join(nodePlatformDir, 'bin', 'node'),
  node24Bin: path.join(nodePlatformDir, 'bin'),
  codeServerEntry: path.join(hostDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  playwrightCore: path.join(hostDir, 'playwright', 'node_modules', 'playwright-core'),
  vsce: path.join(hostDir, 'vsce', 'node_modules', '@vscode', 'vsce', 'vsce'),
  chromium: '/usr/bin/chromium',
};

/** @typedef {'apt' | 'node24' | 'code-server' | 'playwright' | 'vsce'} Part */
/** @type {Part[]} */
export const allParts = ['apt', 'node24', 'code-server', 'playwright', 'vsce'];
/** Parts that need others first. */
const needs = { 'code-server': ['apt', 'node24'], vsce: ['node24'], playwright: ['apt'], node24: [], apt: [] };

/**
 * Installs the parts that are missing or stale and returns the paths. Quiet when all is in place.
 * @param {{ parts?: Part[], log?: (line: string) => void }} [options]
 */
export function ensureTestHost(options = {}) {
  const log = options.log ?? ((line) => console.log(`[test-host] ${line}`));
  const wanted = new Set();
  const add = (/** @type {Part} */ part) => {
    for (const dep of needs[part]) add(dep);
    wanted.add(part);
  };
  for (const part of options.parts ?? allParts) add(part);
  mkdirSync(hostDir, { recursive: true });
  for (const part of allParts.filter((p) => wanted.has(p))) installers[part](log);
  return paths;
}

/** A part counts as installed when its marker holds the same versions and its key file exists. */
function upToDate(part, stamp, keyFile) {
  const marker = path.join(hostDir, `${part}.installed.json`);
  if (!existsSync(marker) || (keyFile && !existsSync(keyFile))) return false;
  try {
    return JSON.stringify(JSON.parse(readFileSync(marker, 'utf8'))) === JSON.stringify(stamp);
  } catch {
    return false;
  }
}

function markInstalled(part, stamp) {
  writeFileSync(path.join(hostDir, `${part}.installed.json`), JSON.stringify(stamp) + '\n');
}

function timed(log, what, fn) {
  const started = Date.now();
  log(`${what}...`);
  fn();
  log(`${what}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.error) throw new Error(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function missingDebs(names) {
  const r = spawnSync('dpkg-query', ['-W', '-f', '${Package} ${Status}\n', ...names], { encoding: 'utf8' });
  const installed = new Set(
    (r.stdout ?? '')
      .split('\n')
      .filter((l) => l.endsWith(' installed'))
      .map((l) => l.split(' ')[0]),
  );
  return names.filter((n) => !installed.has(n));
}

function hasCandidate(name) {
  const r = spawnSync('apt-cache', ['policy', name], { encoding: 'utf8' });
  return /Candidate: (?!\(none\))/.test(r.stdout ?? '');
}

/** Prefix-local npm install, so nothing outside the cache folder changes. */
function npmInstall(dir, specs, env = process.env) {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(path.join(dir, 'package.json'))) writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--save-exact', '--loglevel=error', ...specs], { env });
}

/**
 * Environment that puts node24 first on PATH, for npm and every lifecycle script it runs. When this
 * runs under an outer npm (`npm test`, `npm start`), that npm's `npm_*` variables are dropped: a
 * nested npm would read them as its own configuration, and code-server's postinstall reads the Node
 * version from `npm_config_user_agent`, which would still name the outer npm's Node 20.
 */
export function node24Env(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return {
    ...env,
    PATH: `${paths.node24Bin}${path.delimiter}${process.env.PATH ?? ''}`,
    ...extra,
  };
}

const installers = {
  apt(log) {
    const missing = missingDebs([...aptPackages, ...buildTools.filter((t) => !onPath(t))]);
    if (missing.length === 0) return;
    if (process.getuid?.() !== 0) {
      throw new Error(`Debian packages missing: ${missing.join(' ')}; run as root, or: sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`);
    }
    timed(log, `apt-get install ${missing.join(' ')}`, () => {
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      // Update the package lists only when they do not know the packages (a fresh image has none).
      if (!missing.every(hasCandidate)) run('apt-get', ['update', '-q'], { env });
      const install = ['install', '-y', '-q', '--no-install-recommends', ...missing];
      const first = spawnSync('apt-get', install, { stdio: ['ignore', 'inherit', 'inherit'], env });
      if (first.status !== 0) {
        // Stale lists point at files the mirror no longer has: refresh once and retry.
        run('apt-get', ['update', '-q'], { env });
        run('apt-get', install, { env });
      }
    });
  },

  node24(log) {
    const stamp = { node: versions.node };
    if (upToDate('node24', stamp, paths.node24)) return;
    timed(log, `node@${versions.node} from npm`, () => {
      rmSync(path.join(hostDir, 'node24'), { recursive: true, force: true });
      npmInstall(path.join(hostDir, 'node24'), [`node@${versions.node}`]);
      const r = spawnSync(paths.node24, ['--version'], { encoding: 'utf8' });
      if (r.stdout?.trim() !== `v${versions.node}`) throw new Error(`node24 binary reports ${r.stdout || r.error}`);
    });
    markInstalled('node24', stamp);
  },

  'code-server'(log) {
    const stamp = { codeServer: versions.codeServer, node: versions.node };
    if (upToDate('code-server', stamp, paths.codeServerEntry)) return;
    timed(log, `code-server@${versions.codeServer} (about 2 minutes, 620 MB)`, () => {
      rmSync(path.join(hostDir, 'code-server'), { recursive: true, force: true });
      // Native modules must build against Node 24's headers, not the machine Node's (npmrc may point there).
      npmInstall(path.join(hostDir, 'code-server'), [`code-server@${versions.codeServer}`], node24Env({ npm_config_nodedir: nodePlatformDir }));
    });
    markInstalled('code-server', stamp);
  },

  playwright(log) {
    const stamp = { playwrightCore: versions.playwrightCore };
    if (upToDate('playwright', stamp, path.join(paths.playwrightCore, 'package.json'))) return;
    timed(log, `playwright-core@${versions.playwrightCore}`, () => {
      rmSync(path.join(hostDir, 'playwright'), { recursive: true, force: true });
      npmInstall(path.join(hostDir, 'playwright'), [`playwright-core@${versions.playwrightCore}`], { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' });
    });
    markInstalled('playwright', stamp);
  },

  vsce(log) {
    const stamp = { vsce: versions.vsce, node: versions.node };
    if (upToDate('vsce', stamp, paths.vsce)) return;
    timed(log, `@vscode/vsce@${versions.vsce}`, () => {
      rmSync(path.join(hostDir, 'vsce'), { recursive: true, force: true });
      npmInstall(path.join(hostDir, 'vsce'), [`@vscode/vsce@${versions.vsce}`], node24Env());
    });
    markInstalled('vsce', stamp);
  },
};

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const parts = process.argv.slice(2);
  const unknown = parts.filter((p) => !allParts.includes(/** @type {Part} */ (p)));
  if (unknown.length > 0) {
    console.error(`unknown part ${unknown.join(', ')}; parts: ${allParts.join(', ')}`);
    process.exit(2);
  }
  const started = Date.now();
  try {
    ensureTestHost({ parts: parts.length > 0 ? /** @type {Part[]} */ (parts) : undefined });
  } catch (error) {
    console.error(`[test-host] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  console.log(`[test-host] ready in ${hostDir} (${((Date.now() - started) / 1000).toFixed(1)} s): ${JSON.stringify(versions)}`);
}
