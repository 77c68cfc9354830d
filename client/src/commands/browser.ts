// Open in Browser: a container's published TCP port, on the engine's machine (localhost for a local
// engine) or on the address the port is bound to; engine/browse.ts decides the URL.
import * as vscode from 'vscode';
import { browseTarget } from '../engine/browse';
import { browsablePorts } from '../explorer/model';
import { resolveContainer } from './targets';
import type { CommandSpec, Deps } from './types';

export async function openInBrowserCommand(deps: Deps, ...args: unknown[]): Promise<string | undefined> {
  const ct = await resolveContainer(deps, args[0], 'open in a browser', (c) => browsablePorts(c).length > 0);
  if (!ct) return undefined;
  const ports = browsablePorts(ct);
  if (ports.length === 0) {
    await deps.ui.warn(`${ct.name} publishes no TCP port to open; run it with a port such as 8080:80.`);
    return undefined;
  }
  let port = ports[0];
  if (ports.length > 1) {
    const picked = await deps.ui.pick({ id: 'browser.port', placeHolder: `Which port of ${ct.name}?`, items: ports.map((p) => ({ label: String(p.hostPort), description: `container port ${p.containerPort}`, port: p })) });
    if (!picked) return undefined;
    port = picked.port;
  }
  const client = await deps.session.requireClient();
  const target = browseTarget(client.endpoint, port);
  if (target.note) void deps.ui.warn(target.note);
  await deps.ui.openExternal(vscode.Uri.parse(target.url));
  return target.url;
}

export const browserCommands: CommandSpec[] = [{ id: 'dockerWorkbench.container.openInBrowser', run: openInBrowserCommand }];
