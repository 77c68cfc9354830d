import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sectionJson } from '../../client/src/config';
import { closeAll, lines, openDockerfile, setSetting, waitForRules } from './helpers';
import { LINUX_ENGINE } from './fixtures';

describe('dockerWorkbench.windows settings change the diagnostics live', () => {
  after(async () => {
    await closeAll();
    await setSetting('windows.hostBuild', undefined);
    await setSetting('windows.isolation', undefined);
  });

  it('hostBuild and isolation turn windows-host-mismatch on and off without reopening the file', async () => {
    await setSetting('windows.hostBuild', undefined);
    await setSetting('windows.isolation', undefined);
    // MAINTAINER gives a steady second finding, so "no host finding" is a linted state, not "not linted yet".
    // LINUX_ENGINE is the local engine's verdict; the settings describe the deployment host apart from it.
    const document = await openDockerfile(lines('FROM mcr.microsoft.com/windows/servercore:ltsc2019', 'MAINTAINER ops@example.com'));
    await waitForRules(document, ['MaintainerDeprecated', LINUX_ENGINE]);

    await setSetting('windows.hostBuild', '20348');
    await waitForRules(document, ['MaintainerDeprecated', 'windows-host-mismatch', LINUX_ENGINE]);

    // Hyper-V isolation runs an older image on a newer host.
    await setSetting('windows.isolation', 'hyperv');
    await waitForRules(document, ['MaintainerDeprecated', LINUX_ENGINE]);

    await setSetting('windows.isolation', 'process');
    await waitForRules(document, ['MaintainerDeprecated', 'windows-host-mismatch', LINUX_ENGINE]);

    // The image's own build on the host: process isolation runs it.
    await setSetting('windows.hostBuild', '10.0.17763');
    await waitForRules(document, ['MaintainerDeprecated', LINUX_ENGINE]);

    // Server 2016's build is older than the image: nothing runs it.
    await setSetting('windows.hostBuild', '14393');
    const found = await waitForRules(document, ['MaintainerDeprecated', 'windows-host-mismatch', LINUX_ENGINE]);
    assert.equal(found.length, 3);
  });
});

describe("the server's pulls of the dockerWorkbench section", () => {
  after(async () => {
    await setSetting('rules', undefined);
    await setSetting('windows.hostBuild', undefined);
    await setSetting('lint.debounceMs', undefined);
  });

  it('are answered from the section itself with what vscode-languageclient reads from the root of the configuration', async () => {
    await setSetting('rules', { MaintainerDeprecated: 'error', 'exec-form-invalid-json': 'off' });
    await setSetting('windows.hostBuild', '20348');
    await setSetting('lint.debounceMs', 120);
    // vscode-languageclient's own answer to a pull of a section without a dot (its toJSONObject, as JSON).
    const fromRoot: unknown = JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(undefined, undefined).get('dockerWorkbench')));
    const answered = sectionJson(undefined);
    assert.deepEqual(answered, fromRoot);
    assert.deepEqual((answered as { rules?: unknown }).rules, { MaintainerDeprecated: 'error', 'exec-form-invalid-json': 'off' });
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the suite runs in a folder');
    assert.deepEqual(sectionJson(folder), JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(undefined, folder).get('dockerWorkbench'))));
  });
});
