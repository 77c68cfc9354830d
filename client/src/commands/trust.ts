// What a workspace the user has not trusted, or one that is not on disk, may not do.
//
// Restricted Mode: the language features only read text, so they stay on; a command that hands the
// workspace to the Docker engine (Build sends the context and the engine runs the Dockerfile's
// RUN lines; Compose runs what the compose file says, bind mounts included; Load and Run start
// what the workspace supplies) stays off until the user trusts the workspace, and says so.
//
// Virtual workspaces (GitHub Repositories' vscode-vfs:, Live Share's vsls:): a URI of theirs has no
// file behind its fsPath. A command that needs files on disk says so instead of reading a path
// that happens to exist on this machine.
import * as vscode from 'vscode';
import type { CommandSpec, Deps } from './types';

export const MANAGE_TRUST = 'Manage Workspace Trust';

/** Whether the command may run now; when not, the user is told why (and offered to trust). */
export function allowedHere(spec: CommandSpec, deps: Deps): boolean {
  if (spec.untrusted === undefined || vscode.workspace.isTrusted) return true;
  // Not awaited: the command ends now, whenever the notification is dismissed.
  void deps.ui.warn(restrictedMessage(spec.untrusted), MANAGE_TRUST).then((choice) => {
    if (choice === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}

export function restrictedMessage(what: string): string {
  return `${what} It is off in Restricted Mode: trust this workspace to use it.`;
}

/** The local path of a URI a command reads or writes on disk; a clear error for any other URI. */
export function diskPath(uri: vscode.Uri, command: string): string {
  if (uri.scheme === 'file') return uri.fsPath;
  throw new Error(
    `${command} needs files on disk, and ${uri.scheme}:${uri.path} is not on disk (a virtual workspace or a remote document). Clone or open the folder locally to use it.`,
  );
}

/** Of the files a search found, those on disk (a virtual workspace finds only others). */
export function onDisk(found: readonly vscode.Uri[]): vscode.Uri[] {
  return found.filter((uri) => uri.scheme === 'file');
}
