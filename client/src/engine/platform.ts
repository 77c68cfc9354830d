// What the engine's host is, from GET /info and GET /version: the facts the Windows rules judge
// against (OS type, Windows build, default isolation) and what the Engine view shows.
import type { HostContext } from '../../../shared/protocol';
import { describeBuild } from '../../../shared/windows/releases';

export interface HostPlatform {
  /** `windows`, `linux`, or whatever else the engine says; '' if it says nothing. */
  osType: string;
  /** Windows build of the host (17763), from OSVersion, else KernelVersion, else OperatingSystem. */
  windowsBuild?: number;
  /** Update revision (805 in 17763.805), when OperatingSystem or KernelVersion carries it. */
  windowsRevision?: number;
  /** Release name for the build: `Windows Server 2019 (1809)`, `Windows 11 23H2`. */
  windowsRelease?: string;
  /** True when OperatingSystem names a Windows Server edition. */
  windowsServer?: boolean;
  /** Isolation as the engine reports it (`process`, `hyperv`, `default`, ''). */
  isolationReported: string;
  /** Isolation containers get by default, with `default` resolved: Server -> process, client -> hyperv. */
  isolation?: 'process' | 'hyperv';
  engineVersion: string;
  apiVersion: string;
  minApiVersion?: string;
  operatingSystem: string;
  osVersion: string;
  kernelVersion: string;
  architecture: string;
  storageDriver: string;
  name: string;
  dockerDesktop: boolean;
  /** Which of Docker Desktop's engines answered: its Windows containers engine or its Linux engine (from OSType). */
  desktopEngine?: 'windows' | 'linux';
  /** The machine Docker Desktop runs on, from its `com.docker.desktop.address` label: an npipe:// address is Windows. */
  desktopHost?: 'windows' | 'other';
  containers: { total: number; running: number; paused: number; stopped: number };
  images: number;
}

function str(obj: unknown, key: string): string {
  const v = typeof obj === 'object' && obj !== null ? (obj as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : '';
}

function num(obj: unknown, key: string): number {
  const v = typeof obj === 'object' && obj !== null ? (obj as Record<string, unknown>)[key] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** `10.0.17763` or `10.0.17763.5329` -> 17763. */
export function buildFromOsVersion(osVersion: string): number | undefined {
  const m = /^10\.0\.(\d{4,6})(?:\.\d+)?$/.exec(osVersion.trim());
  return m ? Number(m[1]) : undefined;
}

/** `10.0 17763 (17763.1.amd64fre.rs5_release.180914-1434)` -> 17763. */
export function buildFromKernelVersion(kernel: string): number | undefined {
  const m = /^10\.0 (\d{4,6})\b/.exec(kernel.trim());
  return m ? Number(m[1]) : undefined;
}

/** `... (OS Build 17763.805)` -> { build 17763, revision 805 }. */
export function buildFromOperatingSystem(os: string): { build: number; revision?: number } | undefined {
  const m = /OS Build (\d{4,6})(?:\.(\d+))?/i.exec(os);
  if (!m) return undefined;
  return { build: Number(m[1]), revision: m[2] !== undefined ? Number(m[2]) : undefined };
}

/** Parses /info and /version bodies as dockerode returns them. Never throws on odd input. */
export function parseHostPlatform(info: unknown, version: unknown): HostPlatform {
  const osType = (str(info, 'OSType') || str(version, 'Os')).toLowerCase();
  const operatingSystem = str(info, 'OperatingSystem');
  const osVersion = str(info, 'OSVersion');
  const kernelVersion = str(info, 'KernelVersion') || str(version, 'KernelVersion');
  const isolationReported = str(info, 'Isolation');
  const platformName = str(typeof version === 'object' && version !== null ? (version as Record<string, unknown>).Platform : undefined, 'Name');
  const labels = (typeof info === 'object' && info !== null ? (info as Record<string, unknown>).Labels : undefined) as unknown;
  const labelList = Array.isArray(labels) ? labels.filter((l): l is string => typeof l === 'string') : [];
  const dockerDesktop =
    /docker desktop/i.test(operatingSystem) ||
    /docker desktop/i.test(platformName) ||
    str(info, 'Name') === 'docker-desktop' ||
    labelList.some((l) => l.startsWith('com.docker.desktop.'));

  const p: HostPlatform = {
    osType,
    isolationReported,
    engineVersion: str(version, 'Version') || str(info, 'ServerVersion'),
    apiVersion: str(version, 'ApiVersion'),
    minApiVersion: str(version, 'MinAPIVersion') || undefined,
    operatingSystem,
    osVersion,
    kernelVersion,
    architecture: str(info, 'Architecture') || str(version, 'Arch'),
    storageDriver: str(info, 'Driver'),
    name: str(info, 'Name'),
    dockerDesktop,
    containers: { total: num(info, 'Containers'), running: num(info, 'ContainersRunning'), paused: num(info, 'ContainersPaused'), stopped: num(info, 'ContainersStopped') },
    images: num(info, 'Images'),
  };

  if (dockerDesktop && (osType === 'windows' || osType === 'linux')) p.desktopEngine = osType;
  const address = labelList.find((l) => l.startsWith('com.docker.desktop.address='));
  if (address) p.desktopHost = /^com\.docker\.desktop\.address=npipe:/.test(address) ? 'windows' : 'other';

  if (osType === 'windows') {
    const fromOs = buildFromOperatingSystem(operatingSystem);
    // KernelVersion's bracket keeps `.1` after updates, so only OperatingSystem gives the revision.
    p.windowsBuild = buildFromOsVersion(osVersion) ?? buildFromKernelVersion(kernelVersion) ?? fromOs?.build;
    if (fromOs && fromOs.build === p.windowsBuild) p.windowsRevision = fromOs.revision;
    if (p.windowsBuild !== undefined) p.windowsRelease = describeBuild(p.windowsBuild);
    p.windowsServer = /windows server/i.test(operatingSystem);
    const iso = isolationReported.toLowerCase();
    if (iso === 'process' || iso === 'hyperv') p.isolation = iso;
    // "default" (or nothing): Windows Server runs process isolation, Windows 10/11 Hyper-V.
    else p.isolation = p.windowsServer ? 'process' : operatingSystem ? 'hyperv' : undefined;
  }
  return p;
}

/** What the language server gets: only facts the engine reported, nothing guessed. */
export function toHostContext(p: HostPlatform): HostContext {
  const ctx: HostContext = { source: 'engine' };
  if (p.osType === 'windows' || p.osType === 'linux') ctx.engineOs = p.osType;
  if (p.osType === 'windows') {
    if (p.windowsBuild !== undefined) ctx.build = p.windowsBuild;
    if (p.isolation) ctx.isolation = p.isolation;
  }
  return ctx;
}

/** `Docker Desktop's Windows containers engine` / `Docker Desktop's Linux engine` (`Docker Desktop for Windows's ...` when its label says so); undefined elsewhere. */
export function desktopEngineName(p: Pick<HostPlatform, 'dockerDesktop' | 'desktopEngine' | 'desktopHost'>): string | undefined {
  if (!p.dockerDesktop) return undefined;
  const desktop = p.desktopHost === 'windows' ? 'Docker Desktop for Windows' : 'Docker Desktop';
  if (p.desktopEngine === 'windows') return `${desktop}: its Windows containers engine`;
  if (p.desktopEngine === 'linux') return `${desktop}: its Linux engine`;
  return desktop;
}

/** One line for the Engine view: `Windows containers on Windows Server 2019 (1809), build 17763.805, process isolation`. */
export function describeHost(p: HostPlatform): string {
  const desktop = desktopEngineName(p);
  if (p.osType !== 'windows') {
    // Docker Desktop's Linux engine calls its OS "Docker Desktop": name the engine instead.
    const where = desktop && /^docker desktop$/i.test(p.operatingSystem) ? `the Linux VM of ${desktop.replace(/: its Linux engine$/, '')}` : p.operatingSystem || 'an unknown OS';
    return `${p.osType === 'linux' ? 'Linux' : p.osType || 'Unknown'} containers on ${where}${desktop ? ` (${desktop})` : ''}`;
  }
  const build = p.windowsBuild === undefined ? 'unknown build' : `build ${p.windowsBuild}${p.windowsRevision !== undefined ? `.${p.windowsRevision}` : ''}`;
  const where = p.windowsRelease ?? (p.operatingSystem || 'Windows');
  return `Windows containers on ${where}, ${build}${p.isolation ? `, ${p.isolation} isolation` : ''}${desktop ? ` (${desktop})` : ''}`;
}

export interface ImageOsDisplay {
  /** `windows`, `linux`, '' when unknown. */
  os: string;
  /** `10.0.17763.5329` for Windows images, '' otherwise. */
  osVersion: string;
  build?: number;
  revision?: number;
  /** `Windows Server 2019 (1809)` for a Windows image with a known build. */
  release?: string;
  /** `windows 10.0.17763.5329 (Windows Server 2019 (1809))`, `linux`. */
  label: string;
}

/** Display data for an image's OS, from the inspect fields `Os` and `OsVersion`. */
export function describeImageOs(inspect: { Os?: unknown; OsVersion?: unknown }): ImageOsDisplay {
  const os = typeof inspect.Os === 'string' ? inspect.Os.toLowerCase() : '';
  const osVersion = typeof inspect.OsVersion === 'string' ? inspect.OsVersion : '';
  const d: ImageOsDisplay = { os, osVersion, label: os || 'unknown OS' };
  const m = /^10\.0\.(\d{4,6})(?:\.(\d+))?$/.exec(osVersion);
  if (os === 'windows' && m) {
    d.build = Number(m[1]);
    if (m[2] !== undefined) d.revision = Number(m[2]);
    d.release = describeBuild(d.build);
    d.label = `windows ${osVersion} (${d.release})`;
  } else if (osVersion) {
    d.label = `${os || 'unknown OS'} ${osVersion}`;
  }
  return d;
}
