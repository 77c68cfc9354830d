// The image commands and Compose, run in real VS Code against the private engine with their
// questions answered by the scripted prompt layer: Save Image / Load Image, Remove Image, Prune
// Dangling Images, Run interactive, and Compose Up / Down with docker-compose (or the plugin).
// Nothing is pulled: only workbench-busybox:latest and images built from it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DockerWorkbenchApi } from '../../client/src/api';
import type { ComposeResult } from '../../client/src/commands/compose';
import type { RunOutcome } from '../../client/src/commands/run';
import { listImages, removeImage, type EngineClient } from './engine-ops';
import {
  ENGINE_MS,
  ScriptedUi,
  scriptedUiPerTest,
  TEST_IMAGE,
  TEST_LABEL,
  api,
  containerNodes,
  removeTestContainers,
  setHostSetting,
  tarEntries,
  uniqueName,
  waitFor,
  waitForContainer,
} from './engine-helpers';
import { lines, workspaceDir } from './helpers';

const labels = { [TEST_LABEL]: '1' };

function bare(id: string): string {
  return id.replace(/^sha256:/, '');
}

describe('image commands and Compose against the real engine', function () {
  this.timeout(ENGINE_MS);
  let a: DockerWorkbenchApi;
  let ui: ScriptedUi;
  let client: EngineClient;
  const images: string[] = [];

  /** Builds through the Build Image command (questions skipped by passing the answers). */
  async function build(dir: string, dockerfile: string, tag: string): Promise<{ imageId: string; tags: string[] }> {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
    const built = (await vscode.commands.executeCommand('dockerWorkbench.image.build', vscode.Uri.file(path.join(dir, 'Dockerfile')), { tag, contextDir: dir, buildArgs: [] })) as { imageId: string; tags: string[] } | undefined;
    assert.ok(built, `build of ${tag} failed: ${ui.errors.join('; ')}`);
    images.push(tag);
    return built;
  }

  function imageNode(tag: string) {
    return waitFor(`${tag} in the Images view`, async () => (await a.explorer.images.getChildren()).find((n) => n.kind === 'image' && n.image.repoTags.includes(tag)));
  }

  before(async function () {
    assert.ok(process.env.DOCKER_HOST, 'DOCKER_HOST is not set in the extension host');
    a = await api();
    client = await a.session.requireClient();
  });

  scriptedUiPerTest((fresh) => (ui = fresh));

  after(async function () {
    for (const t of vscode.window.terminals) t.dispose();
    await removeTestContainers(client).catch(() => undefined);
    for (const img of images) await removeImage(client, img, { force: true }).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Save Image writes a docker save tar; Remove Image asks first; Load Image brings the image back', async () => {
    const tag = `dw-save:${process.pid}`;
    const dir = path.join(workspaceDir(), 'save-load');
    const built = await build(dir, lines(`FROM ${TEST_IMAGE}`, `RUN echo saved-${process.pid} > /saved.txt`), tag);
    const node = await imageNode(tag);

    // Save, from the image node: the save dialog is answered with a path in the workspace.
    const file = path.join(dir, 'dw-save.tar');
    ui.answer('save.file', file);
    const saved = (await vscode.commands.executeCommand('dockerWorkbench.image.save', node)) as { file: string; bytes: number } | undefined;
    assert.ok(saved, `save failed: ${ui.errors.join('; ')}`);
    assert.equal(saved.file, file);
    const data = fs.readFileSync(file);
    assert.ok(data.length > 0 && data.length === saved.bytes, `${data.length} bytes on disk, ${saved.bytes} reported`);
    const entries = tarEntries(data);
    assert.ok(entries.includes('manifest.json'), `no manifest.json among ${entries.join(', ')}`);
    assert.match(ui.infos.at(-1) ?? '', /^Saved dw-save:\d+ to dw-save\.tar \([\d.]+ (B|kB|MB)\)\.$/);

    // Remove Image asks first: cancelled, the image stays.
    ui.answer('remove.images', undefined);
    assert.equal(await vscode.commands.executeCommand('dockerWorkbench.image.remove', node), undefined);
    assert.equal(ui.confirms.at(-1)?.message, `Remove image ${tag}?`);
    assert.ok((await listImages(client)).some((i) => i.repoTags.includes(tag)), 'a cancelled Remove removed nothing');
    ui.answer('remove.images', 'Remove');
    const removed = (await vscode.commands.executeCommand('dockerWorkbench.image.remove', node)) as { done: string[]; failed: unknown[] };
    assert.deepEqual(removed, { done: [tag], failed: [] });
    await waitFor(`${tag} to leave the Images view`, async () => !(await a.explorer.images.getChildren()).some((n) => n.row.label === tag));
    assert.ok(!(await listImages(client, { dangling: 'include' })).some((i) => bare(i.id) === bare(built.imageId)), 'the image is gone from the engine');

    // Load, from the palette: the open dialog is answered with the tar.
    ui.answer('load.file', file);
    const loaded = (await vscode.commands.executeCommand('dockerWorkbench.image.load')) as { loaded: string[] } | undefined;
    assert.ok(loaded, `load failed: ${ui.errors.join('; ')}`);
    assert.ok(loaded.loaded.includes(tag), `loaded ${loaded.loaded.join(', ')}`);
    const back = await imageNode(tag);
    assert.equal(back.kind === 'image' && bare(back.image.id), bare(built.imageId), 'the same image, by ID');
  });

  it('Prune Dangling Images asks first, then removes the image a rebuild left untagged and reports the space', async () => {
    const tag = `dw-dangle:${process.pid}`;
    const dir = path.join(workspaceDir(), 'dangle');
    const nonce = `${process.pid}-${Date.now()}`;
    const first = await build(dir, lines(`FROM ${TEST_IMAGE}`, `RUN echo first-${nonce} > /v.txt`), tag);
    const second = await build(dir, lines(`FROM ${TEST_IMAGE}`, `RUN echo second-${nonce} > /v.txt`), tag);
    assert.notEqual(bare(first.imageId), bare(second.imageId));
    // The same tag on new content: the first image is now dangling, shown only on demand.
    const dangling = (await listImages(client, { dangling: 'only' })).find((i) => bare(i.id) === bare(first.imageId));
    assert.ok(dangling?.dangling, 'the first build is dangling');
    await vscode.commands.executeCommand('dockerWorkbench.images.showDangling');
    await waitFor('the dangling image in the Images view', async () => (await a.explorer.images.getChildren()).some((n) => n.kind === 'image' && bare(n.image.id) === bare(first.imageId) && n.row.contextValue === 'image.dangling'));

    ui.answer('prune.images', undefined);
    assert.equal(await vscode.commands.executeCommand('dockerWorkbench.images.prune'), undefined, 'cancelled: nothing pruned');
    assert.equal(ui.confirms.at(-1)?.message, 'Remove all dangling images?');
    assert.ok((await listImages(client, { dangling: 'only' })).some((i) => bare(i.id) === bare(first.imageId)));

    ui.answer('prune.images', 'Prune');
    const r = (await vscode.commands.executeCommand('dockerWorkbench.images.prune')) as { deleted: string[]; spaceReclaimed: number } | undefined;
    assert.ok(r, `prune failed: ${ui.errors.join('; ')}`);
    assert.ok(r.deleted.map(bare).includes(bare(first.imageId)), `deleted ${r.deleted.join(', ')}`);
    assert.ok(r.spaceReclaimed > 0, 'the dangling layer took space');
    assert.match(ui.infos.at(-1) ?? '', /^Removed \d+ dangling images?, reclaimed [\d.]+ (B|kB|MB|GB)\.$/);
    await waitFor('the dangling image to leave the Images view', async () => !(await a.explorer.images.getChildren()).some((n) => n.kind === 'image' && bare(n.image.id) === bare(first.imageId)));
    // The tagged rebuild stays.
    assert.ok((await listImages(client)).some((i) => bare(i.id) === bare(second.imageId) && i.repoTags.includes(tag)));
    await vscode.commands.executeCommand('dockerWorkbench.images.hideDangling');
  });

  it('Run interactive attaches a terminal to the container TTY; what is typed runs in it', async () => {
    const name = uniqueName('it');
    ui.answer('run.ports', '').answer('run.mode', 'Interactive').answer('run.name', name).answer('run.network', 'default').answer('run.env', '');
    const run = (await vscode.commands.executeCommand('dockerWorkbench.image.run', TEST_IMAGE, { labels })) as RunOutcome | undefined;
    assert.ok(run?.terminal && run.transcript, `interactive run failed: ${ui.errors.join('; ')}`);
    const transcript = run.transcript;
    const terminal = await waitFor('the attached terminal', () => vscode.window.terminals.find((t) => t.name === run.terminal));
    const info = (await client.docker.getContainer(run.id).inspect()) as { Config: { Tty: boolean; OpenStdin: boolean }; State: { Running: boolean } };
    assert.equal(info.Config.Tty, true);
    assert.equal(info.Config.OpenStdin, true);
    assert.equal(info.State.Running, true);
    await waitForContainer(a, name, (n) => n.container.state === 'running');
    // busybox sh on a TTY prints its prompt (then asks the terminal for the cursor position, which
    // the terminal answers through the same input path typing takes); the typed line runs and its
    // output comes back on a line of its own.
    await waitFor('the shell prompt in the terminal', () => transcript().includes('/ # '), 10_000);
    terminal.sendText('echo hi');
    await waitFor('"hi" printed by the container', () => /(^|\n)hi\r?\n/.test(transcript()), 10_000);
    terminal.dispose();
  });

  it('Compose Up starts the service on the engine the extension resolved, grouped by project; Compose Down removes it', async function () {
    this.timeout(ENGINE_MS * 2);
    // A space in the folder: the file path is one argument, never a spliced command line.
    const dir = path.join(workspaceDir(), `dw compose ${process.pid}`);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'compose.yaml');
    fs.writeFileSync(
      file,
      lines(
        'services:',
        '  app:',
        `    image: ${TEST_IMAGE}`,
        '    pull_policy: never',
        '    command: ["sleep", "300"]',
        '    init: true',
        '    stop_grace_period: 1s',
        '    labels:',
        `      ${TEST_LABEL}: "1"`,
      ),
    );
    const engineUrl = (await a.session.requireClient()).endpoint.url;
    const ambient = process.env.DOCKER_HOST;
    const inProject = (n: { container: { labels: Record<string, string> } }) => n.container.labels['com.docker.compose.project.working_dir'] === dir;
    let up: ComposeResult | undefined;
    try {
      // The extension resolves the engine from the host setting; the ambient DOCKER_HOST names a
      // socket that does not exist. Compose must get the extension's endpoint to reach the engine.
      await setHostSetting(engineUrl);
      await waitFor('the session to reconnect through the host setting', async () => a.session.state.kind === 'connected' && (await a.session.requireClient()).endpoint.source === 'setting', 20_000);
      process.env.DOCKER_HOST = `unix://${path.join(dir, 'no-engine-here.sock')}`;
      up = (await vscode.commands.executeCommand('dockerWorkbench.compose.up', vscode.Uri.file(file))) as ComposeResult | undefined;
    } finally {
      process.env.DOCKER_HOST = ambient;
    }
    assert.ok(up, `compose up failed: ${ui.errors.join('; ')}`);
    assert.equal(up.exitCode, 0);
    assert.equal(up.dockerHost, engineUrl);
    assert.ok(['docker', 'docker-compose'].includes(up.command), up.command);
    assert.deepEqual(up.args, [...(up.command === 'docker' ? ['compose'] : []), '-f', file, 'up', '-d']);
    assert.ok(vscode.window.terminals.some((t) => t.name === up?.terminal), 'its output is in a terminal');

    const ct = await waitFor('the compose service running in the Containers view', async () => (await containerNodes(a)).find((n) => inProject(n) && n.container.state === 'running'), 20_000);
    assert.equal(ct.container.composeService, 'app');
    const project = ct.container.composeProject;
    assert.ok(project, 'the container names its compose project');
    const group = (await a.explorer.containers.getChildren()).find((r) => r.kind === 'composeProject' && r.project === project);
    assert.ok(group, `a "${project}" group in the Containers view`);
    assert.match(group.row.description ?? '', /compose · 1\/1 running/);
    assert.deepEqual((await a.explorer.containers.getChildren(group)).map((n) => n.row.label), [ct.container.name]);

    try {
      process.env.DOCKER_HOST = `unix://${path.join(dir, 'no-engine-here.sock')}`;
      const down = (await vscode.commands.executeCommand('dockerWorkbench.compose.down', vscode.Uri.file(file))) as ComposeResult | undefined;
      assert.ok(down, `compose down failed: ${ui.errors.join('; ')}`);
      assert.equal(down.exitCode, 0);
      assert.deepEqual(down.args.slice(-3), ['-f', file, 'down']);
    } finally {
      process.env.DOCKER_HOST = ambient;
      await setHostSetting(undefined);
    }
    await waitFor('the compose service to leave the Containers view', async () => !(await containerNodes(a)).some(inProject), 20_000);
    assert.ok(!(await a.explorer.containers.getChildren()).some((r) => r.kind === 'composeProject' && r.project === project), 'the group is gone too');
    await waitFor('the session back on DOCKER_HOST', async () => a.session.state.kind === 'connected' && (await a.session.requireClient()).endpoint.source === 'DOCKER_HOST', 20_000);
  });
});
