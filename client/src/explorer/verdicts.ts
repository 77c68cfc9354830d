// What runs where, as the explorer shows it: an image's verdict on the connected host (process,
// Hyper-V, or not at all) and the explanation of a container that stopped with the OS mismatch.
// The decision is shared/windows' (hcsshim's rules, the release table); this file only words it.
// No 'vscode' here.
import { cannotRunMessage, runVerdict } from '../../../shared/windows/runsHere';
import type { ContainerSummary, ImageOsInfo } from '../engine/operations';
import type { HostPlatform } from '../engine/platform';
import type { IconSpec } from './model';

export type VerdictKind = 'process' | 'hyperv' | 'none' | 'unknown';

export interface ImageVerdict {
  kind: VerdictKind;
  icon: IconSpec;
  /** A few words for the description: `runs (process)`. */
  short: string;
  /** The tooltip's sentence: why. */
  why: string;
}

type Host = Pick<HostPlatform, 'osType' | 'windowsBuild' | 'windowsRevision' | 'windowsRelease'>;

const ICONS: Record<VerdictKind, IconSpec> = {
  process: { id: 'pass-filled', color: 'charts.green' },
  hyperv: { id: 'vm', color: 'charts.yellow' },
  none: { id: 'error', color: 'charts.red' },
  unknown: { id: 'question' },
};

function verdict(kind: VerdictKind, short: string, why: string): ImageVerdict {
  return { kind, icon: ICONS[kind], short, why };
}

/**
 * The verdict of an image on the host, or undefined when the engine is not a Windows engine and
 * the image is not a Windows image (nothing to say). `os` undefined: not read yet.
 */
export function imageVerdict(host: Host | undefined, os: ImageOsInfo | undefined, name: string): ImageVerdict | undefined {
  if (!host || !os) return undefined;
  if (host.osType !== 'windows') {
    if (os.os !== 'windows') return undefined;
    return verdict('none', 'does not run here', `Does not run here: ${name} is a Windows image and this engine runs ${host.osType || 'non-Windows'} containers. Switch the engine to Windows containers or pick a context whose engine runs them.`);
  }
  if (os.os !== 'windows') return verdict('none', 'does not run here', `Does not run here: ${name} is a ${os.os || 'non-Windows'} image and this engine runs Windows containers.`);
  if (os.build === undefined) return verdict('unknown', 'build unknown', `${name} does not say its Windows build (OsVersion "${os.osVersion}"), so whether it runs here is unknown.`);
  if (host.windowsBuild === undefined) return verdict('unknown', 'host build unknown', 'The engine does not say its Windows build, so whether the image runs here is unknown.');
  const v = runVerdict(host.windowsBuild, os.build, { hostRevision: host.windowsRevision, imageRevision: os.revision });
  const facts = `Image build ${os.build}${os.release ? ` (${os.release})` : ''}, host build ${host.windowsBuild}${host.windowsRelease ? ` (${host.windowsRelease})` : ''}.`;
  if (v.runs === 'none') {
    const message = cannotRunMessage(host.windowsBuild, os.build, name, { hostRevision: host.windowsRevision, imageRevision: os.revision }) ?? v.reason;
    return verdict('none', 'does not run here', `${facts}\n${message}`);
  }
  return verdict(v.runs, v.runs === 'process' ? 'runs here (process)' : 'runs here (Hyper-V)', `${facts}\n${v.reason}`);
}

/** True when the filter "only what runs here" keeps the image: it runs, or nothing says it does not. */
export function runsHere(v: ImageVerdict | undefined): boolean {
  return v?.kind !== 'none';
}

/** The engine's words for 0xc0370101 (hcsshim), and the daemon log's. */
export function isOsMismatchError(text: string): boolean {
  return /operating system does not match the host operating system|0xc0370101|-based image is incompatible with a [\d.]+ host/i.test(text);
}

export interface ContainerFailure {
  /** State.Error as the engine reports it. */
  error: string;
  exitCode: number;
}

/**
 * The tooltip lines for a stopped container that failed with the OS mismatch: what the engine said
 * and the same explanation as Run's refusal (when the image's build is known).
 */
export function osMismatchLines(ct: Pick<ContainerSummary, 'image'>, failure: ContainerFailure | undefined, host: Host | undefined, imageOs: ImageOsInfo | undefined): string[] {
  if (!failure || !isOsMismatchError(failure.error)) return [];
  const lines = [`Failed to start: the container's operating system does not match the host's (exit ${failure.exitCode}).`];
  const v = imageVerdict(host, imageOs, ct.image);
  if (v) lines.push(v.why);
  else lines.push(`The image's Windows build could not be read; the host build is ${host?.windowsBuild ?? 'unknown'}.`);
  const first = failure.error.split('\n')[0];
  lines.push(`Engine: ${first.length > 300 ? `${first.slice(0, 299)}…` : first}`);
  return lines;
}

/**
 * Runs `work` over `items` with at most `limit` at a time; results in order, failures as undefined.
 * Used for the per-image and per-container inspects, so a long list does not open hundreds of requests.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<Array<R | undefined>> {
  const out: Array<R | undefined> = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      try {
        out[i] = await work(items[i]);
      } catch {
        out[i] = undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
