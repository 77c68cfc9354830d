// Loads the workbench bundle (dist/workbench.js: the engine layer, explorer and commands) after
// activation, so activate() loads only the settings and the language client; with a Dockerfile
// open, after the server's first diagnostics, since loading it (1.3 MB of JavaScript) would hold
// the extension host up while the server starts and answers. Every command the
// manifest contributes is registered here at activation with a forwarder that loads the workbench
// (at once, if it is not loaded yet) and runs the real handler: the manifest is the one list.
import * as vscode from 'vscode';
import { startupMark } from '../../shared/startupTrace';
import type { DockerWorkbenchApi } from './api';
import type { Config } from './config';
import type { ServerLink } from './link';
import type * as WorkbenchModule from './workbench';

export const WORKBENCH_BUNDLE = 'dist/workbench.js';

export class WorkbenchLoader {
  private loaded: WorkbenchModule.Workbench | undefined;
  private failure: unknown;
  private timer: NodeJS.Immediate | undefined;
  private cap: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly config: Config,
    private readonly server: ServerLink,
  ) {}

  /**
   * Loads it once `first` has settled (the language server's first diagnostics), or after `capMs`
   * whatever happens; a command, a task or the API's ready() loads it at once.
   */
  loadAfter(first: Promise<unknown>, capMs: number): void {
    const go = () => this.loadSoon();
    void first.then(go, go);
    this.cap = setTimeout(go, capMs);
  }

  /** Loads it once the current task is done (after activate() has returned). */
  loadSoon(): void {
    if (this.cap !== undefined) clearTimeout(this.cap);
    this.timer ??= setImmediate(() => {
      try {
        this.load();
      } catch {
        // Reported when a command or the API asks for it (load() throws the same failure again).
      }
    });
  }

  /** The workbench, loaded now if it is not yet; throws what loading it threw. */
  load(): WorkbenchModule.Workbench {
    if (this.loaded !== undefined) return this.loaded;
    if (this.failure !== undefined) throw this.failure;
    if (this.disposed) throw new Error('Docker Workbench is shutting down.');
    try {
      // A path esbuild leaves alone: the workbench is its own bundle, not part of this one.
      const file = this.context.asAbsolutePath(WORKBENCH_BUNDLE);
      startupMark('client: workbench loading');
      const module = require(file) as typeof WorkbenchModule;
      this.loaded = module.startWorkbench(this.context, this.config, this.server);
      startupMark('client: workbench started');
      return this.loaded;
    } catch (error) {
      this.failure = error;
      throw error;
    }
  }

  /** The API with the workbench's members, loading it if need be. */
  async api(): Promise<DockerWorkbenchApi> {
    return this.load().api;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearImmediate(this.timer);
    if (this.cap !== undefined) clearTimeout(this.cap);
  }
}

/** The command ids package.json contributes. */
export function contributedCommands(manifest: unknown): string[] {
  const commands = (manifest as { contributes?: { commands?: unknown } } | undefined)?.contributes?.commands;
  if (!Array.isArray(commands)) return [];
  return commands.map((c: unknown) => (c as { command?: unknown }).command).filter((id): id is string => typeof id === 'string');
}

/** The task types package.json declares (taskDefinitions). */
export function contributedTaskTypes(manifest: unknown): string[] {
  const definitions = (manifest as { contributes?: { taskDefinitions?: unknown } } | undefined)?.contributes?.taskDefinitions;
  if (!Array.isArray(definitions)) return [];
  return definitions.map((d: unknown) => (d as { type?: unknown }).type).filter((t): t is string => typeof t === 'string');
}

/** Registers a forwarder for every contributed command and task type. */
export function registerForwarders(context: vscode.ExtensionContext, loader: WorkbenchLoader): void {
  // VS Code asks for a task type's tasks right after activating for it: the provider must exist
  // then, so it is registered here and loads the workbench when first asked.
  for (const type of contributedTaskTypes(context.extension.packageJSON)) {
    context.subscriptions.push(
      vscode.tasks.registerTaskProvider(type, {
        provideTasks: async (token) => (await loader.load().tasks[type]?.provideTasks(token)) ?? [],
        resolveTask: (task, token) => loader.load().tasks[type]?.resolveTask(task, token),
      }),
    );
  }
  for (const id of contributedCommands(context.extension.packageJSON)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        let workbench: WorkbenchModule.Workbench;
        try {
          workbench = loader.load();
        } catch (error) {
          void vscode.window.showErrorMessage(`Docker Workbench could not load its engine and explorer part: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        }
        return workbench.run(id, args);
      }),
    );
  }
}
