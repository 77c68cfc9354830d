// Waits and small helpers for the extension-host suite. Every wait has a deadline and says what
// it waited for when it runs out.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'docker-workbench.docker-workbench';
export const SOURCE = 'docker-workbench';
/** Generous: the first lint after activation includes starting the server on a 2-core machine. */
export const WAIT_MS = 20_000;

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) throw new Error('the suite needs a workspace folder');
  return folder.uri.fsPath;
}

let counter = 0;
/** Writes text to a new file of its own in the workspace and opens it in an editor. */
export async function openDockerfile(text: string, name = 'Dockerfile'): Promise<vscode.TextDocument> {
  const dir = path.join(workspaceDir(), 'cases', String(++counter));
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document);
  return document;
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function ruleOf(d: vscode.Diagnostic): string {
  const code = d.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return String(code);
}

export function rules(uri: vscode.Uri): string[] {
  return ours(uri)
    .map(ruleOf)
    .sort();
}

/** Waits until the document's rule ids are exactly these (sorted, duplicates kept). */
export function waitForRules(document: vscode.TextDocument, expected: readonly string[], timeoutMs = WAIT_MS): Promise<string[]> {
  const want = [...expected].sort();
  let seen: string[] = [];
  return waitFor(
    `diagnostics [${want.join(', ')}] on ${path.basename(path.dirname(document.uri.fsPath))}/${path.basename(document.uri.fsPath)}`,
    () => {
      seen = rules(document.uri);
      return JSON.stringify(seen) === JSON.stringify(want) ? seen : undefined;
    },
    timeoutMs,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last seen [${seen.join(', ')}]`);
  });
}

export function waitForDiagnostic(document: vscode.TextDocument, rule: string): Promise<vscode.Diagnostic> {
  return waitFor(`a ${rule} diagnostic`, () => ours(document.uri).find((d) => ruleOf(d) === rule));
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('dockerWorkbench').update(key, value, vscode.ConfigurationTarget.Workspace);
}

export function lines(...text: string[]): string {
  return text.map((l) => `${l}\n`).join('');
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.files.saveAll');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
