// Secrets in real VS Code against the private engine: Inspect hides secret-looking values from the
// text document every extension can read, and shows them only after Reveal asked; Run keeps the
// environment's values in SecretStorage, never in workspace state, moving old plaintext out.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DockerWorkbenchApi } from '../../client/src/api';
import type { RunOutcome } from '../../client/src/commands/run';
import { LAST_RUN_KEY, SECRETS_ID_KEY, SECRET_KEY_PREFIX, type RunMemoryTestHooks } from '../../client/src/commands/runMemory';
import { runContainer, type EngineClient } from './engine-ops';
import { ENGINE_MS, ScriptedUi, scriptedUiPerTest, TEST_IMAGE, TEST_LABEL, api, removeTestContainers, uniqueName } from './engine-helpers';

const labels = { [TEST_LABEL]: '1' };

async function envOf(client: EngineClient, id: string): Promise<string[]> {
  const info = (await client.docker.getContainer(id).inspect()) as { Config: { Env: string[] | null } };
  return info.Config.Env ?? [];
}

describe('secrets: Inspect hides them, Run keeps them in SecretStorage', function () {
  this.timeout(ENGINE_MS);
  let a: DockerWorkbenchApi;
  let hooks: RunMemoryTestHooks;
  let ui: ScriptedUi;
  let client: EngineClient;
  // Unique per run, so nothing left from an earlier run can make a check pass.
  const nonce = `${process.pid}${Math.floor(Math.random() * 1e6)}`;

  before(async function () {
    assert.ok(process.env.DOCKER_HOST, 'DOCKER_HOST is not set in the extension host');
    a = await api();
    assert.ok(a.test, 'the extension runs in ExtensionMode.Test, so its test hooks are there');
    hooks = a.test;
    client = await a.session.requireClient();
  });

  scriptedUiPerTest((fresh) => (ui = fresh));

  after(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeTestContainers(client).catch(() => undefined);
  });

  it('Inspect hides DB_PASSWORD and API_KEY from the document; Reveal asks first, then shows them', async () => {
    const password = `pw-${nonce}=with=equals`;
    const apiKey = `key-${nonce}`;
    const name = uniqueName('secret');
    const created = await runContainer(client, {
      image: TEST_IMAGE,
      name,
      env: [`DB_PASSWORD=${password}`, `API_KEY=${apiKey}`, `MODE=plain-${nonce}`],
      labels: { ...labels, 'com.example.auth-token': `label-${nonce}` },
      cmd: ['sleep', '300'],
      createOnly: true,
    });

    const uri = (await vscode.commands.executeCommand('dockerWorkbench.inspect', { kind: 'container', id: created.id })) as vscode.Uri;
    assert.ok(uri, `inspect failed: ${ui.errors.join('; ')}`);
    const doc = await vscode.workspace.openTextDocument(uri);
    const text = doc.getText();
    for (const secret of [`pw-${nonce}`, apiKey, `label-${nonce}`]) assert.ok(!text.includes(secret), `${secret} is in the Inspect document`);
    const shown = JSON.parse(text) as { Config: { Env: string[]; Labels: Record<string, string> } };
    assert.ok(shown.Config.Env.includes(`MODE=plain-${nonce}`), 'a variable that is no secret is shown');
    assert.ok(shown.Config.Env.some((e) => /^DB_PASSWORD=<hidden; Reveal Secret Values in Inspect shows it>$/.test(e)), `says how to reveal: ${shown.Config.Env.join(' | ')}`);
    // What another extension sees: every open document's text, and any URI of our scheme it opens.
    for (const d of vscode.workspace.textDocuments) assert.ok(!d.getText().includes(apiKey), `${d.uri.toString()} holds the key`);
    const crafted = await vscode.workspace.openTextDocument(uri.with({ path: uri.path.replace(/\.json$/, ' (secret values shown).json'), query: 'shown=guess' }));
    assert.ok(!crafted.getText().includes(apiKey), 'a URI Reveal did not grant shows nothing hidden');

    // Reveal on the active Inspect document: asked (modal), cancelled, nothing shown.
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    ui.answer('inspect.reveal', undefined);
    assert.equal(await vscode.commands.executeCommand('dockerWorkbench.inspect.revealSecrets'), undefined);
    const asked = ui.confirms.at(-1);
    assert.equal(asked?.id, 'inspect.reveal');
    assert.match(asked?.message ?? '', /^Show the 3 hidden values of .+ in clear\?$/);
    assert.match(asked?.detail ?? '', /other installed extension can read/);
    for (const d of vscode.workspace.textDocuments) assert.ok(!d.getText().includes(apiKey), 'cancelled: no document shows the key');

    ui.answer('inspect.reveal', 'Show Values');
    const revealedUri = (await vscode.commands.executeCommand('dockerWorkbench.inspect.revealSecrets', uri)) as vscode.Uri;
    assert.ok(revealedUri, `reveal failed: ${ui.errors.join('; ')}`);
    const revealed = JSON.parse((await vscode.workspace.openTextDocument(revealedUri)).getText()) as { Config: { Env: string[]; Labels: Record<string, string> } };
    assert.ok(revealed.Config.Env.includes(`DB_PASSWORD=${password}`), 'the value, = signs and all');
    assert.ok(revealed.Config.Env.includes(`API_KEY=${apiKey}`));
    assert.equal(revealed.Config.Labels['com.example.auth-token'], `label-${nonce}`);
    // The masked document stays masked.
    assert.ok(!(await vscode.workspace.openTextDocument(uri)).getText().includes(apiKey));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Run keeps the environment values in SecretStorage, only the names in workspace state; the next Run offers them', async () => {
    const secret = `secret-${nonce}`;
    ui.answer('run.ports', '').answer('run.mode', 'Detached').answer('run.name', uniqueName('env')).answer('run.network', 'default').answer('run.env', `A=${secret} MODE=x`);
    const run = (await vscode.commands.executeCommand('dockerWorkbench.image.run', TEST_IMAGE, { labels, cmd: ['sleep', '300'] })) as RunOutcome | undefined;
    assert.ok(run, `run failed: ${ui.errors.join('; ')}`);
    assert.ok((await envOf(client, run.id)).includes(`A=${secret}`));

    const state = hooks.workspaceState;
    for (const key of state.keys()) assert.ok(!JSON.stringify(state.get(key)).includes(secret), `workspace state ${key} holds the value`);
    assert.deepEqual((state.get(LAST_RUN_KEY) as { envNames: string[] }).envNames, ['A', 'MODE']);
    const id = state.get<string>(SECRETS_ID_KEY);
    assert.ok(id, 'the workspace has its SecretStorage id');
    assert.ok((await hooks.secrets.get(SECRET_KEY_PREFIX + id))?.includes(`A=${secret}`), 'SecretStorage holds the value');

    // The next Run of the image offers the same environment (cancelled there: nothing runs).
    ui.answer('run.ports', '').answer('run.mode', 'Detached').answer('run.name', '').answer('run.network', 'default').answer('run.env', undefined);
    assert.equal(await vscode.commands.executeCommand('dockerWorkbench.image.run', TEST_IMAGE, { labels, cmd: ['sleep', '300'] }), undefined);
    assert.equal(ui.inputs.filter((i) => i.id === 'run.env').at(-1)?.value, `A=${secret} MODE=x`);

    // Run with Last Options repeats the values, from SecretStorage.
    const again = (await vscode.commands.executeCommand('dockerWorkbench.image.runLast')) as RunOutcome | undefined;
    assert.ok(again, `run last failed: ${ui.errors.join('; ')}`);
    assert.ok((await envOf(client, again.id)).includes(`A=${secret}`));
  });

  it('moves plaintext values an older version left in workspace state to SecretStorage; asks again when they are gone', async () => {
    const legacy = `legacy-${nonce}`;
    await hooks.workspaceState.update(LAST_RUN_KEY, { ports: [], interactive: false, name: '', network: '', env: [`A=${legacy}`], isolation: '', cmd: ['sleep', '300'], labels, image: TEST_IMAGE });
    await hooks.reload();
    const stored = hooks.workspaceState.get(LAST_RUN_KEY) as Record<string, unknown>;
    assert.ok(!JSON.stringify(stored).includes(legacy), `still in workspace state: ${JSON.stringify(stored)}`);
    assert.equal(stored.env, undefined);
    assert.deepEqual(stored.envNames, ['A']);
    const key = SECRET_KEY_PREFIX + hooks.workspaceState.get<string>(SECRETS_ID_KEY);
    assert.ok((await hooks.secrets.get(key))?.includes(`A=${legacy}`), 'moved to SecretStorage');
    const again = (await vscode.commands.executeCommand('dockerWorkbench.image.runLast')) as RunOutcome | undefined;
    assert.ok(again, `run last failed: ${ui.errors.join('; ')}`);
    assert.ok((await envOf(client, again.id)).includes(`A=${legacy}`));

    // SecretStorage cleared (another machine, a wiped keychain): Run with Last Options asks for
    // the values, offering the names.
    await hooks.secrets.delete(key);
    ui.answer('run.env', undefined);
    assert.equal(await vscode.commands.executeCommand('dockerWorkbench.image.runLast'), undefined);
    assert.equal(ui.inputs.at(-1)?.value, 'A=');
  });
});
