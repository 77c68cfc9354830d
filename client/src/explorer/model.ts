// What the explorer's trees show, as plain data: the engine layer's summaries turned into rows
// (label, description, icon, context value). No 'vscode' here, so the bench can build the same
// tree outside VS Code and the views only translate rows into TreeItems.
import type { ContainerSummary, ImageOsInfo, ImageSummary, NetworkSummary, VolumeSummary } from '../engine/operations';
import type { ResolvedEndpoint } from '../engine/endpoint';
import type { SshVerification } from '../engine/ssh/session';
import { describeHost, desktopEngineName, type HostPlatform } from '../engine/platform';
import type { ImageVerdict } from './verdicts';

export type ViewKind = 'engine' | 'containers' | 'images' | 'networks' | 'volumes';

export interface IconSpec {
  /** Codicon id, e.g. `vm-running`. */
  id: string;
  /** Theme color id, e.g. `charts.green`. */
  color?: string;
}

/** One row of a tree. `id` is stable across refreshes so VS Code keeps expansion and selection. */
export interface RowSpec {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon?: IconSpec;
  contextValue?: string;
  /** 'none' for leaves; containers and images expand into their details. */
  collapsible: 'none' | 'collapsed' | 'expanded';
}

// ---------- formatting ----------

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

/** `3 minutes ago` from Unix seconds. */
export function formatAge(unixSeconds: number, now = Date.now()): string {
  const s = Math.max(0, Math.round(now / 1000 - unixSeconds));
  const steps: Array<[number, string]> = [
    [60, 'second'],
    [60, 'minute'],
    [24, 'hour'],
    [30, 'day'],
    [12, 'month'],
    [Infinity, 'year'],
  ];
  let v = s;
  for (const [size, name] of steps) {
    if (v < size) return `${v} ${name}${v === 1 ? '' : 's'} ago`;
    v = Math.floor(v / size);
  }
  return `${v} years ago`;
}

/** `0.0.0.0:8080->80/tcp` style, host:container, as `docker ps` prints it (one per binding). */
export function formatPorts(ct: Pick<ContainerSummary, 'ports'>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of ct.ports) {
    const text = p.publicPort ? `${p.hostIp && p.hostIp !== '0.0.0.0' && p.hostIp !== '::' ? `${p.hostIp}:` : ''}${p.publicPort}:${p.privatePort}/${p.protocol}` : `${p.privatePort}/${p.protocol}`;
    // The engine lists a binding once for IPv4 and once for IPv6; one row is enough.
    if (!seen.has(text)) {
      seen.add(text);
      out.push(text);
    }
  }
  return out;
}

/** Host ports a browser can open: published TCP ports, without duplicates. */
export function browsablePorts(ct: Pick<ContainerSummary, 'ports'>): Array<{ hostPort: number; containerPort: number; hostIp?: string }> {
  const seen = new Set<number>();
  const out: Array<{ hostPort: number; containerPort: number; hostIp?: string }> = [];
  for (const p of ct.ports) {
    if (!p.publicPort || p.protocol !== 'tcp' || seen.has(p.publicPort)) continue;
    seen.add(p.publicPort);
    out.push({ hostPort: p.publicPort, containerPort: p.privatePort, hostIp: p.hostIp });
  }
  return out;
}

// ---------- containers ----------

export function isRunningState(state: ContainerSummary['state']): boolean {
  return state === 'running' || state === 'restarting' || state === 'paused';
}

export function containerIcon(ct: Pick<ContainerSummary, 'state'>): IconSpec {
  switch (ct.state) {
    case 'running':
      return { id: 'vm-running', color: 'charts.green' };
    case 'paused':
      return { id: 'debug-pause', color: 'charts.yellow' };
    case 'restarting':
      return { id: 'sync', color: 'charts.yellow' };
    case 'dead':
      return { id: 'error', color: 'charts.red' };
    default:
      return { id: 'vm-outline' };
  }
}

/** `container.running`, `container.stopped`, `container.paused`: menus match `^container\.`. */
export function containerContext(ct: Pick<ContainerSummary, 'state' | 'ports'> & { composeService?: string; labels?: Record<string, string> }): string {
  const state = ct.state === 'running' || ct.state === 'restarting' ? 'running' : ct.state === 'paused' ? 'paused' : 'stopped';
  // `.web` marks a published TCP port, so "Open in Browser" shows only where it can work;
  // `.compose` a service compose can act on again (its labels name the files it came from).
  const compose = ct.composeService && ct.labels?.['com.docker.compose.project.config_files'] ? '.compose' : '';
  return `container.${state}${browsablePorts(ct).length > 0 ? '.web' : ''}${compose}`;
}

/** `failure`: tooltip lines explaining why a stopped container failed (verdicts.ts's osMismatchLines). */
export function containerRow(ct: ContainerSummary, failure: readonly string[] = []): RowSpec {
  const ports = formatPorts(ct).filter((p) => p.includes(':'));
  const description = [ct.image, ct.state, ...(ports.length ? [ports.join(', ')] : [])].join(' · ');
  const tooltip = [
    `${ct.name} (${ct.id.slice(0, 12)})`,
    `Image: ${ct.image}`,
    `State: ${ct.state} (${ct.status})`,
    ...(formatPorts(ct).length ? [`Ports: ${formatPorts(ct).join(', ')}`] : []),
    ...ct.networks.map((n) => `${n.network}: ${n.ipAddress || 'no address'}`),
    ...(ct.composeProject ? [`Compose: ${ct.composeProject}${ct.composeService ? ` / ${ct.composeService}` : ''}`] : []),
    ...failure,
  ].join('\n');
  const icon = failure.length > 0 ? { id: 'error', color: 'charts.red' } : containerIcon(ct);
  return { id: `container:${ct.id}`, label: ct.name || ct.id.slice(0, 12), description, tooltip, icon, contextValue: containerContext(ct), collapsible: 'collapsed' };
}

/**
 * The detail rows under a container: state, ports (host:container), IP per network, isolation.
 * `isolation` comes from inspect (HostConfig.Isolation) and is shown on Windows engines only.
 */
export function containerDetailRows(ct: ContainerSummary, opts: { windows?: boolean; isolation?: string } = {}): RowSpec[] {
  const rows: RowSpec[] = [
    { id: `container:${ct.id}:state`, label: 'State', description: `${ct.state} — ${ct.status}`, icon: { id: 'pulse' }, collapsible: 'none', contextValue: 'detail' },
    { id: `container:${ct.id}:image`, label: 'Image', description: ct.image, icon: { id: 'file-binary' }, collapsible: 'none', contextValue: 'detail' },
  ];
  const ports = formatPorts(ct);
  rows.push({ id: `container:${ct.id}:ports`, label: 'Ports', description: ports.length ? ports.join(', ') : 'none published', icon: { id: 'plug' }, collapsible: 'none', contextValue: 'detail' });
  for (const n of ct.networks) {
    const addr = [n.ipAddress, n.ipv6Address].filter(Boolean).join(', ') || 'no address';
    rows.push({ id: `container:${ct.id}:net:${n.network}`, label: n.network, description: addr, icon: { id: 'globe' }, collapsible: 'none', contextValue: n.ipAddress ? 'detail.ip' : 'detail' });
  }
  if (opts.windows) {
    rows.push({ id: `container:${ct.id}:isolation`, label: 'Isolation', description: opts.isolation || 'default', icon: { id: 'shield' }, collapsible: 'none', contextValue: 'detail' });
  }
  if (ct.composeProject) {
    rows.push({ id: `container:${ct.id}:compose`, label: 'Compose', description: `${ct.composeProject}${ct.composeService ? ` / ${ct.composeService}` : ''}`, icon: { id: 'layers' }, collapsible: 'none', contextValue: 'detail' });
  }
  return rows;
}

export interface ContainerGroup {
  project: string;
  row: RowSpec;
  containers: ContainerSummary[];
}

export interface ContainerTree {
  /** Compose projects first (each a folder), then containers outside any project. */
  groups: ContainerGroup[];
  loose: ContainerSummary[];
}

function byName(a: ContainerSummary, b: ContainerSummary): number {
  return a.name.localeCompare(b.name);
}

/** Groups by compose project, as `docker compose ls` would; sorted by name for a steady tree. */
export function containerTree(containers: readonly ContainerSummary[]): ContainerTree {
  const projects = new Map<string, ContainerSummary[]>();
  const loose: ContainerSummary[] = [];
  for (const ct of containers) {
    if (ct.composeProject) {
      const list = projects.get(ct.composeProject) ?? [];
      list.push(ct);
      projects.set(ct.composeProject, list);
    } else {
      loose.push(ct);
    }
  }
  const groups = [...projects.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([project, list]) => {
      const running = list.filter((c) => c.state === 'running').length;
      return {
        project,
        containers: list.sort(byName),
        row: {
          id: `compose:${project}`,
          label: project,
          description: `compose · ${running}/${list.length} running`,
          icon: { id: 'layers', color: running > 0 ? 'charts.green' : undefined },
          contextValue: 'composeProject',
          collapsible: 'expanded' as const,
        },
      };
    });
  return { groups, loose: loose.sort(byName) };
}

// ---------- images ----------

export function imageLabel(img: Pick<ImageSummary, 'repoTags' | 'id'>): string {
  return img.repoTags[0] ?? `<none> ${shortId(img.id)}`;
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** `verdict`: whether it runs on the connected host (verdicts.ts), shown as the icon and in the tooltip. */
export function imageRow(img: ImageSummary, os?: ImageOsInfo, now = Date.now(), verdict?: ImageVerdict): RowSpec {
  const parts = [...(verdict ? [verdict.short] : []), formatBytes(img.size), formatAge(img.created, now)];
  if (os) parts.push(os.release ? `${os.os} ${os.osVersion}` : os.label);
  const tooltip = [
    imageLabel(img),
    ...img.repoTags.slice(1).map((t) => `also ${t}`),
    `ID: ${shortId(img.id)}`,
    `Size: ${formatBytes(img.size)}`,
    `Created: ${new Date(img.created * 1000).toISOString()} (${formatAge(img.created, now)})`,
    ...(os ? [`OS: ${os.label}${os.architecture ? ` (${os.architecture})` : ''}`] : []),
    ...(verdict ? [verdict.why] : []),
  ].join('\n');
  return {
    id: `image:${img.id}`,
    label: imageLabel(img),
    description: parts.join(' · '),
    tooltip,
    icon: verdict?.icon ?? { id: img.dangling ? 'file-binary' : 'package', color: img.dangling ? 'disabledForeground' : undefined },
    contextValue: img.dangling ? 'image.dangling' : 'image',
    collapsible: 'collapsed',
  };
}

/** Detail rows under an image: OS and OsVersion (with the Windows release), size, created, tags. */
export function imageDetailRows(img: ImageSummary, os: ImageOsInfo | undefined, now = Date.now()): RowSpec[] {
  const rows: RowSpec[] = [];
  if (os) {
    rows.push({ id: `image:${img.id}:os`, label: 'OS', description: `${os.os || 'unknown'}${os.architecture ? `/${os.architecture}` : ''}`, icon: { id: os.os === 'windows' ? 'window' : 'terminal-linux' }, collapsible: 'none', contextValue: 'detail' });
    if (os.osVersion) {
      rows.push({ id: `image:${img.id}:osversion`, label: 'OS version', description: os.release ? `${os.osVersion} — ${os.release}` : os.osVersion, icon: { id: 'versions' }, collapsible: 'none', contextValue: 'detail' });
    }
  }
  rows.push({ id: `image:${img.id}:size`, label: 'Size', description: formatBytes(img.size), icon: { id: 'database' }, collapsible: 'none', contextValue: 'detail' });
  rows.push({ id: `image:${img.id}:created`, label: 'Created', description: `${formatAge(img.created, now)} (${new Date(img.created * 1000).toISOString().slice(0, 19).replace('T', ' ')})`, icon: { id: 'calendar' }, collapsible: 'none', contextValue: 'detail' });
  rows.push({ id: `image:${img.id}:id`, label: 'ID', description: shortId(img.id), icon: { id: 'key' }, collapsible: 'none', contextValue: 'detail' });
  for (const tag of img.repoTags.slice(1)) rows.push({ id: `image:${img.id}:tag:${tag}`, label: 'Tag', description: tag, icon: { id: 'tag' }, collapsible: 'none', contextValue: 'detail' });
  return rows;
}

export function sortImages(images: readonly ImageSummary[]): ImageSummary[] {
  // Tagged first by name, then dangling ones newest first.
  return [...images].sort((a, b) => Number(a.dangling) - Number(b.dangling) || (a.dangling ? b.created - a.created : imageLabel(a).localeCompare(imageLabel(b))));
}

// ---------- networks and volumes ----------

const BUILTIN_NETWORKS = new Set(['bridge', 'host', 'none', 'nat']);

export function networkRow(n: NetworkSummary): RowSpec {
  const subnet = n.subnets.join(', ');
  const description = [n.driver, n.scope, ...(subnet ? [subnet] : []), ...(n.internal ? ['internal'] : [])].join(' · ');
  const attached = Object.entries(n.containers);
  const tooltip = [`${n.name} (${shortId(n.id)})`, `Driver: ${n.driver}`, `Scope: ${n.scope}`, `Subnet: ${subnet || 'none'}`, ...(n.gateways.length ? [`Gateway: ${n.gateways.join(', ')}`] : []), ...attached.map(([name, ip]) => `${name}: ${ip || 'no address'}`)].join('\n');
  const icon = n.driver === 'nat' || n.driver === 'transparent' ? 'globe' : n.driver === 'host' ? 'home' : n.driver === 'null' ? 'circle-slash' : 'type-hierarchy';
  return { id: `network:${n.id}`, label: n.name, description, tooltip, icon: { id: icon }, contextValue: BUILTIN_NETWORKS.has(n.name) ? 'network.builtin' : 'network', collapsible: 'none' };
}

export function volumeRow(v: VolumeSummary): RowSpec {
  const tooltip = [v.name, `Driver: ${v.driver}`, `Scope: ${v.scope}`, `Mountpoint: ${v.mountpoint}`, ...(v.createdAt ? [`Created: ${v.createdAt}`] : [])].join('\n');
  const label = /^[0-9a-f]{64}$/.test(v.name) ? `${v.name.slice(0, 12)}…` : v.name;
  return { id: `volume:${v.name}`, label, description: v.driver, tooltip, icon: { id: 'database' }, contextValue: 'volume', collapsible: 'none' };
}

// ---------- engine ----------

/** `windows` when the engine runs Windows containers; the switch action offers the other mode. */
export function engineMode(p: HostPlatform): 'windows' | 'linux' | 'other' {
  return p.osType === 'windows' ? 'windows' : p.osType === 'linux' ? 'linux' : 'other';
}

export function engineRows(
  p: HostPlatform,
  ep: Pick<ResolvedEndpoint, 'url' | 'reason'> & Partial<Pick<ResolvedEndpoint, 'transport' | 'tls' | 'note'>>,
  opts: { switchable: boolean; connection: string; ssh?: SshVerification },
): RowSpec[] {
  const rows: RowSpec[] = [];
  const row = (key: string, label: string, description: string, icon: string, extra: Partial<RowSpec> = {}): void => {
    rows.push({ id: `engine:${key}`, label, description, icon: { id: icon }, collapsible: 'none', contextValue: 'engine.detail', ...extra });
  };
  row('endpoint', 'Endpoint', ep.url, 'plug', { tooltip: `${ep.url}\nChosen because ${ep.reason}.` });
  if (ep.note) row('note', 'Read as', ep.note, 'info', { tooltip: ep.note });
  row('connection', 'Connection', opts.connection, opts.connection === 'connected' ? 'pass' : 'sync');
  if (ep.transport === 'tcp') {
    // An engine reached without checking its certificate is never shown as if it were checked.
    const tls = ep.tls;
    if (!tls) row('tls', 'TLS', 'off (plain HTTP)', 'unlock', { tooltip: `${ep.url} is reached over plain HTTP: no TLS settings apply to it.` });
    else if (tls.verify) row('tls', 'TLS', 'verified', 'lock', { tooltip: `The engine's certificate is checked${tls.certDir ? ` against ${tls.certDir}` : ''}.` });
    else row('tls', 'TLS', 'not verified', 'warning', { tooltip: `TLS not verified: ${tls.unverifiedReason ?? 'verification is turned off'}.` });
  }
  if (ep.transport === 'ssh' && opts.ssh) {
    const v = opts.ssh;
    row('ssh', 'SSH host key', `${v.keyType} verified`, 'lock', { tooltip: `${v.where} offered ${v.keyType} ${v.fingerprint}, found in ${v.by}.` });
  }
  row('host', 'Host', describeHost(p), p.osType === 'windows' ? 'window' : 'terminal-linux', { tooltip: `${p.operatingSystem}\n${p.kernelVersion}` });
  row('ostype', 'OS type', p.osType || 'unknown', 'server');
  if (p.osType === 'windows') {
    const build = p.windowsBuild === undefined ? 'unknown' : `${p.windowsBuild}${p.windowsRevision !== undefined ? `.${p.windowsRevision}` : ''}`;
    row('build', 'Host build', `${build}${p.windowsRelease ? ` — ${p.windowsRelease}` : ''}`, 'versions');
    row('isolation', 'Default isolation', `${p.isolation ?? 'unknown'}${p.isolationReported && p.isolationReported !== p.isolation ? ` (engine says ${p.isolationReported})` : ''}`, 'shield');
  } else {
    row('build', 'Kernel', p.kernelVersion || 'unknown', 'versions');
  }
  row('os', 'Operating system', p.operatingSystem || 'unknown', 'info');
  row('version', 'Engine version', `${p.engineVersion || '?'} (API ${p.apiVersion || '?'}${p.minApiVersion ? `, min ${p.minApiVersion}` : ''})`, 'tag');
  row('arch', 'Architecture', `${p.architecture || '?'}${p.storageDriver ? ` · storage ${p.storageDriver}` : ''}`, 'chip');
  const mode = engineMode(p);
  const desktop = desktopEngineName(p);
  row('mode', 'Mode', `${mode === 'windows' ? 'Windows containers' : mode === 'linux' ? 'Linux containers' : p.osType || 'unknown'}${desktop ? ` (${desktop})` : ''}`, mode === 'windows' ? 'window' : 'terminal-linux', {
    contextValue: opts.switchable ? `engine.mode.switchable.${mode}` : 'engine.mode',
  });
  row('counts', 'Objects', `${p.containers.total} containers (${p.containers.running} running), ${p.images} images`, 'symbol-misc');
  return rows;
}
