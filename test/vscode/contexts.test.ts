// Docker contexts in real VS Code (issue 9), in a run of its own (scripts/run-vscode-tests.mjs):
// DOCKER_CONFIG is a fresh folder of that run, DOCKER_HOST is empty. The test makes the contexts
// with the docker CLI before the extension activates: `linux-engine` at the private engine's
// socket (the CLI's current context) and `win-2019` at the recorded Windows Server 2019 engine on
// 127.0.0.1. Then: the view lists them with the current one marked; Use switches the explorer,
// the status bar and the language server's host facts (a Windows Dockerfile's diagnostics) without
// touching config.json; Use and Make Current does; Add writes a context the CLI reads.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DockerWorkbenchApi } from '../../client/src/api';
import { replayOnLoopback, type LoopbackReplay } from '../engine/replay-loopback';
import { load } from '../engine/windows-replay';
import { api, ENGINE_MS, REPO_ROOT, ScriptedUi } from './engine-helpers';
import { openDockerfile, waitFor, waitForRules } from './helpers';

const DOCKER = fs.existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
const ENGINE_DIR = process.env.DOCKER_WORKBENCH_ENGINE_DIR || path.join(REPO_ROOT, '.cache', 'engine');
const ENGINE_SOCKET = path.join(ENGINE_DIR, 'docker.sock');
const WINDOWS_DOCKERFILE = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo hi\n';

function docker(args: string[]): string {
  // The run sets DOCKER_HOST and DOCKER_CONTEXT empty; docker 20.10 (Debian's) takes a DOCKER_HOST
  // that is set at all, even empty, as "no context" (docker 28 and we need it non-empty), so the
  // CLI gets neither.
  const env = { ...process.env };
  delete env.DOCKER_HOST;
  delete env.DOCKER_CONTEXT;
  const r = spawnSync(DOCKER, args, { encoding: 'utf8', timeout: 30_000, env });
  assert.equal(r.status, 0, `docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('contexts: the Contexts view, Use, the status bar and the host facts', function () {
  this.timeout(ENGINE_MS);
  let a: DockerWorkbenchApi;
  let config: string;
  let windows: LoopbackReplay;
  let scratch: string;
  const configJson = (): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(config, 'config.json'), 'utf8')) as Record<string, unknown>;
  const statusText = (): string => a.explorer.contexts.statusBar.text;

  before(async () => {
    config = process.env.DOCKER_CONFIG ?? '';
    assert.ok(config, 'the runner sets DOCKER_CONFIG for this suite');
    assert.notEqual(path.resolve(config), path.join(os.homedir(), '.docker'), 'never the real docker config');
    assert.equal(process.env.DOCKER_HOST ?? '', '', 'DOCKER_HOST must be empty here, or it would win over every context');
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-contexts-'));
    windows = await replayOnLoopback(load('windows-server-2019.json'), scratch);
    docker(['context', 'create', 'linux-engine', '--description', 'the private engine', '--docker', `host=unix://${ENGINE_SOCKET}`]);
    docker(['context', 'create', 'win-2019', '--description', 'recorded Windows Server 2019', '--docker', `host=${windows.url}`]);
    docker(['context', 'use', 'linux-engine']);
    // Only now does the extension start: it finds the CLI's current context.
    a = await api();
    await waitFor('the session on linux-engine', () => a.session.state.kind === 'connected' && a.session.platform?.osType === 'linux', ENGINE_MS);
  });

  after(async () => {
    await a?.explorer.contexts.choice.set(undefined);
    await windows?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('lists every context with the CLI current one and the one this window uses marked', () => {
    const rows = a.explorer.contexts.view.getChildren();
    assert.deepEqual(
      rows.map((r) => [r.context.name, r.context.host, r.context.current, r.inUse]),
      [
        ['default', 'unix:///var/run/docker.sock', false, false],
        ['linux-engine', `unix://${ENGINE_SOCKET}`, true, true],
        ['win-2019', windows.url, false, false],
      ],
    );
    const item = a.explorer.contexts.view.getTreeItem(rows[1]);
    assert.match(String(item.description), /^\(in use here, current\) unix:\/\/.*docker\.sock — the private engine$/);
    // The CLI agrees on the list and on which one is current.
    const cli = docker(['context', 'ls', '--format', '{{.Name}} {{.Current}}']).trim().split('\n');
    assert.deepEqual(cli, ['default false', 'linux-engine true', 'win-2019 false']);
  });

  it('the status bar names the Linux engine', async () => {
    await waitFor('status bar on linux-engine', () => statusText() === '$(vm) linux-engine · Linux');
    assert.match(a.explorer.contexts.statusBar.tooltip, /Chosen by: docker context "linux-engine" \(currentContext in config\.json\)/);
  });

  it('Use switches the explorer, the status bar and the host facts to the Windows engine, and leaves config.json alone', async () => {
    const document = await openDockerfile(WINDOWS_DOCKERFILE);
    await waitForRules(document, ['windows-image-linux-engine']);
    const before = fs.readFileSync(path.join(config, 'config.json'), 'utf8');

    await vscode.commands.executeCommand('dockerWorkbench.context.use', { name: 'win-2019' });
    await waitFor('the session on win-2019', () => a.session.state.kind === 'connected' && a.session.platform?.windowsBuild === 17763, ENGINE_MS);
    const s = a.session.state;
    assert.ok(s.kind === 'connected');
    assert.deepEqual([s.client.endpoint.contextName, s.client.endpoint.url, s.client.endpoint.reason], ['win-2019', windows.url, 'docker context "win-2019" (chosen for this window)']);
    await waitFor('status bar on win-2019', () => statusText() === '$(vm) win-2019 · Windows 17763 (LTSC 2019) · process');
    // The explorer reads the Windows engine: its recorded images.
    const images = (await a.explorer.images.getChildren()).map((n) => n.row.label);
    assert.ok(images.includes('mcr.microsoft.com/windows/servercore:ltsc2019'), `images: ${images.join(', ')}`);
    assert.ok(windows.requests.includes('GET /images/json'));
    // The language server judges against the Windows Server 2019 host: an ltsc2022 image does not run there.
    await waitForRules(document, ['windows-host-mismatch']);
    assert.equal(fs.readFileSync(path.join(config, 'config.json'), 'utf8'), before, 'the CLI current context is untouched');
    assert.equal(a.explorer.contexts.choice.name, 'win-2019');
    assert.deepEqual(
      a.explorer.contexts.view.getChildren().map((r) => [r.context.name, r.context.current, r.inUse]),
      [
        ['default', false, false],
        ['linux-engine', true, false],
        ['win-2019', false, true],
      ],
    );

    // And back: the Linux engine's facts return with it.
    await vscode.commands.executeCommand('dockerWorkbench.context.use', { name: 'linux-engine' });
    await waitFor('status bar on linux-engine', () => statusText() === '$(vm) linux-engine · Linux', ENGINE_MS);
    await waitForRules(document, ['windows-image-linux-engine']);
  });

  it('a context that does not answer shows as failed, with the endpoint in the tooltip', async () => {
    docker(['context', 'create', 'nobody', '--docker', `host=unix://${path.join(scratch, 'missing.sock')}`]);
    await vscode.commands.executeCommand('dockerWorkbench.context.use', 'nobody');
    await waitFor('status bar failed', () => statusText() === '$(error) nobody · not connected', ENGINE_MS);
    assert.match(a.explorer.contexts.statusBar.tooltip, /missing\.sock/);
  });

  it('Use and Make Current also sets the docker CLI current context; Reset goes back to the usual resolution', async () => {
    await vscode.commands.executeCommand('dockerWorkbench.context.useAndMakeCurrent', { name: 'win-2019' });
    assert.equal(configJson().currentContext, 'win-2019');
    assert.equal(docker(['context', 'inspect', '--format', '{{.Name}}']).trim(), 'win-2019');
    await waitFor('status bar on win-2019', () => statusText().startsWith('$(vm) win-2019 · Windows 17763'), ENGINE_MS);

    // Reset: no window choice; the CLI's current context (now win-2019) is what resolves.
    docker(['context', 'use', 'linux-engine']);
    await vscode.commands.executeCommand('dockerWorkbench.context.reset');
    assert.equal(a.explorer.contexts.choice.name, undefined);
    await waitFor('status bar on linux-engine after Reset', () => statusText() === '$(vm) linux-engine · Linux', ENGINE_MS);
    const s = a.session.state;
    assert.ok(s.kind === 'connected');
    assert.equal(s.client.endpoint.reason, 'docker context "linux-engine" (currentContext in config.json)');
  });

  it('Inspect opens the context as docker context inspect prints it, read-only', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('dockerWorkbench.context.inspect', { name: 'win-2019' });
    assert.equal(uri?.scheme, 'docker-workbench-context');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.deepEqual(JSON.parse(document.getText()), JSON.parse(docker(['context', 'inspect', 'win-2019'])));
  });

  it('Add writes a context that docker context inspect reads, Use connects through its TLS files, and skip-tls-verify shows as a warning', async () => {
    const tls = path.join(ENGINE_DIR, 'tls', 'client');
    const port = fs.readFileSync(path.join(ENGINE_DIR, 'tls-port'), 'utf8').trim();
    const ui = new ScriptedUi();
    ui.answer('context.add.name', 'default');
    const previous = a.setUi(ui);
    try {
      // A reserved name is refused by the input's validation; nothing is written.
      await vscode.commands.executeCommand('dockerWorkbench.context.add');
      assert.deepEqual(ui.rejected.map((r) => [r.id, r.value]), [['context.add.name', 'default']]);
      ui.answer('context.add.name', 'added-tls')
        .answer('context.add.host', `tcp://127.0.0.1:${port}`)
        .answer('context.add.tls', 'Against a CA certificate file')
        .answer('context.add.ca', path.join(tls, 'ca.pem'))
        .answer('context.add.clientCert', 'Yes: choose the certificate and its key')
        .answer('context.add.cert', path.join(tls, 'cert.pem'))
        .answer('context.add.key', path.join(tls, 'key.pem'))
        .answer('context.add.description', 'added by the test');
      const name = await vscode.commands.executeCommand<string>('dockerWorkbench.context.add');
      assert.equal(name, 'added-tls');
      assert.deepEqual(ui.unexpected, []);
      assert.deepEqual(ui.errors, []);
    } finally {
      a.setUi(previous);
    }
    const inspected = (JSON.parse(docker(['context', 'inspect', 'added-tls'])) as Array<{ Name: string; Metadata: { Description?: string }; Endpoints: { docker: { Host: string; SkipTLSVerify: boolean } }; TLSMaterial: { docker?: string[] } }>)[0];
    assert.deepEqual(
      [inspected.Name, inspected.Metadata.Description, inspected.Endpoints.docker.Host, inspected.Endpoints.docker.SkipTLSVerify, inspected.TLSMaterial.docker],
      ['added-tls', 'added by the test', `tcp://127.0.0.1:${port}`, false, ['ca.pem', 'cert.pem', 'key.pem']],
    );
    assert.match(docker(['--context', 'added-tls', 'version', '--format', '{{.Server.Os}}']), /^linux$/m);
    assert.ok(a.explorer.contexts.view.getChildren().some((r) => r.context.name === 'added-tls'));

    await vscode.commands.executeCommand('dockerWorkbench.context.use', { name: 'added-tls' });
    await waitFor('status bar on added-tls', () => statusText() === '$(vm) added-tls · Linux', ENGINE_MS);
    assert.match(a.explorer.contexts.statusBar.tooltip, /^TLS: verified$/m);

    // skip-tls-verify only as an explicit choice, and then the status bar says so, as a warning.
    const skipUi = new ScriptedUi()
      .answer('context.add.name', 'added-skip')
      .answer('context.add.host', `tcp://127.0.0.1:${port}`)
      .answer('context.add.tls', 'Not checked (skip-tls-verify)')
      .answer('context.add.clientCert', 'Yes: choose the certificate and its key')
      .answer('context.add.cert', path.join(tls, 'cert.pem'))
      .answer('context.add.key', path.join(tls, 'key.pem'))
      .answer('context.add.description', '');
    const before = a.setUi(skipUi);
    try {
      assert.equal(await vscode.commands.executeCommand<string>('dockerWorkbench.context.add'), 'added-skip');
      assert.deepEqual(skipUi.unexpected, []);
    } finally {
      a.setUi(before);
    }
    const skip = (JSON.parse(docker(['context', 'inspect', 'added-skip'])) as Array<{ Metadata: Record<string, unknown>; Endpoints: { docker: { SkipTLSVerify: boolean } }; TLSMaterial: { docker?: string[] } }>)[0];
    assert.deepEqual([skip.Metadata, skip.Endpoints.docker.SkipTLSVerify, skip.TLSMaterial.docker], [{}, true, ['cert.pem', 'key.pem']]);
    await vscode.commands.executeCommand('dockerWorkbench.context.use', { name: 'added-skip' });
    await waitFor('status bar warning on added-skip', () => statusText() === '$(warning) added-skip · Linux · TLS not verified', ENGINE_MS);
    assert.match(a.explorer.contexts.statusBar.tooltip, /^TLS: not verified: the docker context "added-skip" sets SkipTLSVerify/m);
  });
});
