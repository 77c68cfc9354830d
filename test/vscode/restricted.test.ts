// Restricted Mode: scripts/run-vscode-tests.mjs opens this suite's folder with workspace trust on
// and the folder not trusted, and installs the extension as a user's is (VS Code never restricts
// one under development). The language features only read text, so they work; the commands that
// hand the workspace to the engine (Build, Run, Compose, Load) refuse and leave the engine as it
// was. Before package.json declared `untrustedWorkspaces: limited`, VS Code disabled the whole
// extension here. The extension is not in test mode, so its prompts cannot be scripted: what the
// refusal says is checked by the browser story (test/e2e/restricted.e2e.mjs).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DockerWorkbenchApi } from '../../client/src/api';
import { listContainers, listImages, removeImage, saveImage, type EngineClient } from './engine-ops';
import { ENGINE_MS, TEST_IMAGE, TEST_LABEL, api, uniqueName } from './engine-helpers';
import { EXTENSION_ID, closeAll, lines, openDockerfile, rules, waitFor, workspaceDir } from './helpers';

describe('Restricted Mode (a folder VS Code does not trust, the extension installed)', function () {
  this.timeout(ENGINE_MS);
  let a: DockerWorkbenchApi;
  let client: EngineClient;

  before(async function () {
    // Without these the suite would prove nothing: it must run where VS Code restricts.
    assert.equal(vscode.workspace.isTrusted, false, 'this suite must run in an untrusted folder (scripts/run-vscode-tests.mjs opens one)');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed, or VS Code disabled it in Restricted Mode`);
    assert.notEqual(extension.extensionPath, undefined);
    a = await api();
    client = await a.session.requireClient();
  });

  after(async () => {
    await closeAll();
  });

  it('the language features work: diagnostics, hover and the reading', async function () {
    const document = await openDockerfile(lines('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'ENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]'));
    // The engine here is Linux, so the Windows host rules speak too: wait for the one this is about.
    await waitFor('the exec form that is not JSON', () => rules(document.uri).includes('exec-form-invalid-json'));
    const hovers = await waitFor('a hover on FROM', async () => {
      const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 1));
      return found.length > 0 ? found : undefined;
    });
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /FROM/);
    await vscode.commands.executeCommand('dockerWorkbench.showHowDockerReads', document.uri);
    const reading = await waitFor('the reading beside it', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'docker-workbench-reading'));
    assert.match(reading.getText(), /ENTRYPOINT/);
  });

  it('Build, Run, Compose Up/Down and Load refuse at once and leave the engine as it was', async function () {
    const dir = path.join(workspaceDir(), 'restricted');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN echo built > /built\n`);
    fs.writeFileSync(path.join(dir, 'compose.yaml'), `services:\n  web:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "60"]\n    labels: ["${TEST_LABEL}=1"]\n`);
    const tag = `${uniqueName('dw-restricted')}:latest`;
    // An archive of an image the engine does not have under that name: loading it would add the tag.
    const archived = `${uniqueName('dw-restricted-load')}:latest`;
    const [repo, version] = archived.split(':');
    await client.docker.getImage(TEST_IMAGE).tag({ repo, tag: version });
    const tar = path.join(dir, 'image.tar');
    await saveImage(client, [archived], tar);
    await removeImage(client, archived);

    const engineState = async () => ({
      containers: (await listContainers(client, { all: true })).map((c) => c.id).sort(),
      images: (await listImages(client, { dangling: 'include' })).flatMap((i) => [i.id, ...i.repoTags]).sort(),
    });
    const before = await engineState();
    const calls: Array<[string, unknown[]]> = [
      ['dockerWorkbench.image.build', [vscode.Uri.file(path.join(dir, 'Dockerfile')), { tag, contextDir: dir, buildArgs: [] }]],
      ['dockerWorkbench.image.run', [TEST_IMAGE, { labels: { [TEST_LABEL]: '1' }, ports: [], interactive: false, name: '', network: '', env: [], isolation: '', cmd: ['sleep', '60'] }]],
      ['dockerWorkbench.image.runLast', [TEST_IMAGE]],
      ['dockerWorkbench.compose.up', [vscode.Uri.file(path.join(dir, 'compose.yaml'))]],
      ['dockerWorkbench.compose.down', [vscode.Uri.file(path.join(dir, 'compose.yaml'))]],
      ['dockerWorkbench.image.load', [vscode.Uri.file(tar)]],
    ];
    for (const [command, args] of calls) {
      // Refused means answered at once: a command that went on would ask, build or load first.
      const outcome = await Promise.race([
        vscode.commands.executeCommand(command, ...args).then((result) => ({ result })),
        new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 10_000)),
      ]);
      assert.notEqual(outcome, 'still running', `${command} went on in Restricted Mode`);
      assert.deepEqual(outcome, { result: undefined }, `${command} returned something in Restricted Mode`);
    }
    assert.deepEqual(await engineState(), before, 'the engine changed');
  });

  it('what does not read the workspace still works: the explorer lists the engine', async function () {
    const images = await waitFor('images listed', async () => {
      const nodes = await a.explorer.images.getChildren();
      return nodes.some((n) => n.kind === 'image' && n.image.repoTags.includes(TEST_IMAGE)) ? nodes : undefined;
    });
    assert.ok(images.length > 0);
  });
});
