// Composes the extension's start: the settings and the language client, started as the bundle
// loads (atLoad below), and at activation a forwarder for every contributed command. The engine
// session, the explorer views and the command handlers are the workbench bundle (workbench.ts),
// loaded after activate() returns (lazy.ts). Nothing else lives here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startupMark } from '../../shared/startupTrace';
import type { DockerWorkbenchActivation } from './api';
import { Config } from './config';
import { Ctx } from './ctx';
import { WorkbenchLoader, registerForwarders } from './lazy';
import { ServerProcesses, Unclaimed } from './serverProcess';

/** The language client's owner activate() took, for deactivate(). */
let ctx: Ctx | undefined;
/** The workbench loads this long after activation even if the server has published nothing. */
const WORKBENCH_AT_THE_LATEST_MS = 2000;
/** ...and this long after the first diagnostics when a Dockerfile is open. */
const WORKBENCH_AFTER_DIAGNOSTICS_MS = 150;
/** What started as the bundle loaded and activate() did not take within this long is stopped. */
const UNCLAIMED_MS = 10_000;

declare const __dwBundleStart: number | undefined;
if (typeof __dwBundleStart === 'number') startupMark('client: bundle started', performance.timeOrigin + __dwBundleStart);

/** The settings, and the language client with its server process. */
interface Language {
  config: Config;
  owner: Ctx;
  /** The client's start: not awaited by activation (the client queues what it is asked until the server has started). */
  started: Promise<void>;
}

const loadedByVsCode = inExtensionHost();
const serverOptions = { module: path.join(__dirname, 'server-start.js'), cwd: loadedByVsCode ? firstFolderOnDisk() : undefined };
/**
 * The language client and its server, started as this bundle loads. VS Code loads an extension's
 * module when an activation event fires, then waits for the extension's storage (a round trip to
 * the window) before it calls activate(): 150 to 300 ms in code-server while the window starts
 * (`npm run bench -- startup`). The client needs none of the extension's context, so it starts in
 * that wait, and a Dockerfile's first diagnostics do not wait for activate(). Held for activate();
 * were it never called (its activation failed), stopped after UNCLAIMED_MS.
 */
let atLoad: Unclaimed<Language> | undefined = loadedByVsCode ? startAtLoad() : undefined;

function startAtLoad(): Unclaimed<Language> | undefined {
  let language: Language;
  try {
    language = startLanguage(true);
  } catch {
    // activate() starts it again, and what fails then fails the activation, where VS Code reports it.
    return undefined;
  }
  return new Unclaimed(language, UNCLAIMED_MS, ({ config, owner }) => {
    owner.dispose();
    config.dispose();
  });
}

/**
 * `forkNow`: fork the server's process in this task (at load); else in the first task after this
 * one (in activate(): a fork holds the extension host about 20 ms), which still comes ahead of the
 * client's start (also a later task, see Ctx).
 */
function startLanguage(forkNow: boolean): Language {
  const config = new Config();
  const processes = new ServerProcesses(serverOptions);
  if (forkNow) {
    try {
      processes.startEarly();
      startupMark('client: server forked');
    } catch {
      // The client's start forks again, and reports what fails.
    }
  } else {
    setImmediate(() => processes.startEarly());
  }
  const owner = new Ctx(config, processes);
  // A failed start is the client's to report (its output channel and restart policy).
  const started = owner.start();
  started.catch((error: unknown) => console.error('Docker Workbench: the language server did not start', error));
  return { config, owner, started };
}

export function activate(context: vscode.ExtensionContext): DockerWorkbenchActivation {
  startupMark('client: activate');
  const { config, owner, started } = atLoad?.claim() ?? startLanguage(false);
  atLoad = undefined;
  ctx = owner;
  const loader = new WorkbenchLoader(context, config, owner);
  context.subscriptions.push(config, owner, loader);
  registerForwarders(context, loader);
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
