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
  /** Set by a test to hold answers for some scopes. */
  let gate: ((item: ConfigurationItem) => Promise<unknown> | undefined) | undefined;

  before(async function () {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 120_000 });
    client = LspClient.spawn({
      settings: () => ({ lint: { debounceMs: 20 } }),
      scoped: (item) => {
        if (item.section !== 'dockerWorkbench.rules' || item.scopeUri === undefined) return undefined;
        asked.push(item);
        const held = gate?.(item);
        if (held !== undefined) return held;
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

  it('acts only on the newest read of a scope: an older answer arriving first never lints with the window rules', async function () {
    // The two reads of one document overlap (it opened, then settings changed): hold both answers
    // and release the older first. Linting on that answer would publish the rule folder A turns off.
    const c = `${FOLDER_A}overlap/Dockerfile`;
    const held: Array<() => void> = [];
    gate = (item) => (item.scopeUri === c ? new Promise((resolve) => held.push(() => resolve(folderRules.get(FOLDER_A)))) : undefined);
    client.open(c, TEXT);
    await client.waitFor('the first read of its scope', () => held.length === 1 || undefined);
    void client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await client.waitFor('the second read of its scope', () => held.length === 2 || undefined);
    gate = undefined;
    held[0]();
    // Give a lint on the older answer the chance to publish before the newer answer is released.
    await new Promise((resolve) => setTimeout(resolve, 300));
    held[1]();
    const diagnostics = await client.diagnosticsFor(c, 1);
    assert.deepEqual(diagnostics.filter((d) => d.code === RULE), []);
    assert.ok(client.published.filter((p) => p.uri === c).every((p) => p.diagnostics.every((d) => d.code !== RULE)), 'a publication carried the rule folder A turns off');
    client.close(c);
  });
});
