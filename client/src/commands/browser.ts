// Open in Browser: a container's published TCP port, on localhost (or the address it is bound to).
import * as vscode from 'vscode';
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
  // Bound to all addresses: localhost works; bound to one address: use that one.
  const host = !port.hostIp || port.hostIp === '0.0.0.0' || port.hostIp === '::' ? 'localhost' : port.hostIp.includes(':') ? `[${port.hostIp}]` : port.hostIp;
  const url = `http://${host}:${port.hostPort}/`;
  await deps.ui.openExternal(vscode.Uri.parse(url));
  return url;
}

export const browserCommands: CommandSpec[] = [{ id: 'dockerWorkbench.container.openInBrowser', run: openInBrowserCommand }];
