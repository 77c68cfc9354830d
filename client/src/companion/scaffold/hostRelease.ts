// Which release of a Windows image to write for a host: the newest published release that runs on
// the host build under its isolation. The decision is shared/windows' (hcsshim's rules and the
// release table); this file only asks it.
import { checkCompat, type Isolation } from '../../../../shared/windows/compat';
import { describeBuild, releaseByBuild } from '../../../../shared/windows/releases';
import type { WindowsImage } from './kinds';

export interface WindowsHost {
  build: number;
  isolation: Isolation;
  /** Where the build came from, for the Dockerfile's comment and the messages. */
  source: 'engine' | 'settings' | 'chosen';
}

/** Hosts the scaffolding is tested on: Server LTSCs, Server 23H2 and the client builds Docker Desktop runs on. */
export const TESTED_HOSTS: readonly WindowsHost[] = [
  { build: 14393, isolation: 'process', source: 'chosen' },
  { build: 17763, isolation: 'process', source: 'chosen' },
  { build: 20348, isolation: 'process', source: 'chosen' },
  { build: 25398, isolation: 'process', source: 'chosen' },
  { build: 26100, isolation: 'process', source: 'chosen' },
  { build: 19045, isolation: 'hyperv', source: 'chosen' },
  { build: 22631, isolation: 'hyperv', source: 'chosen' },
  { build: 26100, isolation: 'hyperv', source: 'chosen' },
];

/** Hosts offered when the build is unknown, as the user would name them. */
export const HOST_CHOICES: ReadonlyArray<{ label: string; build: number; isolation: Isolation }> = [
  { label: 'Windows Server 2025', build: 26100, isolation: 'process' },
  { label: 'Windows Server 2022', build: 20348, isolation: 'process' },
  { label: 'Windows Server 2019', build: 17763, isolation: 'process' },
  { label: 'Windows Server 2016', build: 14393, isolation: 'process' },
  { label: 'Windows 11 (Docker Desktop)', build: 26100, isolation: 'hyperv' },
  { label: 'Windows 10 22H2 (Docker Desktop)', build: 19045, isolation: 'hyperv' },
];

/** The isolation to judge by when nothing says: process, as the linter's host rule assumes (Windows Server's default). */
export function isolationOrDefault(isolation: Isolation | undefined): Isolation {
  return isolation ?? 'process';
}

export class NoReleaseForHost extends Error {}

/** The release word a family's tag uses for a build (`ltsc2019`; nanoserver's Server 2019 is `1809`). */
function releaseWord(build: number, family: WindowsImage['family']): string {
  const word = releaseByBuild(build)?.tags[family][0];
  if (word === undefined) throw new Error(`no ${family} tag word for build ${build}`);
  return word;
}

export interface ChosenImage {
  image: string;
  build: number;
  word: string;
}

/** The image reference to write, or NoReleaseForHost with what would run and why. */
export function imageForHost(image: WindowsImage, host: WindowsHost): ChosenImage {
  const runs = image.builds.filter((b) => checkCompat(host.build, b, host.isolation).runs);
  const build = runs[runs.length - 1];
  if (build === undefined) {
    const published = image.builds.map((b) => image.tag(releaseWord(b, image.family), b)).join(', ');
    const other: Isolation = host.isolation === 'process' ? 'hyperv' : 'process';
    const underOther = image.builds.filter((b) => checkCompat(host.build, b, other).runs);
    const hint =
      underOther.length > 0
        ? ` Under ${other === 'hyperv' ? 'Hyper-V' : 'process'} isolation ${image.tag(releaseWord(underOther[underOther.length - 1], image.family), underOther[underOther.length - 1])} would run (set dockerWorkbench.windows.isolation).`
        : '';
    throw new NoReleaseForHost(
      `${image.repository} has no image that runs on ${describeBuild(host.build)} (build ${host.build}) under ${host.isolation === 'hyperv' ? 'Hyper-V' : 'process'} isolation: ${checkCompat(host.build, image.builds[image.builds.length - 1], host.isolation).reason}. Published: ${published}.${hint}`,
    );
  }
  const word = releaseWord(build, image.family);
  return { image: `${image.repository}:${image.tag(word, build)}`, build, word };
}
