// Issue 8's command-side defects, through the commands in real VS Code against the private engine
// (questions answered by the scripted prompt layer): an interactive Run whose start fails removes
// the container it created; a build arg value with commas and `=`; Open in Browser on a tcp://
// engine opens that engine's host; Compose never runs a docker planted in the compose folder.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DockerWorkbenchApi } from '../../client/src/api';
import type { ComposeResult } from '../../client/src/commands/compose';
import type { RunOutcome } from '../../client/src/commands/run';
import { listContainers, removeImage, runContainer, type EngineClient } from './engine-ops';
import { ENGINE_MS, ScriptedUi, scriptedUiPerTest, TEST_IMAGE, TEST_LABEL, api, removeTestContainers, setHostSetting, uniqueName, waitFor, waitForContainer } from './engine-helpers';
import { lines, workspaceDir } from './helpers';
import { httpGet } from '../support/http';

const labels = { [TEST_LABEL]: '1' };

/** A TCP listener on a loopback address that passes every byte to the engine's unix socket and back. */
function tcpToEngine(host: string, socketPath: string): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const engine = net.connect(socketPath);
    sockets.add(client).add(engine);
    client.pipe(engine).pipe(client);
    const drop = (): void => {
      client.destroy();
      engine.destroy();
    };
    client.on('error', drop).on('close', drop);
    engine.on('error', drop).on('close', drop);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}

describe('issue 8: commands against a misbehaving start, a remote engine, a hostile workspace', function () {
  this.timeout(ENGINE_MS);
  let a: DockerWorkbenchApi;
  let ui: ScriptedUi;
  let client: EngineClient;
  const images: string[] = [];

  before(async () => {
    assert.ok(process.env.DOCKER_HOST?.startsWith('unix://'), 'DOCKER_HOST names the private engine socket');
    a = await api();
    client = await a.session.requireClient();
  });
  scriptedUiPerTest((fresh) => (ui = fresh));
  after(async () => {
    await removeTestContainers(client).catch(() => undefined);
    for (const img of images) await removeImage(client, img, { force: true }).catch(() => undefined);
  });

  async function testContainers(): Promise<Array<{ id: string; name: string }>> {
    return (await listContainers(client, { all: true })).filter((ct) => ct.labels[TEST_LABEL]);
  }

  async function interactiveRun(name: string, ports: string, cmd: string[]): Promise<RunOutcome | undefined> {
    ui.answer('run.ports', ports).answer('run.mode', 'Interactive').answer('run.name', name).answer('run.network', 'default').answer('run.env', '');
    return (await vscode.commands.executeCommand('dockerWorkbench.image.run', TEST_IMAGE, { labels, cmd })) as RunOutcome | undefined;
  }

  it('an interactive Run whose start fails removes the container it created, only that one, and reports the start error', async () => {
    const bystander = await runContainer(client, { image: TEST_IMAGE, name: uniqueName('stays'), cmd: ['sleep', '300'], createOnly: true, labels });

    // A command the image does not have: the engine creates the container, then refuses to start it.
    const badCmd = uniqueName('badcmd');
    assert.equal(await interactiveRun(badCmd, '', ['/no/such/program']), undefined);
    await waitFor('the start error', () => ui.errors.length > 0);
    assert.match(ui.errors[0], /no such file|not found/i);

    // A host port already taken on this machine.
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const port = (taken.address() as net.AddressInfo).port;
    const portTaken = uniqueName('porttaken');
    try {
      assert.equal(await interactiveRun(portTaken, `127.0.0.1:${port}:80`, ['sh']), undefined);
      await waitFor('the second start error', () => ui.errors.length > 1);
      assert.match(ui.errors[1], /address already in use|already allocated/i);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }

    const left = (await testContainers()).map((ct) => ct.name);
    assert.ok(!left.includes(badCmd) && !left.includes(portTaken), `no failed run's container is left: ${left.join(', ')}`);
    assert.ok(left.includes(bystander.name), 'the container that was there before stays');
    await waitFor('their terminals to close', () => !vscode.window.terminals.some((t) => t.name.startsWith(badCmd) || t.name.startsWith(portTaken)));
  });

  it('Build Image takes a build arg whose value holds commas and `=`, and a quoted one with spaces', async () => {
    const dir = path.join(workspaceDir(), `build-args-${process.pid}`);
    fs.mkdirSync(dir, { recursive: true });
    const dockerfile = path.join(dir, 'Dockerfile');
    fs.writeFileSync(dockerfile, lines(`FROM ${TEST_IMAGE}`, 'ARG LIST', 'ARG EQ', 'ARG MSG', 'RUN echo "LIST=[$LIST] EQ=[$EQ] MSG=[$MSG]" > /args.txt && cat /args.txt'));
    const tag = `dw-buildargs:${process.pid}`;
    ui.answer('build.tag', tag).answer('build.context', path.basename(dir)).answer('build.args', 'LIST=a,b EQ=k=v,w MSG="hello, world"');
    const built = (await vscode.commands.executeCommand('dockerWorkbench.image.build', vscode.Uri.file(dockerfile))) as { output: string; tags: string[] } | undefined;
    assert.deepEqual(ui.rejected, [], 'the build args were accepted');
    assert.ok(built, `build failed: ${ui.errors.join('; ')}`);
    images.push(tag);
    assert.match(built.output, /LIST=\[a,b\] EQ=\[k=v,w\] MSG=\[hello, world\]/);
  });

  it('Open in Browser on a tcp:// engine opens the engine host, not localhost', async () => {
    // The engine "elsewhere": reached over TCP at 127.0.0.2, a loopback address that is not localhost.
    const socketPath = (process.env.DOCKER_HOST ?? '').replace(/^unix:\/\//, '');
    const remote = await tcpToEngine('127.0.0.2', socketPath);
    const name = uniqueName('web');
    try {
      await setHostSetting(`tcp://127.0.0.2:${remote.port}`);
      await waitFor('the session on the tcp endpoint', async () => a.session.state.kind === 'connected' && (await a.session.requireClient()).endpoint.url === `tcp://127.0.0.2:${remote.port}`, 30_000);
      const tcpClient = await a.session.requireClient();
      // Published on all addresses, as `-p 80` does: the page is reachable on the engine's host.
      await runContainer(tcpClient, { image: TEST_IMAGE, name, cmd: ['httpd', '-f', '-p', '80', '-h', '/etc'], ports: ['80'], labels });
      const node = await waitForContainer(a, name, (n) => n.container.state === 'running' && n.container.ports.some((p) => !!p.publicPort));
      const published = node.container.ports.find((p) => p.privatePort === 80 && p.publicPort)?.publicPort;
      const url = (await vscode.commands.executeCommand('dockerWorkbench.container.openInBrowser', node)) as string | undefined;
      assert.equal(url, `http://127.0.0.2:${published}/`);
      assert.deepEqual(ui.opened, [url]);
      const page = await waitFor('httpd to answer on the engine host', () => httpGet(`${url}hostname`).catch(() => undefined), 10_000);
      assert.equal(page.status, 200);
    } finally {
      await setHostSetting(undefined);
      await waitFor('the session back on DOCKER_HOST', async () => a.session.state.kind === 'connected' && (await a.session.requireClient()).endpoint.source === 'DOCKER_HOST', 30_000);
      await remote.close();
    }
  });

  it('Compose runs docker-compose (or the plugin) by its absolute path, never the one planted in the compose folder', async function () {
    this.timeout(ENGINE_MS * 2);
    const dir = path.join(workspaceDir(), `planted-${process.pid}`);
    fs.mkdirSync(dir, { recursive: true });
    const marker = path.join(workspaceDir(), `planted-ran-${process.pid}`);
    for (const program of ['docker', 'docker-compose']) {
      fs.writeFileSync(path.join(dir, program), `#!/bin/sh\necho planted >> '${marker}'\nexit 3\n`);
      fs.chmodSync(path.join(dir, program), 0o755);
    }
    const file = path.join(dir, 'compose.yaml');
    fs.writeFileSync(file, lines('services:', '  app:', `    image: ${TEST_IMAGE}`, '    pull_policy: never', '    command: ["sleep", "300"]', '    init: true', '    stop_grace_period: 1s', '    labels:', `      ${TEST_LABEL}: "1"`));
    const ambientPath = process.env.PATH;
    let up: ComposeResult | undefined;
    let down: ComposeResult | undefined;
    try {
      // Relative and empty PATH entries, which a program started in the compose folder would read as that folder.
      process.env.PATH = `.::planted-${process.pid}:${ambientPath ?? ''}`;
      up = (await vscode.commands.executeCommand('dockerWorkbench.compose.up', vscode.Uri.file(file))) as ComposeResult | undefined;
      down = (await vscode.commands.executeCommand('dockerWorkbench.compose.down', vscode.Uri.file(file))) as ComposeResult | undefined;
    } finally {
      process.env.PATH = ambientPath;
    }
    assert.ok(up && down, `compose failed: ${ui.errors.join('; ')}`);
    assert.equal(fs.existsSync(marker), false, 'the planted program never ran');
    for (const r of [up, down]) {
      assert.ok(path.isAbsolute(r.program) && !r.program.startsWith(dir), r.program);
      assert.equal(path.basename(r.program), r.command);
      assert.equal(r.exitCode, 0);
    }
  });
});
