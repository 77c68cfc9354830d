// Reading and writing files in a tree the CLI cannot trust (CI runs it on pull requests): a file is
// read only when its real path is inside the root the user named and it is a regular file, never
// more than a size limit of it; --fix replaces a file by renaming a new one over it, so it never
// writes through a link, symbolic or hard.
import { randomBytes } from 'node:crypto';
import { constants, promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';

/** A file the CLI refuses to read or write; the message completes "PATH ...". */
export class FileProblem extends Error {}

/** Standard input went past the size limit; `size` is what was read before stopping. */
export class InputTooLarge extends Error {
  constructor(readonly size: number) {
    super(`input of more than ${size} bytes`);
  }
}

export type ReadOutcome =
  | { kind: 'text'; text: string; real: string; stat: Stats }
  /** `size` is the size on disk, or the bytes read when the file does not say (procfs). */
  | { kind: 'too-large'; size: number; real: string };

/** Whether `real` is `root` or below it; both real (resolved) paths. */
export function isInside(root: string, real: string): boolean {
  const relative = path.relative(root, real);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** What a non-regular file is, for the message. */
export function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

// Absent on Windows, where neither FIFOs nor O_NOFOLLOW exist in this form.
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * The text of `file` when its real path is inside `root` and it is a regular file of at most
 * `maxBytes` bytes. Opened without blocking (a FIFO would block the open itself) and checked on
 * the open descriptor, so what is read is what was checked.
 */
export async function readInside(file: string, root: string, maxBytes: number): Promise<ReadOutcome> {
  const real = await fs.realpath(file);
  if (!isInside(root, real)) throw new FileProblem(`is a link to ${real}, outside ${root}`);
  const handle = await fs.open(real, constants.O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new FileProblem(`is not a regular file (${kindOf(stat)})`);
    if (stat.size > maxBytes) return { kind: 'too-large', size: stat.size, real };
    // Read at most one byte past the limit: a file that grows meanwhile, or reports size 0, is still bounded.
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(stat.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (buffer.length > maxBytes) break;
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return { kind: 'too-large', size: Math.max(length, stat.size), real };
    return { kind: 'text', text: buffer.toString('utf8', 0, length), real, stat };
  } finally {
    await handle.close();
  }
}

/**
 * Replaces the regular file at `real` (a real path, checked inside the root when it was read) with
 * `text`: a new file beside it, with the old one's mode (and owner, when allowed), renamed over it.
 * A rename replaces the name itself, so neither a link put there since nor a hard link to a file
 * elsewhere is written through, and a reader never sees half a file.
 */
export async function replaceFile(real: string, text: string, previous: Stats): Promise<void> {
  const folder = path.dirname(real);
  // The folder itself must not have become a link since the file was read.
  if ((await fs.realpath(folder)) !== folder) throw new FileProblem(`changed while it was linted; not written`);
  const temp = path.join(folder, `.${path.basename(real)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, 0o600);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.chmod(previous.mode & 0o7777);
      if (process.getuid?.() === 0) await handle.chown(previous.uid, previous.gid).catch(() => undefined);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, real);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Relative to the working folder when inside it, else absolute. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
