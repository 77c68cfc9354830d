// `dockerWorkbench.rules` is a resource setting: each document lints with its own folder's value,
// which the server asks for with the document as the scope (VS Code answers per folder).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { DidChangeConfigurationNotification } from 'vscode-languageserver-protocol/node';
import { LspClient, REPO_ROOT, type ConfigurationItem } from '../support/lsp-client';

const FOLDER_A = 'file:///ws/folder-a/';
const FOLDER_B = 'file:///ws/folder-b/';
const TEXT = 'FROM alpine:3.19\nRUNN echo hi\n';
const RULE = 'unknown-instruction';

describe('per-folder dockerWorkbench.rules over stdio', function () {
  this.timeout(60_000);
  let client: LspClient;
  /** Each folder's value of dockerWorkbench.rules, as a multi-root workspace would set them. */
  const folderRules = new Map<string, Record<string, string>>([[FOLDER_A, { [RULE]: 'off' }]]);
  const asked: ConfigurationItem[] = [];

  before(async function () {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 120_000 });
    client = LspClient.spawn({
      settings: () => ({ lint: { debounceMs: 20 } }),
      scoped: (item) => {
        if (item.section !== 'dockerWorkbench.rules' || item.scopeUri === undefined) return undefined;
        asked.push(item);
        for (const [folder, rules] of folderRules) if (item.scopeUri.startsWith(folder)) return rules;
        return null;
      },
    });
    await client.initialize({ workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: { versionSupport: true } } });
  });

  after(async () => client?.stop());

  it("lints each document with its own folder's rules, from the first diagnostics on", async function () {
    const a = `${FOLDER_A}Dockerfile`;
    const b = `${FOLDER_B}Dockerfile`;
    client.open(a, TEXT);
    client.open(b, TEXT);
    const inA = await client.diagnosticsFor(a, 1);
    const inB = await client.diagnosticsFor(b, 1);
    assert.ok(asked.some((item) => item.scopeUri === a), 'the server should ask for the rules with the document as the scope');
    assert.deepEqual(inA.filter((d) => d.code === RULE), [], 'folder A turns the rule off');
    // Not even briefly: no publication for A ever carried it.
    assert.ok(client.published.filter((p) => p.uri === a).every((p) => p.diagnostics.every((d) => d.code !== RULE)));
    assert.equal(inB.filter((d) => d.code === RULE).length, 1, 'folder B keeps the default');
    assert.equal(inB.find((d) => d.code === RULE)?.severity, 1);

    // Folder B changes its value: B is linted again with it, A keeps its own.
    folderRules.set(FOLDER_B, { [RULE]: 'warning' });
    const mark = client.published.length;
    void client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const again = await client.waitFor('B re-linted with its new rules', () =>
      client.published.slice(mark).find((p) => p.uri === b && p.diagnostics.some((d) => d.code === RULE && d.severity === 2)),
    );
    assert.equal(again.version, 1);
    assert.ok(client.published.slice(mark).filter((p) => p.uri === a).every((p) => p.diagnostics.every((d) => d.code !== RULE)));
    client.close(a);
    client.close(b);
  });
});
