// Compose Up / Down on a compose file: `docker compose` if the CLI has the plugin, else
// `docker-compose`. The program and its arguments are an array (no shell), its environment points
// it at the endpoint the explorer resolved, its output streams to a terminal, and the command ends
// when compose does: with the exit code, or an error quoting what compose said.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { composeArgs, composeEnv, composeTarget, composeToolName, lastLine, locateComposeTool, runCompose, type ComposeAction } from '../engine/compose';
import { openStreamTerminal } from './pty';
import { fileArg } from './targets';
import { diskPath, onDisk } from './trust';
import type { CommandSpec, Deps } from './types';

export interface ComposeResult {
  /** `docker` or `docker-compose`. */
  command: string;
  /** The absolute path that ran, resolved from PATH. */
  program: string;
  args: string[];
  /** DOCKER_HOST the compose process was given. */
  dockerHost: string;
  exitCode: number;
  output: string;
  terminal: string;
}

function isComposeFile(uri: vscode.Uri): boolean {
  return /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/i.test(path.basename(uri.fsPath));
}

async function composeFile(deps: Deps, arg0: unknown): Promise<vscode.Uri | undefined> {
  const given = fileArg(arg0);
  if (given) return given;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme === 'file' && isComposeFile(active)) return active;
  const found = onDisk(await vscode.workspace.findFiles('**/{compose,docker-compose}*.{yml,yaml}', '**/node_modules/**', 50));
  if (found.length === 0) {
    await deps.ui.warn('No compose file (compose.yaml, docker-compose.yml) in the workspace.');
    return undefined;
  }
  const picked = await deps.ui.pick({ id: 'compose.file', placeHolder: 'Compose file', items: found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })) });
  return picked?.uri;
}

async function compose(deps: Deps, action: ComposeAction, arg0: unknown): Promise<ComposeResult | undefined> {
  const file = await composeFile(deps, arg0);
  if (!file) return undefined;
  // The engine the views show; no engine, no point starting compose (the error offers Retry).
  const client = await deps.session.requireClient();
  const found = await locateComposeTool(composeEnv(client.endpoint));
  if (!found.ok) {
    await deps.ui.error(found.message);
    return undefined;
  }
  const tool = found.tool;
  const filePath = diskPath(file, `Compose ${action}`);
  const target = composeTarget(tool, client.endpoint);
  if (target.problem) {
    await deps.ui.error(target.problem);
    return undefined;
  }
  const env = target.env;
  const args = composeArgs(tool, filePath, action, target.globalArgs);
  const cwd = path.dirname(filePath);
  const run = runCompose(tool, args, { cwd, env });
  const name = `compose ${action}: ${path.basename(cwd)}`;
  const terminal = openStreamTerminal(
    name,
    async () => {
      const started = `> ${[tool.command, ...args].join(' ')}   (engine: ${target.how})\n`;
      return {
        onData: (listener) => {
          listener(started);
          run.onOutput(listener);
        },
        onEnd: (listener) => void run.done.then(listener),
        // Closing the terminal stops a compose still running (a slow pull, say).
        close: () => run.kill(),
      };
    },
    { rawTty: false, iconId: 'layers' },
  );
  terminal.terminal.show(true);
  const exit = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Compose ${action} ${vscode.workspace.asRelativePath(file)}`, cancellable: true },
    async (_progress, token) => {
      const sub = token.onCancellationRequested(() => run.kill());
      try {
        return await run.done;
      } finally {
        sub.dispose();
      }
    },
  );
  deps.session.markStale(['containers', 'networks', 'volumes']);
  const exitCode = exit.code ?? -1;
  if (exitCode !== 0) {
    const said = lastLine(run.output());
    throw new Error(`${composeToolName(tool)} ${[...tool.prefix, action].join(' ')} failed (${exit.signal ? `stopped by ${exit.signal}` : `exit ${exitCode}`})${said ? `: ${said}` : ''}`);
  }
  void deps.ui.info(`Compose ${action} finished for ${vscode.workspace.asRelativePath(file)}.`);
  return { command: composeToolName(tool), program: tool.command, args, dockerHost: env.DOCKER_HOST ?? '', exitCode, output: run.output(), terminal: name };
}

const COMPOSE_UNTRUSTED =
  "Compose runs Docker Compose on this workspace's compose file, which can build, bind-mount host folders and start privileged containers.";

export const composeCommands: CommandSpec[] = [
  { id: 'dockerWorkbench.compose.up', untrusted: COMPOSE_UNTRUSTED, run: (deps, ...args) => compose(deps, 'up', args[0]) },
  { id: 'dockerWorkbench.compose.down', untrusted: COMPOSE_UNTRUSTED, run: (deps, ...args) => compose(deps, 'down', args[0]) },
];
