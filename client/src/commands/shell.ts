// Open Shell: a terminal on `exec -it` through the engine API (a Pseudoterminal over the hijacked
// exec stream; the command is an argument array, never a shell string). PowerShell or cmd for
// Windows containers, sh or bash for Linux ones, chosen from the image's OS.
import { getImageOs, openShell, shellsForOs } from '../engine';
import { isRunningState } from '../explorer/model';
import { duplexPty, openStreamTerminal } from './pty';
import { optionsArg, resolveContainer } from './targets';
import type { CommandSpec, Deps } from './types';

export async function shellCommand(deps: Deps, ...args: unknown[]): Promise<{ terminal: string; shell: string[]; transcript: () => string; ended: Promise<void> } | undefined> {
  const ct = await resolveContainer(deps, args[0], 'open a shell in', (c) => isRunningState(c.state));
  if (!ct) return undefined;
  if (ct.state !== 'running') throw new Error(`${ct.name} is ${ct.state}; start it before opening a shell.`);
  const client = await deps.session.requireClient();
  let shell = optionsArg<{ shell: string[] }>(args.slice(1)).shell;
  if (!shell) {
    // The image's OS decides; an image we cannot inspect falls back to the engine's OS.
    const os = await getImageOs(client, ct.imageId).then(
      (i) => i.os,
      () => deps.session.platform?.osType ?? 'linux',
    );
    const choices = shellsForOs(os);
    const picked = await deps.ui.pick({ id: 'shell.pick', placeHolder: `Shell to open in ${ct.name} (${os || 'unknown OS'})`, items: choices.map((cmd) => ({ label: cmd.join(' '), cmd })) });
    if (!picked) return undefined;
    shell = picked.cmd;
  }
  const chosen = shell;
  const name = `${ct.name}: ${chosen.join(' ')}`;
  const t = openStreamTerminal(
    name,
    async () => {
      const s = await openShell(client, ct.id, chosen);
      return duplexPty(s.stream, s.resize);
    },
    { rawTty: true, iconId: 'terminal' },
  );
  t.terminal.show();
  return { terminal: name, shell: chosen, transcript: t.transcript, ended: t.ended };
}

export const shellCommands: CommandSpec[] = [{ id: 'dockerWorkbench.container.shell', run: shellCommand }];
