// Starting and stopping code-server (VS Code 1.139 in the browser) and Chromium for the test
// tiers, `npm start` and the bench. Everything a run writes lives in its RUN folder; every wait
// has a deadline; code-server runs in its own process group and is stopped as a group.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { paths, root } from '../test-host.mjs';

export const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
export const extensionId = `${manifest.publisher}.${manifest.name}`;
/** What the extension needs at run time; the same list .vscodeignore lets into the .vsix. */
export const extensionFiles = ['package.json', 'dist', 'syntaxes', 'snippets', 'language-configuration.json', 'language-configuration.compose.json', 'media'];

/** Keeps screenshots and runs free of pop-ups, AI panels and network look-ups. */
export const quietSettings = {
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
};

/** A fresh RUN folder under .cache/runs (git-ignored), removed by the caller when done. */
export function makeRunDir(label) {
  const base = path.join(root, '.cache', 'runs');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(path.join(base, `${label}-`));
}

/**
 * Installs the working tree's extension into RUN/ext: the bundles are copied, the rest linked.
 * VS Code tells which extension calls its API by the calling file's real path; through a link to
 * the working tree's dist/ it could not, and gave the extension a placeholder identity ("Null
 * Extension Description" on its notifications, its SecretStorage not its own). `dist` picks
 * another folder of bundles (the startup bench links the minified ones it packed).
 */
export function linkExtension(runDir, { dist = path.join(root, 'dist') } = {}) {
  const dir = path.join(runDir, 'ext', `${extensionId}-${manifest.version}`);
  mkdirSync(dir, { recursive: true });
  for (const name of extensionFiles) {
    const source = name === 'dist' ? dist : path.join(root, name);
    if (!existsSync(source)) throw new Error(`${name} is missing: run \`npm run build\` first`);
    if (name === 'dist') cpSync(source, path.join(dir, name), { recursive: true });
    else symlinkSync(source, path.join(dir, name));
  }
  return dir;
}

export function writeUserSettings(runDir, extra = {}) {
  const dir = path.join(runDir, 'user', 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ ...quietSettings, ...extra }, null, 2));
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Environment of code-server and its extension host: all state inside RUN, nothing in $HOME. */
function runEnv(runDir, extra) {
  const env = { ...process.env, ...extra };
  env.XDG_CONFIG_HOME = path.join(runDir, 'xdg', 'config');
  env.XDG_DATA_HOME = path.join(runDir, 'xdg', 'data');
  env.XDG_CACHE_HOME = path.join(runDir, 'xdg', 'cache');
  // code-server reads these as its own options; the run passes everything on the command line.
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  delete env.PORT;
  delete env.VSCODE_IPC_HOOK_CLI;
  return env;
}

function baseArgs(runDir) {
  const config = path.join(runDir, 'config.yaml');
  if (!existsSync(config)) writeFileSync(config, 'auth: none\n');
  return [
    paths.codeServerEntry,
    '--config', config,
    '--user-data-dir', path.join(runDir, 'user'),
    '--extensions-dir', path.join(runDir, 'ext'),
    '--disable-telemetry',
    '--disable-update-check',
  ];
}

/** `code-server --install-extension file.vsix` into RUN/ext (a CLI run that exits). */
export function installVsix(runDir, vsix, { timeoutMs = 120_000 } = {}) {
  const r = spawnSync(paths.node24, [...baseArgs(runDir), '--force', '--install-extension', vsix], {
    env: runEnv(runDir, {}),
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}`, error: r.error };
}

/**
 * Starts code-server on 127.0.0.1 in its own process group and waits until it answers.
 * killOnSignal (default true): SIGINT/SIGTERM to this process kill the group and exit; `npm start`
 * turns it off and stops gracefully itself. Any exit kills groups still running.
 * workspaceTrust: keep VS Code's workspace trust on (the folder then opens in Restricted Mode).
 * @param {{ runDir: string, port?: number, smokeTestDriver?: boolean, workspaceTrust?: boolean, env?: Record<string,string>, logFile?: string, readyTimeoutMs?: number, killOnSignal?: boolean }} options
 */
export async function startCodeServer(options) {
  const { runDir, smokeTestDriver = false, readyTimeoutMs = 60_000 } = options;
  const port = options.port ?? (await freePort());
  const args = [
    ...baseArgs(runDir),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  // Every run but the Restricted Mode suite's trusts every folder.
  if (!options.workspaceTrust) args.push('--disable-workspace-trust');
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const logFile = options.logFile ?? path.join(runDir, 'code-server.log');
  const log = createWriteStream(logFile);
  // VS Code makes a socket for each window's command line (vscode-ipc-<uuid>.sock) in
  // XDG_RUNTIME_DIR, else in the temp folder, and a killed process leaves it behind: each run gets a
  // folder of its own, removed when the run stops. (Short, under the temp folder: a socket's path
  // has at most 107 characters.)
  const runtimeDir = mkdtempSync(path.join(tmpdir(), 'dw-code-server-'));
  runtimeDirs.add(runtimeDir);
  const removeRuntimeDir = () => {
    runtimeDirs.delete(runtimeDir);
    rmSync(runtimeDir, { recursive: true, force: true });
  };
  // detached: setsid, so the group id is the child's pid and one kill reaches every helper.
  const child = spawn(paths.node24, args, { cwd: runDir, env: runEnv(runDir, { ...options.env, XDG_RUNTIME_DIR: runtimeDir }), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = false;
  child.once('exit', () => (exited = true));
  if (child.pid !== undefined) running.add(child.pid);
  if (options.killOnSignal !== false) installSignalHandlers();
  const server = {
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    logFile,
    /** Stops the whole process group: TERM, then KILL after a grace period. */
    async stop(graceMs = 5_000) {
      if (child.pid === undefined) return;
      running.delete(child.pid);
      signalGroup(child.pid, 'SIGTERM');
      const deadline = Date.now() + graceMs;
      while (groupAlive(child.pid) && Date.now() < deadline) await sleep(100);
      if (groupAlive(child.pid)) signalGroup(child.pid, 'SIGKILL');
      const hardDeadline = Date.now() + 5_000;
      while (groupAlive(child.pid) && Date.now() < hardDeadline) await sleep(50);
      removeRuntimeDir();
      log.end();
    },
    /** For exit handlers, which cannot wait. */
    killNow() {
      if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
    },
  };
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start-up; see ${logFile}`);
    if (await answers(`${server.url}/healthz`)) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server did not answer within ${readyTimeoutMs} ms; see ${logFile}`);
    }
    await sleep(100);
  }
}

/** Process groups started here and not stopped yet, and their runtime folders. */
const running = new Set();
const runtimeDirs = new Set();
process.on('exit', () => {
  for (const pid of running) signalGroup(pid, 'SIGKILL');
  for (const dir of runtimeDirs) rmSync(dir, { recursive: true, force: true });
});
let handlersInstalled = false;
function installSignalHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
    // A test runner's timeout ends this process with a signal, which skips 'exit' handlers.
    process.once(signal, () => {
      for (const pid of running) signalGroup(pid, 'SIGKILL');
      process.exit(code);
    });
  }
}

async function answers(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return res.ok;
  } catch {
    return false;
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `?folder=` URL of the workbench, optionally with a smoke-test payload. */
export function workbenchUrl(server, folder, payload) {
  let url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** The payload @vscode/test-electron would pass on the command line, as a remote URI. */
export function testPayload(server, extensionDevelopmentPath, extensionTestsPath) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  return [
    ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
    ['extensionTestsPath', remote(extensionTestsPath)],
  ];
}

export function loadPlaywright() {
  const require = createRequire(path.join(paths.playwrightCore, 'package.json'));
  return require(paths.playwrightCore);
}

/** Headless Debian Chromium with a fresh profile (playwright's launch() makes a temporary one). */
export async function launchChromium() {
  const { chromium } = loadPlaywright();
  return chromium.launch({
    executablePath: paths.chromium,
    headless: true,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Copies a folder (the examples workspace) so a test may edit it freely. */
export function copyTree(from, to) {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}
