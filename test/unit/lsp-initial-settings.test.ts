// The extension gives the server, with initialize, what it would answer the server's first
// settings pulls (InitialSettingsOption): the documents open then are linted at once with those
// settings, without waiting for a pull, and linted again only when a pull answers otherwise. A
// host notification that changes nothing lints nothing again.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HostContextNotification, InitialSettingsOption } from '../../shared/protocol';
import { LspClient, REPO_ROOT, type ConfigurationItem } from '../support/lsp-client';

const TEXT = 'FROM alpine:3.19\nRUNN echo hi\nMAINTAINER me\n';
const RULE = 'unknown-instruction';
const OTHER = 'MaintainerDeprecated';

describe('settings given with initialize (first lint without waiting for a pull)', function () {
  this.timeout(60_000);

  before(() => {
    execFileSync(process.execPath, ['scripts/build.mjs', 'server'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 120_000 });
  });

  /**
   * A server whose every settings pull is held until `release()`; `answer` says what each pull
   * gets then.
   */
  async function heldServer(initial: unknown, answer: (item: ConfigurationItem) => unknown, workspace: Record<string, unknown> = {}) {
    const held: Array<() => void> = [];
    const asked: ConfigurationItem[] = [];
    let open = false;
    const client = LspClient.spawn({
      scoped: (item) => {
        asked.push(item);
        if (open) return answer(item);
        return new Promise((resolve) => held.push(() => resolve(answer(item))));
      },
    });
    await client.initialize({ workspace: { configuration: true, ...workspace }, textDocument: { publishDiagnostics: { versionSupport: true } } }, { [InitialSettingsOption]: initial });
    const release = () => {
      open = true;
      for (const go of held.splice(0)) go();
    };
    return { client, asked, held, release };
  }

  /**
   * How many times `uri` has been published once the server has answered everything sent before:
   * a document opened now gets its diagnostics after anything earlier caused for `uri`.
   */
  async function publishedOnceSettled(client: LspClient, uri: string, later: string, text: string): Promise<number> {
    client.open(later, text);
    await client.diagnosticsFor(later, 1);
    return client.published.filter((p) => p.uri === uri).length;
  }

  it('publishes the first diagnostics with the given settings while every pull is still unanswered, and not again when the pulls confirm them', async () => {
    const uri = 'file:///ws/a/Dockerfile';
    const section = { rules: { [OTHER]: 'error' } };
    const scoped = { [RULE]: 'off', [OTHER]: 'error' };
    const { client, asked, held, release } = await heldServer({ section, scoped: { [uri]: scoped } }, (item) => (item.scopeUri === undefined ? section : scoped));
    try {
      client.open(uri, TEXT);
      const first = await client.diagnosticsFor(uri, 1);
      assert.ok(held.length > 0, 'a pull should still be unanswered when the first diagnostics arrive');
      assert.deepEqual(first.filter((d) => d.code === RULE), [], 'the rule the document scope turns off');
      assert.equal(first.find((d) => d.code === OTHER)?.severity, 1, 'the severity the section sets');
      // The pulls still happen and are checked: the window's section and the document's scope.
      assert.ok(asked.some((item) => item.scopeUri === uri && item.section === 'dockerWorkbench.rules'));
      release();
      assert.equal(await publishedOnceSettled(client, uri, 'file:///ws/b/Dockerfile', TEXT), 1, 'confirmed settings should not lint the document again');
    } finally {
      await client.stop();
    }
  });

  it('lints again, with the answer, when a pull answers otherwise than the settings given', async () => {
    const uri = 'file:///ws/c/Dockerfile';
    const { client, release } = await heldServer({ section: {}, scoped: { [uri]: { [RULE]: 'off' } } }, (item) => (item.scopeUri === uri ? { [RULE]: 'warning' } : null));
    try {
      client.open(uri, TEXT);
      const first = await client.diagnosticsFor(uri, 1);
      assert.deepEqual(first.filter((d) => d.code === RULE), []);
      const mark = client.published.length;
      release();
      const again = await client.diagnostics(uri, (diagnostics) => diagnostics.some((d) => d.code === RULE), mark);
      assert.equal(again.find((d) => d.code === RULE)?.severity, 2, "the document scope's answer wins");
    } finally {
      await client.stop();
    }
  });

  // vscode-languageclient sends workspace/didChangeConfiguration as soon as the server registers for
  // it, so in VS Code every start has a second pull that overtakes the confirming one.
  const announcing = { didChangeConfiguration: { dynamicRegistration: true } };

  it('does not lint again when the client announces a configuration change that changes nothing (as vscode-languageclient does on registering)', async () => {
    const uri = 'file:///ws/f/Dockerfile';
    const section = { rules: { [OTHER]: 'error' } };
    const { client, release } = await heldServer({ section, scoped: { [uri]: null } }, (item) => (item.scopeUri === undefined ? section : null), announcing);
    try {
      client.open(uri, TEXT);
      await client.diagnosticsFor(uri, 1);
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      release();
      assert.equal(await publishedOnceSettled(client, uri, 'file:///ws/g/Dockerfile', TEXT), 1, 'settings that answer the same should not lint the document again');
    } finally {
      await client.stop();
    }
  });

  it('after such an announcement, lints again a document whose folder rules now answer otherwise', async () => {
    const uri = 'file:///ws/h/Dockerfile';
    let scoped: unknown = null;
    const { client, release } = await heldServer({ section: {}, scoped: { [uri]: null } }, (item) => (item.scopeUri === uri ? scoped : null), announcing);
    try {
      release();
      client.open(uri, TEXT);
      const first = await client.diagnosticsFor(uri, 1);
      assert.ok(first.some((d) => d.code === RULE));
      const mark = client.published.length;
      scoped = { [RULE]: 'off' };
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const again = await client.diagnostics(uri, (diagnostics) => !diagnostics.some((d) => d.code === RULE), mark);
      assert.ok(again.some((d) => d.code === OTHER), 'the other findings stay');
    } finally {
      await client.stop();
    }
  });

  it('warms the lint up on initialized only when the client named no open document (a named one is linted at once instead)', async () => {
    const trace = path.join(mkdtempSync(path.join(tmpdir(), 'dw-trace-')), 'trace.jsonl');
    const warmedUp = async (scoped: Record<string, unknown>) => {
      rmSync(trace, { force: true });
      process.env.DOCKER_WORKBENCH_STARTUP_TRACE = trace;
      const uri = 'file:///ws/w/Dockerfile';
      const { client, release } = await heldServer({ section: {}, scoped }, () => null);
      delete process.env.DOCKER_WORKBENCH_STARTUP_TRACE;
      try {
        release();
        client.open(uri, TEXT);
        await client.diagnosticsFor(uri, 1);
        const marks = readFileSync(trace, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { what: string }).what);
        assert.ok(marks.includes('server: first publish'), marks.join(', '));
        return marks.includes('server: warm-up lint');
      } finally {
        await client.stop();
      }
    };
    try {
      assert.equal(await warmedUp({ 'file:///ws/w/Dockerfile': null }), false, 'a document named at initialize: no warm-up');
      assert.equal(await warmedUp({}), true, 'none named: the warm-up runs');
    } finally {
      rmSync(path.dirname(trace), { recursive: true, force: true });
    }
  });

  it('does not lint again for a host notification that changes no host fact', async () => {
    const uri = 'file:///ws/d/Dockerfile';
    const { client, release } = await heldServer({ section: {}, scoped: { [uri]: null } }, () => null);
    try {
      release();
      const windows = 'FROM mcr.microsoft.com/windows/servercore:ltsc2019\n';
      client.open(uri, windows);
      await client.diagnosticsFor(uri, 1);
      const host = { engineOs: 'windows', build: 20348, isolation: 'process', source: 'engine' };
      void client.connection.sendNotification(HostContextNotification, host);
      await client.diagnostics(uri, (diagnostics) => diagnostics.some((d) => d.code === 'windows-host-mismatch'));
      const count = client.published.filter((p) => p.uri === uri).length;
      // The same facts again, then a new document: nothing is published for the first one in between.
      void client.connection.sendNotification(HostContextNotification, { ...host });
      assert.equal(await publishedOnceSettled(client, uri, 'file:///ws/e/Dockerfile', windows), count, 'the same host facts should not lint again');
      // The same facts from elsewhere: no finding says where they came from, so no lint either; the
      // hover, asked each time, names the new source.
      void client.connection.sendNotification(HostContextNotification, { ...host, source: 'cli' });
      assert.equal(await publishedOnceSettled(client, uri, 'file:///ws/f/Dockerfile', windows), count, 'only the source changed: no lint again');
      const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 10 } });
      assert.match(hover.contents.value, /Host facts from the command line\./);
    } finally {
      await client.stop();
    }
  });
});
