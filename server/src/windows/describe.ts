// What hover and completion say about Windows images: pure functions of an image and the host.
import type { HostContext } from '../../../shared/protocol';
import { type CompatResult, checkCompat } from './compat';
import { parseImageName } from '../dockerfile/imageName';
import { type WindowsFamily, type WindowsRelease, WINDOWS_RELEASES, describeBuild } from './releases';
import { classifyRepository } from './repositories';
import { type ImageRefInput, type WindowsImageInfo, resolveWindowsImage } from './tags';

export interface ImageDescription {
  info: WindowsImageInfo;
  /** Set when both the image build and the host build are known. */
  process?: CompatResult;
  hyperv?: CompatResult;
  /** Plain-text lines, first one a summary (`Windows Server 2019 (1809), build 17763, servercore`). */
  lines: string[];
}

export function describeImage(ref: ImageRefInput, host: HostContext = {}): ImageDescription {
  const info = resolveWindowsImage(ref);
  const lines: string[] = [];
  if (info.windows === 'no') return { info, lines: ['Linux image'] };
  if (info.windows === 'maybe') return { info, lines: [`Operating system not known: ${info.reason}`] };
  const family = info.family ? `, ${info.family}` : '';
  if (info.build === undefined) {
    lines.push(`Windows image${family}, build unknown: ${info.reason}`);
    return { info, lines };
  }
  const name = info.release ? info.release.name : 'Windows insider build';
  const revision = info.revision !== undefined ? `.${info.revision}` : '';
  lines.push(`${name}, build ${info.build}${revision}${family}`);
  if (info.release && !info.release.supported) lines.push(`${info.release.name} is out of support.`);
  if (host.engineOs === 'linux') {
    lines.push('The engine runs Linux containers: switch Docker Desktop to Windows containers to use this image.');
  }
  if (host.build === undefined) return { info, lines };
  const process = checkCompat(host.build, info.build, 'process');
  const hyperv = checkCompat(host.build, info.build, 'hyperv');
  const hostName = `host build ${host.build} (${describeBuild(host.build)})`;
  const mark = (c: CompatResult) => (c.runs ? 'runs' : 'does not run');
  const inUse = host.isolation ?? 'process';
  lines.push(`On ${hostName}: process isolation ${mark(process)}${inUse === 'process' ? ' (in use)' : ''}; Hyper-V isolation ${mark(hyperv)}${inUse === 'hyperv' ? ' (in use)' : ''}.`);
  const failing = inUse === 'process' ? process : hyperv;
  if (!failing.runs) lines.push(`Why: ${failing.reason}.`);
  return { info, process, hyperv, lines };
}

export interface TagSuggestion {
  tag: string;
  release: WindowsRelease;
  /** `Windows Server 2022, build 20348 — runs on this host` ... */
  detail: string;
  /** Runs on the host under the isolation in use; undefined when the host build is unknown. */
  runsOnHost?: boolean;
  process?: CompatResult;
  hyperv?: CompatResult;
}

/**
 * Tags of a Windows base repository (`mcr.microsoft.com/windows/servercore`, `windows/nanoserver`,
 * `microsoft/windowsservercore` ...): those that run on the host first, then supported before
 * retired, newest first. Empty for any other repository.
 */
export function suggestWindowsTags(repository: string, host: HostContext = {}): TagSuggestion[] {
  const parts = parseImageName(repository);
  const repo = classifyRepository(parts.registry, parts.repository);
  if (repo.kind !== 'base' || repo.family === undefined) return [];
  const family: WindowsFamily = repo.family;
  const isolation = host.isolation ?? 'process';
  const out: TagSuggestion[] = [];
  for (const release of WINDOWS_RELEASES) {
    for (const tag of release.tags[family]) {
      const s: TagSuggestion = { tag, release, detail: '' };
      let hostPart = '';
      if (host.build !== undefined) {
        s.process = checkCompat(host.build, release.build, 'process');
        s.hyperv = checkCompat(host.build, release.build, 'hyperv');
        s.runsOnHost = (isolation === 'process' ? s.process : s.hyperv).runs;
        hostPart = s.runsOnHost ? ` — runs on this host (${isolation})` : ` — does not run on this host (${isolation})`;
      }
      const retired = release.supported ? '' : ', out of support';
      s.detail = `${release.name}, build ${release.build}${retired}${hostPart}`;
      out.push(s);
    }
  }
  const rank = (s: TagSuggestion) => (s.runsOnHost ? 4 : 0) + (s.release.supported ? 2 : 0);
  // Stable sort keeps a release's preferred tag before its aliases.
  return out.sort((a, b) => rank(b) - rank(a) || b.release.build - a.release.build);
}
