// Which release a mismatched image should move to on a given host, and how its tag names it.
import { type Isolation, checkCompat } from './compat';
import { type WindowsFamily, type WindowsRelease, WINDOWS_RELEASES } from './releases';
import type { WindowsImageInfo } from './tags';

/**
 * Releases an image family publishes. Derived images (dotnet, powershell, golang ...) follow the
 * LTSC releases only; nanoserver's 2019 release is called `1809` there too.
 */
export function releasesOfFamily(family: WindowsFamily, derived: boolean): WindowsRelease[] {
  return WINDOWS_RELEASES.filter((r) => r.tags[family].length > 0 && (!derived || r.ltsc) && !(derived && family === 'nanoserver' && r.build === 14393));
}

/**
 * The release to move to: among those that run on the host under the isolation, supported ones
 * first (LTSC before semi-annual), then the newest. Undefined when none runs there.
 */
export function pickTargetRelease(family: WindowsFamily, derived: boolean, hostBuild: number, isolation: Isolation): WindowsRelease | undefined {
  const runnable = releasesOfFamily(family, derived).filter((r) => checkCompat(hostBuild, r.build, isolation).runs);
  const rank = (r: WindowsRelease) => (r.ltsc && r.supported ? 2 : r.supported ? 1 : 0);
  runnable.sort((a, b) => rank(b) - rank(a) || b.build - a.build);
  return runnable[0];
}

/**
 * The tag word for a release in a family, in the style of the word it replaces: a numeric
 * release word (`1903`) becomes another numeric one where the family has it (`1809`), anything
 * else becomes the family's preferred word (`ltsc2022`).
 */
export function releaseWordFor(release: WindowsRelease, family: WindowsFamily, replacing?: string): string | undefined {
  const words = release.tags[family];
  if (words.length === 0) return undefined;
  if (replacing !== undefined && /^\d{4}$|^\d\dh\d$/i.test(replacing)) {
    const numeric = words.find((w) => /^\d{4}$|^\d\dH\d$/.test(w));
    if (numeric) return numeric;
  }
  return words[0];
}

export interface TagChange {
  release: WindowsRelease;
  /** The new release word. */
  word: string;
  /** The whole new tag. */
  tag: string;
  /** The span of the old tag to replace (offsets in the tag) and its replacement. */
  start: number;
  end: number;
  newText: string;
  /**
   * Set when the family has no image of the target release and the image must move to another
   * repository (the old full `windows` image became `windows/server` with Server 2022).
   */
  repository?: string;
}

/** The tag an image should use on the host, keeping every other part of its tag; undefined when there is none or it is the same. */
export function retargetTag(info: WindowsImageInfo, hostBuild: number, isolation: Isolation): TagChange | undefined {
  const { family, tag, tagReleaseToken: token } = info;
  if (family === undefined || tag === undefined || token === undefined) return undefined;
  // Insider repositories publish only preview builds: no release tag to move to.
  if (info.repositoryKind === 'insider') return undefined;
  const derived = info.repositoryKind !== 'base';
  let release = pickTargetRelease(family, derived, hostBuild, isolation);
  let repository: string | undefined;
  let wordFamily = family;
  if (release === undefined && family === 'windows' && !derived) {
    release = pickTargetRelease('server', false, hostBuild, isolation);
    repository = 'mcr.microsoft.com/windows/server';
    wordFamily = 'server';
  }
  if (release === undefined) return undefined;
  const word = releaseWordFor(release, wordFamily, token.text);
  if (word === undefined) return undefined;
  let start = token.offset;
  let end = token.offset + token.text.length;
  // A KB word pins an update of the old release: it goes together with the release word.
  const kb = info.tagKbToken;
  if (kb !== undefined && kb.offset === end + 1) end = kb.offset + kb.text.length;
  else if (kb !== undefined && kb.offset + kb.text.length + 1 === start) start = kb.offset;
  const newTag = tag.slice(0, start) + word + tag.slice(end);
  if (newTag === tag && repository === undefined) return undefined;
  return { release, word, tag: newTag, start, end, newText: word, repository };
}
