import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DockerWorkbenchActivation } from '../../client/src/api';
import { EXTENSION_ID, lines, openDockerfile, waitFor, waitForRules } from './helpers';
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

  it("starts the language server with its code caches in the user's cache folder", async function () {
    // code-server's runs set XDG_CACHE_HOME inside the run (scripts/lib/code-server.mjs); the extension host inherits it.
    const xdg = process.env.XDG_CACHE_HOME;
    assert.ok(xdg && path.isAbsolute(xdg), `XDG_CACHE_HOME is ${xdg}`);
    const cache = path.join(xdg, 'docker-workbench');
    // Node makes a folder for its own version as the server process starts; the server writes the
    // cache of its whole bundle, for this V8, a second after its first diagnostics.
    const bundleCache = `server-${process.versions.v8}-${process.arch}.v8cache`;
    const names = await waitFor('the code caches', () => {
      const now = fs.existsSync(cache) ? fs.readdirSync(cache) : [];
      return now.includes(bundleCache) && now.some((name) => name.startsWith(`${process.version}-`)) ? now : undefined;
    });
    assert.ok(fs.statSync(path.join(cache, bundleCache)).size > 100_000, `${bundleCache} holds little (${names.join(', ')})`);
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

/** Pids of this extension host's child processes running the language server, dist/server-start.js (Linux: /proc). */
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
      if (command.some((arg) => arg.endsWith(path.join('dist', 'server-start.js')))) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}
