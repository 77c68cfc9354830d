// The project kinds "Add Dockerfile to Workspace" knows, and for each Windows image it uses, the
// Windows releases that image is published for (by build number). These lists are facts about
// Microsoft's registries, read from each repository's published tag tables (dotnet-docker's
// README.<image>.md, dotnet-framework-docker's src/ folders, iis-docker's README); which of them
// runs on a host is never decided here but by shared/windows (hcsshim's rules).

export type KindId =
  | 'iis-static'
  | 'aspnet-framework'
  | 'aspnet-core'
  | 'dotnet-console'
  | 'powershell'
  | 'node'
  | 'python'
  | 'go'
  | 'nginx-static';

export interface KindInfo {
  id: KindId;
  label: string;
  detail: string;
  os: 'windows' | 'linux';
}

export const KINDS: readonly KindInfo[] = [
  { id: 'iis-static', label: 'IIS static site', detail: 'Windows Server Core with IIS serving the folder', os: 'windows' },
  { id: 'aspnet-framework', label: 'ASP.NET (.NET Framework 4.8)', detail: 'built with the .NET Framework SDK, served by IIS on Server Core', os: 'windows' },
  { id: 'aspnet-core', label: 'ASP.NET Core', detail: 'built with the .NET SDK, run on Nano Server or Server Core', os: 'windows' },
  { id: 'dotnet-console', label: '.NET console app', detail: 'built with the .NET SDK, run on Nano Server or Server Core', os: 'windows' },
  { id: 'powershell', label: 'PowerShell script app', detail: 'a .ps1 run by Windows PowerShell on Server Core', os: 'windows' },
  { id: 'node', label: 'Node.js', detail: 'Linux: node on Alpine, production dependencies only', os: 'linux' },
  { id: 'python', label: 'Python', detail: 'Linux: python slim, dependencies from requirements.txt or pyproject.toml', os: 'linux' },
  { id: 'go', label: 'Go', detail: 'Linux: built with golang, run from a distroless static image', os: 'linux' },
  { id: 'nginx-static', label: 'Static site (nginx)', detail: 'Linux: nginx serving the folder', os: 'linux' },
];

export function kindInfo(id: KindId): KindInfo {
  const info = KINDS.find((k) => k.id === id);
  if (!info) throw new Error(`unknown project kind ${id}`);
  return info;
}

export type WindowsVariant = 'nanoserver' | 'servercore';
export type DotnetVersion = '8.0' | '9.0' | '10.0';
export const DOTNET_VERSIONS: readonly DotnetVersion[] = ['8.0', '9.0', '10.0'];

/** One Windows image: how its tag is written for a release, and the releases it is published for. */
export interface WindowsImage {
  repository: string;
  /** Builds with a published tag, oldest first. */
  builds: readonly number[];
  /** The whole tag for a release word (`ltsc2019`, `1809`) and the release's build. */
  tag(word: string, build: number): string;
  /** Which family's release word the tag uses (nanoserver calls Server 2019 `1809`). */
  family: 'servercore' | 'nanoserver';
}

const LTSC_2016_TO_2025 = [14393, 17763, 20348, 26100] as const;
const LTSC_2019_TO_2025 = [17763, 20348, 26100] as const;
const LTSC_2022_TO_2025 = [20348, 26100] as const;

export const IIS_IMAGE: WindowsImage = {
  repository: 'mcr.microsoft.com/windows/servercore/iis',
  builds: LTSC_2016_TO_2025,
  tag: (word) => `windowsservercore-${word}`,
  family: 'servercore',
};

export const SERVERCORE_IMAGE: WindowsImage = {
  repository: 'mcr.microsoft.com/windows/servercore',
  builds: LTSC_2016_TO_2025,
  tag: (word) => word,
  family: 'servercore',
};

// .NET Framework 4.8 images exist up to Server 2022; Server 2025 ships 4.8.1, and its images are
// published as 4.8.1 only (4.8.1 is an in-place update that runs 4.8 applications).
function frameworkImage(name: 'sdk' | 'aspnet'): WindowsImage {
  return {
    repository: `mcr.microsoft.com/dotnet/framework/${name}`,
    builds: LTSC_2016_TO_2025,
    tag: (word, build) => `${build >= 26100 ? '4.8.1' : '4.8'}-windowsservercore-${word}`,
    family: 'servercore',
  };
}
export const FRAMEWORK_SDK_IMAGE = frameworkImage('sdk');
export const FRAMEWORK_ASPNET_IMAGE = frameworkImage('aspnet');

/** .NET (Core) images: 8.0 and 9.0 for Server 2019 to 2025, 10.0 from Server 2022 on (no 1809 images). */
export function dotnetImage(name: 'sdk' | 'aspnet' | 'runtime', version: DotnetVersion, variant: WindowsVariant): WindowsImage {
  return {
    repository: `mcr.microsoft.com/dotnet/${name}`,
    builds: version === '10.0' ? LTSC_2022_TO_2025 : LTSC_2019_TO_2025,
    tag: (word) => `${version}-${variant === 'nanoserver' ? 'nanoserver' : 'windowsservercore'}-${word}`,
    family: variant,
  };
}

/** Linux base images (tags that name a maintained line, not a moving `latest`). */
export const LINUX_DEFAULTS = {
  node: '24',
  python: '3.13',
  go: '1.25',
} as const;
