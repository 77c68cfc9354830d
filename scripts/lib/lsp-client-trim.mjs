// Two esbuild stand-ins for the activation bundle (dist/client.js), which is mostly
// vscode-languageclient. Both are checked by unit tests (test/unit/lsp-client-trim.test.ts,
// test/unit/semver-caret.test.ts) and by the vscode tier, which runs every feature we use.
//
// 1. The client registers a feature object for every LSP capability, whether the server offers it
//    or not; a feature only ever acts on a capability the server announces (or registers). The
//    features of capabilities our server never offers are replaced by one inert static feature
//    (it announces nothing, acts on nothing), so their code is neither loaded nor evaluated at
//    activation. The test fails when the server announces a capability whose feature is listed here.
// 2. semver: the client only parses VS Code's version and checks a caret range;
//    client/src/semverCaret.ts does that.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** vscode-languageclient/lib/common modules whose features our server has no capability for. */
export const UNUSED_FEATURE_MODULES = [
  'callHierarchy', 'colorProvider', 'declaration', 'diagnostic', 'documentHighlight', 'executeCommand',
  'fileOperations', 'fileSystemWatcher', 'implementation', 'inlayHint', 'inlineCompletion', 'inlineValue',
  'linkedEditingRange', 'notebook', 'reference', 'rename', 'selectionRange', 'signatureHelp',
  'typeDefinition', 'typeHierarchy', 'workspaceSymbol',
];

const COMMON = `${path.sep}vscode-languageclient${path.sep}lib${path.sep}common`;

/** The names a compiled module exports, from the `exports.A = exports.B = void 0;` line TypeScript writes. */
export function exportedNames(source) {
  const line = /^exports\.\w+(?: = exports\.\w+)* = void 0;$/m.exec(source)?.[0];
  if (line === undefined) throw new Error('lsp-client-trim: no export list found');
  return [...line.matchAll(/exports\.(\w+)/g)].map((m) => m[1]);
}

/** The stand-in module: every name the real one exports is the inert feature. */
export function inertModule(source, name) {
  return [
    '"use strict";',
    `// Stand-in for vscode-languageclient's ${name}.js (scripts/lib/lsp-client-trim.mjs).`,
    'class UnusedFeature {',
    '  getState() { return { kind: "static" }; }',
    '  fillClientCapabilities() {}',
    '  initialize() {}',
    '  clear() {}',
    '}',
    'Object.defineProperty(exports, "__esModule", { value: true });',
    ...exportedNames(source).map((n) => `exports.${n} = UnusedFeature;`),
  ].join('\n');
}

export function trimLanguageClient() {
  const unused = new Set(UNUSED_FEATURE_MODULES);
  const semverShim = path.join(root, 'client', 'src', 'semverCaret.ts');
  return {
    name: 'trim-language-client',
    setup(build) {
      build.onResolve({ filter: /^\.\/\w+$/ }, (args) => {
        if (!args.resolveDir.endsWith(COMMON) || !unused.has(args.path.slice(2))) return undefined;
        return { path: path.join(args.resolveDir, `${args.path.slice(2)}.js`), namespace: 'unused-lsp-feature' };
      });
      build.onLoad({ filter: /.*/, namespace: 'unused-lsp-feature' }, (args) => ({
        contents: inertModule(readFileSync(args.path, 'utf8'), path.basename(args.path, '.js')),
        loader: 'js',
      }));
      build.onResolve({ filter: /^semver\/functions\/(parse|satisfies)$/ }, (args) => ({ path: args.path, namespace: 'semver-caret' }));
      build.onLoad({ filter: /.*/, namespace: 'semver-caret' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(semverShim)}).${args.path.endsWith('parse') ? 'parseVersion' : 'satisfiesCaret'};`,
        resolveDir: root,
        loader: 'js',
      }));
    },
  };
}
