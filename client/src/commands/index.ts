// The command table: every family's commands, run from one place with one error policy.
// A failure never escapes as an unhandled rejection: it becomes a message a person can act on
// (with Retry / Open Settings when the engine itself is the problem). The commands are registered
// with VS Code at activation, before this code is loaded (../lazy.ts, from the manifest); each
// forwards to `run` here.
import * as vscode from 'vscode';
import { EngineError } from '../engine';
import type { Explorer } from '../explorer';
import type { EngineSession } from '../explorer/session';
import { browserCommands } from './browser';
import { buildCommands } from './build';
import { composeCommands } from './compose';
import { CONTEXT_SCHEME, ContextDocuments, contextsCommands } from './contexts';
import { diagnoseCommands } from './diagnose';
import { filesCommands } from './files';
import { infoCommands } from './info';
import { INSPECT_SCHEME, InspectDocuments, inspectCommands } from './inspect';
import { lifecycleCommands } from './lifecycle';
import { logsCommands, stopAllLogs } from './logs';
import { READING_SCHEME, ReadingDocuments, readingCommands } from './reading';
import { runCommands } from './run';
import { runMemory } from './runMemory';
import { saveLoadCommands } from './saveLoad';
import { scaffoldCommands } from './scaffold';
import { shellCommands } from './shell';
import { allowedHere } from './trust';
import type { CommandSpec, Deps, LanguageServer } from './types';
import { vscodeUi, type Ui } from './ui';

export type { Ui } from './ui';
export type { Deps } from './types';

export const COMMANDS: readonly CommandSpec[] = [
  ...buildCommands,
  ...runCommands,
  ...inspectCommands,
  ...lifecycleCommands,
  ...logsCommands,
  ...shellCommands,
  ...browserCommands,
  ...saveLoadCommands,
  ...composeCommands,
  ...infoCommands,
  ...readingCommands,
  ...contextsCommands,
  ...scaffoldCommands,
  ...filesCommands,
  ...diagnoseCommands,
];

/** Shows a command's failure; cancelling (by the user) is not a failure. */
export async function reportFailure(ui: Ui, err: unknown): Promise<void> {
  if (err instanceof EngineError) {
    if (err.kind === 'cancelled') return;
    const choice = await ui.error(err.message, ...(err.isConnectionError ? ['Retry', 'Open Settings'] : []));
    if (choice === 'Retry') void vscode.commands.executeCommand('dockerWorkbench.engine.retry');
    if (choice === 'Open Settings') void vscode.commands.executeCommand('dockerWorkbench.engine.openSettings');
    return;
  }
  await ui.error(err instanceof Error ? err.message : String(err));
}

export interface CommandTable {
  deps: Deps;
  /** Runs the command `id` with the error policy above; an id not in COMMANDS is an error. */
  run(id: string, args: unknown[]): Promise<unknown>;
}

export function commandTable(context: vscode.ExtensionContext, session: EngineSession, explorer: Explorer, server: LanguageServer): CommandTable {
  const channels = new Map<string, vscode.OutputChannel>();
  const buildDiagnostics = vscode.languages.createDiagnosticCollection('docker-workbench-build');
  const deps: Deps = {
    extension: context,
    session,
    explorer,
    ui: vscodeUi,
    channel(name) {
      let c = channels.get(name);
      if (!c) {
        c = vscode.window.createOutputChannel(name);
        channels.set(name, c);
      }
      return c;
    },
    buildDiagnostics,
    server,
  };
  const documents = new InspectDocuments(() => deps);
  // Now rather than at the next Run: environment values an older version kept in plaintext
  // workspace state move to SecretStorage.
  void runMemory(context).ready.catch(() => undefined);
  const readings = new ReadingDocuments(server);
  context.subscriptions.push(
    buildDiagnostics,
    documents,
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, documents),
    readings,
    vscode.workspace.registerTextDocumentContentProvider(READING_SCHEME, readings),
    vscode.workspace.registerTextDocumentContentProvider(CONTEXT_SCHEME, new ContextDocuments()),
    { dispose: () => channels.forEach((c) => c.dispose()) },
    { dispose: stopAllLogs },
  );
  const specs = new Map(COMMANDS.map((spec) => [spec.id, spec]));
  return {
    deps,
    async run(id, args) {
      const spec = specs.get(id);
      try {
        if (spec === undefined) throw new Error(`Docker Workbench has no command ${id}.`);
        if (!allowedHere(spec, deps)) return undefined;
        return await spec.run(deps, ...args);
      } catch (err) {
        // Not awaited: a test (or a user) should not wait on a notification being dismissed.
        void reportFailure(deps.ui, err);
        return undefined;
      }
    },
  };
}
