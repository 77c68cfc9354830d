// Where a program the extension runs (docker, docker-compose) lives, found the way a careful shell
// would and never the way the OS would if given a bare name: on Windows, CreateProcess and libuv
// look in the current folder first, so spawning `docker` with a workspace folder as cwd runs a
// docker.exe planted in that workspace; on any OS a relative PATH entry (`.`, `bin`, an empty
// entry, which POSIX reads as the cwd) does the same. So only absolute PATH entries are searched,
// the result is an absolute path, and that path is what gets spawned.
// Platform rules are parameters so the Windows ones can be tested on Linux. No 'vscode' here.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ExecutableSearch {
  /** The environment whose PATH (and PATHEXT) is searched; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Whose rules apply; default process.platform. */
  platform?: NodeJS.Platform;
  /** Whether a candidate is a file that can be run; injectable for the Windows rules off Windows. */
  isExecutable?: (file: string) => boolean;
}

export interface ExecutableLookup {
  name: string;
  /** Absolute path of the first match, if any. */
  found?: string;
  /** The folders looked in, in order. */
  searched: string[];
  /** PATH entries left out because they are empty or relative (they would mean the cwd). */
  skipped: string[];
  /** Matches that cannot be run without a shell (a .bat or .cmd on Windows), so were passed over. */
  needsShell: string[];
}

const WINDOWS_DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD';
/** Node refuses to spawn these without a shell, and a shell would re-read the arguments. */
const WINDOWS_SHELL_ONLY = new Set(['.bat', '.cmd']);

/** An environment variable by name; on Windows names are case-insensitive (`Path` is PATH). */
export function envValue(env: NodeJS.ProcessEnv, name: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform !== 'win32') return env[name];
  if (env[name] !== undefined) return env[name];
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}

function isAbsoluteEntry(entry: string, platform: NodeJS.Platform): boolean {
  // `\tools` and `C:tools` depend on the current drive or folder: only a drive root or UNC share is fixed.
  if (platform === 'win32') return /^[a-zA-Z]:[\\/]/.test(entry) || /^[\\/]{2}[^\\/]/.test(entry);
  return path.posix.isAbsolute(entry);
}

function defaultIsExecutable(platform: NodeJS.Platform): (file: string) => boolean {
  return (file) => {
    try {
      if (!fs.statSync(file).isFile()) return false;
      if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
}

/** The PATH entries to search, and those skipped, without duplicates. */
export function pathEntries(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): { dirs: string[]; skipped: string[] } {
  const raw = envValue(env, 'PATH', platform) ?? '';
  const dirs: string[] = [];
  const skipped: string[] = [];
  for (const part of raw.split(platform === 'win32' ? ';' : ':')) {
    // Windows allows an entry in quotes (it may hold a ';').
    const entry = platform === 'win32' ? part.trim().replace(/^"(.*)"$/, '$1') : part;
    if (!isAbsoluteEntry(entry, platform)) {
      skipped.push(entry);
      continue;
    }
    if (!dirs.includes(entry)) dirs.push(entry);
  }
  return { dirs, skipped };
}

/**
 * Looks a bare program name up in the absolute PATH entries only (on Windows with PATHEXT's
 * extensions, in order), never in the current folder.
 */
export function findExecutable(name: string, search: ExecutableSearch = {}): ExecutableLookup {
  const platform = search.platform ?? process.platform;
  const env = search.env ?? process.env;
  const p = platform === 'win32' ? path.win32 : path.posix;
  if (!name || name.includes('/') || (platform === 'win32' && name.includes('\\'))) {
    throw new Error(`"${name}" is not a bare program name.`);
  }
  const isExecutable = search.isExecutable ?? defaultIsExecutable(platform);
  const { dirs, skipped } = pathEntries(env, platform);
  let candidates = [name];
  if (platform === 'win32') {
    const exts = (envValue(env, 'PATHEXT', platform) || WINDOWS_DEFAULT_PATHEXT)
      .split(';')
      .map((e) => e.trim().toLowerCase())
      .filter((e) => /^\.[^.\\/]+$/.test(e));
    // A name that already ends in one of them is taken as it is; otherwise each is tried in order.
    candidates = exts.includes(p.extname(name).toLowerCase()) ? [name] : exts.map((e) => name + e);
  }
  const lookup: ExecutableLookup = { name, searched: dirs, skipped, needsShell: [] };
  for (const dir of dirs) {
    for (const candidate of candidates) {
      const file = p.join(dir, candidate);
      if (!isExecutable(file)) continue;
      if (platform === 'win32' && WINDOWS_SHELL_ONLY.has(p.extname(file).toLowerCase())) {
        lookup.needsShell.push(file);
        continue;
      }
      lookup.found = file;
      return lookup;
    }
  }
  return lookup;
}

/** Says where the lookups looked and what they passed over, for a message. */
export function describeMissing(lookups: readonly ExecutableLookup[]): string {
  const names = lookups.map((l) => `\`${l.name}\``).join(' or ');
  const dirs = [...new Set(lookups.flatMap((l) => l.searched))];
  const shown = dirs.length > 8 ? `${dirs.slice(0, 8).join(', ')} and ${dirs.length - 8} more` : dirs.join(', ');
  const parts = [`No ${names} in the folders on PATH (${shown || 'PATH is empty'}).`];
  const skipped = [...new Set(lookups.flatMap((l) => l.skipped))];
  if (skipped.length) parts.push(`Relative or empty PATH entries (${skipped.map((s) => (s ? `"${s}"` : 'an empty one')).join(', ')}) are never searched: they would run a program from the workspace.`);
  const shell = [...new Set(lookups.flatMap((l) => l.needsShell))];
  if (shell.length) parts.push(`${shell.join(', ')} can only run through a shell, which is not used.`);
  return parts.join(' ');
}

/** The fix, after a message from describeMissing: `what` names what to install. */
export function pathAdvice(what: string, platform: NodeJS.Platform = process.platform): string {
  const sep = platform === 'win32' ? ';' : ':';
  return `Install ${what}, or add the absolute path of its folder to PATH (entries separated by "${sep}"), then restart VS Code.`;
}
