// Checks, in the real extension host, that activation loads only the activation bundle and that
// every contributed command is registered before the workbench bundle loads. Install it before
// the extension activates; check() after something (a Dockerfile opened) activated it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './helpers';
import { watchExtensionLoads, type LoadWatch } from './load-watch';

export class LazyActivationWatch {
  private readonly watch: LoadWatch;
  /** Commands VS Code knew at the moment dist/workbench.js began to load. */
  private commandsAtWorkbenchLoad: Thenable<string[]> | undefined;

  constructor(private readonly extension: vscode.Extension<unknown>) {
    if (extension.isActive) throw new Error(`${extension.id} is already active: install the watch before it activates`);
    const workbench = path.join(extension.extensionPath, 'dist', 'workbench.js');
    this.watch = watchExtensionLoads(extension.extensionPath, String((extension.packageJSON as { main?: unknown }).main), (file) => {
      // The request goes out now, ahead of anything the workbench could register as it loads.
      if (path.basename(file) === path.basename(workbench)) this.commandsAtWorkbenchLoad ??= vscode.commands.getCommands(true);
    });
  }

  async check(): Promise<void> {
    try {
      await waitFor('activate() to resolve', () => this.watch.activateResolvedAt !== undefined);
      const root = this.extension.extensionPath;
      const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
      // Real paths on both sides: the extension folder may be reached through a link.
      const atActivation = this.watch.loadedBeforeActivation().map((f) => path.basename(f.file));
      assert.deepEqual(atActivation, ['client.js'], `activation loaded ${this.watch.loadedBeforeActivation().map((f) => rel(f.file)).join(', ')}`);
      // Nothing asks for it here (no command, no view): it loads by itself just after activation.
      await waitFor('dist/workbench.js to load after activation', () => this.watch.files.some((f) => path.basename(f.file) === 'workbench.js'));
      const known = new Set(await (this.commandsAtWorkbenchLoad as Thenable<string[]>));
      const contributed = ((this.extension.packageJSON as { contributes?: { commands?: Array<{ command: string }> } }).contributes?.commands ?? []).map((c) => c.command);
      assert.ok(contributed.length >= 30, `only ${contributed.length} contributed commands`);
      assert.deepEqual(
        contributed.filter((id) => !known.has(id)),
        [],
        'contributed commands without a handler before the workbench bundle loaded',
      );
    } finally {
      this.watch.dispose();
    }
  }
}
