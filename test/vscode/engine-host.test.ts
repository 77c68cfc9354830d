// The host the Windows rules judge against comes from the engine even for a user who never opens
// a Docker Workbench view: activation connects in the background. Runs right after activation,
// before anything else could have shown a view or run a command.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DockerWorkbenchApi } from '../../client/src/api';
import { ENGINE_MS, ScriptedUi, api, setHostSetting } from './engine-helpers';
import { LINUX_ENGINE } from './fixtures';
import { closeAll, lines, openDockerfile, waitFor, waitForRules } from './helpers';

const NANO = 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022';

function noViewShown(a: DockerWorkbenchApi): void {
  for (const [kind, view] of Object.entries(a.explorer.treeViews)) assert.equal(view.visible, false, `the ${kind} view was shown`);
}

describe('the engine host reaches the language server without the Docker Workbench view', function () {
  this.timeout(ENGINE_MS);
  let a: DockerWorkbenchApi;
  let document: vscode.TextDocument;

  before(async () => {
    assert.ok(process.env.DOCKER_HOST, 'DOCKER_HOST is not set in the extension host: the vscode tier must give code-server the private engine');
    a = await api();
  });

  after(async () => {
    await setHostSetting(undefined);
    await closeAll();
  });

  it('opening a Windows Dockerfile is enough: the Linux engine found at activation reports the Windows image', async () => {
    noViewShown(a);
    document = await openDockerfile(lines(NANO, 'MAINTAINER ops@example.com'));
    // Only the engine can say "linux" (settings name Windows builds only): this finding is the
    // engine's host having reached the server.
    await waitForRules(document, ['MaintainerDeprecated', LINUX_ENGINE], 30_000);
    assert.equal(a.session.state.kind, 'connected');
    const client = await a.session.requireClient();
    assert.equal(client.endpoint.url, process.env.DOCKER_HOST);
    assert.equal(a.session.platform?.osType, 'linux');
    noViewShown(a);
  });

  it('with no engine reachable (the host setting at a missing socket) linting goes on, the views and commands say why', async () => {
    const missing = `unix://${path.join(os.tmpdir(), `dw-no-engine-${process.pid}`, 'docker.sock')}`;
    const previousUi = a.setUi(new ScriptedUi());
    try {
      await setHostSetting(missing);
      await waitFor('the session to fail on the missing socket', () => a.session.state.kind === 'error' && a.session.endpointUrl === missing, 15_000);
      const state = a.session.state;
      assert.ok(state.kind === 'error' && state.error.kind === 'socket-missing', state.kind === 'error' ? `${state.error.kind}: ${state.error.message}` : state.kind);
      // The engine's facts are unknown now: its finding goes, linting itself carries on.
      await waitForRules(document, ['MaintainerDeprecated']);
      const other = await openDockerfile(lines(NANO, 'CMD ["C:\\temp\\run.exe"]'));
      await waitForRules(other, ['exec-form-control-escape']);
      // The views are empty (their welcome offers Retry and Open Settings) under the error message.
      assert.deepEqual(await a.explorer.containers.getChildren(), []);
      assert.equal(a.explorer.treeViews.containers.message, state.error.message);
      assert.match(state.error.message, /docker\.sock|socket/i);
      // A command says the same, and never throws.
      const ui = new ScriptedUi();
      a.setUi(ui);
      assert.equal(await vscode.commands.executeCommand('dockerWorkbench.engine.info'), undefined);
      assert.equal(ui.errors.at(-1), state.error.message);

      // The setting cleared: DOCKER_HOST again, and the engine's finding is back.
      await setHostSetting(undefined);
      await waitFor('the session to reconnect through DOCKER_HOST', () => a.session.state.kind === 'connected', 20_000);
      await waitForRules(document, ['MaintainerDeprecated', LINUX_ENGINE]);
    } finally {
      a.setUi(previousUi);
    }
  });
});
