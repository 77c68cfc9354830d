// Which URL opens a container's published port in a browser. A port is published on the engine's
// machine, so `localhost` is right only when that machine is this one (a unix socket or named
// pipe); for tcp:// and ssh:// engines it is the engine's host. A port bound to one address is
// opened on that address. No 'vscode' here: the decision is tested as a pure function.
import type { ResolvedEndpoint } from './endpoint';

export interface BrowseTarget {
  url: string;
  /** Said to the person when the URL may not reach the port from here. */
  note?: string;
}

function isUnspecified(ip: string): boolean {
  return ip === '' || ip === '0.0.0.0' || ip === '::' || ip === '[::]';
}

function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1' || h === '0:0:0:0:0:0:0:1';
}

/** A host for a URL: IPv6 in brackets, a zone index escaped (`fe80::1%eth0` -> `[fe80::1%25eth0]`). */
export function urlHost(host: string): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  return bare.includes(':') ? `[${bare.replace(/%/g, '%25')}]` : bare;
}

/** The machine the engine runs on, as this machine reaches it. */
export function engineHost(endpoint: Pick<ResolvedEndpoint, 'transport' | 'host'>): string {
  if (endpoint.transport === 'unix' || endpoint.transport === 'npipe') return 'localhost';
  const host = endpoint.host ?? '';
  return isUnspecified(host) ? 'localhost' : host;
}

export function browseTarget(endpoint: Pick<ResolvedEndpoint, 'transport' | 'host'>, port: { hostPort: number; hostIp?: string }): BrowseTarget {
  const machine = engineHost(endpoint);
  const bound = (port.hostIp ?? '').trim();
  const host = isUnspecified(bound) ? machine : bound;
  const target: BrowseTarget = { url: `http://${urlHost(host)}:${port.hostPort}/` };
  // Bound to the engine machine's own loopback: reachable from here only through a tunnel.
  if (!isUnspecified(bound) && isLoopback(bound) && !isLoopback(machine)) {
    target.note = `Port ${port.hostPort} is published on ${urlHost(bound)} of the engine's machine (${urlHost(machine)}), which this machine reaches only through a tunnel (e.g. ssh -L ${port.hostPort}:${urlHost(bound)}:${port.hostPort} ${machine}).`;
  }
  return target;
}
