// Tag resolution: is an image a Windows image, and which Windows build does its tag target?
// A tag that names no release (`latest`, `4.8.1`, no tag) is a manifest list that Docker resolves
// to the host's build, so the build stays unknown and no mismatch may be claimed from it.
import type { ImageReference } from '../dockerfile/model';
import { type WindowsFamily, type WindowsRelease, buildOfReleaseWord, releaseByBuild } from './releases';
import { parseImageName } from '../dockerfile/imageName';
import { type RepositoryKind, classifyRepository } from './repositories';
import { markdownCode } from '../markdown';

/** A piece of the tag, with its offset in the tag. */
export interface TagToken {
  text: string;
  offset: number;
}

export interface WindowsImageInfo {
  /** `maybe`: nothing says either way (an unknown image, or a multi-OS image whose tag names no platform). */
  windows: 'yes' | 'no' | 'maybe';
  /** How the repository was recognised. */
  repositoryKind: RepositoryKind;
  family?: WindowsFamily;
  /** Build the tag targets; undefined for manifest lists and unknown tags. */
  build?: number;
  /** Revision of a full version tag (`10.0.17763.437` -> 437). */
  revision?: number;
  /** The server release of that build; undefined for insider builds. */
  release?: WindowsRelease;
  /** The substring of the tag that names the release (`ltsc2019`, `1809`, `10.0.17763.437`). */
  tagReleaseToken?: TagToken;
  /** A `KB5030214` part: it belongs to the release, so a fix that changes the release drops it. */
  tagKbToken?: TagToken;
  /** The tag as resolved (undefined: none written). */
  tag?: string;
  /** Why the answer is what it is, for hover and messages. */
  reason: string;
}

/** What resolution needs from a model ImageReference; a plain string works too. */
export type ImageRefInput = string | Pick<ImageReference, 'raw' | 'resolved' | 'registry' | 'repository' | 'tag' | 'digest'>;

const FULL_VERSION = /^10\.0\.(\d{5})(?:\.(\d+))?$/;
const LTSC_WORD = /^(ltsc20(16|19|22|25)|sac2016)$/i;
const LINUX_TAG_WORDS = /^(alpine[\d.]*|ubuntu[\d.]*|debian[\d.]*|fedora[\d.]*|centos[\d.]*|amazonlinux[\d.]*|oraclelinux[\d.]*|bookworm|bullseye|buster|stretch|jessie|trixie|jammy|focal|bionic|xenial|noble|trusty|slim|ubi\d*|linux|cbl|mariner[\d.]*|azurelinux[\d.]*|chiseled|distroless|musl)$/i;

export function splitTag(tag: string): TagToken[] {
  const tokens: TagToken[] = [];
  let offset = 0;
  for (const text of tag.split('-')) {
    tokens.push({ text, offset });
    offset += text.length + 1;
  }
  return tokens;
}

function familyWord(word: string): WindowsFamily | undefined {
  const w = word.toLowerCase();
  if (w === 'windowsservercore' || w === 'servercore') return 'servercore';
  if (w === 'nanoserver') return 'nanoserver';
  return undefined;
}

interface Parts {
  registry?: string;
  repository?: string;
  tag?: string;
  digest?: string;
}

function partsOf(input: ImageRefInput): Parts | undefined {
  if (typeof input === 'string') return parseImageName(input);
  if (input.resolved !== undefined) {
    if (input.repository !== undefined) return { registry: input.registry, repository: input.repository, tag: input.tag, digest: input.digest };
    return parseImageName(input.resolved);
  }
  // Unresolved variable: the repository may still be literal (`mcr.microsoft.com/windows/servercore:$TAG`).
  const raw = parseImageName(input.raw);
  if (raw.repository.includes('$') || (raw.registry ?? '').includes('$')) return undefined;
  return { registry: raw.registry, repository: raw.repository, tag: undefined, digest: undefined };
}

// The answer depends only on the name, and a file names few images many times (every stage, every
// rule): remember recent answers. Bounded, so a long session does not grow it without end.
const resolved = new Map<string, WindowsImageInfo>();

export function resolveWindowsImage(input: ImageRefInput): WindowsImageInfo {
  const key = typeof input === 'string' ? input : input.resolved === undefined ? undefined : `${input.resolved}\u0000${input.raw}`;
  if (key === undefined) return decideWindowsImage(input);
  let info = resolved.get(key);
  if (info === undefined) {
    if (resolved.size >= 1000) resolved.clear();
    resolved.set(key, (info = decideWindowsImage(input)));
  }
  return info;
}

function decideWindowsImage(input: ImageRefInput): WindowsImageInfo {
  const parts = partsOf(input);
  if (parts === undefined || parts.repository === undefined) {
    return { windows: 'maybe', repositoryKind: 'unknown', reason: 'the image name depends on a build argument without a default' };
  }
  const tagUnknown = typeof input !== 'string' && input.resolved === undefined;
  const repo = classifyRepository(parts.registry, parts.repository);
  const tag = parts.tag;
  const tokens = tag === undefined ? [] : splitTag(tag);

  let family = repo.family;
  let windowsWord = false;
  let linuxWord = false;
  for (const t of tokens) {
    const f = familyWord(t.text);
    if (f) family = f;
    if (f || t.text.toLowerCase() === 'windows' || LTSC_WORD.test(t.text)) windowsWord = true;
    if (LINUX_TAG_WORDS.test(t.text)) linuxWord = true;
  }
  const repoWindows = repo.kind === 'base' || repo.kind === 'insider' || repo.kind === 'windows-only';
  if (!repoWindows && !windowsWord) {
    const no = repo.kind === 'linux' || linuxWord;
    return {
      windows: no ? 'no' : 'maybe',
      repositoryKind: repo.kind,
      tag,
      reason: no ? 'a Linux image' : 'nothing in the name or tag says which operating system it is for',
    };
  }
  // The nanoserver word in a stefanscherer-style tag (`6.9.4-nano-onbuild`) only counts once Windows is certain.
  if (family === undefined && tokens.some((t) => t.text.toLowerCase() === 'nano')) family = 'nanoserver';

  const info: WindowsImageInfo = { windows: 'yes', repositoryKind: repo.kind, family, tag, reason: '' };
  for (const t of tokens) {
    const full = FULL_VERSION.exec(t.text);
    const build = full ? Number(full[1]) : buildOfReleaseWord(t.text);
    if (build === undefined) continue;
    info.build = build;
    if (full?.[2] !== undefined) info.revision = Number(full[2]);
    info.release = releaseByBuild(build);
    info.tagReleaseToken = { text: t.text, offset: t.offset };
    break;
  }
  const kb = tokens.find((t) => /^kb\d+$/i.test(t.text));
  if (kb) info.tagKbToken = { text: kb.text, offset: kb.offset };

  if (info.build !== undefined) {
    const what = info.release ? info.release.name : repo.kind === 'insider' ? 'an insider build' : 'a Windows build with no server release';
    info.reason = `the tag names ${what} (build ${info.build})`;
  } else if (tagUnknown) {
    info.reason = 'the tag depends on a build argument without a default';
  } else if (tag === undefined) {
    info.reason =
      repo.kind === 'base'
        ? 'no tag means `latest`, which the Windows base images withdrew in 2019; name a release such as `ltsc2022`'
        : 'no tag means `latest`, a manifest list: Docker picks the variant for the host build';
  } else {
    // The reason is Markdown (hover shows it) and the tag is the document's: a code span that fits it.
    info.reason = `${markdownCode(tag)} names no Windows release: it is a manifest list and Docker picks the variant for the host build`;
  }
  return info;
}
