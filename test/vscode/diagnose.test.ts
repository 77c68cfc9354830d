// Diagnose Windows Container Host and the Windows containers walkthrough in real VS Code.
// The report: the command run through VS Code against the private (Linux) engine and, with
// dockerWorkbench.host at the recorded Windows Server 2019 engine on 127.0.0.1
// (test/engine/replay-loopback.ts), against that; the document it opens and the Markdown preview
// tab. The machine's PowerShell checks cannot run here (VS Code runs on Linux): the report says so,
// and the unit tier replays them. The walkthrough: VS Code offers no API to read a walkthrough's
// step state or a context key, so this checks what the extension controls: the real events (an
// engine connected, a Windows Dockerfile open, a build, a container start, the diagnose command)
// make it set the keys the manifest's completionEvents name (read through the API's record of the
// setContext calls it made) and the session's own state that its keys mirror.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DockerWorkbenchApi } from '../../client/src/api';
import type { DiagnoseResult } from '../../client/src/commands/diagnose';
import { WALKTHROUGH_KEYS } from '../../client/src/companion/walkthrough/progress';
import { removeContainer, removeImage, type EngineClient } from '../../client/src/engine';
import { replayOnLoopback, type LoopbackReplay } from '../engine/replay-loopback';
import { load } from '../engine/windows-replay';
import { ENGINE_MS, ScriptedUi, scriptedUiPerTest, TEST_IMAGE, TEST_LABEL, api, setHostSetting, uniqueName } from './engine-helpers';
import { lines, openDockerfile, waitFor, workspaceDir } from './helpers';

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType));
}

describe('Diagnose Windows Container Host and the walkthrough', function () {
  this.timeout(ENGINE_MS);
  let a: DockerWorkbenchApi;
  let ui: ScriptedUi;
  let client: EngineClient;
  const images: string[] = [];
  const containers: string[] = [];

  before(async () => {
    a = await api();
    client = await a.session.requireClient();
  });
  scriptedUiPerTest((fresh) => (ui = fresh));
  after(async () => {
    for (const id of containers) await removeContainer(client, id, { force: true }).catch(() => undefined);
    for (const img of images) await removeImage(client, img, { force: true }).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Diagnose on the private Linux engine: a read-only Markdown report in the preview; the OS check fails with the switch to copy; no machine checks off Windows', async () => {
    const result = (await vscode.commands.executeCommand('dockerWorkbench.diagnoseHost')) as DiagnoseResult | undefined;
    assert.ok(result, `diagnose failed: ${ui.errors.join('; ')}`);
    assert.equal(result.uri.scheme, 'docker-workbench-diagnose');
    assert.deepEqual(result.report.checks.map((c) => [c.id, c.status]), [['engine.reachable', 'pass'], ['engine.os', 'fail']]);
    assert.equal(result.report.endpoint, a.session.endpointUrl);
    const document = await vscode.workspace.openTextDocument(result.uri);
    assert.equal(document.getText(), result.markdown);
    assert.match(document.getText(), /^# Windows container host diagnosis$/m);
    assert.match(document.getText(), /^### ✗ Fail: The engine runs Windows containers$/m);
    assert.match(document.getText(), /^### ✓ Pass: A Docker engine answers$/m);
    assert.match(document.getText(), /- OSType: `linux`/);
    assert.match(document.getText(), /VS Code runs on linux, not Windows/);
    // The preview, not the source, is what opened.
    const tab = await waitFor('the Markdown preview tab', () => previewTabs().find((t) => /Windows container host/.test(t.label)));
    assert.match(tab.label, /^Preview /);
    assert.deepEqual(ui.infos, ['Windows container host: 1 check failed; the report gives the fixes.']);
    // Served by a content provider, not a file system: nothing can be saved back to it.
    assert.equal(vscode.workspace.fs.isWritableFileSystem(result.uri.scheme), undefined);
  });

  it('Diagnose on the recorded Windows Server 2019 engine: Windows containers, 17763 (ltsc2019), process isolation, windowsfilter, nat', async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-diagnose-'));
    let windows: LoopbackReplay | undefined;
    try {
      windows = await replayOnLoopback(load('windows-server-2019.json'), scratch);
      await setHostSetting(windows.url);
      await waitFor('the session on the recorded Windows engine', () => a.session.state.kind === 'connected' && a.session.platform?.osType === 'windows', 30_000);
      const result = (await vscode.commands.executeCommand('dockerWorkbench.diagnoseHost')) as DiagnoseResult | undefined;
      assert.ok(result, `diagnose failed: ${ui.errors.join('; ')}`);
      assert.equal(result.report.endpoint, windows.url);
      assert.deepEqual(Object.fromEntries(result.report.checks.map((c) => [c.id, c.status])), {
        'engine.reachable': 'pass',
        'engine.os': 'pass',
        'engine.build': 'pass',
        'engine.isolation': 'pass',
        'engine.driver': 'pass',
        'engine.plugins': 'pass',
        'engine.experimental': 'unknown',
      });
      assert.match(result.markdown, /Windows Server 2019 \\\(1809\\\), build 17763\.5329\. Base images for it: servercore:ltsc2019\./);
      assert.ok(windows.requests.includes('GET /info') && windows.requests.includes('GET /version'));
      assert.deepEqual(ui.infos, ['Windows container host: no check failed.']);
    } finally {
      await setHostSetting(undefined);
      await waitFor('the session back on the private engine', () => a.session.state.kind === 'connected' && a.session.platform?.osType === 'linux', 30_000);
      await windows?.close();
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('Windows images on the Linux engine: one notification per workspace, naming the file and the engine, offering a context', async () => {
    assert.equal(a.session.platform?.osType, 'linux');
    assert.ok(a.linuxEngineHint, 'the API offers the reset under the tests');
    // A notification left unanswered (VS Code's promise stays pending while it sits in the
    // notification centre) holds nothing: with the flag reset, the next one is shown. The real UI
    // shows one the same way when an earlier suite opens a Windows Dockerfile without a scripted UI.
    const unanswered: string[] = [];
    a.setUi(Object.assign(new ScriptedUi(), { warn: (message: string) => (unanswered.push(message), new Promise<undefined>(() => undefined)) }));
    await a.linuxEngineHint.reset();
    await openDockerfile(lines('# escape=`', 'FROM mcr.microsoft.com/windows/server:ltsc2022', 'RUN echo hi'), 'hint-unanswered.Dockerfile');
    await waitFor('the notification nobody answers', () => unanswered.some((w) => /uses Windows images/.test(w)));
    a.setUi(ui);
    await a.linuxEngineHint.reset();
    const hints = (): string[] => ui.warnings.filter((w) => /uses Windows images/.test(w));
    // A base image no other suite names, so the server lints a new file and the diagnostics change.
    await openDockerfile(lines('# escape=`', 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022-amd64', 'RUN echo hi'), 'hint-first.Dockerfile');
    await waitFor('the notification', () => (hints().length > 0 ? true : undefined));
    // It names the file it was shown for: this one, or a Windows Dockerfile an earlier suite left open
    // whose diagnostics changed at the same time (the once-per-workspace flag was just reset).
    assert.match(hints()[0], /^\S+ uses Windows images, and the Docker engine \(unix:\/\/.*\) runs Linux containers/);
    assert.match(hints()[0], /[Pp]ick a docker context whose engine runs Windows containers/);
    // Another Windows Dockerfile in the same workspace: not again.
    await openDockerfile(lines('# escape=`', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022-amd64', 'RUN echo hi'), 'hint-second.Dockerfile');
    await waitFor('its diagnostics', () => (vscode.languages.getDiagnostics().some(([uri, ds]) => uri.path.endsWith('hint-second.Dockerfile') && ds.some((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'windows-image-linux-engine')) ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(hints().length, 1, hints().join('\n'));
  });

  it('the walkthrough: the extension sets each step\'s key on its real event (connected engine, a Windows Dockerfile, a build, a container start)', async () => {
    // Step 1 and 2 complete on the session's own keys; it sets them from this state (session.ts).
    assert.equal(a.session.state.kind, 'connected');
    const keys = (): string[] => a.walkthrough?.keys() ?? [];
    // Earlier suites' events set keys too: start from none, so each key below is this test's doing.
    assert.ok(a.walkthrough?.reset, 'the API offers reset under the tests');
    a.walkthrough.reset();
    assert.deepEqual(keys(), []);

    // That a Linux Dockerfile sets no key is checked in test/unit/walkthrough.test.ts: here, Windows
    // Dockerfiles of earlier suites may still be open documents for the language server (VS Code
    // closes a document some time after its editor), and the server names every open one's images.
    // A base image no other suite names: the server sends its list of wanted images only when the
    // list changes, and an image already on it (an earlier suite's Dockerfile) would send nothing.
    const windows = await openDockerfile(lines('# escape=`', 'FROM mcr.microsoft.com/windows/servercore:ltsc2019-amd64', 'RUN echo hi'), 'walkthrough-windows.Dockerfile');
    await waitFor('the Windows Dockerfile key', () => keys().includes(WALKTHROUGH_KEYS.windowsDockerfile));
    assert.equal(windows.languageId, 'dockerfile');

    const dir = path.join(workspaceDir(), 'walkthrough-build');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'Dockerfile'), lines(`FROM ${TEST_IMAGE}`, 'LABEL walkthrough=yes'));
    const tag = `${uniqueName('walk')}:latest`;
    const built = (await vscode.commands.executeCommand('dockerWorkbench.image.build', vscode.Uri.file(path.join(dir, 'Dockerfile')), { tag, contextDir: dir, buildArgs: [] })) as { tags: string[] } | undefined;
    assert.ok(built, `build failed: ${ui.errors.join('; ')}`);
    images.push(tag);
    await waitFor('the image-built key (the engine\'s image tag event)', () => keys().includes(WALKTHROUGH_KEYS.imageBuilt));

    const ran = (await vscode.commands.executeCommand('dockerWorkbench.image.run', tag, { ports: [], name: uniqueName('walk'), interactive: false, network: '', env: [], isolation: '', cmd: ['sleep', '30'], labels: { [TEST_LABEL]: '1' } })) as { id: string } | undefined;
    assert.ok(ran, `run failed: ${ui.errors.join('; ')}`);
    containers.push(ran.id);
    await waitFor('the container-started key (the engine\'s start event)', () => keys().includes(WALKTHROUGH_KEYS.containerStarted));
    assert.deepEqual([...keys()].sort(), Object.values(WALKTHROUGH_KEYS).sort());
  });
});
