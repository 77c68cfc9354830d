// Whether a local Windows image runs on the connected host, and if not, which published tags of its
// family would: the explorer's verdicts, Run's refusal and the Containers view's explanation of
// 0xc0370101 all say the same, from the release table and hcsshim's rules (compat.ts).
import { chooseIsolation, checkHypervCompat, checkProcessCompat, type CompatOptions, type Isolation } from './compat';
import { WINDOWS_FAMILIES, WINDOWS_RELEASES, type WindowsFamily } from './releases';

export type RunVerdict =
  | { runs: 'process'; reason: string }
  | { runs: 'hyperv'; reason: string }
  | { runs: 'none'; reason: string };

/** process, else Hyper-V, else none; `reason` is one or two sentences for a tooltip. */
export function runVerdict(hostBuild: number, imageBuild: number, options: CompatOptions = {}): RunVerdict {
  const choice = chooseIsolation(hostBuild, imageBuild, options);
  if (!choice.ok) {
    return {
      runs: 'none',
      reason: `Does not run here: ${checkProcessCompat(hostBuild, imageBuild, options).reason}; ${checkHypervCompat(hostBuild, imageBuild).reason}.`,
    };
  }
  if (choice.isolation === 'process') return { runs: 'process', reason: `Runs here in process isolation: ${choice.reason}.` };
  return { runs: 'hyperv', reason: `Runs here only in Hyper-V isolation: ${choice.reason}.` };
}

/**
 * The base image family a name belongs to, when the name says so: the base repositories
 * (`mcr.microsoft.com/windows/nanoserver`, `microsoft/windowsservercore`) or a derived image whose
 * tag names it (`aspnet:8.0-nanoserver-1809`). Undefined when nothing in the name says.
 */
export function familyOfImageName(name: string): WindowsFamily | undefined {
  const n = name.toLowerCase();
  if (/nanoserver/.test(n)) return 'nanoserver';
  if (/servercore/.test(n)) return 'servercore';
  if (/(^|\/)windows\/server(:|@|$)/.test(n)) return 'server';
  if (/(^|\/)windows(:|@|$)/.test(n)) return 'windows';
  return undefined;
}

export interface TagsThatRun {
  family: WindowsFamily;
  isolation: Isolation;
  release: string;
  build: number;
  /** The family's published tag words for that release, preferred first. */
  tags: readonly string[];
}

/**
 * Published releases of a family that run on the host, newest first, at most one per isolation:
 * the newest that runs in process isolation, and the newest that runs under Hyper-V when that is a
 * different release. Only releases the table lists tags for (Server 23H2 has none). Every family
 * when `family` is undefined.
 */
export function tagsThatRun(hostBuild: number, family?: WindowsFamily): TagsThatRun[] {
  const out: TagsThatRun[] = [];
  for (const f of family ? [family] : WINDOWS_FAMILIES) {
    const published = WINDOWS_RELEASES.filter((r) => r.tags[f].length > 0).sort((a, b) => b.build - a.build);
    const process = published.find((r) => checkProcessCompat(hostBuild, r.build).runs);
    const hyperv = published.find((r) => checkHypervCompat(hostBuild, r.build).runs);
    if (process) out.push({ family: f, isolation: 'process', release: process.name, build: process.build, tags: process.tags[f] });
    if (hyperv && hyperv !== process) out.push({ family: f, isolation: 'hyperv', release: hyperv.name, build: hyperv.build, tags: hyperv.tags[f] });
  }
  return out;
}

/** `nanoserver:1809 (Windows Server 2019 (1809), process isolation)` for each, or what to look for when none. */
export function describeTagsThatRun(hostBuild: number, family?: WindowsFamily): string {
  const found = tagsThatRun(hostBuild, family);
  if (found.length === 0) return `no published ${family ?? 'Windows'} base image runs on build ${hostBuild}`;
  return found.map((t) => `${t.family}:${t.tags.join(' or ')} (${t.release}, ${t.isolation === 'process' ? 'process' : 'Hyper-V'} isolation)`).join('; ');
}

/**
 * The refusal Run shows (and the Containers view, for a container that failed with the OS
 * mismatch): chooseIsolation's reasons, naming host build and image build, then the tags of the
 * image's family that would run here. Undefined when the image runs under some isolation.
 */
export function cannotRunMessage(hostBuild: number, imageBuild: number, imageName: string, options: CompatOptions = {}): string | undefined {
  const choice = chooseIsolation(hostBuild, imageBuild, options);
  if (choice.ok) return undefined;
  const family = familyOfImageName(imageName);
  const unnamed = family ? '' : ' (the name does not say which family the image is built on: take that one)';
  return `${imageName}: ${choice.message} Tags that would run here: ${describeTagsThatRun(hostBuild, family)}${unnamed}.`;
}
