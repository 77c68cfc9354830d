// Bundles the entry points with esbuild: the extension client, the language server, the CLI and
// the CLI's engine layer.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import * as path from 'node:path';

const watch = process.argv.includes('--watch');

/**
 * Loads dist/client.js in a fresh Node with a stand-in for 'vscode' and nothing else resolvable
 * from node_modules, so a bundle that needs a package at load time (or throws while loading)
 * fails the build rather than the extension host.
 */
function checkClientLoads() {
  const probe = `
    const Module = require('node:module');
    const load = Module._load;
    Module._load = function (request, parent, isMain) {
      if (request === 'vscode') return new Proxy({}, { get: () => new Proxy(function () {}, { get: (t, k) => (k === 'prototype' ? {} : t), construct: () => ({}) }) });
      if (!request.startsWith('node:') && !Module.isBuiltin(request) && !request.startsWith('.') && !request.startsWith('/')) throw new Error('the client bundle requires ' + request + ' at load time');
      return load.apply(this, arguments);
    };
    const m = require(${JSON.stringify(path.resolve('dist/client.js'))});
    if (typeof m.activate !== 'function' || typeof m.deactivate !== 'function') throw new Error('dist/client.js exports no activate/deactivate');
  `;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', timeout: 30_000, cwd: '/' });
  if (r.status !== 0) throw new Error(`dist/client.js does not load:\n${r.stderr || r.stdout}`);
}
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
};

const bundles = {
  // ssh2 (dockerode's ssh:// transport) requires two optional natives inside try/catch: the
  // cpu-features package and its own sshcrypto.node. Left external they are simply absent at run
  // time and ssh2 falls back to pure JS; bundled, esbuild would fail on the .node file.
  client: async () => {
    await build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode', 'cpu-features', '*.node'] });
    checkClientLoads();
  },
  server: () => build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  cli: async () => {
    await build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
    chmodSync('dist/cli.js', 0o755);
  },
  // The engine layer for `docker-workbench lint --engine`, loaded by dist/cli.js only when asked,
  // so the CLI itself stays small and dependency-free. Same natives left out as in the client.
  engine: () => build({ ...common, entryPoints: ['client/src/engine/lintEngine.ts'], outfile: 'dist/engine.js', external: ['cpu-features', '*.node'] }),
};
// `node scripts/build.mjs cli` builds only the named bundles (tests and the bench need just the CLI).
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const unknown = wanted.filter((name) => !(name in bundles));
if (unknown.length > 0) throw new Error(`unknown bundle ${unknown.join(', ')}; expected ${Object.keys(bundles).join(', ')}`);
await Promise.all((wanted.length > 0 ? wanted : Object.keys(bundles)).map((name) => bundles[name]()));
if (watch) console.log('watch mode is not supported; run npm run build again');
