// What runs where, in real VS Code. (1) The Images view against a recorded Windows 11 engine
// (test/engine/fixtures/windows-11-verdicts.json, replayed on loopback as a remote engine is reached):
// an image of each verdict (process, Hyper-V, neither) with its icon and tooltip, the "only what
// runs here" filter, and Run refusing the image the host cannot run before asking or creating
// anything (the replay's request log has no create). (2) The Files node on the private engine:
// browse, open read-only, edit and save back (the change seen inside the container by exec),
// download a file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DockerWorkbenchApi } from '../../client/src/api';
import { execInContainer } from '../../client/src/engine';
import type { ExplorerNode } from '../../client/src/explorer/views';
import { replayOnLoopback, type LoopbackReplay } from '../engine/replay-loopback';
import { load } from '../engine/windows-replay';
import { runContainer, type EngineClient } from './engine-ops';
import { ENGINE_MS, ScriptedUi, TEST_IMAGE, TEST_LABEL, api, removeTestContainers, setHostSetting, uniqueName, waitFor, waitForContainer } from './engine-helpers';

type ImageNode = Extract<ExplorerNode, { kind: 'image' }>;
type PathNode = Extract<ExplorerNode, { kind: 'containerPath' }>;

describe('What runs where, and files inside containers', function () {
  this.timeout(ENGINE_MS);
  let a: DockerWorkbenchApi;
  let previousUi: ReturnType<DockerWorkbenchApi['setUi']> | undefined;

  before(async () => {
    a = await api();
  });
  after(() => {
    if (previousUi) a.setUi(previousUi);
  });

  describe('the Images view on a recorded Windows 11 engine (build 22631)', () => {
    let replay: LoopbackReplay;
    let scratch: string;

    before(async () => {
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-runs-here-'));
      replay = await replayOnLoopback(load('windows-11-verdicts.json'), scratch);
      await setHostSetting(replay.url);
      await waitFor('connected to the recorded Windows engine', () => a.session.state.kind === 'connected' && a.session.platform?.windowsBuild === 22631, 30_000);
    });
    after(async () => {
      await a.explorer.images.setRunsHereOnly(false);
      await setHostSetting(undefined);
      await waitFor('back on the private engine', () => a.session.state.kind === 'connected' && a.session.platform?.osType === 'linux', 60_000);
      await replay.close();
      fs.rmSync(scratch, { recursive: true, force: true });
    });

    async function images(): Promise<ImageNode[]> {
      return (await a.explorer.images.getChildren()).filter((n): n is ImageNode => n.kind === 'image');
    }

    it('shows each image as running in process isolation, under Hyper-V only, or not at all, with why', async () => {
      const rows = await waitFor('a verdict on every image', async () => {
        const list = await images();
        return list.length === 4 && list.every((n) => n.row.icon?.id !== 'package') ? list : undefined;
      });
      const byTag = new Map(rows.map((n) => [n.image.repoTags[0], n.row]));
      const process = byTag.get('mcr.microsoft.com/windows/servercore:ltsc2022');
      assert.equal(process?.icon?.id, 'pass-filled');
      assert.match(process?.description ?? '', /^runs here \(process\)/);
      assert.match(process?.tooltip ?? '', /Image build 20348 \(Windows Server 2022\), host build 22631 \(Windows 11 23H2\)\.\nRuns here in process isolation/);
      const hyperv = byTag.get('mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-1809');
      assert.equal(hyperv?.icon?.id, 'vm');
      assert.match(hyperv?.tooltip ?? '', /Runs here only in Hyper-V isolation: process isolation on build 22631 runs images of builds 20348/);
      const none = byTag.get('mcr.microsoft.com/windows/servercore:ltsc2025');
      assert.equal(none?.icon?.id, 'error');
      assert.match(none?.tooltip ?? '', /cannot run on this host \(build 22631, Windows 11 23H2\) under either isolation/);
      assert.match(none?.tooltip ?? '', /Tags that would run here: servercore:ltsc2022 \(Windows Server 2022, process isolation\)/);
      assert.equal(byTag.get('myapp:dev')?.icon?.id, 'pass-filled');
    });

    it('filters to what runs here from the view title, and back', async () => {
      await vscode.commands.executeCommand('dockerWorkbench.images.showRunsHereOnly');
      const only = (await images()).map((n) => n.image.repoTags[0]).sort();
      assert.deepEqual(only, ['mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-1809', 'mcr.microsoft.com/windows/servercore:ltsc2022', 'myapp:dev']);
      await vscode.commands.executeCommand('dockerWorkbench.images.showAll');
      assert.equal((await images()).length, 4);
    });

    it('Run refuses the image the host cannot run, naming both builds and the tags that would run, before anything is asked or created', async () => {
      const ui = new ScriptedUi();
      const prior = a.setUi(ui);
      previousUi ??= prior;
      const node = (await images()).find((n) => n.image.repoTags[0] === 'mcr.microsoft.com/windows/servercore:ltsc2025');
      assert.ok(node);
      const before = replay.requests.length;
      const result = await vscode.commands.executeCommand('dockerWorkbench.image.run', node);
      assert.equal(result, undefined);
      assert.equal(ui.errors.length, 1, ui.errors.join('\n'));
      assert.match(ui.errors[0], /servercore:ltsc2025: The image \(Windows build 26100, .*\) cannot run on this host \(build 22631, Windows 11 23H2\)/);
      assert.match(ui.errors[0], /Tags that would run here: servercore:ltsc2022 \(Windows Server 2022, process isolation\)/);
      assert.deepEqual(ui.asked, [], 'no question was asked');
      const during = replay.requests.slice(before);
      assert.ok(during.some((r) => /^GET \/images\/.+\/json$/.test(r)), `the image was inspected: ${during.join(', ')}`);
      assert.ok(!during.some((r) => r.startsWith('POST')), `nothing was created: ${during.join(', ')}`);
    });
  });

  describe('the Files node on the private engine', () => {
    let client: EngineClient;
    let name: string;
    let id: string;
    let scratch: string;

    before(async () => {
      const state = a.session.state;
      if (state.kind !== 'connected') throw new Error(`not connected: ${state.kind}`);
      client = state.client;
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-files-'));
      name = uniqueName('files');
      id = (await runContainer(client, { image: TEST_IMAGE, name, cmd: ['sleep', '300'], labels: { [TEST_LABEL]: '1' }, init: true })).id;
      const setup = await execInContainer(client, id, ['sh', '-c', 'mkdir -p /srv/site && printf "<h1>old</h1>\\n" > /srv/site/index.html']);
      assert.equal(setup.exitCode, 0, setup.stderr);
    });
    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await removeTestContainers(client);
      fs.rmSync(scratch, { recursive: true, force: true });
    });

    async function child(parent: ExplorerNode, label: string): Promise<PathNode> {
      const found = (await a.explorer.containers.getChildren(parent)).find((n): n is PathNode => n.kind === 'containerPath' && n.row.label === label);
      assert.ok(found, `${label} under ${parent.row.label}`);
      return found;
    }

    it('browses, opens read-only, edits and saves back into the container, downloads', async () => {
      const container = await waitForContainer(a, name, (n) => n.container.state === 'running');
      const files = await child(container, 'Files');
      const root = (await a.explorer.containers.getChildren(files)).map((n) => n.row.label);
      for (const dir of ['bin', 'etc', 'srv']) assert.ok(root.includes(dir), `${dir} in ${root.join(', ')}`);
      const index = await child(await child(await child(files, 'srv'), 'site'), 'index.html');
      assert.equal(index.row.contextValue, 'containerFile');

      // Open: read-only.
      const readonly = vscode.Uri.parse(String(await vscode.commands.executeCommand('dockerWorkbench.container.file.open', index)));
      const shown = await waitFor('the file in an editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === readonly.toString()));
      assert.equal(shown.document.getText(), '<h1>old</h1>\n');
      assert.equal((await vscode.workspace.fs.stat(readonly)).permissions, vscode.FilePermission.Readonly);
      await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(readonly, Buffer.from('x'))), /read-only|NoPermissions/i);

      // Edit: saved back, seen inside the container.
      const editable = vscode.Uri.parse(String(await vscode.commands.executeCommand('dockerWorkbench.container.file.edit', index)));
      const doc = await vscode.workspace.openTextDocument(editable);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(editable, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), '<h1>new from VS Code</h1>\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await doc.save(), 'saved');
      const inside = await execInContainer(client, id, ['cat', '/srv/site/index.html']);
      assert.equal(inside.stdout, '<h1>new from VS Code</h1>\n');

      // Download to a chosen local file.
      const ui = new ScriptedUi();
      const prior = a.setUi(ui);
      previousUi ??= prior;
      const target = path.join(scratch, 'index.html');
      ui.answer('files.download', target);
      assert.equal(await vscode.commands.executeCommand('dockerWorkbench.container.file.download', index), target);
      assert.equal(fs.readFileSync(target, 'utf8'), '<h1>new from VS Code</h1>\n');
      assert.deepEqual(ui.errors, []);
    });
  });
});
