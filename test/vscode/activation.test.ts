import * as assert from 'node:assert/strict';
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

  it('treats *.Dockerfile as a Dockerfile', async () => {
    const document = await openDockerfile(lines('FROM alpine:3.19', 'MAINTAINER someone@example.com'), 'web.Dockerfile');
    assert.equal(document.languageId, 'dockerfile');
    await waitForRules(document, ['MaintainerDeprecated']);
  });
});
