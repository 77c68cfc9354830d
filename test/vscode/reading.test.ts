// "Show How Docker Reads This Dockerfile" in real VS Code: the command opens a read-only view
// beside the Dockerfile, the view follows edits, and moving to a line of the view selects that
// instruction in the Dockerfile.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, lines, openDockerfile, waitFor } from './helpers';

const READING_SCHEME = 'docker-workbench-reading';

function readingEditor(): vscode.TextEditor | undefined {
  return vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === READING_SCHEME);
}

describe('Show How Docker Reads This Dockerfile', () => {
  after(closeAll);

  it('opens beside the Dockerfile, follows its edits, and reveals the source of a clicked instruction', async () => {
    const document = await openDockerfile(
      lines(
        '# An IIS site',
        '# escape=`',
        'FROM mcr.microsoft.com/windows/servercore:ltsc2019',
        'COPY site/ c:\\inetpub\\wwwroot\\',
        'EXPOSE 80',
        'ENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]',
      ),
    );
    const source = vscode.window.activeTextEditor;
    assert.equal(source?.document, document);
    const viewUri = await vscode.commands.executeCommand<vscode.Uri>('dockerWorkbench.showHowDockerReads');
    assert.equal(viewUri?.scheme, READING_SCHEME);
    const view = await waitFor('the reading beside the Dockerfile', () => readingEditor());
    assert.notEqual(view.viewColumn, source?.viewColumn, 'the view opens in another column');
    // The Dockerfile keeps the focus: the user goes on typing in it.
    assert.equal(vscode.window.activeTextEditor?.document, document);
    const text = view.document.getText();
    assert.match(text, /"# escape=`" is not at the top of the file, so Docker reads it as a plain comment/);
    assert.match(text, /^L4-5 +COPY site\/ c:\\inetpub\\wwwrootEXPOSE 80$/m);
    assert.match(text, /line 5 starts with EXPOSE, but Docker reads it as part of this COPY/);
    assert.match(text, /runs: cmd \/S \/C \["C:\\ServiceMonitor\.exe", "w3svc"\]/);
    // Read-only: VS Code cannot save it back.
    assert.equal(view.document.uri.scheme, READING_SCHEME);

    // Move the escape directive to the top: the view follows.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, 2, 0), '# escape=`\n# An IIS site\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the view to follow the edit', () => /escape character ` \(set by the escape directive on line 1\)/.test(view.document.getText()));
    const updated = view.document.getText();
    assert.match(updated, /^L4 +COPY site\/ c:\\inetpub\\wwwroot\\$/m);
    assert.match(updated, /^L5 +EXPOSE 80$/m);

    // Click (move the cursor) on the ENTRYPOINT line of the view: the Dockerfile selects it.
    const viewLines = view.document.getText().split('\n');
    const entryLine = viewLines.findIndex((l) => /^L6 +ENTRYPOINT/.test(l));
    assert.ok(entryLine > 0, view.document.getText());
    view.selection = new vscode.Selection(entryLine, 3, entryLine, 3);
    const sourceEditor = await waitFor('the ENTRYPOINT selected in the Dockerfile', () => {
      const e = vscode.window.visibleTextEditors.find((x) => x.document === document);
      return e !== undefined && e.selection.start.line === 5 && !e.selection.isEmpty ? e : undefined;
    });
    assert.equal(document.getText(sourceEditor.selection), 'ENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]');
  });

  it('says so instead of failing when the active editor is not a Dockerfile', async () => {
    await closeAll();
    const doc = await vscode.workspace.openTextDocument({ content: 'plain text', language: 'plaintext' });
    await vscode.window.showTextDocument(doc);
    const activation = vscode.extensions.getExtension('docker-workbench.docker-workbench')?.exports as
      | { ready(): Promise<{ setUi(ui: unknown): unknown; ui: Record<string, unknown> }> }
      | undefined;
    assert.ok(activation);
    const api = await activation.ready();
    const errors: string[] = [];
    const previous = api.setUi({ ...api.ui, error: (message: string) => (errors.push(message), Promise.resolve(undefined)) });
    try {
      const result = await vscode.commands.executeCommand('dockerWorkbench.showHowDockerReads');
      assert.equal(result, undefined);
      assert.deepEqual(errors, ['Open a Dockerfile to see how Docker reads it.']);
      assert.equal(readingEditor(), undefined);
    } finally {
      api.setUi(previous);
      // An untitled document with text would make "save all" in closeAll ask where to save it.
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
