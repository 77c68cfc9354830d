// The build context as the docker CLI sends it: the folder as a tar stream, minus what
// .dockerignore excludes (Docker's pattern rules: Go filepath.Match plus `**`, `!` exceptions,
// last match wins, a matched folder excludes what is inside it). The Dockerfile and .dockerignore
// are always sent, as the CLI does. The walk runs in the extension host, so it reads folders
// asynchronously and gives the event loop a turn every few milliseconds of matching. A file that
// cannot be read (deleted while the build sends it, unreadable) fails as a LocalFileError naming
// it, so the failure is never mistaken for the engine's socket.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import {
  cleanPath,
  compilePattern,
  isIgnored,
  matchInWalk,
  mayReincludeInside,
  parseDockerignore,
  patternErrors,
  type IgnorePattern,
  type ParentMatches,
} from '../../../shared/dockerignore';
import { LocalFileError } from './errors';

export { parseDockerignore, type IgnorePattern } from '../../../shared/dockerignore';

/** True when `relPath` (`/`- or `\\`-separated, relative to the context) is excluded by the patterns. */
export function isExcluded(relPath: string, patterns: readonly IgnorePattern[]): boolean {
  return isIgnored(patterns, cleanPath(relPath.replace(/\\/g, '/')));
}

export interface ContextEntry {
  /** `/`-separated, relative to the context folder. */
  rel: string;
  abs: string;
  kind: 'file' | 'dir' | 'symlink';
}

export interface CollectOptions {
  /** Dockerfile path relative to the context, always included. Default `Dockerfile`. */
  dockerfile?: string;
  /** Upper bound on entries, so a mistaken context (a home folder) fails fast. Default 200 000. */
  maxEntries?: number;
  /** Longest stretch of matching without giving the event loop a turn. Default 8 ms. */
  sliceMs?: number;
  signal?: AbortSignal;
}

/**
 * The patterns the docker CLI applies: the file's, plus an exception for .dockerignore and for the
 * Dockerfile when the file excludes them (build.TrimBuildFilesFromExcludes).
 */
export function contextPatterns(ignoreText: string, dockerfile: string): IgnorePattern[] {
  const windows = process.platform === 'win32';
  const patterns = parseDockerignore(ignoreText, { windows });
  for (const keep of ['.dockerignore', dockerfile]) {
    if (!isIgnored(patterns, keep)) continue;
    const exception = compilePattern(`!${keep}`, 0, { windows });
    if (exception) patterns.push(exception);
  }
  return patterns;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const byName = (a: fs.Dirent, b: fs.Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** `rel` (the context's root when empty) failed to be read as part of the context at `root`. */
export function contextError(root: string, rel: string, err: unknown): LocalFileError {
  if (err instanceof LocalFileError) return err;
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined;
  return rel ? new LocalFileError(rel, `the build context ${root}`, code, err) : new LocalFileError(root, 'the build context', code, err);
}

/**
 * Walks the context and returns what the build will see, in the docker CLI's order (each folder's
 * entries by name, a folder's contents right after it).
 */
export async function collectContext(contextDir: string, options: CollectOptions = {}): Promise<ContextEntry[]> {
  const root = path.resolve(contextDir);
  let ignoreText = '';
  try {
    ignoreText = await fs.promises.readFile(path.join(root, '.dockerignore'), 'utf8');
  } catch (err) {
    // None: everything goes. One that is there but unreadable is not "none": sending everything
    // could send what it was written to keep out.
    if ((err as { code?: unknown })?.code !== 'ENOENT') throw contextError(root, '.dockerignore', err);
  }
  const patterns = contextPatterns(ignoreText, cleanPath((options.dockerfile ?? 'Dockerfile').replace(/\\/g, '/')));
  const errors = patternErrors(patterns);
  if (errors.length > 0) throw new Error(`Docker refuses this .dockerignore, so the build would fail: ${errors.join('; ')}.`);
  const hasExceptions = patterns.some((p) => p.exclusion);
  const max = options.maxEntries ?? 200_000;
  const sliceMs = options.sliceMs ?? 8;
  const out: ContextEntry[] = [];
  let sliceStart = performance.now();
  let sinceCheck = 0;

  const visit = async (dir: string, parent: ParentMatches | undefined): Promise<void> => {
    if (options.signal?.aborted) throw new Error('The build was cancelled while reading the context.');
    const dirents = (await fs.promises.readdir(path.join(root, dir), { withFileTypes: true }).catch((err: unknown) => {
      throw contextError(root, dir, err);
    })).sort(byName);
    for (const d of dirents) {
      if (++sinceCheck >= 64) {
        sinceCheck = 0;
        if (performance.now() - sliceStart >= sliceMs) {
          await turn();
          sliceStart = performance.now();
        }
      }
      const kind: ContextEntry['kind'] | undefined = d.isSymbolicLink() ? 'symlink' : d.isDirectory() ? 'dir' : d.isFile() ? 'file' : undefined;
      if (!kind) continue; // sockets, fifos: the CLI skips them too
      const rel = dir ? `${dir}/${d.name}` : d.name;
      // patternmatcher's walk: what a folder matched carries to its entries.
      const { excluded, matches } = matchInWalk(patterns, rel, parent);
      if (excluded) {
        // An excluded folder is entered only when an exception names something inside it.
        if (kind === 'dir' && hasExceptions && mayReincludeInside(patterns, rel)) await visit(rel, matches);
        continue;
      }
      out.push({ rel, abs: path.join(root, rel), kind });
      if (out.length > max) throw new Error(`The build context ${root} has more than ${max} entries; choose a smaller folder or add a .dockerignore.`);
      if (kind === 'dir') await visit(rel, matches);
    }
  };
  await visit('', undefined);
  return out;
}

// ---- a small ustar writer: enough for a build context (files, folders, symlinks, long names) ----

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, opts: { size: number; mode: number; mtime: number; type: '0' | '5' | '2' | 'x'; linkname?: string }): Buffer {
  const b = Buffer.alloc(512);
  b.write(name.slice(0, 100), 0, 'utf8');
  b.write(octal(opts.mode & 0o7777, 8), 100, 'ascii');
  b.write(octal(0, 8), 108, 'ascii');
  b.write(octal(0, 8), 116, 'ascii');
  b.write(octal(opts.size, 12), 124, 'ascii');
  b.write(octal(Math.floor(opts.mtime), 12), 136, 'ascii');
  b.write('        ', 148, 'ascii');
  b.write(opts.type, 156, 'ascii');
  if (opts.linkname) b.write(opts.linkname.slice(0, 100), 157, 'utf8');
  b.write('ustar\0', 257, 'ascii');
  b.write('00', 263, 'ascii');
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += b[i];
  b.write(octal(sum, 7) + ' ', 148, 'ascii');
  return b;
}

function pad(size: number): Buffer {
  const r = size % 512;
  return Buffer.alloc(r === 0 ? 0 : 512 - r);
}

/** A PAX record carries names or link targets too long (or not ASCII) for the ustar fields. */
function paxHeader(name: string, fields: Record<string, string>): Buffer[] {
  let body = '';
  for (const [k, v] of Object.entries(fields)) {
    // The length prefix counts its own digits.
    const rec = ` ${k}=${v}\n`;
    const base = Buffer.byteLength(rec);
    let len = base + String(base).length;
    if (String(len).length > String(base).length) len = base + String(len).length;
    body += `${len}${rec}`;
  }
  const data = Buffer.from(body, 'utf8');
  return [header(`PaxHeader/${name}`.slice(0, 99), { size: data.length, mode: 0o644, mtime: 0, type: 'x' }), data, pad(data.length)];
}

function needsPax(s: string): boolean {
  return Buffer.byteLength(s) > 99 || /[^\x20-\x7e]/.test(s);
}

/** The context folder an entry's absolute path is under (its path minus the relative one). */
function contextRootOf(e: ContextEntry): string {
  return path.resolve(e.abs.slice(0, e.abs.length - e.rel.length) || '.');
}

export interface PackOptions {
  /** The context folder the entries came from, for messages. */
  root?: string;
  /** Called as each entry starts to be sent (progress; tests change the context at a known point). */
  onEntry?: (entry: ContextEntry, index: number, total: number) => void;
}

/**
 * Streams the entries as an uncompressed tar, reading one file at a time. An entry that cannot be
 * read ends the stream with a LocalFileError naming it.
 */
export function packContext(entries: readonly ContextEntry[], options: PackOptions = {}): Readable {
  async function* generate(): AsyncGenerator<Buffer> {
    for (let index = 0; index < entries.length; index++) {
      const e = entries[index];
      options.onEntry?.(e, index, entries.length);
      try {
        yield* packEntry(e);
      } catch (err) {
        throw contextError(options.root ?? contextRootOf(e), e.rel, err);
      }
    }
    yield Buffer.alloc(1024);
  }
  return Readable.from(generate(), { objectMode: false });
}

async function* packEntry(e: ContextEntry): AsyncGenerator<Buffer> {
  const st = fs.lstatSync(e.abs);
  const name = e.kind === 'dir' ? `${e.rel}/` : e.rel;
  const mtime = st.mtimeMs / 1000;
  if (e.kind === 'symlink') {
    const target = fs.readlinkSync(e.abs);
    const pax: Record<string, string> = {};
    if (needsPax(name)) pax.path = name;
    if (needsPax(target)) pax.linkpath = target;
    if (Object.keys(pax).length > 0) yield* paxHeader(name, pax);
    yield header(name, { size: 0, mode: st.mode, mtime, type: '2', linkname: target });
  } else if (e.kind === 'dir') {
    if (needsPax(name)) yield* paxHeader(name, { path: name });
    yield header(name, { size: 0, mode: st.mode, mtime, type: '5' });
  } else {
    if (needsPax(name)) yield* paxHeader(name, { path: name });
    yield header(name, { size: st.size, mode: st.mode, mtime, type: '0' });
    let written = 0;
    const fh = await fs.promises.open(e.abs, 'r');
    try {
      const chunk = Buffer.alloc(64 * 1024);
      // Bounded by the size taken at lstat time: a growing file cannot make the header lie.
      while (written < st.size) {
        const { bytesRead } = await fh.read(chunk, 0, Math.min(chunk.length, st.size - written), null);
        if (bytesRead === 0) break;
        written += bytesRead;
        yield Buffer.from(chunk.subarray(0, bytesRead));
      }
    } finally {
      await fh.close();
    }
    // A file that shrank meanwhile is padded with zeros to the size in the header.
    if (written < st.size) yield Buffer.alloc(st.size - written);
    yield pad(st.size);
  }
}
