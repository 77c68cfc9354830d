// Settings from every way an LSP client gives them, through the real server over stdio: pushed
// (workspace/didChangeConfiguration with `settings`), initializationOptions and pulled
// (workspace/configuration), nested under `dockerWorkbench` or with dotted names, and merged name
// by name: pulled over pushed over initialization options over the defaults. The host facts are
// the point: a Windows image judged against the host build and isolation the user gave.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { DidChangeConfigurationNotification, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient, REPO_ROOT } from '../support/lsp-client';

const MISMATCH = 'windows-host-mismatch';
const LINUX_ENGINE = 'windows-image-linux-engine';
const LTSC2016 = 'FROM mcr.microsoft.com/windows/servercore:ltsc2016\nCMD ["cmd"]\n';
const LTSC2019 = 'FROM mcr.microsoft.com/windows/servercore:ltsc2019\nCMD ["cmd"]\n';
const LTSC2022 = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ["cmd"]\n';
const LTSC2025 = 'FROM mcr.microsoft.com/windows/servercore:ltsc2025\nCMD ["cmd"]\n';
/** What Neovim 0.7 announces about settings: nothing (it neither pulls nor registers). */
const NO_PULL = { textDocument: { publishDiagnostics: { versionSupport: true } } };
const PULLS = { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } };

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => String(d.code)).sort();

describe('settings pushed, pulled and in initializationOptions, over stdio', function () {
  this.timeout(60_000);
  const clients: LspClient[] = [];
  let docs = 0;
  const uri = () => `file:///ws/settings-${++docs}/Dockerfile`;

  before(() => {
    execFileSync(process.execPath, ['scripts/build.mjs', 'server', 'cli'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 120_000 });
  });
  after(async () => {
    for (const c of clients) await c.stop();
  });

  async function start(capabilities: object, initializationOptions?: unknown, options: Parameters<typeof LspClient.spawn>[0] = {}): Promise<LspClient> {
    const c = LspClient.spawn(options);
    clients.push(c);
    await c.initialize(capabilities, initializationOptions);
    return c;
  }

  it('initializationOptions, nested and dotted, give the host build to a client that never pulls', async () => {
    for (const options of [{ dockerWorkbench: { windows: { hostBuild: '17763' } } }, { 'dockerWorkbench.windows.hostBuild': '10.0.17763' }, { dockerWorkbench: { 'windows.hostBuild': 17763 } }]) {
      const c = await start(NO_PULL, options);
      const u = uri();
      c.open(u, LTSC2022);
      assert.deepEqual(codes(await c.diagnosticsFor(u, 1)), [MISMATCH], JSON.stringify(options));
    }
  });

  it('pushed settings (didChangeConfiguration) apply at once, replace what was pushed before, and take dotted names and engineOs', async () => {
    const c = await start(NO_PULL);
    const u = uri();
    c.open(u, LTSC2022);
    assert.deepEqual(codes(await c.diagnosticsFor(u, 1)), [], 'no host known yet');
    let mark = c.published.length;
    c.notifyServer(DidChangeConfigurationNotification.method, { settings: { dockerWorkbench: { windows: { hostBuild: '17763' } }, otherServer: { x: 1 } } });
    await c.diagnostics(u, (d) => codes(d).includes(MISMATCH), mark);
    // A push is the whole of what the client pushes: the host build above is gone, the engine OS is new.
    mark = c.published.length;
    c.notifyServer(DidChangeConfigurationNotification.method, { settings: { 'dockerWorkbench.engineOs': 'linux' } });
    const linux = await c.diagnostics(u, (d) => codes(d).includes(LINUX_ENGINE), mark);
    assert.deepEqual(codes(linux), [LINUX_ENGINE]);
    // VS Code's form (`settings: null`, meaning "pull") changes nothing for a client that does not answer pulls.
    mark = c.published.length;
    c.notifyServer(DidChangeConfigurationNotification.method, { settings: null });
    c.notifyServer(DidChangeConfigurationNotification.method, { settings: { 'dockerWorkbench.rules': { [LINUX_ENGINE]: 'off' }, 'dockerWorkbench.engineOs': 'linux' } });
    const off = await c.diagnostics(u, (d) => !codes(d).includes(LINUX_ENGINE), mark);
    assert.deepEqual(codes(off), []);
  });

  it('merges name by name: pulled over pushed over initializationOptions; an empty pulled value lets the one below show', async () => {
    // As VS Code answers with its defaults: hostBuild "" (unset) and an isolation the user chose.
    let pulled: unknown = { windows: { hostBuild: '', isolation: 'hyperv' }, rules: {} };
    const c = await start(PULLS, { dockerWorkbench: { windows: { hostBuild: '20348', isolation: 'process' } } }, { settings: () => pulled });
    const u2019 = uri();
    const u2025 = uri();
    const u2016 = uri();
    c.open(u2019, LTSC2019);
    c.open(u2025, LTSC2025);
    c.open(u2016, LTSC2016);
    // Build 20348 from the initialization options, Hyper-V from the pull: an older image runs, a newer does not.
    assert.deepEqual(codes(await c.diagnosticsFor(u2019, 1)), []);
    assert.deepEqual(codes(await c.diagnosticsFor(u2025, 1)), [MISMATCH]);
    // Pushed over the initialization options (build 17763), under the pull (isolation stays Hyper-V):
    // ltsc2016 runs on 17763 under Hyper-V only.
    const mark = c.published.length;
    c.notifyServer(DidChangeConfigurationNotification.method, { settings: { dockerWorkbench: { windows: { hostBuild: '17763', isolation: 'process' } } } });
    await c.diagnostics(u2019, (d) => codes(d).length === 0, mark);
    await c.waitFor('ltsc2016 judged on 17763 under Hyper-V', () => {
      const last = c.published.slice(mark).filter((p) => p.uri === u2016).pop();
      return last !== undefined && codes(last.diagnostics).length === 0 ? true : undefined;
    });
    const last2025 = await c.diagnostics(u2025, () => true, mark);
    assert.deepEqual(codes(last2025), [MISMATCH]);
    // The pull changes to process isolation: now ltsc2016 does not run on 17763.
    pulled = { windows: { isolation: 'process' } };
    const again = c.published.length;
    c.notifyServer(DidChangeConfigurationNotification.method, { settings: null });
    assert.deepEqual(codes(await c.diagnostics(u2016, (d) => d.length > 0, again)), [MISMATCH]);
  });

  it('a pull answered with null (a client without these settings) keeps the initializationOptions', async () => {
    const c = await start(PULLS, { dockerWorkbench: { windows: { hostBuild: '17763' } } }, { settings: () => null });
    const u = uri();
    c.open(u, LTSC2022);
    assert.deepEqual(codes(await c.diagnosticsFor(u, 1)), [MISMATCH]);
  });

  it("a document's scoped rules stand over the pushed rules: a rule pushed off stays off", async () => {
    const c = await start(PULLS, undefined, {
      settings: () => ({ windows: { hostBuild: '17763' } }),
      scoped: (item) => (item.section === 'dockerWorkbench.rules' && item.scopeUri !== undefined ? { JSONArgsRecommended: 'error' } : undefined),
    });
    const text = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD cmd /c echo hi\n';
    const u = uri();
    const mark = c.published.length;
    c.notifyServer(DidChangeConfigurationNotification.method, { settings: { 'dockerWorkbench.rules': { [MISMATCH]: 'off' } } });
    c.open(u, text);
    const d = await c.diagnostics(u, (list) => list.some((x) => x.code === 'JSONArgsRecommended' && x.severity === 1), mark);
    assert.deepEqual(codes(d), ['JSONArgsRecommended']);
  });

  it('docker-workbench lsp --stdio (the npm bin) is the same server', async () => {
    const c = await start(NO_PULL, { dockerWorkbench: { windows: { hostBuild: '17763' } } }, { args: [path.join(REPO_ROOT, 'dist', 'cli.js'), 'lsp', '--stdio'] });
    const u = uri();
    c.open(u, LTSC2022);
    assert.deepEqual(codes(await c.diagnosticsFor(u, 1)), [MISMATCH]);
    const usage = (() => {
      try {
        execFileSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'lsp', 'extra'], { stdio: 'pipe' });
        return undefined;
      } catch (error) {
        return error as { status: number; stderr: Buffer };
      }
    })();
    assert.equal(usage?.status, 2);
    assert.match(String(usage?.stderr), /lsp takes no arguments, got 'extra'/);
  });
});
