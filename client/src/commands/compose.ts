// Compose Up / Down on a compose file, in a terminal: `docker compose` if the CLI has the plugin,
// else `docker-compose`. The program and its arguments are arrays (shellPath/shellArgs), never a
// spliced command line; the terminal gets the engine endpoint the explorer uses.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fileArg } from './targets';
import type { CommandSpec, Deps } from './types';

export interface ComposeTool {
  /** The program, e.g. `docker` or `docker-compose`. */
  command: string;
  /** Arguments before the compose ones: `['compose']` for the plugin, `[]` for docker-compose. */
  prefix: string[];
}

function answers(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 10_000, env }, (err) => resolve(!err));
  });
}

/** Which compose exists: the plugin first, as the docker docs recommend, then the standalone one. */
export async function findComposeTool(env: NodeJS.ProcessEnv = process.env): Promise<ComposeTool | undefined> {
  if (await answers('docker', ['compose', 'version'], env)) return { command: 'docker', prefix: ['compose'] };
  if (await answers('docker-compose', ['version'], env)) return { command: 'docker-compose', prefix: [] };
  return undefined;
}

/** The full argument array for up or down on one file. Pure, so it is easy to check. */
export function composeArgs(tool: ComposeTool, file: string, action: 'up' | 'down'): string[] {
  return [...tool.prefix, '-f', file, ...(action === 'up' ? ['up', '-d'] : ['down'])];
}

function isComposeFile(uri: vscode.Uri): boolean {
  return /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/i.test(path.basename(uri.fsPath));
}

/** The engine endpoint for a CLI child: the same engine the views show. */
function engineEnv(deps: Deps): Record<string, string> {
  const url = deps.session.endpointUrl;
  return url && /^(unix|npipe|tcp|ssh):\/\//.test(url) ? { DOCKER_HOST: url } : {};
}

async function composeFile(deps: Deps, arg0: unknown): Promise<vscode.Uri | undefined> {
  const given = fileArg(arg0);
  if (given) return given;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme === 'file' && isComposeFile(active)) return active;
  const found = await vscode.workspace.findFiles('**/{compose,docker-compose}*.{yml,yaml}', '**/node_modules/**', 50);
  if (found.length === 0) {
    await deps.ui.warn('No compose file (compose.yaml, docker-compose.yml) in the workspace.');
    return undefined;
  }
  const picked = await deps.ui.pick({ id: 'compose.file', placeHolder: 'Compose file', items: found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })) });
  return picked?.uri;
}

async function compose(deps: Deps, action: 'up' | 'down', arg0: unknown): Promise<{ command: string; args: string[] } | undefined> {
  const file = await composeFile(deps, arg0);
  if (!file) return undefined;
  await deps.session.ensureStarted();
  const env = engineEnv(deps);
  const tool = await findComposeTool({ ...process.env, ...env });
  if (!tool) {
    await deps.ui.error('Neither `docker compose` nor `docker-compose` was found. Install the Docker Compose plugin (or docker-compose) and try again.');
    return undefined;
  }
  const args = composeArgs(tool, file.fsPath, action);
  const terminal = vscode.window.createTerminal({ name: `compose ${action}: ${path.basename(path.dirname(file.fsPath))}`, shellPath: tool.command, shellArgs: args, cwd: path.dirname(file.fsPath), env, iconPath: new vscode.ThemeIcon('layers') });
  terminal.show();
  deps.session.markStale(['containers', 'networks', 'volumes']);
  return { command: tool.command, args };
}

export const composeCommands: CommandSpec[] = [
  { id: 'dockerWorkbench.compose.up', run: (deps, ...args) => compose(deps, 'up', args[0]) },
  { id: 'dockerWorkbench.compose.down', run: (deps, ...args) => compose(deps, 'down', args[0]) },
];
