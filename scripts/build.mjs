// Bundles the three entry points with esbuild: the extension client, the language server and the CLI.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const watch = process.argv.includes('--watch');
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
  client: () => build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  server: () => build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  cli: async () => {
    await build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
    chmodSync('dist/cli.js', 0o755);
  },
};
// `node scripts/build.mjs cli` builds only the named bundles (tests and the bench need just the CLI).
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const unknown = wanted.filter((name) => !(name in bundles));
if (unknown.length > 0) throw new Error(`unknown bundle ${unknown.join(', ')}; expected ${Object.keys(bundles).join(', ')}`);
await Promise.all((wanted.length > 0 ? wanted : Object.keys(bundles)).map((name) => bundles[name]()));
if (watch) console.log('watch mode is not supported; run npm run build again');
