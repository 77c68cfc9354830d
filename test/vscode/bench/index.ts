// Extension-host entry for `npm run bench -- startup`: times activation in real VS Code (not a
// test; nothing asserts). Writes {activateMs, firstDiagnosticsMs} to $DOCKER_WORKBENCH_BENCH_FILE.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { EXTENSION_ID, SOURCE, workspaceDir } from '../helpers';

export async function run(): Promise<void> {
  const out = process.env.DOCKER_WORKBENCH_BENCH_FILE;
  if (!out) throw new Error('DOCKER_WORKBENCH_BENCH_FILE is not set');
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (extension === undefined || extension.isActive) throw new Error('the extension must be installed and not active yet');
  const file = path.join(workspaceDir(), 'Dockerfile');
  fs.writeFileSync(file, 'FROM mcr.microsoft.com/windows/servercore:ltsc2019\nENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]\n');
  const start = performance.now();
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document);
  // Opening the file started activation; activate() joins that same promise, which resolves once
  // the extension's activate() did, i.e. after the language client started the server.
  await withTimeout(extension.activate(), 60_000, 'activation');
  const activateMs = performance.now() - start;
  const diagnosed = () => vscode.languages.getDiagnostics(document.uri).some((d) => d.source === SOURCE);
  if (!diagnosed()) {
    let listener: vscode.Disposable | undefined;
    await withTimeout(new Promise<void>((resolve) => (listener = vscode.languages.onDidChangeDiagnostics(() => diagnosed() && resolve()))), 60_000, 'diagnostics');
    listener?.dispose();
  }
  const firstDiagnosticsMs = performance.now() - start;
  fs.writeFileSync(out, JSON.stringify({ activateMs, firstDiagnosticsMs }));
}

function withTimeout<T>(promise: Thenable<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
  return Promise.race([Promise.resolve(promise), timeout]).finally(() => clearTimeout(timer));
}
