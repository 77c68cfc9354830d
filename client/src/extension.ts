// Composes the extension's activation: settings and the context owning the language client, plus
// a forwarder for every contributed command. The engine session, the explorer views and the
// command handlers are the workbench bundle (workbench.ts), loaded after activate() returns
// (lazy.ts). Nothing else lives here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startupMark } from '../../shared/startupTrace';
import type { DockerWorkbenchActivation } from './api';
import { Config } from './config';
import { Ctx } from './ctx';
import { WorkbenchLoader, registerForwarders } from './lazy';
import { ServerProcesses } from './serverProcess';

let ctx: Ctx | undefined;
/** The workbench loads this long after activation even if the server has published nothing. */
const WORKBENCH_AT_THE_LATEST_MS = 2000;
/** ...and this long after the first diagnostics when a Dockerfile is open. */
const WORKBENCH_AFTER_DIAGNOSTICS_MS = 150;

export function activate(context: vscode.ExtensionContext): DockerWorkbenchActivation {
  startupMark('client: activate');
  // First of all, the server's process: it starts up while the language client is evaluated.
  // Forked in the first task after activate() returns, ahead of that evaluation (also a later
  // task, see Ctx): a fork costs the extension host about 20 ms, which activate() need not hold.
  const processes = new ServerProcesses(serverProcessOptions(context));
  setImmediate(() => {
    processes.startEarly();
    startupMark('client: server forked');
  });
  const config = new Config();
  ctx = new Ctx(context, config, processes);
  const owner = ctx;
  const loader = new WorkbenchLoader(context, config, owner);
  context.subscriptions.push(config, owner, loader);
  registerForwarders(context, loader);
  // Not awaited: the client queues what it is asked until the server has started, and a failed
  // start is the client's to report (its output channel and restart policy).
  const started = owner.start();
  started.catch((error: unknown) => console.error('Docker Workbench: the language server did not start', error));
  // With a Dockerfile open, its first diagnostics come first, then the workbench; activated by a
  // view, the workbench once the server has started. (Asked once the server has started: at
  // activation, the document that activated us may not have reached this process yet.)
  // Its start holds the extension host for a few hundred milliseconds (about 280 in code-server
  // while the window starts, `npm run bench -- startup`), so it waits a little past the first
  // diagnostics too: VS Code hands a diagnostics change to other extensions on a 50 ms timer, and
  // the Problems view and other extensions should have them before that hold.
  const dockerfileOpen = () => vscode.workspace.textDocuments.some((d) => d.languageId === 'dockerfile');
  const afterDiagnostics = () => owner.firstDiagnostics.then(() => new Promise<void>((resolve) => setTimeout(resolve, WORKBENCH_AFTER_DIAGNOSTICS_MS)));
  loader.loadAfter(
    started.then(() => (dockerfileOpen() ? afterDiagnostics() : undefined)),
    WORKBENCH_AT_THE_LATEST_MS,
  );
  return { ready: () => loader.api() };
}

function serverProcessOptions(context: vscode.ExtensionContext): ConstructorParameters<typeof ServerProcesses>[0] {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const storage = context.globalStorageUri;
  return {
    module: context.asAbsolutePath(path.join('dist', 'server.js')),
    cwd: folder?.scheme === 'file' ? folder.fsPath : undefined,
    compileCacheDir: storage.scheme === 'file' ? path.join(storage.fsPath, 'server-compile-cache') : undefined,
  };
}

export async function deactivate(): Promise<void> {
  await ctx?.stop();
  ctx = undefined;
}
