// `npm start`: the first command on a fresh machine. Installs the test host (Node 24, code-server,
// Chromium; once, into .cache/test-host), builds the extension, and opens VS Code (code-server) on
// 127.0.0.1 with the extension and the examples/ workspace. Ctrl-C stops everything it started.
// Options: --port N (default: a free port), --folder DIR (default: examples), --no-engine.
//
// The Docker explorer needs an engine. When none is configured (no DOCKER_HOST, no
// /var/run/docker.sock), the project's private engine (scripts/engine-host.sh, installed by
// `npm run setup`) is started for the session and stopped with it; --no-engine skips that.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { ensureTestHost, root } from './test-host.mjs';
import { linkExtension, makeRunDir, startCodeServer, workbenchUrl, writeUserSettings } from './lib/code-server.mjs';
import { ensureNpmPackages } from './lib/npm-packages.mjs';

function option(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const folder = path.resolve(option('--folder') ?? path.join(root, 'examples'));
const port = option('--port') ? Number(option('--port')) : undefined;

const setupStarted = Date.now();
ensureNpmPackages();
console.log('Installing the test host (once; a second run is instant)...');
ensureTestHost({ parts: ['code-server'] });
console.log('Building the extension...');
// Minified as the .vsix ships them, with source maps in dist/ for the debugger.
const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--minify'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
// What a second run skips (npm packages, test host, bundles that are current) shows here.
console.log(`Set-up: ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);

const engineScript = path.join(root, 'scripts', 'engine-host.sh');
let engineEnv = {};
let startedEngine = false;
if (!process.argv.includes('--no-engine') && !process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock')) {
  console.log('No Docker engine configured: starting the private engine (scripts/engine-host.sh)...');
  const started = spawnSync('bash', [engineScript, 'start'], { cwd: root, stdio: 'inherit' });
  if (started.status === 0) {
    startedEngine = true;
    const env = spawnSync('bash', [engineScript, 'env'], { cwd: root, encoding: 'utf8' });
    const host = /^export DOCKER_HOST=(.+)$/m.exec(env.stdout ?? '')?.[1];
    if (host) engineEnv = { DOCKER_HOST: host };
  } else {
    console.log('The private engine did not start; the Docker explorer will say so. (npm run setup installs it.)');
  }
}

// A fresh state folder per start: the examples' own .vscode/settings.json carries the settings.
const runDir = makeRunDir('start');
linkExtension(runDir);
writeUserSettings(runDir);
const server = await startCodeServer({ runDir, port, killOnSignal: false, env: engineEnv });

let stopping = false;
let watch;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  clearInterval(watch);
  console.log('\nStopping code-server...');
  await server.stop();
  rmSync(runDir, { recursive: true, force: true });
  if (startedEngine) spawnSync('bash', [engineScript, 'stop'], { cwd: root, stdio: 'inherit' });
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

console.log(`\nDocker Workbench in VS Code (code-server), workspace ${path.relative(process.cwd(), folder) || '.'}:\n\n  ${workbenchUrl(server, folder)}\n`);
console.log(`Open the URL in a browser. Log: ${path.relative(root, server.logFile)}. Ctrl-C stops it.`);
// Keep running until a signal; notice if code-server dies on its own.
watch = setInterval(() => {
  try {
    process.kill(server.pid, 0);
  } catch {
    clearInterval(watch);
    console.error(`code-server exited; see ${server.logFile}`);
    void stop(1);
  }
}, 1000);
