// What the status-bar item says about the engine in use, as plain data (no vscode here, so it is
// tested on its own): `win-2022 · Windows 20348 (LTSC 2022) · process`, with the connection state.
import { describeTls, type ResolvedEndpoint } from '../engine/endpoint';
import { describeHost, type HostPlatform } from '../engine/platform';
import { releaseByBuild, WINDOWS_CLIENT_BUILDS } from '../../../shared/windows/releases';

export type StatusLevel = 'ok' | 'busy' | 'warning' | 'error';

export interface EngineStatus {
  /** Text with a codicon first: `$(vm) name · Linux`. */
  text: string;
  tooltip: string;
  level: StatusLevel;
}

export type StatusInput =
  | { kind: 'idle' | 'connecting'; target?: string }
  | { kind: 'connected' | 'reconnecting'; endpoint: ResolvedEndpoint; platform: HostPlatform; attempt?: number }
  | { kind: 'error'; target?: string; endpointUrl?: string; message: string };

/** The engine's short name: its context, else `default` for the default, else the host (tcp, ssh) or the URL. */
export function engineName(ep: ResolvedEndpoint): string {
  if (ep.contextName) return ep.contextName;
  if (ep.source === 'default') return 'default';
  if ((ep.transport === 'tcp' || ep.transport === 'ssh') && ep.host) return ep.host;
  return ep.url;
}

/** `LTSC 2022`, `LTSC 2019`, `Server 23H2`, `11 23H2` (a client build), or undefined when unknown. */
export function shortRelease(build: number, server: boolean | undefined): string | undefined {
  const serverRelease = releaseByBuild(build);
  const client = WINDOWS_CLIENT_BUILDS.find((c) => c.build === build);
  if (client && (!serverRelease || !server)) return client.name.replace(/^Windows /, '');
  if (!serverRelease) return undefined;
  const year = /Server (\d{4})\b/.exec(serverRelease.name);
  if (serverRelease.ltsc && year) return `LTSC ${year[1]}`;
  return `Server ${serverRelease.version}`;
}

/** `Windows 20348 (LTSC 2022) · process`, `Linux`, `Linux (Docker Desktop)`. */
export function platformSummary(p: HostPlatform): string {
  if (p.osType !== 'windows') {
    const os = p.osType === 'linux' ? 'Linux' : p.osType || 'unknown OS';
    return p.dockerDesktop ? `${os} (Docker Desktop)` : os;
  }
  const parts: string[] = [];
  if (p.windowsBuild === undefined) parts.push('Windows');
  else {
    const release = shortRelease(p.windowsBuild, p.windowsServer);
    parts.push(`Windows ${p.windowsBuild}${release ? ` (${release})` : ''}`);
  }
  if (p.isolation) parts.push(p.isolation);
  return parts.join(' · ');
}

export function engineStatus(input: StatusInput): EngineStatus {
  const click = 'Click to pick a docker context for this window.';
  switch (input.kind) {
    case 'idle':
    case 'connecting': {
      const target = input.target ?? 'Docker';
      return { text: `$(sync~spin) ${target} · connecting…`, tooltip: `Connecting to ${target === 'Docker' ? 'the Docker engine' : target}…\n${click}`, level: 'busy' };
    }
    case 'error': {
      const target = input.target ?? input.endpointUrl ?? 'Docker';
      return { text: `$(error) ${target} · not connected`, tooltip: `${input.message}\n${click}`, level: 'error' };
    }
    default: {
      const ep = input.endpoint;
      const unverified = ep.tls !== undefined && !ep.tls.verify;
      const state = input.kind === 'reconnecting' ? ` · reconnecting${input.attempt ? ` (attempt ${input.attempt})` : ''}` : '';
      const icon = input.kind === 'reconnecting' ? '$(sync~spin)' : unverified ? '$(warning)' : '$(vm)';
      const text = `${icon} ${engineName(ep)} · ${platformSummary(input.platform)}${unverified ? ' · TLS not verified' : ''}${state}`;
      const tls = describeTls(ep);
      const tooltip = [
        `Docker engine: ${ep.url}`,
        `Chosen by: ${ep.reason}`,
        ...(tls ? [`TLS: ${tls}`] : []),
        describeHost(input.platform),
        input.kind === 'reconnecting' ? 'The connection was lost; reconnecting.' : 'Connected.',
        click,
      ].join('\n');
      return { text, tooltip, level: unverified ? 'warning' : input.kind === 'reconnecting' ? 'busy' : 'ok' };
    }
  }
}
