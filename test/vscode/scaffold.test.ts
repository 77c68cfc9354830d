// Add Dockerfile to Workspace in real VS Code: the command runs with its questions answered by the
// scripted prompt layer, writes the files into the workspace, opens the Dockerfile, and the
// language server finds nothing in it but what the local (Linux) engine's mode gives a Windows
// image; Build Image then builds the static site's Dockerfile on the private engine with its base
// swapped for the offline busybox image (the one test-only seam: nginx cannot be pulled here).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DockerWorkbenchApi } from '../../client/src/api';
import type { AddDockerfileResult } from '../../client/src/commands/scaffold';
import { removeImage, type BuildResult, type EngineClient } from '../../client/src/engine';
import { ENGINE_MS, ScriptedUi, scriptedUiPerTest, TEST_IMAGE, api } from './engine-helpers';
import { LINUX_ENGINE } from './fixtures';
import { setSetting, waitFor, waitForRules, workspaceDir } from './helpers';

function project(name: string, files: Record<string, string>): vscode.Uri {
  const dir = path.join(workspaceDir(), 'scaffold', name);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return vscode.Uri.file(dir);
}

async function openedDockerfile(folder: vscode.Uri): Promise<vscode.TextDocument> {
  const want = path.join(folder.fsPath, 'Dockerfile');
  return waitFor('the Dockerfile open in an editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === want)?.document);
}

describe('Add Dockerfile to Workspace (scripted prompts)', function () {
  this.timeout(ENGINE_MS);
  let a: DockerWorkbenchApi;
  let ui: ScriptedUi;
  let client: EngineClient;
  const images: string[] = [];

  before(async () => {
    a = await api();
    client = await a.session.requireClient();
  });
  scriptedUiPerTest((fresh) => (ui = fresh));
  after(async () => {
    await setSetting('windows.hostBuild', undefined);
    for (const img of images) await removeImage(client, img, { force: true }).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Node: detected from package.json, only the port and the compose file asked; three files written, the Dockerfile open with no finding', async () => {
    const folder = project('node', { 'package.json': JSON.stringify({ name: 'shop', scripts: { start: 'node server.js' } }), 'package-lock.json': '{}', 'server.js': '' });
    ui.answer('scaffold.port', '3000').answer('scaffold.compose', 'Yes');
    const result = (await vscode.commands.executeCommand('dockerWorkbench.addDockerfile', folder)) as AddDockerfileResult | undefined;
    assert.deepEqual(ui.asked, ['scaffold.port', 'scaffold.compose']);
    assert.deepEqual(result?.files, ['Dockerfile', '.dockerignore', 'compose.yaml']);
    for (const f of result?.files ?? []) assert.ok(fs.existsSync(path.join(folder.fsPath, f)), f);
    const text = fs.readFileSync(path.join(folder.fsPath, 'Dockerfile'), 'utf8');
    assert.match(text, /^CMD \["node", "server\.js"\]$/m);
    assert.match(fs.readFileSync(path.join(folder.fsPath, 'compose.yaml'), 'utf8'), /- "3000:3000"/);
    await waitForRules(await openedDockerfile(folder), []);
    assert.match(ui.infos.join('\n'), /Wrote Dockerfile, \.dockerignore, compose\.yaml for Node\.js \(detected from package\.json\)/);
  });

  it('IIS static site on the settings host 17763: the kind asked between IIS and nginx, tag ltsc2019, nothing found but the Linux engine', async () => {
    await setSetting('windows.hostBuild', '17763');
    const folder = project('iis', { 'site/index.html': '<h1>shop</h1>' });
    ui.answer('scaffold.kind', 'IIS static site').answer('scaffold.compose', 'No');
    const result = (await vscode.commands.executeCommand('dockerWorkbench.addDockerfile', folder)) as AddDockerfileResult | undefined;
    assert.deepEqual(ui.asked, ['scaffold.kind', 'scaffold.compose'], 'no host question: the settings name the build');
    assert.deepEqual(result?.baseImages, ['mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019']);
    assert.deepEqual(result?.host, { build: 17763, isolation: 'process', source: 'settings' });
    const text = fs.readFileSync(path.join(folder.fsPath, 'Dockerfile'), 'utf8');
    assert.equal(text.split('\n')[0], '# escape=`');
    assert.match(text, /^ENTRYPOINT \["C:\\\\ServiceMonitor\.exe", "w3svc"\]$/m);
    assert.match(text, /^COPY site\/ \.$/m);
    // No windows-host-mismatch on 17763: only the local engine's Linux mode is reported.
    await waitForRules(await openedDockerfile(folder), [LINUX_ENGINE]);
  });

  it('an existing Dockerfile is replaced only after the modal question: cancelled leaves it, Replace writes', async () => {
    await setSetting('windows.hostBuild', '17763');
    const folder = project('iis', {});
    const file = path.join(folder.fsPath, 'Dockerfile');
    fs.writeFileSync(file, 'FROM mine\n');
    ui.answer('scaffold.kind', 'IIS static site').answer('scaffold.compose', 'No').answer('scaffold.replace', undefined);
    assert.equal(await vscode.commands.executeCommand('dockerWorkbench.addDockerfile', folder), undefined);
    assert.equal(fs.readFileSync(file, 'utf8'), 'FROM mine\n');
    assert.match(ui.confirms[0]?.message ?? '', /^Replace Dockerfile and \.dockerignore in iis\?$/);
    ui.answer('scaffold.kind', 'IIS static site').answer('scaffold.compose', 'No').answer('scaffold.replace', 'Replace');
    const result = (await vscode.commands.executeCommand('dockerWorkbench.addDockerfile', folder)) as AddDockerfileResult | undefined;
    assert.deepEqual(result?.files, ['Dockerfile', '.dockerignore']);
    assert.match(fs.readFileSync(file, 'utf8'), /^FROM mcr\.microsoft\.com\/windows\/servercore\/iis:windowsservercore-ltsc2019$/m);
  });

  it('ASP.NET Core with no Windows host known: the host is asked (Server 2022) and the Nano Server tags are ltsc2022', async () => {
    await setSetting('windows.hostBuild', undefined);
    const folder = project('core', { 'Shop.Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>' });
    ui.answer('scaffold.variant', 'Nano Server').answer('scaffold.compose', 'No').answer('scaffold.host', 'Windows Server 2022');
    const result = (await vscode.commands.executeCommand('dockerWorkbench.addDockerfile', folder)) as AddDockerfileResult | undefined;
    assert.deepEqual(ui.asked, ['scaffold.variant', 'scaffold.compose', 'scaffold.host']);
    assert.deepEqual(result?.baseImages, ['mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022', 'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022']);
    assert.match(fs.readFileSync(path.join(folder.fsPath, 'Dockerfile'), 'utf8'), /^ENTRYPOINT \["dotnet", "Shop\.Api\.dll"\]$/m);
    await waitForRules(await openedDockerfile(folder), [LINUX_ENGINE, LINUX_ENGINE]);
  });

  it('static site (nginx): written, then Build Image builds it on the private engine with FROM swapped for the offline busybox image', async () => {
    const folder = project('nginx', { 'public/index.html': '<h1>shop</h1>', '.env': 'SECRET=1' });
    ui.answer('scaffold.kind', 'Static site (nginx)').answer('scaffold.compose', 'No');
    const result = (await vscode.commands.executeCommand('dockerWorkbench.addDockerfile', folder)) as AddDockerfileResult | undefined;
    assert.deepEqual(result?.baseImages, ['nginx:stable-alpine']);
    await waitForRules(await openedDockerfile(folder), []);
    const text = fs.readFileSync(path.join(folder.fsPath, 'Dockerfile'), 'utf8');
    const seam = path.join(folder.fsPath, 'Dockerfile.offline');
    fs.writeFileSync(seam, text.replace(/^FROM \S+/gm, `FROM ${TEST_IMAGE}`));
    const tag = `dw-scaffold-nginx:${process.pid}`;
    images.push(tag);
    const built = (await vscode.commands.executeCommand('dockerWorkbench.image.build', vscode.Uri.file(seam), { tag, contextDir: folder.fsPath, buildArgs: [], noCache: true })) as BuildResult | undefined;
    assert.deepEqual(built?.tags, [tag]);
    const exec = await client.docker.createContainer({ Image: tag, Cmd: ['ls', '-a', '/usr/share/nginx/html'], Labels: { 'dev.docker-workbench.vscode-test': '1' } });
    await exec.start();
    await exec.wait();
    const out = (await exec.logs({ stdout: true, stderr: true, follow: false })).toString('latin1');
    await exec.remove({ force: true });
    assert.match(out, /index\.html/);
    assert.doesNotMatch(out, /\.env/, '.dockerignore kept .env out of the context');
  });
});
