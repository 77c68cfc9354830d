// Bundles the entry points with esbuild: the extension's activation bundle (settings and the
// language client) and its workbench bundle (engine layer, explorer, commands; loaded after
// activation), the language server, the CLI and the CLI's engine layer. `--minify` (the .vsix,
// `npm start`, the startup bench) also writes linked source maps, dist/*.map, which neither
// .vscodeignore nor .npmignore lets into a package; the test builds stay unminified and map-less.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { buildComposeSchema } from './compose-schema.mjs';
import { trimLanguageClient } from './lib/lsp-client-trim.mjs';
import { BuildStamps } from './lib/build-stamps.mjs';
import { lazyServerBuiltins } from './lib/lsp-server-trim.mjs';
import { PART_ENTRY, checkServerBundle, checkShared, composePartExternal, shareWithServer } from './lib/server-split.mjs';

const watch = process.argv.includes('--watch');

/**
 * Loads dist/client.js in a fresh Node with a stand-in for 'vscode' and nothing else resolvable
 * from node_modules, so a bundle that needs a package at load time (or throws while loading)
 * fails the build rather than the extension host; loading it must not load the workbench bundle
 * either (that happens after activation).
 */
function checkClientLoads() {
  const probe = `
    const Module = require('node:module');
    const load = Module._load;
    Module._load = function (request, parent, isMain) {
      if (request === 'vscode') return new Proxy({}, { get: () => new Proxy(function () {}, { get: (t, k) => (k === 'prototype' ? {} : t), construct: () => ({}) }) });
      if (!request.startsWith('node:') && !Module.isBuiltin(request) && !request.startsWith('.') && !request.startsWith('/')) throw new Error('the client bundle requires ' + request + ' at load time');
      if (/workbench(\.js)?$/.test(request)) throw new Error('the client bundle loads ' + request + ' at load time; it must wait until after activation');
      return load.apply(this, arguments);
    };
    const m = require(${JSON.stringify(path.resolve(out('client.js')))});
    if (typeof m.activate !== 'function' || typeof m.deactivate !== 'function') throw new Error('dist/client.js exports no activate/deactivate');
  `;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', timeout: 30_000, cwd: '/' });
  if (r.status !== 0) throw new Error(`dist/client.js does not load:\n${r.stderr || r.stdout}`);
}
/**
 * What activation loads must stay small: neither the engine layer (dockerode, which brings ssh2
 * and grpc-js) nor the explorer or the command handlers may end up in dist/client.js.
 */
const NOT_IN_ACTIVATION = /node_modules\/(dockerode|docker-modem|ssh2|@grpc|protobufjs|tar-fs|yaml)\/|client\/src\/(engine|explorer|commands)\//;
function checkActivationBundle(metafile) {
  const inputs = Object.keys(metafile.inputs).filter((name) => NOT_IN_ACTIVATION.test(name));
  if (inputs.length > 0) throw new Error(`dist/client.js (loaded at activation) bundles what belongs in dist/workbench.js:\n  ${inputs.slice(0, 20).join('\n  ')}`);
}
const minify = process.argv.includes('--minify');
// `--outdir DIR` (default dist): the .vsix and the startup bench build into folders of their own,
// so a build of dist/ running meanwhile (another tier, another terminal) cannot change what they pack.
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt > 0 ? process.argv[outdirAt + 1] : 'dist';
const out = (name) => path.join(outdir, name);
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: minify ? 'linked' : false,
  minify,
  logLevel: 'warning',
  metafile: true,
};

/**
 * Notes when a bundle began to run, for the startup trace (server.ts and extension.ts mark it);
 * strict mode is declared ahead of it, as a directive must come first.
 */
const BUNDLE_START = { js: '"use strict";var __dwBundleStart = performance.now();' };

const bundles = {
  // ssh2 (dockerode's ssh:// transport) requires two optional natives inside try/catch: the
  // cpu-features package and its own sshcrypto.node. Left external they are simply absent at run
  // time and ssh2 falls back to pure JS; bundled, esbuild would fail on the .node file.
  client: async () => {
    // Without the language client's features for capabilities our server never offers, and with
    // a two-function stand-in for semver (lib/lsp-client-trim.mjs).
    const result = await build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: out('client.js'), external: ['vscode'], banner: BUNDLE_START, plugins: [trimLanguageClient()] });
    checkActivationBundle(result.metafile);
    checkClientLoads();
    return result;
  },
  workbench: () => build({ ...common, entryPoints: ['client/src/workbench.ts'], outfile: out('workbench.js'), external: ['vscode', 'cpu-features', '*.node'] }),
  // Three files: server-start.js (below), and the two of lib/server-split.mjs: server.js (its
  // built-ins for paths it never takes required on first use: lib/lsp-server-trim.mjs), and
  // server-compose.js, loaded with the first compose document and taking what it shares with
  // server.js from there. One stamp for the three.
  server: async () => {
    const used = new Set();
    const [main, part, start] = await Promise.all([
      build({ ...common, entryPoints: ['server/src/server.ts'], outfile: out('server.js'), banner: BUNDLE_START, plugins: [composePartExternal(), lazyServerBuiltins()] }),
      build({ ...common, entryPoints: [PART_ENTRY], outfile: out('server-compose.js'), plugins: [shareWithServer(process.cwd(), used)] }),
      // What VS Code starts: server.js from a code cache of the whole bundle (server/src/start.ts).
      build({ ...common, entryPoints: ['server/src/start.ts'], outfile: out('server-start.js') }),
    ]);
    checkServerBundle(main.metafile);
    checkShared(process.cwd(), used);
    return { metafile: { inputs: { ...main.metafile.inputs, ...part.metafile.inputs, ...start.metafile.inputs } }, alsoWrote: ['server-compose.js', 'server-start.js'] };
  },
  cli: async () => {
    const result = await build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: out('cli.js'), banner: { js: '#!/usr/bin/env node' } });
    chmodSync(out('cli.js'), 0o755);
    return result;
  },
  // The engine layer for `docker-workbench lint --engine`, loaded by dist/cli.js only when asked,
  // so the CLI itself stays small and dependency-free. Same natives left out as in the client.
  engine: () => build({ ...common, entryPoints: ['client/src/engine/lintEngine.ts'], outfile: out('engine.js'), external: ['cpu-features', '*.node'] }),
};
// `node scripts/build.mjs cli` builds only the named bundles (tests and the bench need just the CLI).
const wanted = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--outdir');
const unknown = wanted.filter((name) => !(name in bundles));
if (unknown.length > 0) throw new Error(`unknown bundle ${unknown.join(', ')}; expected ${Object.keys(bundles).join(', ')}`);
const names = wanted.length > 0 ? wanted : Object.keys(bundles);
// A bundle whose inputs, options and output are as the last build of it left them is not built
// again (lib/build-stamps.mjs), so a second `npm start` or `npm test` starts at once; --force builds all.
const started = Date.now();
const stamps = new BuildStamps(process.cwd(), outdir, { minify, target: common.target });
const stale = process.argv.includes('--force') ? names : names.filter((name) => !stamps.current(name));
await Promise.all(
  stale.map(async (name) => {
    const result = await bundles[name]();
    const outputs = [`${name}.js`, ...(result.alsoWrote ?? [])].flatMap((file) => [out(file), ...(minify ? [out(`${file}.map`)] : [])]);
    stamps.record(name, result.metafile, outputs, started);
  }),
);
const upToDate = names.filter((n) => !stale.includes(n));
console.log(`build: ${upToDate.length > 0 ? `${upToDate.join(', ')} current, ` : ''}${stale.length > 0 ? `built ${stale.join(', ')}` : 'nothing to build'} (${Date.now() - started} ms)`);
// The Compose schema and its validator go beside the server and CLI bundles, whichever were asked for.
const schemaNote = await buildComposeSchema(outdir);
if (schemaNote) console.warn(`build: ${schemaNote}`);
// An unminified build leaves no map of an earlier minified one beside it.
if (!minify) for (const name of stale) for (const file of [`${name}.js`, ...(name === 'server' ? ['server-compose.js'] : [])]) rmSync(out(`${file}.map`), { force: true });
if (watch) console.log('watch mode is not supported; run npm run build again');
