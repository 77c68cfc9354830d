// What a repository name alone says about an image: a Windows base image family, an insider
// repository, an image that exists only for Windows, or one known to be Linux-only.
import type { WindowsFamily } from './releases';
import { normalizeRegistry, normalizeRepository } from '../dockerfile/imageName';

export type RepositoryKind =
  /** One of the Windows base images (servercore, nanoserver, server, windows and the old Docker Hub names). */
  | 'base'
  /** A base image's insider (preview build) repository. */
  | 'insider'
  /** Built on a Windows base image and published only for Windows. */
  | 'windows-only'
  /** Known to publish Linux images only. */
  | 'linux'
  | 'unknown';

export interface RepositoryInfo {
  kind: RepositoryKind;
  family?: WindowsFamily;
  /** Canonical name of the base repository, for suggestions (`mcr.microsoft.com/windows/servercore`). */
  canonical?: string;
}

const MCR = 'mcr.microsoft.com';

/** Base repositories, by path. A mirror in another registry keeps the path, so match it as a suffix too. */
const BASE_PATHS: ReadonlyArray<{ path: string; family: WindowsFamily; canonical: string; mcrOnly?: boolean }> = [
  { path: 'windows/servercore', family: 'servercore', canonical: `${MCR}/windows/servercore` },
  { path: 'windows/nanoserver', family: 'nanoserver', canonical: `${MCR}/windows/nanoserver` },
  { path: 'windows/server', family: 'server', canonical: `${MCR}/windows/server` },
  // A bare `windows` repository elsewhere could be anything: only MCR's is the Windows image.
  { path: 'windows', family: 'windows', canonical: `${MCR}/windows`, mcrOnly: true },
  { path: 'microsoft/windowsservercore', family: 'servercore', canonical: 'microsoft/windowsservercore' },
  { path: 'microsoft/nanoserver', family: 'nanoserver', canonical: 'microsoft/nanoserver' },
  // Technical-preview era local names, still found in old files.
  { path: 'windowsservercore', family: 'servercore', canonical: 'windowsservercore' },
  { path: 'nanoserver', family: 'nanoserver', canonical: 'nanoserver' },
];

const WINDOWS_ONLY: ReadonlyArray<{ pattern: RegExp; family?: WindowsFamily }> = [
  { pattern: /^mcr\.microsoft\.com\/dotnet\/framework\//, family: 'servercore' },
  { pattern: /^mcr\.microsoft\.com\/windows\/servercore\/iis$/, family: 'servercore' },
  { pattern: /^docker\.io\/microsoft\/(iis|aspnet|dotnet-framework(-[a-z-]+)?|wcf|mssql-server-windows[a-z-]*)$/, family: 'servercore' },
];

const LINUX_ONLY = new Set([
  'alpine', 'ubuntu', 'debian', 'centos', 'fedora', 'busybox', 'amazonlinux', 'archlinux', 'rockylinux', 'almalinux',
  'oraclelinux', 'opensuse/leap', 'opensuse/tumbleweed', 'nginx', 'httpd', 'redis', 'postgres', 'mysql', 'mariadb',
  'node', 'php', 'ruby', 'rust', 'gcc', 'maven', 'gradle', 'eclipse-temurin', 'amazoncorretto', 'haproxy', 'traefik',
  'rabbitmq', 'elasticsearch', 'jenkins/jenkins', 'scratch',
]);

function baseMatch(registry: string, repo: string): RepositoryInfo | undefined {
  for (const b of BASE_PATHS) {
    if (b.mcrOnly) {
      if (registry === MCR && repo === b.path) return { kind: 'base', family: b.family, canonical: b.canonical };
      continue;
    }
    if (repo === b.path || repo.endsWith(`/${b.path}`)) return { kind: 'base', family: b.family, canonical: b.canonical };
  }
  return undefined;
}

export function classifyRepository(registry: string | undefined, repository: string): RepositoryInfo {
  const reg = normalizeRegistry(registry);
  const repo = normalizeRepository(registry, repository);
  const base = baseMatch(reg, repo);
  if (base) return base;
  // Insider repositories: `windows/servercore/insider`, `windowsservercore-insider`, `windows-insider` ...
  const withoutInsider = repo.replace(/(\/insider|-insider)$/, '');
  if (withoutInsider !== repo) {
    const insiderBase = baseMatch(reg, withoutInsider);
    if (insiderBase) return { kind: 'insider', family: insiderBase.family };
  }
  const full = `${reg}/${repo}`;
  for (const w of WINDOWS_ONLY) if (w.pattern.test(full)) return { kind: 'windows-only', family: w.family };
  const last = repo.slice(repo.lastIndexOf('/') + 1);
  const word = /(?:^|[-_.])(windows|windowsservercore|servercore|nanoserver)(?:[-_.]|$)/.exec(last);
  if (word) {
    const family: WindowsFamily | undefined = word[1] === 'nanoserver' ? 'nanoserver' : word[1] === 'windows' ? undefined : 'servercore';
    return { kind: 'windows-only', family };
  }
  if (reg === 'docker.io' && LINUX_ONLY.has(repo)) return { kind: 'linux' };
  if (reg === 'gcr.io' && repo.startsWith('distroless/')) return { kind: 'linux' };
  return { kind: 'unknown' };
}
