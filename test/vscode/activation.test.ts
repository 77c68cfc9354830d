import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DockerWorkbenchActivation } from '../../client/src/api';
import { EXTENSION_ID, lines, openDockerfile, waitFor, waitForRules, workspaceDir } from './helpers';
import { LazyActivationWatch } from './lazy-activation';

describe('activation', () => {
  let lazy: LazyActivationWatch | undefined;

  it('is installed and stays inactive until a Dockerfile opens', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    assert.equal(extension.isActive, false, 'activation must be lazy (onLanguage:dockerfile)');
    lazy = new LazyActivationWatch(extension);
  });

  it('activates on a Dockerfile and its language server lints it', async () => {
    const document = await openDockerfile(lines('FROM alpine:3.19', 'MAINTAINER someone@example.com', 'CMD ["sh"]'));
    assert.equal(document.languageId, 'dockerfile');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    await waitFor('the extension to activate', () => extension?.isActive);
    // A diagnostic from our source proves the client started the server and the two talk.
    await waitForRules(document, ['MaintainerDeprecated']);
  });

  it('loads only dist/client.js until activate() resolved, every command registered before dist/workbench.js loads', async () => {
    assert.ok(lazy, 'the first test did not install the watch');
    await lazy.check();
    // The API's ready() gives the workbench's members once it has loaded.
    const activation = vscode.extensions.getExtension<DockerWorkbenchActivation>(EXTENSION_ID)?.exports;
    assert.ok(activation, 'activate() returned nothing');
    const api = await activation.ready();
    assert.equal(typeof api.session.ensureStarted, 'function');
    assert.ok(api.explorer.treeViews.containers, 'the Containers view has no provider');
  });

  it("starts the language server with Node's compile cache in the extension's global storage", async function () {
    // code-server's user data folder is RUN/user, beside the workspace RUN/ws (scripts/lib/extension-tests.mjs).
    const globalStorage = path.join(path.dirname(workspaceDir()), 'user', 'User', 'globalStorage');
    const folder = fs.readdirSync(globalStorage).find((name) => name.toLowerCase() === EXTENSION_ID.toLowerCase());
    assert.ok(folder, `no global storage folder for ${EXTENSION_ID} in ${globalStorage}`);
    const cache = path.join(globalStorage, folder, 'server-compile-cache');
    // Node makes the folder, and one for its own version inside, as the server process starts.
    const versions = await waitFor('the compile cache folder', () => (fs.existsSync(cache) && fs.readdirSync(cache).length > 0 ? fs.readdirSync(cache) : undefined));
    assert.ok(versions.some((name) => name.startsWith(`${process.version}-`)), `the cache holds ${versions.join(', ')}, not one for ${process.version}`);
  });

  it('forks a new server when its process dies, and the new one lints', async function () {
    const document = await openDockerfile(lines('FROM alpine:3.19', 'MAINTAINER someone@example.com'), 'restart.Dockerfile');
    await waitForRules(document, ['MaintainerDeprecated']);
    const before = serverProcesses();
    assert.equal(before.length, 1, `language server processes of this extension host: ${before.join(', ')}`);
    process.kill(before[0], 'SIGKILL');
    const after = await waitFor('a new server process', () => {
      const now = serverProcesses();
      return now.length === 1 && now[0] !== before[0] ? now : undefined;
    });
    assert.ok(!serverProcesses().includes(before[0]));
    // The new process has none of the old one's documents until the client opens them again: a change shows it lints.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(2, 0), 'RUNN echo restarted\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForRules(document, ['MaintainerDeprecated', 'unknown-instruction']);
    assert.deepEqual(serverProcesses(), after);
  });

  it('treats *.Dockerfile as a Dockerfile', async () => {
    const document = await openDockerfile(lines('FROM alpine:3.19', 'MAINTAINER someone@example.com'), 'web.Dockerfile');
    assert.equal(document.languageId, 'dockerfile');
    await waitForRules(document, ['MaintainerDeprecated']);
  });
});

/** Pids of this extension host's child processes running a dist/server.js (Linux: /proc). */
function serverProcesses(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the second field after the command name in parentheses.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent !== process.pid) continue;
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (command.some((arg) => arg.endsWith(path.join('dist', 'server.js')))) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}
