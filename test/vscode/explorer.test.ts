// The Docker explorer in real VS Code against the private engine (scripts/engine-host.sh; the tier
// starts it and gives code-server DOCKER_HOST). The views are read through the extension's API,
// commands run through vscode.commands with their questions answered by a scripted prompt layer.
// Nothing is pulled: only workbench-busybox:latest and images built from it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DockerWorkbenchApi } from '../../client/src/api';
import { createVolume, listImages, removeImage, removeVolume, runContainer, type EngineClient, type RunResult } from './engine-ops';
import { ENGINE_MS, ScriptedUi, scriptedUiPerTest, TEST_IMAGE, TEST_LABEL, api, containerNodes, engineScript, removeTestContainers, uniqueName, waitFor, waitForContainer } from './engine-helpers';
import { LINUX_ENGINE } from './fixtures';
import { lines, openDockerfile, ours, ruleOf, rules, waitForRules, workspaceDir } from './helpers';
import { httpGet } from '../support/http';

const labels = { [TEST_LABEL]: '1' };

describe('Docker explorer against the real engine', function () {
  this.timeout(ENGINE_MS);
  let a: DockerWorkbenchApi;
  let ui: ScriptedUi;
  let client: EngineClient;
  const images: string[] = [];
  const volumes: string[] = [];

  before(async function () {
    this.timeout(ENGINE_MS);
    assert.ok(process.env.DOCKER_HOST, 'DOCKER_HOST is not set in the extension host: the vscode tier must give code-server the private engine');
    a = await api();
    ui = new ScriptedUi();
    a.setUi(ui);
  });

  scriptedUiPerTest((fresh) => (ui = fresh));

  after(async function () {
    this.timeout(ENGINE_MS);
    if (!client) return;
    await removeTestContainers(client).catch(() => undefined);
    for (const img of images) await removeImage(client, img, { force: true }).catch(() => undefined);
    for (const v of volumes) await removeVolume(client, v).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('was connected through DOCKER_HOST at activation; the Engine view shows it when opened', async () => {
    // Earlier suites only opened Dockerfiles: activation alone connected (engine-host.test.ts).
    await waitFor('the session to connect', () => a.session.state.kind === 'connected');
    await vscode.commands.executeCommand('workbench.view.extension.dockerWorkbench');
    client = await a.session.requireClient();
    assert.equal(client.endpoint.url, process.env.DOCKER_HOST);
    assert.equal(client.endpoint.source, 'DOCKER_HOST');
    const rows = await a.explorer.engine.getChildren();
    const row = (key: string) => rows.find((r) => r.row.id === `engine:${key}`)?.row;
    assert.equal(row('endpoint')?.description, process.env.DOCKER_HOST);
    assert.equal(row('ostype')?.description, 'linux');
    assert.match(row('version')?.description ?? '', /^\d+\.\d+.* \(API 1\.\d+/);
    assert.match(row('mode')?.description ?? '', /^Linux containers/);
    assert.equal(row('build')?.label, 'Kernel');
    // Not Docker Desktop for Windows: no switch offered.
    assert.equal(row('mode')?.contextValue, 'engine.mode');
  });

  it('sends the engine host to the language server: a Windows base image on this Linux engine is reported', async () => {
    const document = await openDockerfile(lines('FROM mcr.microsoft.com/windows/nanoserver:ltsc2022', 'CMD ["cmd"]'));
    const found = await waitFor('windows-image-linux-engine', () => ours(document.uri).find((d) => ruleOf(d) === 'windows-image-linux-engine'));
    assert.equal(found.range.start.line, 0);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('shows running, stopped and compose containers with ports, per-network IPs and compose groups, refreshed by events', async () => {
    const runName = uniqueName('running');
    const stoppedName = uniqueName('created');
    const project = uniqueName('proj');
    // A refresh must come from the engine's events: count tree changes while nothing asks for one.
    let changes = 0;
    const sub = a.explorer.containers.onDidChangeTreeData(() => changes++);
    const running = await runContainer(client, { image: TEST_IMAGE, name: runName, cmd: ['sleep', '300'], labels, ports: ['127.0.0.1::80'], init: true });
    await runContainer(client, { image: TEST_IMAGE, name: stoppedName, cmd: ['true'], labels, createOnly: true });
    await runContainer(client, { image: TEST_IMAGE, name: `${project}-web-1`, cmd: ['sleep', '300'], init: true, labels: { ...labels, 'com.docker.compose.project': project, 'com.docker.compose.service': 'web' } });
    await waitFor('an event-driven refresh of the Containers view', () => changes > 0, 10_000);
    sub.dispose();

    const run = await waitForContainer(a, runName, (n) => n.container.state === 'running');
    assert.match(run.row.contextValue ?? '', /^container\.running\.web$/);
    assert.match(run.row.description ?? '', new RegExp(`^${TEST_IMAGE.replace(/[.:]/g, '\\$&')} · running · 127\\.0\\.0\\.1:\\d+:80/tcp$`));
    const details = await a.explorer.containers.getChildren(run);
    const ports = details.find((d) => d.row.label === 'Ports');
    assert.match(ports?.row.description ?? '', /^127\.0\.0\.1:\d+:80\/tcp$/);
    const bridge = details.find((d) => d.row.label === 'bridge');
    assert.match(bridge?.row.description ?? '', /^\d+\.\d+\.\d+\.\d+/, 'IP on the bridge network');
    assert.equal(bridge?.row.contextValue, 'detail.ip');
    assert.ok(!details.some((d) => d.row.label === 'Isolation'), 'isolation is shown on Windows engines only');

    const created = await waitForContainer(a, stoppedName);
    assert.equal(created.container.state, 'created');
    assert.equal(created.row.contextValue, 'container.stopped');

    const roots = await a.explorer.containers.getChildren();
    const group = roots.find((r) => r.kind === 'composeProject' && r.project === project);
    assert.ok(group, 'compose project group');
    assert.match(group.row.description ?? '', /compose · 1\/1 running/);
    const inGroup = await a.explorer.containers.getChildren(group);
    assert.deepEqual(inGroup.map((n) => n.row.label), [`${project}-web-1`]);
    // The loose list does not repeat grouped containers.
    assert.ok(!roots.some((r) => r.kind === 'container' && r.container.name === `${project}-web-1`));
    assert.ok(running.id);
  });

  it('shows images (with OS on expand), networks with driver and subnet, and volumes', async () => {
    const imgs = await a.explorer.images.getChildren();
    const busybox = imgs.find((n) => n.row.label === TEST_IMAGE);
    assert.ok(busybox && busybox.kind === 'image', `${TEST_IMAGE} in the Images view`);
    assert.match(busybox.row.description ?? '', /^\d[\d.]* (B|kB|MB) · \d+ \w+ ago/);
    const details = await a.explorer.images.getChildren(busybox);
    assert.equal(details.find((d) => d.row.label === 'OS')?.row.description?.split('/')[0], 'linux');
    // The OS, once read, joins the image's description.
    assert.match((await a.explorer.images.getChildren()).find((n) => n.row.label === TEST_IMAGE)?.row.description ?? '', /linux/);

    const nets = await a.explorer.networks.getChildren();
    const bridge = nets.find((n) => n.row.label === 'bridge');
    assert.match(bridge?.row.description ?? '', /^bridge · local · \d+\.\d+\.\d+\.\d+\/\d+/);
    assert.equal(bridge?.row.contextValue, 'network.builtin');

    const name = uniqueName('vol');
    let changed = false;
    const sub = a.explorer.volumes.onDidChangeTreeData(() => (changed = true));
    await createVolume(client, name);
    volumes.push(name);
    await waitFor('a volume event to refresh the Volumes view', () => changed, 10_000);
    sub.dispose();
    const vols = await a.explorer.volumes.getChildren();
    assert.equal(vols.find((v) => v.row.label === name)?.row.description, 'local');
  });

  it('toggles dangling images on demand', async () => {
    assert.equal(a.explorer.images.showDangling, false);
    assert.ok((await a.explorer.images.getChildren()).every((n) => n.row.contextValue === 'image'));
    await vscode.commands.executeCommand('dockerWorkbench.images.showDangling');
    assert.equal(a.explorer.images.showDangling, true);
    const all = await a.explorer.images.getChildren();
    const engineAll = await listImages(client, { dangling: 'include' });
    assert.equal(all.length, engineAll.length);
    await vscode.commands.executeCommand('dockerWorkbench.images.hideDangling');
    assert.equal(a.explorer.images.showDangling, false);
  });

  it('Build Image, Run, Open in Browser, Inspect, Copy IP, Shell, Stop and Remove work end to end', async function () {
    this.timeout(ENGINE_MS * 2);
    const dir = path.join(workspaceDir(), 'build-e2e');
    fs.mkdirSync(dir, { recursive: true });
    const dockerfile = path.join(dir, 'Dockerfile');
    fs.writeFileSync(dockerfile, lines(`FROM ${TEST_IMAGE}`, 'ARG GREETING=none', 'RUN echo "built with $GREETING" > /www/built.txt', 'CMD ["httpd", "-f", "-p", "80", "-h", "/www"]'));

    // Build: the tag prompt proposes folder-name:latest and rejects a bad tag; the second answer is taken.
    const tag = `${path.basename(dir)}:vscode-${process.pid}`;
    ui.answer('build.tag', 'Not A Tag', tag).answer('build.context', 'build-e2e').answer('build.args', 'GREETING=workbench');
    let built = (await vscode.commands.executeCommand('dockerWorkbench.image.build', vscode.Uri.file(dockerfile))) as { imageId: string; tags: string[] } | undefined;
    assert.equal(built, undefined, 'the rejected tag cancels the first attempt');
    assert.equal(ui.rejected[0]?.id, 'build.tag');
    assert.match(ui.rejected[0]?.message ?? '', /contains spaces/);
    assert.equal(ui.inputs[0].value, 'build-e2e:latest', 'the tag prompt defaults to folder-name:latest');
    built = (await vscode.commands.executeCommand('dockerWorkbench.image.build', vscode.Uri.file(dockerfile))) as { imageId: string; tags: string[] } | undefined;
    assert.ok(built, `build failed: ${ui.errors.join('; ')}`);
    images.push(tag);
    assert.deepEqual(built.tags, [tag]);
    assert.match(built.imageId, /^(sha256:)?[0-9a-f]{12,64}$/);
    const imageNode = await waitFor(`${tag} in the Images view`, async () => (await a.explorer.images.getChildren()).find((n) => n.row.label === tag));

    // Run from the image node: every question answered; the command itself (httpd) is passed in.
    const name = uniqueName('web');
    ui.answer('run.ports', '99999:80', '127.0.0.1::80 127.0.0.1::81').answer('run.mode', 'Detached').answer('run.name', name).answer('run.network', 'bridge').answer('run.env', 'MODE=test');
    let ran = (await vscode.commands.executeCommand('dockerWorkbench.image.run', imageNode, { labels })) as RunResult | undefined;
    assert.equal(ran, undefined);
    assert.match(ui.rejected.at(-1)?.message ?? '', /out of range/);
    ran = (await vscode.commands.executeCommand('dockerWorkbench.image.run', imageNode, { labels })) as RunResult | undefined;
    assert.ok(ran, `run failed: ${ui.errors.join('; ')}`);
    assert.equal(ran.name, name);
    const node = await waitForContainer(a, name, (n) => n.container.state === 'running');
    assert.equal(node.container.ports.filter((p) => p.publicPort).length >= 2, true);

    // Open in Browser: two published ports, so it asks which; the page is the image's /www.
    ui.answer('browser.port', String(node.container.ports.find((p) => p.privatePort === 80 && p.publicPort)?.publicPort));
    const url = (await vscode.commands.executeCommand('dockerWorkbench.container.openInBrowser', node)) as string;
    assert.equal(ui.opened[0], url);
    const page = await waitFor('httpd to answer', () => httpGet(`${url}built.txt`).catch(() => undefined), 10_000);
    assert.equal(page.body.trim(), 'built with workbench', 'the build arg reached the image');

    // Inspect: a read-only JSON document of our own scheme, with what Run set.
    const uri = (await vscode.commands.executeCommand('dockerWorkbench.inspect', node)) as vscode.Uri;
    assert.equal(uri.scheme, 'docker-workbench-inspect');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'json');
    const inspected = JSON.parse(doc.getText()) as { Name: string; Config: { Env: string[] }; HostConfig: { NetworkMode: string } };
    assert.equal(inspected.Name, `/${name}`);
    assert.ok(inspected.Config.Env.includes('MODE=test'));
    assert.equal(inspected.HostConfig.NetworkMode, 'bridge');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from('{}'))), 'the inspect document cannot be written');

    // Copy IP Address: the bridge address, on the clipboard layer.
    const ip = (await vscode.commands.executeCommand('dockerWorkbench.container.copyIp', node)) as string;
    assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
    assert.deepEqual(ui.copied, [ip]);

    // Open Shell: sh for a Linux image (asked, from the image's OS); typed input reaches it.
    ui.answer('shell.pick', '/bin/sh');
    const shell = (await vscode.commands.executeCommand('dockerWorkbench.container.shell', node)) as { terminal: string; shell: string[]; transcript: () => string };
    assert.deepEqual(shell.shell, ['/bin/sh']);
    const terminal = await waitFor('the shell terminal', () => vscode.window.terminals.find((t) => t.name === shell.terminal));
    await waitFor('the shell prompt', () => shell.transcript().length > 0, 10_000);
    terminal.sendText('echo $((6*7))');
    await waitFor('the shell to answer 42', () => shell.transcript().includes('42'), 10_000);
    terminal.dispose();

    // Stop, then Remove: it is stopped now, so Remove offers plain removal (asked first, modal).
    const stopped = (await vscode.commands.executeCommand('dockerWorkbench.container.stop', node, undefined, { timeoutSeconds: 1 })) as { done: string[]; failed: unknown[] };
    assert.deepEqual(stopped, { done: [name], failed: [] });
    const exited = await waitForContainer(a, name, (n) => n.container.state === 'exited');
    ui.answer('remove.containers', 'Remove');
    const removed = (await vscode.commands.executeCommand('dockerWorkbench.container.remove', exited)) as { done: string[] };
    assert.deepEqual(removed.done, [name]);
    assert.deepEqual(ui.confirms.at(-1)?.buttons, ['Remove']);
    await waitFor(`${name} to leave the view`, async () => !(await containerNodes(a)).some((n) => n.container.name === name));

    // Run with Last Options: the same ports and env on the same image, no questions asked.
    const again = (await vscode.commands.executeCommand('dockerWorkbench.image.runLast', imageNode)) as RunResult;
    assert.ok(again?.id, `run last failed: ${ui.errors.join('; ')}`);
    const againDoc = JSON.parse((await vscode.workspace.openTextDocument((await vscode.commands.executeCommand('dockerWorkbench.inspect', { kind: 'container', id: again.id })) as vscode.Uri)).getText()) as { Config: { Env: string[] } };
    assert.ok(againDoc.Config.Env.includes('MODE=test'));
    ui.answer('remove.containers', 'Force Remove');
    const againNode = await waitForContainer(a, again.name);
    await vscode.commands.executeCommand('dockerWorkbench.container.remove', againNode);
    assert.deepEqual(ui.confirms.at(-1)?.buttons, ['Force Remove'], 'a running container is offered force removal only');
  });

  it('follows logs in an output channel and in a terminal', async () => {
    const name = uniqueName('logs');
    await runContainer(client, { image: TEST_IMAGE, name, cmd: ['sh', '-c', 'echo first-line; sleep 1; echo second-line; sleep 300'], init: true, labels });
    const node = await waitForContainer(a, name, (n) => n.container.state === 'running');
    const logs = (await vscode.commands.executeCommand('dockerWorkbench.container.logs', node)) as { channel: string; text: () => string };
    assert.equal(logs.channel, `Docker Workbench: logs ${name}`);
    // Followed: the line printed a second after start arrives too.
    await waitFor('both log lines in the channel', () => /first-line\n[\s\S]*second-line/.test(logs.text()), 15_000);
    const term = (await vscode.commands.executeCommand('dockerWorkbench.container.logsInTerminal', node)) as { terminal: string; transcript: () => string };
    await waitFor('the log lines in the terminal', () => term.transcript().includes('first-line\r\nsecond-line'), 15_000);
    vscode.window.terminals.find((t) => t.name === term.terminal)?.dispose();
  });

  it('starts, stops and removes several selected containers at once', async () => {
    const names = [uniqueName('multi'), uniqueName('multi')];
    for (const name of names) await runContainer(client, { image: TEST_IMAGE, name, cmd: ['sleep', '300'], labels, createOnly: true });
    const nodes = await Promise.all(names.map((n) => waitForContainer(a, n)));
    const started = (await vscode.commands.executeCommand('dockerWorkbench.container.start', nodes[0], nodes)) as { done: string[] };
    assert.deepEqual([...started.done].sort(), [...names].sort());
    const running = await Promise.all(names.map((n) => waitForContainer(a, n, (x) => x.container.state === 'running')));
    const stopped = (await vscode.commands.executeCommand('dockerWorkbench.container.stop', running[0], running, { timeoutSeconds: 1 })) as { done: string[] };
    assert.equal(stopped.done.length, 2);
    const exited = await Promise.all(names.map((n) => waitForContainer(a, n, (x) => x.container.state === 'exited')));
    ui.answer('remove.containers', 'Remove');
    const removed = (await vscode.commands.executeCommand('dockerWorkbench.container.remove', exited[0], exited)) as { done: string[] };
    assert.equal(removed.done.length, 2);
    assert.equal(ui.confirms[0].message, 'Remove 2 containers?');
  });

  it('points a failed build at the Dockerfile line', async () => {
    const dir = path.join(workspaceDir(), 'build-broken');
    fs.mkdirSync(dir, { recursive: true });
    const dockerfile = path.join(dir, 'Dockerfile');
    fs.writeFileSync(dockerfile, lines(`FROM ${TEST_IMAGE}`, 'RUN echo fine', 'RUN echo failing && exit 3', 'CMD ["sh"]'));
    const result = await vscode.commands.executeCommand('dockerWorkbench.image.build', vscode.Uri.file(dockerfile), { tag: `dw-broken:${process.pid}`, contextDir: dir, buildArgs: [] });
    assert.equal(result, undefined);
    assert.match(ui.errors[0] ?? '', /line 3/);
    const diagnostic = await waitFor('the build diagnostic', () => vscode.languages.getDiagnostics(vscode.Uri.file(dockerfile)).find((d) => d.source === 'docker build'));
    assert.equal(diagnostic.range.start.line, 2);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, dockerfile, 'the failing line is revealed');
    assert.equal(vscode.window.activeTextEditor?.selection.start.line, 2);
  });

  it('rejects bad input with a message: tag, ports, name, environment, and isolation on Linux', async () => {
    const dir = path.join(workspaceDir(), 'build-e2e');
    await vscode.commands.executeCommand('dockerWorkbench.image.build', vscode.Uri.file(path.join(dir, 'Dockerfile')), { tag: 'UPPER/Case:1', contextDir: dir, buildArgs: [] });
    assert.match(ui.errors.at(-1) ?? '', /lowercase/);
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ ports: ['80:80:80:80'] }, /too many colons/],
      [{ ports: ['abc'] }, /not a port number/],
      [{ name: 'a' }, /not a valid container name/],
      [{ env: ['NOEQUALS'] }, /has no '='/],
      [{ isolation: 'hyperv' }, /Windows containers only/],
    ];
    for (const [given, message] of bad) {
      const before = (await containerNodes(a)).length;
      const r = await vscode.commands.executeCommand('dockerWorkbench.image.run', TEST_IMAGE, { ports: [], name: '', interactive: false, network: '', env: [], isolation: '', ...given });
      assert.equal(r, undefined, JSON.stringify(given));
      assert.match(ui.errors.at(-1) ?? '', message);
      assert.equal((await containerNodes(a)).length, before, 'nothing was created');
    }
    await vscode.commands.executeCommand('dockerWorkbench.container.stop', 'no-such-container-anywhere');
    assert.match(ui.errors.at(-1) ?? '', /No container named/);
  });

  it('Prune Stopped Containers asks first, then reports what it removed and the space reclaimed', async () => {
    const name = uniqueName('prune');
    const made = await runContainer(client, { image: TEST_IMAGE, name, cmd: ['true'], labels, createOnly: true });
    ui.answer('prune.containers', undefined);
    assert.equal(await vscode.commands.executeCommand('dockerWorkbench.containers.prune'), undefined, 'cancelled: nothing pruned');
    await waitForContainer(a, name);
    ui.answer('prune.containers', 'Prune');
    const r = (await vscode.commands.executeCommand('dockerWorkbench.containers.prune')) as { deleted: string[]; spaceReclaimed: number };
    assert.ok(r.deleted.includes(made.id));
    assert.match(ui.infos.at(-1) ?? '', /^Removed \d+ stopped containers?, reclaimed [\d.]+ (B|kB|MB|GB)\.$/);
    await waitFor(`${name} to leave the view`, async () => !(await containerNodes(a)).some((n) => n.container.name === name));
  });

  it('shows Docker info and version on demand as JSON documents', async () => {
    const infoUri = (await vscode.commands.executeCommand('dockerWorkbench.engine.info')) as vscode.Uri;
    const info = JSON.parse((await vscode.workspace.openTextDocument(infoUri)).getText()) as { OSType: string };
    assert.equal(info.OSType, 'linux');
    const versionUri = (await vscode.commands.executeCommand('dockerWorkbench.engine.version')) as vscode.Uri;
    const version = JSON.parse((await vscode.workspace.openTextDocument(versionUri)).getText()) as { ApiVersion: string };
    assert.match(version.ApiVersion, /^1\.\d+$/);
  });

  it('shows the error state when the engine stops mid-session, and recovers when it is back', async function () {
    this.timeout(ENGINE_MS * 3);
    const name = uniqueName('survivor');
    await runContainer(client, { image: TEST_IMAGE, name, cmd: ['true'], labels, createOnly: true });
    await waitForContainer(a, name);
    // The language server follows the engine: its host facts go with it and come back with it.
    const windows = await openDockerfile(lines('FROM mcr.microsoft.com/windows/nanoserver:ltsc2022', 'MAINTAINER ops@example.com'));
    await waitForRules(windows, ['MaintainerDeprecated', LINUX_ENGINE]);

    // Stopped under our feet: the event stream is lost and the views say "reconnecting".
    const stop = engineScript('stop');
    assert.equal(stop.status, 0, stop.output);
    await waitFor('the session to report reconnecting', () => a.session.state.kind === 'reconnecting', 20_000);
    await waitFor('the Containers view message', () => /^Reconnecting to unix:\/\//.test(a.explorer.treeViews.containers.message ?? ''));
    // Only reconnecting: the engine's facts stay (a short outage does not make diagnostics flicker).
    assert.deepEqual(rules(windows.uri), ['MaintainerDeprecated', LINUX_ENGINE]);

    // Retry while it is down: a typed error, and empty views so the welcome (Retry, Open Settings) shows.
    await vscode.commands.executeCommand('dockerWorkbench.engine.retry');
    const state = a.session.state;
    assert.equal(state.kind, 'error');
    assert.ok(state.kind === 'error' && ['not-running', 'socket-missing'].includes(state.error.kind), state.kind === 'error' ? state.error.message : '');
    assert.deepEqual(await a.explorer.containers.getChildren(), []);
    assert.deepEqual(await a.explorer.engine.getChildren(), []);
    // Above the welcome (Retry, Open Settings), the view says what failed and what to do.
    assert.equal(a.explorer.treeViews.containers.message, state.kind === 'error' ? state.error.message : '');
    // A command reports the same error (with Retry / Open Settings), never an unhandled rejection.
    assert.equal(await vscode.commands.executeCommand('dockerWorkbench.engine.info'), undefined);
    assert.match(ui.errors.at(-1) ?? '', /Docker|socket/);
    // No engine: its facts are unknown, so its finding goes; the rest of the linting stays.
    await waitForRules(windows, ['MaintainerDeprecated']);

    // Back: Retry connects and the views show the engine's containers again.
    const start = engineScript('start');
    assert.equal(start.status, 0, start.output);
    await vscode.commands.executeCommand('dockerWorkbench.engine.retry');
    assert.equal(a.session.state.kind, 'connected');
    await waitForContainer(a, name);
    await waitForRules(windows, ['MaintainerDeprecated', LINUX_ENGINE]);

    // And without Retry: a short outage heals by itself through the stream's reconnect.
    assert.equal(engineScript('stop').status, 0);
    await waitFor('reconnecting', () => a.session.state.kind === 'reconnecting', 20_000);
    assert.equal(engineScript('start').status, 0);
    await waitFor('the session to recover on its own', () => a.session.state.kind === 'connected', 30_000);
    client = await a.session.requireClient();
    await waitForContainer(a, name);
  });
});
