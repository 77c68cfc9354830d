import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, lines, openDockerfile, waitFor, waitForRules } from './helpers';

describe('activation', () => {
  it('is installed and stays inactive until a Dockerfile opens', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    assert.equal(extension.isActive, false, 'activation must be lazy (onLanguage:dockerfile)');
  });

  it('activates on a Dockerfile and its language server lints it', async () => {
    const document = await openDockerfile(lines('FROM alpine:3.19', 'MAINTAINER someone@example.com', 'CMD ["sh"]'));
    assert.equal(document.languageId, 'dockerfile');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    await waitFor('the extension to activate', () => extension?.isActive);
    // A diagnostic from our source proves the client started the server and the two talk.
    await waitForRules(document, ['MaintainerDeprecated']);
  });

  it('treats *.Dockerfile as a Dockerfile', async () => {
    const document = await openDockerfile(lines('FROM alpine:3.19', 'MAINTAINER someone@example.com'), 'web.Dockerfile');
    assert.equal(document.languageId, 'dockerfile');
    await waitForRules(document, ['MaintainerDeprecated']);
  });
});
