// Composes the extension: settings, the context owning the language client, the engine session,
// the explorer views over it and the command table. Nothing else lives here.
import * as vscode from 'vscode';
import type { DockerWorkbenchApi } from './api';
import { registerCommands } from './commands';
import { runMemoryTestHooks } from './commands/runMemory';
import { Config } from './config';
import { Ctx } from './ctx';
import { registerExplorer } from './explorer';
import { ContextChoice, registerContexts } from './explorer/contexts';
import { EngineSession } from './explorer/session';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<DockerWorkbenchApi> {
  const config = new Config();
  ctx = new Ctx(context, config);
  const owner = ctx;
  const choice = new ContextChoice(context.workspaceState);
  const session = new EngineSession({
    hostSetting: () => config.engineHost,
    contextChoice: () => choice.resolveOptions(),
    onHost: (host) => owner.setEngineHost(host),
    onImageEnv: (images) => owner.setImageEnv(images),
  });
  context.subscriptions.push(
    config,
    ctx,
    session,
    choice,
    // A different endpoint is a different engine: connect again.
    config.onDidChangeEngineHost(() => {
      if (session.state.kind !== 'idle') void session.retry().catch(() => undefined);
    }),
    // The server names the open Dockerfiles' base images; the session answers from the engine.
    owner.onDidRequestImages((references) => session.setWantedImages(references)),
  );
  const explorer = registerExplorer(context, session, registerContexts(context, session, choice, () => config.engineHost));
  const deps = registerCommands(context, session, explorer, owner);
  // In the background, alongside the language server's start: the host reaches the server even
  // if no Docker Workbench view is ever opened. Never awaited (activation does not wait for an
  // engine) and silent on failure: the session's error state is what the views show.
  void session.ensureStarted().catch(() => undefined);
  await ctx.start();
  // Every extension gets this object. Only our own tests may answer our questions: a modal
  // confirmation (Remove, Reveal Secret Values) answered by another extension confirms nothing.
  const testing = context.extensionMode === vscode.ExtensionMode.Test;
  return {
    session,
    explorer,
    get ui() {
      return deps.ui;
    },
    setUi(ui) {
      if (!testing) throw new Error("Docker Workbench's prompts can be replaced only by its own tests.");
      const previous = deps.ui;
      deps.ui = ui;
      return previous;
    },
    test: runMemoryTestHooks(context),
  };
}

export async function deactivate(): Promise<void> {
  await ctx?.stop();
  ctx = undefined;
}
