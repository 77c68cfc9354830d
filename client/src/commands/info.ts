// The engine itself: Retry, Open Settings, Refresh, the dangling-images toggle, and on Docker
// Desktop for Windows the switch between Windows and Linux containers.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandSpec, Deps } from './types';

/** DockerCli.exe of Docker Desktop, where its installer puts it. */
export function dockerCliPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.win32.join(env.ProgramFiles ?? 'C:\\Program Files', 'Docker', 'Docker', 'DockerCli.exe');
}

async function switchEngine(deps: Deps, to: 'windows' | 'linux'): Promise<boolean> {
  const exe = dockerCliPath();
  if (process.platform !== 'win32' || !fs.existsSync(exe)) {
    await deps.ui.error(`Switching engines needs Docker Desktop for Windows (${exe} was not found).`);
    return false;
  }
  const flag = to === 'windows' ? '-SwitchWindowsEngine' : '-SwitchLinuxEngine';
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Switching Docker Desktop to ${to === 'windows' ? 'Windows' : 'Linux'} containers` }, () =>
    new Promise<void>((resolve, reject) => {
      execFile(exe, [flag], { timeout: 120_000, windowsHide: true }, (err) => (err ? reject(new Error(`DockerCli.exe ${flag} failed: ${err.message}`)) : resolve()));
    }),
  );
  // The engine restarts; the event stream reconnects and re-reads the platform, which tells the
  // language server. Retry at once in case the stream already gave up.
  await deps.session.retry();
  return true;
}

export const infoCommands: CommandSpec[] = [
  { id: 'dockerWorkbench.engine.retry', run: async (deps) => (await deps.session.retry(), deps.session.state.kind) },
  {
    id: 'dockerWorkbench.engine.openSettings',
    run: async () => vscode.commands.executeCommand('workbench.action.openSettings', 'dockerWorkbench.host'),
  },
  { id: 'dockerWorkbench.engine.switchToWindows', run: (deps) => switchEngine(deps, 'windows') },
  { id: 'dockerWorkbench.engine.switchToLinux', run: (deps) => switchEngine(deps, 'linux') },
  {
    id: 'dockerWorkbench.explorer.refresh',
    run: async (deps) => {
      if (deps.session.state.kind === 'error' || deps.session.state.kind === 'idle') await deps.session.retry();
      else deps.session.markStale(['engine', 'containers', 'images', 'networks', 'volumes']);
    },
  },
  { id: 'dockerWorkbench.images.showDangling', run: async (deps) => deps.explorer.images.setShowDangling(true) },
  { id: 'dockerWorkbench.images.hideDangling', run: async (deps) => deps.explorer.images.setShowDangling(false) },
  { id: 'dockerWorkbench.images.showRunsHereOnly', run: async (deps) => deps.explorer.images.setRunsHereOnly(true) },
  { id: 'dockerWorkbench.images.showAll', run: async (deps) => deps.explorer.images.setRunsHereOnly(false) },
];
