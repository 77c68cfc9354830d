// Logs: follow a container's output in an output channel, or in a terminal. Both read the engine's
// log stream (no docker CLI); following stops when the container is removed or the channel closes.
import { TextTail, followLogs, type LogsHandle } from '../engine';
import { openStreamTerminal } from './pty';
import { resolveContainer } from './targets';
import type { CommandSpec, Deps } from './types';

/** Followers by container id, so a second "Logs" on the same container does not double the output. */
const following = new Map<string, LogsHandle>();

export async function logsCommand(deps: Deps, ...args: unknown[]): Promise<{ channel: string; text: () => string } | undefined> {
  const ct = await resolveContainer(deps, args[0], 'show the logs of');
  if (!ct) return undefined;
  const client = await deps.session.requireClient();
  const name = `Docker Workbench: logs ${ct.name}`;
  const channel = deps.channel(name);
  channel.show(true);
  // What a caller can read back is the tail: following a chatty container must not grow memory.
  const text = new TextTail();
  following.get(ct.id)?.stop();
  channel.clear();
  const handle = await followLogs(client, ct.id, {
    tail: 1000,
    onData: (chunk) => {
      text.append(chunk);
      channel.append(chunk);
    },
  });
  following.set(ct.id, handle);
  void handle.done.then(() => {
    if (following.get(ct.id) === handle) following.delete(ct.id);
  });
  return { channel: name, text: () => text.text() };
}

export async function logsTerminalCommand(deps: Deps, ...args: unknown[]): Promise<{ terminal: string; transcript: () => string } | undefined> {
  const ct = await resolveContainer(deps, args[0], 'show the logs of');
  if (!ct) return undefined;
  const client = await deps.session.requireClient();
  const name = `logs: ${ct.name}`;
  let handle: LogsHandle | undefined;
  const t = openStreamTerminal(
    name,
    async () => {
      const listeners: Array<(text: string) => void> = [];
      const buffered = new TextTail();
      handle = await followLogs(client, ct.id, {
        tail: 1000,
        onData: (chunk) => (listeners.length ? listeners.forEach((l) => l(chunk)) : buffered.append(chunk)),
      });
      const h = handle;
      return {
        onData: (l) => {
          listeners.push(l);
          const held = buffered.take();
          if (held) l(held);
        },
        onEnd: (l) => void h.done.then(l),
        close: () => h.stop(),
      };
    },
    { rawTty: false, iconId: 'output' },
  );
  t.terminal.show(true);
  return { terminal: name, transcript: t.transcript };
}

export function stopAllLogs(): void {
  for (const h of following.values()) h.stop();
  following.clear();
}

export const logsCommands: CommandSpec[] = [
  { id: 'dockerWorkbench.container.logs', run: logsCommand },
  { id: 'dockerWorkbench.container.logsInTerminal', run: logsTerminalCommand },
];
