// Which files `lint PATH...` looks at. A named file is linted whatever its name; a folder is
// searched for the names Docker and Podman pick up by convention.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface Discovery {
  /** Absolute paths, each file once, in a stable order. */
  files: string[];
  /** One line per path that could not be read, naming it. */
  errors: string[];
}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/**
 * `Dockerfile`, `*.Dockerfile`, `Dockerfile.*`, `Containerfile`, in any case; but not
 * `Dockerfile.dockerignore`, which is BuildKit's per-Dockerfile ignore file.
 */
export function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith('.dockerignore')) return false;
  return (
    lower === 'dockerfile' ||
    lower === 'containerfile' ||
    (lower.startsWith('dockerfile.') && lower.length > 'dockerfile.'.length) ||
    (lower.endsWith('.dockerfile') && lower.length > '.dockerfile'.length)
  );
}

export async function discover(paths: readonly string[], cwd: string): Promise<Discovery> {
  const files: string[] = [];
  const errors: string[] = [];
  const seenFiles = new Set<string>();
  // Real paths of folders already entered: a symlink back up the tree is walked once, not forever.
  const seenFolders = new Set<string>();

  const addFile = async (file: string) => {
    const real = await fs.realpath(file).catch(() => file);
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push(file);
  };

  const walk = async (folder: string): Promise<void> => {
    let real: string;
    try {
      real = await fs.realpath(folder);
    } catch (error) {
      errors.push(`cannot read folder ${folder}: ${describeError(error)}`);
      return;
    }
    if (seenFolders.has(real)) return;
    seenFolders.add(real);
    let entries;
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      errors.push(`cannot read folder ${folder}: ${describeError(error)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // Follow links, but a dangling one is just not a Dockerfile.
        const target = await fs.stat(full).catch(() => undefined);
        if (target === undefined) continue;
        isDir = target.isDirectory();
        isFile = target.isFile();
      }
      if (isDir) {
        if (!SKIPPED_FOLDERS.has(entry.name)) await walk(full);
      } else if (isFile && isDockerfileName(entry.name)) {
        await addFile(full);
      }
    }
  };

  for (const given of paths) {
    const full = path.resolve(cwd, given);
    let stat;
    try {
      stat = await fs.stat(full);
    } catch (error) {
      errors.push(isMissing(error) ? `no such file or folder: ${given}` : `cannot read ${given}: ${describeError(error)}`);
      continue;
    }
    if (stat.isDirectory()) await walk(full);
    else await addFile(full);
  }
  return { files, errors };
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException | undefined;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'ENOENT') return 'no such file or folder';
  if (e?.code === 'EISDIR') return 'is a folder';
  return error instanceof Error ? error.message : String(error);
}
