// Which files `lint PATH...` looks at. A named file is linted whatever its name; a folder is
// searched for the names Docker and Podman pick up by convention. The tree may be hostile (CI on
// a pull request): links are followed only while they stay inside the root (the folder named,
// or for a named file the folder that holds it), each folder once, and only regular files count.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { displayPath, isInside, kindOf } from './files';
import { isComposeFileName } from '../compose/names';

export interface FoundFile {
  /** Absolute, as reached (through links inside the root); shown to the user. */
  path: string;
  /** Real path of the root everything read for this file must stay inside. */
  root: string;
  /** How it is linted: a Dockerfile, or a compose file (by its name). */
  kind: 'dockerfile' | 'compose';
}

/** A named file is a compose file when its name says so, or it is YAML; anything else is a Dockerfile. */
export function lintKindOf(name: string): FoundFile['kind'] {
  return isComposeFileName(name) || /\.ya?ml$/i.test(name) ? 'compose' : 'dockerfile';
}

/** What a folder walk picks up: Dockerfiles and compose files by their conventional names. */
function wanted(name: string): boolean {
  return isDockerfileName(name) || isComposeFileName(name);
}

export interface Discovery {
  /** Each file once (by real path), in a stable order. */
  files: FoundFile[];
  /** One line per path that cannot be used, naming it: the run exits 2. */
  errors: string[];
  /** Links not followed because they leave the root: said, but not an error. */
  notes: string[];
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
  const files: FoundFile[] = [];
  const errors: string[] = [];
  const notes: string[] = [];
  const seenFiles = new Set<string>();
  // Real paths of folders already entered: a link back up the tree is walked once, not forever.
  const seenFolders = new Set<string>();
  const shown = (file: string) => displayPath(file, cwd);

  const addFile = (file: string, real: string, root: string) => {
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push({ path: file, root, kind: lintKindOf(path.basename(file)) });
  };

  const walk = async (folder: string, real: string, root: string): Promise<void> => {
    if (seenFolders.has(real)) return;
    seenFolders.add(real);
    let entries;
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      errors.push(`cannot read folder ${shown(folder)}: ${describeError(error)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) await walk(full, path.join(real, entry.name), root);
      } else if (entry.isFile()) {
        if (wanted(entry.name)) addFile(full, path.join(real, entry.name), root);
      } else if (entry.isSymbolicLink()) {
        // A dangling link is just not a Dockerfile.
        const target = await fs.realpath(full).catch(() => undefined);
        const stat = target === undefined ? undefined : await fs.stat(target).catch(() => undefined);
        if (target === undefined || stat === undefined) continue;
        if (!isInside(root, target)) {
          if (stat.isDirectory() || wanted(entry.name)) notes.push(`not following ${shown(full)}: a link to ${target}, outside ${shown(root)}`);
          continue;
        }
        if (stat.isDirectory()) {
          if (!SKIPPED_FOLDERS.has(entry.name)) await walk(full, target, root);
        } else if (stat.isFile() && wanted(entry.name)) {
          addFile(full, target, root);
        }
      }
      // FIFOs, sockets and devices are never Dockerfiles, whatever their name.
    }
  };

  for (const given of paths) {
    const full = path.resolve(cwd, given);
    let stat;
    let real;
    try {
      stat = await fs.stat(full);
      real = await fs.realpath(full);
    } catch (error) {
      errors.push(isMissing(error) ? `no such file or folder: ${given}` : `cannot read ${given}: ${describeError(error)}`);
      continue;
    }
    // A named folder is the root, wherever a link naming it leads: the user chose it.
    if (stat.isDirectory()) {
      await walk(full, real, real);
      continue;
    }
    const root = await fs.realpath(path.dirname(full));
    if (!isInside(root, real)) errors.push(`${given} is a link to ${real}, outside its folder; name that file itself to lint it`);
    else if (!stat.isFile()) errors.push(`${given} is not a regular file (${kindOf(stat)})`);
    else addFile(full, real, root);
  }
  return { files, errors, notes };
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
