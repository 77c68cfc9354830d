// Extension-host entry for `npm run bench -- startup`: times one extension's activation in real VS
// Code (not a test; nothing asserts). The extension is ours, or the do-nothing floor extension the
// bench generates ($DOCKER_WORKBENCH_BENCH_EXTENSION names it, $DOCKER_WORKBENCH_BENCH_SOURCE is
// the source of its diagnostics). Writes the figures to $DOCKER_WORKBENCH_BENCH_FILE.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { startupMark } from '../../../shared/startupTrace';
import { EXTENSION_ID, SOURCE, workspaceDir } from '../helpers';
import { watchExtensionLoads } from '../load-watch';

export interface StartupFigures {
  /** activate() called -> its promise resolved. */
  activateMs: number;
  /** Dockerfile opened -> activate() resolved (loading the code included). */
  openToActivatedMs: number;
  /** Dockerfile opened -> the extension's first diagnostic on it. */
  firstDiagnosticsMs: number;
  /** The extension's files required before activate() resolved (atMs: since the Dockerfile opened). */
  activationFiles: Array<{ file: string; bytes: number; atMs: number }>;
  /** The extension's files required by the time of the first diagnostics. */
  filesByDiagnostics: Array<{ file: string; bytes: number; atMs: number }>;
}

/** How often the bench looks for the first diagnostics (bounded by the 60 s timeout). */
const POLL_MS = 2;

export async function run(): Promise<void> {
  const out = process.env.DOCKER_WORKBENCH_BENCH_FILE;
  if (!out) throw new Error('DOCKER_WORKBENCH_BENCH_FILE is not set');
  const id = process.env.DOCKER_WORKBENCH_BENCH_EXTENSION || EXTENSION_ID;
  const source = process.env.DOCKER_WORKBENCH_BENCH_SOURCE || SOURCE;
  const extension = vscode.extensions.getExtension(id);
  if (extension === undefined || extension.isActive) throw new Error(`${id} must be installed and not active yet`);
  const watch = watchExtensionLoads(extension.extensionPath, String((extension.packageJSON as { main?: unknown }).main));
  try {
    const file = path.join(workspaceDir(), 'Dockerfile');
    fs.writeFileSync(file, 'FROM mcr.microsoft.com/windows/servercore:ltsc2019\nENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]\n');
    const uri = vscode.Uri.file(file);
    const diagnosed = () => vscode.languages.getDiagnostics(uri).some((d) => d.source === source);
    const start = performance.now();
    startupMark('bench: Dockerfile opened');
    // Looked for every 2 ms from the open on, not on onDidChangeDiagnostics: VS Code hands the
    // workbench an extension's diagnostics as it sets them, but fires that event for extensions
    // 50 ms later. Not only once activate() has resolved: an extension may set them before.
    let seenAt: number | undefined;
    let poll: NodeJS.Timeout | undefined;
    const seen = new Promise<void>((resolve) => {
      poll = setInterval(() => {
        if (!diagnosed()) return;
        seenAt ??= performance.now();
        startupMark('bench: diagnostics seen');
        resolve();
      }, POLL_MS);
    });
    let firstDiagnosticsMs: number;
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      // Opening the file started activation; activate() joins that same promise.
      await withTimeout(extension.activate(), 60_000, 'activation');
      await withTimeout(watch.activated, 10_000, 'activate() to resolve');
      await withTimeout(seen, 60_000, 'diagnostics');
      firstDiagnosticsMs = (seenAt ?? performance.now()) - start;
    } finally {
      clearInterval(poll);
    }
    const called = watch.activateCalledAt;
    const resolved = watch.activateResolvedAt;
    if (called === undefined || resolved === undefined) throw new Error(`the watch did not see ${id}'s activate() (was its main loaded some other way?)`);
    const relative = ({ file, bytes, at }: { file: string; bytes: number; at: number }) => ({ file: path.relative(fs.realpathSync(extension.extensionPath), file), bytes, atMs: at - start });
    const figures: StartupFigures = {
      activateMs: resolved - called,
      openToActivatedMs: resolved - start,
      firstDiagnosticsMs,
      activationFiles: watch.loadedBeforeActivation().map(relative),
      filesByDiagnostics: watch.files.filter((f) => f.at <= start + firstDiagnosticsMs).map(relative),
    };
    fs.writeFileSync(out, JSON.stringify(figures));
    // For the bench's later starts: the code cache ours writes a second after its first
    // diagnostics (server/src/compileCache.ts), before this window closes.
    if (process.env.DOCKER_WORKBENCH_BENCH_WAIT_CODE_CACHE === '1') await withTimeout(codeCacheWritten(), 15_000, 'the code cache');
  } finally {
    watch.dispose();
  }
}

/** Resolves once the server's code cache is in the user's cache folder (looked for every 100 ms). */
async function codeCacheWritten(): Promise<void> {
  // code-server's runs set XDG_CACHE_HOME inside the run (scripts/lib/code-server.mjs).
  const cache = path.join(process.env.XDG_CACHE_HOME ?? '', 'docker-workbench');
  const written = () => fs.existsSync(cache) && fs.readdirSync(cache).some((name) => name.endsWith('.v8cache'));
  while (!written()) await new Promise((resolve) => setTimeout(resolve, 100));
}

function withTimeout<T>(promise: Thenable<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
  return Promise.race([Promise.resolve(promise), timeout]).finally(() => clearTimeout(timer));
}
