// A container's files through the Engine API archive endpoints only (no CLI, no exec):
// HEAD /containers/{id}/archive?path= is a stat (X-Docker-Container-Path-Stat: base64 JSON), GET
// returns a tar of the path (a directory with everything below it), PUT extracts a tar into a
// directory. Every read is bounded (entries, bytes, file size); writes keep the file's mode and
// owner. Where the engine refuses (a running Hyper-V container on Windows) the error says so and
// what to do. No 'vscode' here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type { EngineClient } from './client';
import { EngineError } from './errors';
import { safeRelativePath, scanTar, singleFileTar, TarFormatError, type TarEntry, type TarEntryType, type TarSink } from './tar';

export type PathType = 'file' | 'directory' | 'symlink' | 'other';

export interface PathStat {
  /** Base name; `/` for the root. */
  name: string;
  size: number;
  /** Permission bits. */
  mode: number;
  type: PathType;
  mtime: string;
  linkTarget: string;
}

export interface FileLimits {
  /** Children listed per directory at most. */
  maxEntries: number;
  /** Bytes of archive read to list a directory (its whole subtree comes) at most. */
  maxListBytes: number;
  /** Largest file opened in the editor or saved back. */
  maxOpenBytes: number;
  /** Largest download (a file, or a folder's files together). */
  maxDownloadBytes: number;
  /** Files and folders a folder download writes at most. */
  maxDownloadEntries: number;
}

export const DEFAULT_FILE_LIMITS: FileLimits = {
  maxEntries: 2000,
  maxListBytes: 256 * 1024 * 1024,
  maxOpenBytes: 10 * 1024 * 1024,
  maxDownloadBytes: 1024 * 1024 * 1024,
  maxDownloadEntries: 100_000,
};

// Go's os.FileMode type bits, as the stat header carries them.
const MODE_DIR = 2 ** 31;
const MODE_SYMLINK = 2 ** 27;
const MODE_TYPE = 0xfff00000;

/** The X-Docker-Container-Path-Stat header, decoded; undefined when missing or not that JSON. */
export function parsePathStat(header: string | string[] | undefined): PathStat | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  try {
    const raw = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as Record<string, unknown>;
    const mode = typeof raw.mode === 'number' ? raw.mode : 0;
    const type: PathType = mode >= MODE_DIR ? 'directory' : (mode & MODE_SYMLINK) !== 0 ? 'symlink' : (mode & MODE_TYPE) !== 0 ? 'other' : 'file';
    return {
      name: typeof raw.name === 'string' ? raw.name : '',
      size: typeof raw.size === 'number' ? raw.size : 0,
      mode: mode % 0o10000,
      type,
      mtime: typeof raw.mtime === 'string' ? raw.mtime : '',
      linkTarget: typeof raw.linkTarget === 'string' ? raw.linkTarget : '',
    };
  } catch {
    return undefined;
  }
}

/** A container path as the archive endpoints take it: absolute, forward slashes, no `..`. */
export function normalizeContainerPath(p: string): string {
  const parts: string[] = [];
  for (const s of p.replace(/\\/g, '/').split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') parts.pop();
    else parts.push(s);
  }
  return `/${parts.join('/')}`;
}

export function joinContainerPath(dir: string, name: string): string {
  return normalizeContainerPath(name.startsWith('/') ? name : `${dir}/${name}`);
}

export function parentOf(p: string): string {
  return normalizeContainerPath(`${normalizeContainerPath(p)}/..`);
}

interface ArchiveCalls {
  getArchive(o: { path: string; abortSignal?: AbortSignal }): Promise<NodeJS.ReadableStream & { headers?: Record<string, string | string[] | undefined> }>;
  infoArchive(o: { path: string; abortSignal?: AbortSignal }): Promise<NodeJS.ReadableStream & { headers?: Record<string, string | string[] | undefined> }>;
  putArchive(file: Buffer, o: { path: string; noOverwriteDirNonDir?: boolean; abortSignal?: AbortSignal }): Promise<unknown>;
}

function archive(c: EngineClient, id: string): ArchiveCalls {
  return c.docker.getContainer(id) as unknown as ArchiveCalls;
}

/** The engine's refusal of file operations on a running Hyper-V container (moby's isOnlineFSOperationPermitted). */
export function isHypervRefusal(message: string): boolean {
  return /hyper-?v/i.test(message) && /not supported|not permitted/i.test(message);
}

const HYPERV_ACTION = 'The engine reads and writes the files of a Hyper-V container only while it is stopped: stop the container, then browse its files again.';

/** Typed errors with the file named; the Hyper-V refusal said plainly. */
function fileError(c: EngineClient, err: unknown, what: string): EngineError {
  const e = err instanceof EngineError ? err : c.toError(err);
  if (isHypervRefusal(e.message)) return new EngineError('conflict', c.endpoint.url, `The engine does not allow ${what} while this Hyper-V isolated container runs.`, HYPERV_ACTION, { statusCode: e.statusCode, cause: err });
  if (e.kind === 'not-found' && /could not find the file/i.test(e.message)) return new EngineError('not-found', c.endpoint.url, `${what}: no such file or folder in the container.`, 'Refresh the Files node: it may have been removed.', { statusCode: 404, cause: err });
  return e;
}

/** HEAD archive: what is at `p` (links not followed). */
export async function statContainerPath(c: EngineClient, id: string, p: string): Promise<PathStat> {
  const where = normalizeContainerPath(p);
  try {
    const res = await c.call((abortSignal) => archive(c, id).infoArchive({ path: where, abortSignal }));
    (res as unknown as Readable).resume?.();
    const stat = parsePathStat(res.headers?.['x-docker-container-path-stat']);
    if (!stat) throw new EngineError('engine', c.endpoint.url, `The engine answered the stat of ${where} without the X-Docker-Container-Path-Stat header.`, 'Use an engine of API 1.20 or newer.');
    return stat;
  } catch (err) {
    // HEAD has no body, so a 404 says nothing more.
    const e = err instanceof EngineError ? err : c.toError(err);
    if (e.kind === 'not-found') throw new EngineError('not-found', c.endpoint.url, `${where}: no such file or folder in the container.`, 'Refresh the Files node: it may have been removed.', { statusCode: 404, cause: err });
    throw fileError(c, err, `reading ${where}`);
  }
}

async function openArchive(c: EngineClient, id: string, p: string, what: string, signal?: AbortSignal): Promise<{ stream: Readable; stat: PathStat | undefined }> {
  try {
    const res = await c.call((abortSignal) => archive(c, id).getArchive({ path: p, abortSignal }), { signal, what });
    return { stream: res as unknown as Readable, stat: parsePathStat(res.headers?.['x-docker-container-path-stat']) };
  } catch (err) {
    throw fileError(c, err, what);
  }
}

function formatError(c: EngineClient, err: unknown, what: string): EngineError {
  if (err instanceof EngineError) return err;
  if (err instanceof TarFormatError) return new EngineError('engine', c.endpoint.url, `${what}: ${err.message}.`, 'Try again; if it persists, the engine sent something other than a tar archive.');
  return fileError(c, err, what);
}

export interface DirEntry {
  name: string;
  /** Full container path. */
  path: string;
  type: TarEntryType;
  size: number;
  mode: number;
  mtime: number;
  linkName: string;
}

export interface DirListing {
  path: string;
  entries: DirEntry[];
  /** Why the listing may be incomplete (a limit reached), for the view to say. */
  truncated?: string;
}

/**
 * The children of a directory. The engine sends the whole subtree as a tar; only the headers are
 * read (data skipped) and the walk stops at the limits, saying so.
 */
export async function listContainerDirectory(c: EngineClient, id: string, dir: string, limits: FileLimits = DEFAULT_FILE_LIMITS): Promise<DirListing> {
  const where = normalizeContainerPath(dir);
  const what = `Listing ${where}`;
  const { stream, stat } = await openArchive(c, id, where, what);
  if (stat && stat.type !== 'directory') {
    stream.destroy();
    throw new EngineError('bad-request', c.endpoint.url, `${where} is not a folder.`, 'Open it as a file instead.');
  }
  // Entry names start with the directory's base name (`etc/...`; `/...` for the root).
  const base = stat?.name ?? path.posix.basename(where);
  const prefix = base === '/' || base === '' ? '/' : `${base}/`;
  const seen = new Map<string, DirEntry>();
  let truncated: string | undefined;
  try {
    const result = await scanTar(stream, { maxEntries: Number.MAX_SAFE_INTEGER, maxBytes: limits.maxListBytes }, (entry) => {
      const name = entry.name.replace(/\/+$/, '');
      if (!name.startsWith(prefix)) return 'skip';
      const rest = name.slice(prefix.length);
      if (rest === '') return 'skip';
      const slash = rest.indexOf('/');
      const child = slash < 0 ? rest : rest.slice(0, slash);
      if (!seen.has(child)) {
        if (seen.size >= limits.maxEntries) {
          truncated = `only the first ${limits.maxEntries} entries are listed`;
          return 'stop';
        }
        const implied = slash >= 0;
        seen.set(child, {
          name: child,
          path: joinContainerPath(where, child),
          type: implied ? 'directory' : entry.type,
          size: implied ? 0 : entry.size,
          mode: implied ? 0 : entry.mode,
          mtime: implied ? 0 : entry.mtime,
          linkName: implied ? '' : entry.linkName,
        });
      }
      return 'skip';
    });
    if (result.stoppedBy === 'bytes') truncated = `listing stopped after reading ${Math.round(limits.maxListBytes / (1024 * 1024))} MB of the folder's contents: entries after that are missing`;
  } catch (err) {
    throw formatError(c, err, what);
  } finally {
    stream.destroy();
  }
  const entries = [...seen.values()].sort((a, b) => Number(b.type === 'directory') - Number(a.type === 'directory') || a.name.localeCompare(b.name));
  return { path: where, entries, ...(truncated ? { truncated } : {}) };
}

export interface ContainerFile {
  content: Buffer;
  /** The tar header of the file: mode and owner to write back with. */
  entry: TarEntry;
}

/** Reads one regular file (a link is followed once, by its target's path), at most `maxOpenBytes`. */
export async function readContainerFile(c: EngineClient, id: string, file: string, limits: Pick<FileLimits, 'maxOpenBytes'> = DEFAULT_FILE_LIMITS): Promise<ContainerFile> {
  let where = normalizeContainerPath(file);
  let stat = await statContainerPath(c, id, where);
  if (stat.type === 'symlink' && stat.linkTarget) {
    where = joinContainerPath(parentOf(where), stat.linkTarget);
    stat = await statContainerPath(c, id, where);
  }
  if (stat.type === 'directory') throw new EngineError('bad-request', c.endpoint.url, `${where} is a folder.`, 'Expand it in the Files node instead.');
  if (stat.type !== 'file') throw new EngineError('bad-request', c.endpoint.url, `${where} is not a regular file.`, 'Only regular files can be opened.');
  if (stat.size > limits.maxOpenBytes) {
    throw new EngineError('bad-request', c.endpoint.url, `${where} is ${stat.size} bytes, more than the ${limits.maxOpenBytes} that are opened in the editor.`, 'Download it instead.');
  }
  const what = `Reading ${where}`;
  const { stream } = await openArchive(c, id, where, what);
  const chunks: Buffer[] = [];
  let found: TarEntry | undefined;
  try {
    await scanTar(stream, { maxEntries: 8, maxBytes: limits.maxOpenBytes + 64 * 1024 }, (entry) => {
      if (found || entry.type !== 'file') return 'skip';
      if (entry.size > limits.maxOpenBytes) throw new EngineError('bad-request', c.endpoint.url, `${where} grew past ${limits.maxOpenBytes} bytes.`, 'Download it instead.');
      found = entry;
      return { write: (d: Buffer) => void chunks.push(d), end: () => undefined };
    });
  } catch (err) {
    throw formatError(c, err, what);
  } finally {
    stream.destroy();
  }
  if (!found) throw new EngineError('engine', c.endpoint.url, `${what}: the engine's archive held no regular file.`, 'Refresh and try again.');
  return { content: Buffer.concat(chunks), entry: found };
}

/**
 * Writes `content` to `file` (PUT of a one-file tar into its folder), with the given mode and
 * owner (the engine applies the tar header's). The folder must exist; a folder at `file` is not replaced.
 */
export async function writeContainerFile(c: EngineClient, id: string, file: string, content: Buffer, attrs: { mode: number; uid: number; gid: number }, limits: Pick<FileLimits, 'maxOpenBytes'> = DEFAULT_FILE_LIMITS): Promise<void> {
  const where = normalizeContainerPath(file);
  if (where === '/') throw new EngineError('bad-request', c.endpoint.url, 'The root is a folder, not a file.', 'Choose a file.');
  if (content.length > limits.maxOpenBytes) throw new EngineError('bad-request', c.endpoint.url, `${content.length} bytes is more than the ${limits.maxOpenBytes} saved back to a container.`, 'Save a smaller file.');
  const tar = singleFileTar(path.posix.basename(where), content, { ...attrs, mtime: Date.now() / 1000 });
  const what = `Saving ${where}`;
  try {
    await c.call((abortSignal) => archive(c, id).putArchive(tar, { path: parentOf(where), noOverwriteDirNonDir: true, abortSignal }), { what });
  } catch (err) {
    const e = fileError(c, err, what);
    if (e.kind === 'bad-request' || e.statusCode === 403) {
      throw new EngineError(e.kind, c.endpoint.url, `${what} was refused by the engine: ${e.detail}`, 'A read-only root filesystem or volume cannot be written; copy the file out with Download instead.', { statusCode: e.statusCode, cause: err });
    }
    throw e;
  }
}

function sinkToFile(fd: number): TarSink {
  return {
    write: (chunk) =>
      new Promise<void>((resolve, reject) => {
        fs.write(fd, chunk, 0, chunk.length, null, (err) => (err ? reject(err) : resolve()));
      }),
    end: () => undefined,
  };
}

/** Downloads one file to `localFile`, which must not exist yet (a link there is never written through). */
export async function downloadContainerFile(c: EngineClient, id: string, file: string, localFile: string, opts: { limits?: Pick<FileLimits, 'maxDownloadBytes'>; signal?: AbortSignal } = {}): Promise<{ bytes: number }> {
  const limits = opts.limits ?? DEFAULT_FILE_LIMITS;
  let where = normalizeContainerPath(file);
  const stat = await statContainerPath(c, id, where);
  if (stat.type === 'symlink' && stat.linkTarget) where = joinContainerPath(parentOf(where), stat.linkTarget);
  const what = `Downloading ${where}`;
  const { stream, stat: got } = await openArchive(c, id, where, what, opts.signal);
  if (got && got.type !== 'file') {
    stream.destroy();
    throw new EngineError('bad-request', c.endpoint.url, `${where} is not a regular file.`, 'Download a folder with Download Folder.');
  }
  if (got && got.size > limits.maxDownloadBytes) {
    stream.destroy();
    throw new EngineError('bad-request', c.endpoint.url, `${where} is ${got.size} bytes, more than the ${limits.maxDownloadBytes} downloaded at once.`, 'Copy it with docker cp instead.');
  }
  let fd: number | undefined;
  let bytes = 0;
  try {
    fd = fs.openSync(localFile, 'wx');
    const sink = sinkToFile(fd);
    let done = false;
    await scanTar(stream, { maxEntries: 8, maxBytes: limits.maxDownloadBytes + 64 * 1024 }, (entry) => {
      if (done || entry.type !== 'file') return 'skip';
      done = true;
      return { write: (d) => ((bytes += d.length), sink.write(d)), end: () => undefined };
    });
    if (opts.signal?.aborted) throw new EngineError('cancelled', c.endpoint.url, `${what} was cancelled.`, '');
    return { bytes };
  } catch (err) {
    if (fd !== undefined) fs.rmSync(localFile, { force: true });
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new EngineError('local-file', c.endpoint.url, `${localFile} already exists.`, 'Choose a new file name.');
    throw formatError(c, err, what);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
    stream.destroy();
  }
}

export interface ExtractResult {
  files: number;
  folders: number;
  bytes: number;
  /** Entries not written, each with why: links, devices, names that would leave the folder. */
  skipped: string[];
  /** Set when a limit stopped the extraction. */
  stopped?: string;
}

/**
 * Writes a tar stream's regular files and folders under `folder`, which is created and must not
 * exist yet: nothing else is there, so no link can be written through. Entry names never leave it
 * (`../x`, `/x`, `C:x`, backslashes are skipped, not cleaned); links and devices are skipped.
 */
export async function extractTarInto(stream: AsyncIterable<Buffer | string>, folder: string, limits: Pick<FileLimits, 'maxDownloadBytes' | 'maxDownloadEntries'>): Promise<ExtractResult> {
  fs.mkdirSync(folder);
  const root = fs.realpathSync(folder);
  const out: ExtractResult = { files: 0, folders: 0, bytes: 0, skipped: [] };
  const note = (name: string, why: string): void => {
    if (out.skipped.length < 200) out.skipped.push(`${name}: ${why}`);
  };
  let open: number | undefined;
  let result: Awaited<ReturnType<typeof scanTar>>;
  try {
    result = await scanTar(stream, { maxEntries: limits.maxDownloadEntries, maxBytes: limits.maxDownloadBytes + 1024 * 1024 }, (entry) => {
      const parts = safeRelativePath(entry.name);
      if (parts === undefined) {
        note(entry.name, 'the name would leave the download folder');
        return 'skip';
      }
      if (parts.length === 0) return 'skip';
      const target = path.join(root, ...parts);
      // Belt and braces: the joined path is still inside.
      if (!target.startsWith(root + path.sep)) {
        note(entry.name, 'the name would leave the download folder');
        return 'skip';
      }
      if (entry.type === 'directory') {
        fs.mkdirSync(target, { recursive: true });
        out.folders++;
        return 'skip';
      }
      if (entry.type !== 'file') {
        note(entry.name, entry.type === 'symlink' || entry.type === 'hardlink' ? `a link to ${entry.linkName}, not copied` : 'not a regular file');
        return 'skip';
      }
      if (out.bytes + entry.size > limits.maxDownloadBytes) {
        out.stopped = `stopped at ${limits.maxDownloadBytes} bytes`;
        return 'stop';
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      // Only folders this walk made lie on the way; 'wx' refuses a name met twice rather than overwrite.
      let fd: number;
      try {
        fd = fs.openSync(target, 'wx', (entry.mode & 0o755) | 0o600);
      } catch (err) {
        note(entry.name, (err as NodeJS.ErrnoException).code === 'EEXIST' ? 'a second entry of the same name' : String((err as Error).message));
        return 'skip';
      }
      out.files++;
      open = fd;
      const sink = sinkToFile(fd);
      return {
        write: (d) => ((out.bytes += d.length), sink.write(d)),
        end: () => {
          open = undefined;
          fs.closeSync(fd);
        },
      };
    });
  } finally {
    // A limit or a broken archive can stop the walk inside a file.
    if (open !== undefined) fs.closeSync(open);
  }
  if (result.stoppedBy === 'entries') out.stopped = `stopped after ${limits.maxDownloadEntries} entries`;
  if (result.stoppedBy === 'bytes') out.stopped ??= `stopped at ${limits.maxDownloadBytes} bytes`;
  return out;
}

/** Downloads a folder into a new local folder `localFolder` (see extractTarInto). */
export async function downloadContainerFolder(c: EngineClient, id: string, dir: string, localFolder: string, opts: { limits?: Pick<FileLimits, 'maxDownloadBytes' | 'maxDownloadEntries'>; signal?: AbortSignal } = {}): Promise<ExtractResult> {
  const where = normalizeContainerPath(dir);
  const what = `Downloading ${where}`;
  if (fs.existsSync(localFolder)) throw new EngineError('local-file', c.endpoint.url, `${localFolder} already exists.`, 'Choose a new folder name: the download creates it.');
  // `dir/.` sends the folder's contents without the folder's own name in front.
  const { stream } = await openArchive(c, id, `${where === '/' ? '' : where}/.`, what, opts.signal);
  try {
    return await extractTarInto(stream, localFolder, opts.limits ?? DEFAULT_FILE_LIMITS);
  } catch (err) {
    if (err instanceof Error && 'code' in err && typeof (err as NodeJS.ErrnoException).code === 'string' && !(err instanceof EngineError)) {
      throw new EngineError('local-file', c.endpoint.url, `${what} to ${localFolder} failed: ${err.message}.`, 'Choose another folder.');
    }
    throw formatError(c, err, what);
  } finally {
    stream.destroy();
  }
}
