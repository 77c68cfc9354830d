// The language server in two bundles: dist/server.js, all a Dockerfile needs, and
// dist/server-compose.js, the compose half (the `yaml` package, server/src/compose, the compose
// rules and features), which server/src/features/composePart.ts requires the first time a compose
// document needs it. The compose half imports the rest of the server (the lint's bounds, code
// actions, the Windows tables, the LSP constants) from dist/server.js, never a copy of its own:
// each such import becomes a stand-in that asks the table composePart.ts sets up before it loads
// the half. Both checks here fail the build: a compose module (or yaml) in dist/server.js, and an
// import of the compose half that composePart.ts does not share.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** What only compose files need: it goes into dist/server-compose.js and never into dist/server.js. */
export const COMPOSE_ONLY = /(^|\/)(server\/src\/(compose|rules\/compose|features\/compose)\/|node_modules\/yaml\/)/;
const PART_ENTRY = 'server/src/features/compose/part.ts';
const LOADER = 'server/src/features/composePart.ts';
const SHARED_NAMESPACE = 'shared-with-server';

/** For dist/server.js's build: the loader's require of the compose half points at the other bundle. */
export function composePartExternal() {
  return {
    name: 'compose-part-external',
    setup(build) {
      build.onResolve({ filter: /^\.\/compose\/part$/ }, (args) => (args.importer.endsWith(path.normalize(LOADER)) ? { path: './server-compose.js', external: true } : undefined));
    },
  };
}

/** For dist/server-compose.js's build: what is not compose-only comes from dist/server.js. */
export function shareWithServer(root, used) {
  return {
    name: 'share-with-server',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.resolving || args.kind === 'entry-point') return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { resolving: true } });
        if (resolved.errors.length > 0 || resolved.external || !path.isAbsolute(resolved.path)) return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path, external: resolved.external };
        const file = resolved.path.split(path.sep).join('/');
        // A package by its path below node_modules (wherever that folder really is), a source from the repository.
        const key = /(^|\/)node_modules\//.test(file) ? file.slice(file.lastIndexOf('node_modules/')) : path.relative(root, resolved.path).split(path.sep).join('/');
        if (COMPOSE_ONLY.test(key)) return { path: resolved.path };
        used.add(key);
        return { path: key, namespace: SHARED_NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: SHARED_NAMESPACE }, (args) => ({
        contents: `module.exports = globalThis[Symbol.for('docker-workbench.server-shared')](${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}

/** dist/server.js must hold nothing of the compose half. */
export function checkServerBundle(metafile) {
  const inputs = Object.keys(metafile.inputs).filter((name) => COMPOSE_ONLY.test(name));
  if (inputs.length > 0) throw new Error(`dist/server.js bundles what belongs in dist/server-compose.js (loaded with the first compose file):\n  ${inputs.slice(0, 20).join('\n  ')}`);
}

/** Every module the compose half takes from dist/server.js must be in composePart.ts's SHARED table. */
export function checkShared(root, used) {
  const source = readFileSync(path.join(root, LOADER), 'utf8');
  const table = source.slice(source.indexOf('const SHARED'));
  const shared = new Set([...table.matchAll(/^\s*'([^']+)': \(\) =>/gm)].map((m) => m[1]));
  const missing = [...used].filter((key) => !shared.has(key));
  if (missing.length > 0) throw new Error(`dist/server-compose.js imports modules that ${LOADER} does not share (add them to SHARED):\n  ${missing.join('\n  ')}`);
}

export { PART_ENTRY };
