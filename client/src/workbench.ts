// The second bundle (dist/workbench.js): the engine session, the explorer views, the Contexts view
// and engine status bar, and the command handlers. The activation bundle (extension.ts) loads it
// just after activate() returned, or at once when a command or the API needs it sooner. What it
// needs from the activation half comes in as arguments (settings, the link to the language server).
import * as vscode from 'vscode';
import type { DockerWorkbenchApi } from './api';
import { commandTable } from './commands';
import { HINT_SHOWN_KEY, registerLinuxEngineHint } from './companion/linuxEngineHint';
import { runMemoryTestHooks } from './commands/runMemory';
import type { Config } from './config';
import { registerExplorer } from './explorer';
import { ContextChoice, registerContexts } from './explorer/contexts';
import { EngineSession } from './explorer/session';
import type { ServerLink } from './link';
import { taskProviders } from './tasks';
import { trackWalkthrough } from './companion/walkthrough/track';

export interface Workbench {
  /** Runs a contributed command (the activation bundle registered a forwarder for each). */
  run(id: string, args: unknown[]): Promise<unknown>;
  readonly api: DockerWorkbenchApi;
  /** The contributed task types' providers (the activation bundle registered a forwarder for each). */
  readonly tasks: Readonly<Record<string, vscode.TaskProvider>>;
}

export function startWorkbench(context: vscode.ExtensionContext, config: Config, server: ServerLink): Workbench {
  const choice = new ContextChoice(context.workspaceState);
  const session = new EngineSession({
    hostSetting: () => config.engineHost,
    contextChoice: () => choice.resolveOptions(),
    onHost: (host) => server.setEngineHost(host),
    onImageEnv: (images) => server.setImageEnv(images),
  });
  context.subscriptions.push(
    session,
    choice,
    // A different endpoint is a different engine: connect again.
    config.onDidChangeEngineHost(() => {
      if (session.state.kind !== 'idle') void session.retry().catch(() => undefined);
    }),
    // The server names the open Dockerfiles' base images; the session answers from the engine.
    server.onDidRequestImages((references) => session.setWantedImages(references)),
  );
  if (server.wantedImages.length > 0) session.setWantedImages(server.wantedImages);
  const explorer = registerExplorer(context, session, registerContexts(context, session, choice, () => config.engineHost));
  const table = commandTable(context, session, explorer, server);
  context.subscriptions.push(registerLinuxEngineHint(context, session, () => table.deps.ui));
  const walkthrough = trackWalkthrough(session, server);
  context.subscriptions.push(walkthrough.disposable);
  // The host reaches the server even if no Docker Workbench view is ever opened. Silent on
  // failure: the session's error state is what the views and the status bar show.
  void session.ensureStarted().catch(() => undefined);
  // Only our own tests may answer our questions: a modal confirmation (Remove, Reveal Secret
  // Values) answered by another extension confirms nothing.
  const testing = context.extensionMode === vscode.ExtensionMode.Test;
  const api: DockerWorkbenchApi = {
    session,
    explorer,
    get ui() {
      return table.deps.ui;
    },
    setUi(ui) {
      if (!testing) throw new Error("Docker Workbench's prompts can be replaced only by its own tests.");
      const previous = table.deps.ui;
      table.deps.ui = ui;
      return previous;
    },
    test: runMemoryTestHooks(context),
    walkthrough: { keys: () => [...walkthrough.progress.keys], reset: testing ? () => walkthrough.progress.reset() : undefined },
    // Once per workspace: only the extension's tests may show it again.
    linuxEngineHint: testing ? { reset: async () => context.workspaceState.update(HINT_SHOWN_KEY, undefined) } : undefined,
  };
  return { run: (id, args) => table.run(id, args), api, tasks: taskProviders(table.deps) };
}
