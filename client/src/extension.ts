// Composes the extension's activation: settings and the context owning the language client, plus
// a forwarder for every contributed command. The engine session, the explorer views and the
// command handlers are the workbench bundle (workbench.ts), loaded after activate() returns
// (lazy.ts). Nothing else lives here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startupMark } from '../../shared/startupTrace';
import type { DockerWorkbenchActivation } from './api';
import { Config } from './config';
import { Ctx, languageClientModule } from './ctx';
import { WorkbenchLoader, registerForwarders } from './lazy';
import { ServerProcesses, forkAtLoad } from './serverProcess';

let ctx: Ctx | undefined;
/** The workbench loads this long after activation even if the server has published nothing. */
const WORKBENCH_AT_THE_LATEST_MS = 2000;
/** ...and this long after the first diagnostics when a Dockerfile is open. */
const WORKBENCH_AFTER_DIAGNOSTICS_MS = 150;

declare const __dwBundleStart: number | undefined;
if (typeof __dwBundleStart === 'number') startupMark('client: bundle started', performance.timeOrigin + __dwBundleStart);

/**
 * The server's process, forked as this bundle loads: VS Code loads it when an activation event
 * fires and calls activate() only once the extension's storage is ready, and the server's start-up
 * fits in that wait (serverProcess.ts).
 */
const loadedByVsCode = inExtensionHost();
const serverOptions = { module: path.join(__dirname, 'server-start.js'), cwd: loadedByVsCode ? firstFolderOnDisk() : undefined };
const atLoad = loadedByVsCode ? forkAtLoad(serverOptions) : undefined;
if (atLoad !== undefined) startupMark('client: server forked');
// The language client's modules are evaluated in that wait too, in a task of their own (ctx.ts).
if (loadedByVsCode) {
  setImmediate(() => {
    try {
      languageClientModule();
    } catch {
      // The client's start requires it again and reports what fails.
    }
  });
}

export function activate(context: vscode.ExtensionContext): DockerWorkbenchActivation {
  startupMark('client: activate');
  // The server forked as the bundle loaded is taken over; were it not there (its fork failed, or
  // it ended), one is forked in the first task after activate() returns, ahead of the language
  // client's evaluation (also a later task, see Ctx): a fork holds the extension host about 20 ms.
  const processes = new ServerProcesses(serverOptions, atLoad);
  setImmediate(() => processes.startEarly());
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

/** Loaded by VS Code (not by the build's check that the bundle loads, scripts/build.mjs). */
function inExtensionHost(): boolean {
  return typeof (vscode.env as typeof vscode.env | undefined)?.appName === 'string';
}

/** The first workspace folder, if it is on disk: the server's working folder, as vscode-languageclient chose it. */
function firstFolderOnDisk(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder?.scheme === 'file' ? folder.fsPath : undefined;
}

export async function deactivate(): Promise<void> {
  await ctx?.stop();
  ctx = undefined;
}
