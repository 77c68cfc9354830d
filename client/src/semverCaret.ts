// What vscode-languageclient asks of semver, and no more: at start it parses VS Code's version,
// clears its prerelease tag and checks it against its own caret range (`^1.82.0`). The client
// bundle takes these two functions instead of the semver package (scripts/lib/lsp-client-trim.mjs,
// 20 KB less to load at activation); test/unit/semver-caret.test.ts holds them to semver's answers.

export interface ParsedVersion {
  major: number;
  minor: number;
  patch: number;
  prerelease: Array<string | number>;
  version: string;
}

const VERSION = /^\s*v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?\s*$/;

/** semver's parse(): the version, or null when the text is not one. */
export function parseVersion(text: unknown): ParsedVersion | null {
  if (typeof text !== 'string' || text.length > 256) return null;
  const m = VERSION.exec(text);
  if (m === null) return null;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (![major, minor, patch].every(Number.isSafeInteger)) return null;
  const prerelease = m[4] === undefined ? [] : m[4].split('.').map((id) => (/^\d+$/.test(id) ? Number(id) : id));
  return { major, minor, patch, prerelease, version: `${major}.${minor}.${patch}${prerelease.length > 0 ? `-${prerelease.join('.')}` : ''}` };
}

/**
 * semver's satisfies() for a caret range `^X.Y.Z` (the only kind the client uses; any other range
 * throws, so a client update that changes it fails loudly at build-time tests, not silently).
 */
export function satisfiesCaret(version: ParsedVersion | string, range: string): boolean {
  const floor = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  if (floor === null) throw new Error(`semverCaret: unsupported range ${range}`);
  const v = typeof version === 'string' ? parseVersion(version) : version;
  if (v === null) return false;
  // A prerelease satisfies a range only within the same major.minor.patch, and none is in ours.
  if (v.prerelease.length > 0) return false;
  const [major, minor, patch] = [Number(floor[1]), Number(floor[2]), Number(floor[3])];
  const atLeast = v.major !== major ? v.major > major : v.minor !== minor ? v.minor > minor : v.patch >= patch;
  if (!atLeast) return false;
  // Below the next major (next minor for ^0.y.z, next patch for ^0.0.z).
  if (major > 0) return v.major === major;
  if (minor > 0) return v.major === 0 && v.minor === minor;
  return v.major === 0 && v.minor === 0 && v.patch === patch;
}
