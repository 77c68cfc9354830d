// For the language server's bundle (dist/server.js): two Node built-ins that vscode-jsonrpc and
// vscode-languageserver require at load time, for paths our server never takes, are required on
// first use instead. Loading `crypto` (for the random name of a pipe transport; the server talks
// over stdio) and `child_process` (for resolving global npm and yarn folders) cost a start about
// 10 ms of the server's start on Node 20. Each replacement names the exact statement it takes the
// place of, and the build fails if a package update changes it.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

/** Per module (the path below node_modules), the statement and the names the module uses of it. */
export const LAZY_BUILTINS = {
  'vscode-jsonrpc/lib/node/main.js': { statement: 'const crypto_1 = require("crypto");', variable: 'crypto_1', module: 'crypto', names: ['randomBytes'] },
  'vscode-languageserver/lib/node/files.js': { statement: 'const child_process_1 = require("child_process");', variable: 'child_process_1', module: 'child_process', names: ['fork', 'spawnSync'] },
};

/** The stand-in statement: an object whose getters require the built-in when a name is first read. */
export function lazyStatement({ variable, module, names }) {
  const getters = names.map((name) => `get ${name}() { return require(${JSON.stringify(module)}).${name}; }`).join(', ');
  return `const ${variable} = { ${getters} };`;
}

export function lazyServerBuiltins() {
  return {
    name: 'lazy-server-builtins',
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/]vscode-(jsonrpc|languageserver)[\\/]lib[\\/]node[\\/](main|files)\.js$/ }, async (args) => {
        const key = Object.keys(LAZY_BUILTINS).find((k) => args.path.endsWith(path.normalize(`node_modules/${k}`)));
        if (key === undefined) return undefined;
        const entry = LAZY_BUILTINS[key];
        const source = await readFile(args.path, 'utf8');
        if (source.split(entry.statement).length !== 2) throw new Error(`lsp-server-trim: ${key} no longer has \`${entry.statement}\` once; check the package's update`);
        const used = new Set([...source.matchAll(new RegExp(`\\b${entry.variable}\\b(?:\\)\\.|\\.)(\\w+)`, 'g'))].map((m) => m[1]));
        const unknown = [...used].filter((name) => !entry.names.includes(name));
        if (unknown.length > 0) throw new Error(`lsp-server-trim: ${key} uses ${entry.module}.${unknown.join(', ')} too; list it`);
        return { contents: source.replace(entry.statement, lazyStatement(entry)), loader: 'js' };
      });
    },
  };
}
export default lazyServerBuiltins;
