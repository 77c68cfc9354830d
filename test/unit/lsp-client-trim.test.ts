// dist/client.js leaves out vscode-languageclient's features for the LSP capabilities our server
// never offers (scripts/lib/lsp-client-trim.mjs): a feature acts only on a capability the server
// announces or registers, so this holds while the server announces and registers none of theirs.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LspClient, REPO_ROOT } from '../support/lsp-client';

interface TrimModule {
  UNUSED_FEATURE_MODULES: string[];
  exportedNames(source: string): string[];
  inertModule(source: string, name: string): string;
}

/** The language client's module for each server capability (LSP 3.17's ServerCapabilities). */
const CAPABILITY_MODULE: Record<string, string | null> = {
  positionEncoding: null,
  textDocumentSync: 'textSynchronization',
  notebookDocumentSync: 'notebook',
  completionProvider: 'completion',
  hoverProvider: 'hover',
  signatureHelpProvider: 'signatureHelp',
  declarationProvider: 'declaration',
  definitionProvider: 'definition',
  typeDefinitionProvider: 'typeDefinition',
  implementationProvider: 'implementation',
  referencesProvider: 'reference',
  documentHighlightProvider: 'documentHighlight',
  documentSymbolProvider: 'documentSymbol',
  codeActionProvider: 'codeAction',
  codeLensProvider: 'codeLens',
  documentLinkProvider: 'documentLink',
  colorProvider: 'colorProvider',
  workspaceSymbolProvider: 'workspaceSymbol',
  documentFormattingProvider: 'formatting',
  documentRangeFormattingProvider: 'formatting',
  documentOnTypeFormattingProvider: 'formatting',
  renameProvider: 'rename',
  foldingRangeProvider: 'foldingRange',
  selectionRangeProvider: 'selectionRange',
  executeCommandProvider: 'executeCommand',
  callHierarchyProvider: 'callHierarchy',
  linkedEditingRangeProvider: 'linkedEditingRange',
  semanticTokensProvider: 'semanticTokens',
  monikerProvider: null,
  typeHierarchyProvider: 'typeHierarchy',
  inlineValueProvider: 'inlineValue',
  inlayHintProvider: 'inlayHint',
  diagnosticProvider: 'diagnostic',
  inlineCompletionProvider: 'inlineCompletion',
  workspace: 'workspaceFolder',
  experimental: null,
};

/** The module for a method the server may register dynamically. */
const REGISTRATION_MODULE: Record<string, string> = {
  'workspace/didChangeConfiguration': 'configuration',
  'workspace/didChangeWatchedFiles': 'fileSystemWatcher',
  'workspace/executeCommand': 'executeCommand',
  'workspace/symbol': 'workspaceSymbol',
};

describe('the language client without the features our server has no capability for (lsp-client-trim)', function () {
  this.timeout(60_000);
  let trim: TrimModule;
  const common = path.join(REPO_ROOT, 'node_modules', 'vscode-languageclient', 'lib', 'common');

  before(async () => {
    trim = (await import(path.join(REPO_ROOT, 'scripts', 'lib', 'lsp-client-trim.mjs'))) as TrimModule;
    execFileSync(process.execPath, ['scripts/build.mjs', 'server'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 120_000 });
  });

  it('replaces each listed module by one that exports every name the real one does, each an inert static feature', () => {
    for (const name of trim.UNUSED_FEATURE_MODULES) {
      const file = path.join(common, `${name}.js`);
      assert.ok(existsSync(file), `${name}.js is not a module of vscode-languageclient`);
      const source = readFileSync(file, 'utf8');
      const names = trim.exportedNames(source);
      assert.ok(names.length > 0, name);
      const exports: Record<string, unknown> = {};
      new Function('exports', trim.inertModule(source, name))(exports);
      for (const n of names) {
        const Feature = exports[n] as new () => { getState(): unknown; fillClientCapabilities(c: object): void; initialize(): void; clear(): void };
        const feature = new Feature();
        const capabilities = {};
        feature.fillClientCapabilities(capabilities);
        feature.initialize();
        feature.clear();
        assert.deepEqual(capabilities, {}, `${name}.${n} announces nothing`);
        assert.deepEqual(feature.getState(), { kind: 'static' });
      }
    }
  });

  it('our server announces no capability and registers no method whose feature is left out', async () => {
    const client = LspClient.spawn({ settings: () => ({}) });
    const registered: string[] = [];
    client.connection.onRequest('client/registerCapability', (params: { registrations: Array<{ method: string }> }) => {
      registered.push(...params.registrations.map((r) => r.method));
      return null;
    });
    try {
      // A client that can take every registration, as VS Code's can.
      const dynamic = { dynamicRegistration: true };
      const result = await client.initialize({
        workspace: { configuration: true, didChangeConfiguration: dynamic, didChangeWatchedFiles: dynamic, symbol: dynamic, executeCommand: dynamic },
        textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: dynamic, hover: dynamic, completion: dynamic, codeAction: dynamic, rename: dynamic, references: dynamic },
      });
      const unused = new Set(trim.UNUSED_FEATURE_MODULES);
      for (const key of Object.keys(result.capabilities)) {
        assert.ok(key in CAPABILITY_MODULE, `capability ${key}: add it to CAPABILITY_MODULE`);
        const module = CAPABILITY_MODULE[key];
        assert.ok(module === null || !unused.has(module), `the server announces ${key}, whose client feature (${module}.js) lsp-client-trim leaves out`);
      }
      const workspace = (result.capabilities as { workspace?: { fileOperations?: unknown } }).workspace;
      assert.equal(workspace?.fileOperations, undefined, 'file operations (fileOperations.js) are left out');
      client.open('file:///ws/trim/Dockerfile', 'FROM alpine:3.19\n');
      await client.diagnosticsFor('file:///ws/trim/Dockerfile', 1);
      await client.waitFor('the settings registration', () => (registered.length > 0 ? true : undefined));
      for (const method of registered) {
        const module = REGISTRATION_MODULE[method] ?? CAPABILITY_MODULE[`${method.split('/')[1]}Provider`];
        assert.ok(module !== undefined && module !== null && !unused.has(module), `the server registers ${method}, whose client feature lsp-client-trim leaves out`);
      }
    } finally {
      await client.stop();
    }
  });
});
