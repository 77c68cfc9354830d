// Windows releases, their build numbers and the tags each base image family publishes for them.
// Source: docs WINDOWS.md (Microsoft's container docs, hcsshim's osversion package).

/** The base image families: servercore, nanoserver, server (2022 on) and the old full `windows` image. */
export type WindowsFamily = 'servercore' | 'nanoserver' | 'server' | 'windows';

export const WINDOWS_FAMILIES: readonly WindowsFamily[] = ['servercore', 'nanoserver', 'server', 'windows'];

export interface WindowsRelease {
  /** Short name used in messages: `Windows Server 2019 (1809)`. */
  name: string;
  /** Marketing version: `1809`, `20H2`, `23H2`. */
  version: string;
  build: number;
  ltsc: boolean;
  /** Still serviced; out-of-support releases are only suggested when nothing supported fits. */
  supported: boolean;
  /**
   * Tags per family, preferred first. Empty for a family that has no image of this release
   * (Server 23H2 has none at all: it runs ltsc2022 images).
   */
  tags: Readonly<Record<WindowsFamily, readonly string[]>>;
}

function tags(servercore: string[], nanoserver: string[], server: string[], windows: string[]): Record<WindowsFamily, string[]> {
  return { servercore, nanoserver, server, windows };
}

/** Server releases, oldest first. */
export const WINDOWS_RELEASES: readonly WindowsRelease[] = [
  // nanoserver's 2016 image (sac2016) was withdrawn, but it still appears in real files.
  { name: 'Windows Server 2016 (1607)', version: '1607', build: 14393, ltsc: true, supported: true, tags: tags(['ltsc2016'], ['sac2016'], [], []) },
  { name: 'Windows Server 1709', version: '1709', build: 16299, ltsc: false, supported: false, tags: tags(['1709'], ['1709'], [], []) },
  { name: 'Windows Server 1803', version: '1803', build: 17134, ltsc: false, supported: false, tags: tags(['1803'], ['1803'], [], []) },
  { name: 'Windows Server 2019 (1809)', version: '1809', build: 17763, ltsc: true, supported: true, tags: tags(['ltsc2019', '1809'], ['1809'], [], ['1809', 'ltsc2019']) },
  { name: 'Windows Server 1903', version: '1903', build: 18362, ltsc: false, supported: false, tags: tags(['1903'], ['1903'], [], ['1903']) },
  { name: 'Windows Server 1909', version: '1909', build: 18363, ltsc: false, supported: false, tags: tags(['1909'], ['1909'], [], ['1909']) },
  { name: 'Windows Server 2004', version: '2004', build: 19041, ltsc: false, supported: false, tags: tags(['2004'], ['2004'], [], ['2004']) },
  { name: 'Windows Server 20H2', version: '20H2', build: 19042, ltsc: false, supported: false, tags: tags(['20H2'], ['20H2', '2009'], [], ['20H2']) },
  { name: 'Windows Server 2022', version: '21H2', build: 20348, ltsc: true, supported: true, tags: tags(['ltsc2022'], ['ltsc2022'], ['ltsc2022'], []) },
  { name: 'Windows Server 23H2', version: '23H2', build: 25398, ltsc: false, supported: true, tags: tags([], [], [], []) },
  { name: 'Windows Server 2025', version: '24H2', build: 26100, ltsc: true, supported: true, tags: tags(['ltsc2025'], ['ltsc2025'], ['ltsc2025'], []) },
];

/** Client builds that show up as container hosts (Docker Desktop on Windows 10/11). */
export const WINDOWS_CLIENT_BUILDS: ReadonlyArray<{ name: string; build: number }> = [
  { name: 'Windows 10 21H2', build: 19044 },
  { name: 'Windows 10 22H2', build: 19045 },
  { name: 'Windows 11 21H2', build: 22000 },
  { name: 'Windows 11 22H2', build: 22621 },
  { name: 'Windows 11 23H2', build: 22631 },
  { name: 'Windows 11 24H2', build: 26100 },
];

/** LTSC builds from Server 2022 on: the anchors of hcsshim's stable-ABI window. Ascending. */
export const STABLE_ABI_LTSC_BUILDS: readonly number[] = [20348, 26100];

export const LTSC2022_BUILD = 20348;

/**
 * Tag words that name a release, lower-cased. Includes the aliases that no family lists as
 * preferred but real tags use: `1607-amd64`, servercore's `2009`.
 */
const RELEASE_WORDS: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const r of WINDOWS_RELEASES) {
    for (const family of WINDOWS_FAMILIES) for (const t of r.tags[family]) map.set(t.toLowerCase(), r.build);
    if (/^\d{4}$|^\d\dh\d$/i.test(r.version) && r.build < LTSC2022_BUILD) map.set(r.version.toLowerCase(), r.build);
  }
  map.set('2009', 19042);
  return map;
})();

/** Build named by a release word of a tag (`ltsc2019`, `1809`, `20H2` ...), case-insensitive. */
export function buildOfReleaseWord(word: string): number | undefined {
  return RELEASE_WORDS.get(word.toLowerCase());
}

export function releaseByBuild(build: number): WindowsRelease | undefined {
  return WINDOWS_RELEASES.find((r) => r.build === build);
}

/** `Windows Server 2019 (1809)`, `Windows 11 22H2`, `Windows 11 24H2 / Windows Server 2025`, or `build N`. */
export function describeBuild(build: number): string {
  const names: string[] = [];
  for (const c of WINDOWS_CLIENT_BUILDS) if (c.build === build) names.push(c.name);
  const server = releaseByBuild(build);
  if (server) names.push(server.name);
  return names.length > 0 ? names.join(' / ') : `Windows build ${build}`;
}

export function isWindows10ClientBuild(build: number): boolean {
  return build === 19044 || build === 19045;
}
