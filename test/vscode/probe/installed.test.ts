import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, lines, openDockerfile, waitFor, waitForRules } from '../helpers';
import { LazyActivationWatch } from '../lazy-activation';

describe('the extension installed from the .vsix', () => {
  let lazy: LazyActivationWatch | undefined;

  it('is the installed copy, not the working tree, and is not active yet', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    assert.match(extension.extensionPath, new RegExp(`${EXTENSION_ID.replace('.', '\\.')}-\\d`));
    // --install-extension unpacks real files; the test tiers' own install links them.
    assert.equal(fs.lstatSync(path.join(extension.extensionPath, 'dist')).isSymbolicLink(), false);
    assert.equal(fs.existsSync(path.join(extension.extensionPath, 'dist', 'server.js')), true);
    assert.equal(extension.isActive, false);
    lazy = new LazyActivationWatch(extension);
  });

  it('activates on a Dockerfile and its server reports the seed problems', async () => {
    await vscode.workspace.getConfiguration('dockerWorkbench').update('windows.hostBuild', '20348', vscode.ConfigurationTarget.Workspace);
    const document = await openDockerfile(lines('FROM mcr.microsoft.com/windows/servercore:ltsc2019', 'ENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]'));
    await waitFor('the extension to activate', () => vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    await waitForRules(document, ['exec-form-invalid-json', 'windows-host-mismatch']);
  });

  it('loads only dist/client.js until activate() resolved, every command registered before dist/workbench.js loads', async () => {
    assert.ok(lazy, 'the first test did not install the watch');
    await lazy.check();
  });
});
