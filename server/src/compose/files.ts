// The files a compose file names (build Dockerfiles, env files), resolved as Compose resolves them:
// `build.context` against the compose file's folder, `build.dockerfile` against the context,
// `env_file` against the compose file's folder. The rules stay pure: the caller looks the files up
// (the CLI only inside its root, the server on disk) and hands the answers in as FileFacts.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ComposeModel } from './model';
import { interpolated, serviceFacts, type ServiceFacts } from './service';

export type FileFact = { kind: 'file'; text?: string } | { kind: 'missing' } | { kind: 'folder' } | { kind: 'other' };
/** What is known of a path; undefined: not looked at (the rules then say nothing about it). */
export type FileFacts = (absolutePath: string, read: boolean) => FileFact | undefined;

export interface FileRef {
  path: string;
  /** The text is wanted (a Dockerfile), not only whether it exists. */
  read: boolean;
}

const REMOTE_CONTEXT = /^[a-z][a-z0-9+.-]*:\/\/|^git@|^github\.com\//i;
const WINDOWS_ABSOLUTE = /^[A-Za-z]:[\\/]|^\\\\/;

/**
 * A path as this machine reads it, or undefined when it cannot be known here: interpolated, a
 * remote build context, or a Windows absolute path on another system.
 */
function usable(text: string): boolean {
  if (interpolated(text) || REMOTE_CONTEXT.test(text)) return false;
  return process.platform === 'win32' || !WINDOWS_ABSOLUTE.test(text);
}

export function buildContextPath(service: ServiceFacts, composeDir: string): string | undefined {
  const build = service.build;
  if (build === undefined || build.inline) return undefined;
  const context = build.context?.text ?? '.';
  if (!usable(context)) return undefined;
  return path.resolve(composeDir, context);
}

export function dockerfilePath(service: ServiceFacts, composeDir: string): string | undefined {
  const context = buildContextPath(service, composeDir);
  if (context === undefined) return undefined;
  const name = service.build?.dockerfile?.text ?? 'Dockerfile';
  if (!usable(name)) return undefined;
  return path.resolve(context, name);
}

export function envFilePath(text: string, composeDir: string): string | undefined {
  return usable(text) ? path.resolve(composeDir, text) : undefined;
}

/** Every file the rules would look at, for a caller that gathers the facts first (the CLI). */
export function composeReferences(model: ComposeModel, composePath: string): FileRef[] {
  const dir = path.dirname(composePath);
  const refs: FileRef[] = [];
  for (const entry of model.services) {
    const service = serviceFacts(model, entry);
    const dockerfile = dockerfilePath(service, dir);
    if (dockerfile !== undefined) refs.push({ path: dockerfile, read: true });
    for (const env of service.envFiles) {
      const file = envFilePath(env.text, dir);
      if (file !== undefined) refs.push({ path: file, read: false });
    }
  }
  return refs;
}

/**
 * Paths written with backslashes on a system that reads them literally: the file was likely written
 * for Windows, where they are separators; either spelling counts as the file.
 */
export function spellings(file: string): string[] {
  return process.platform !== 'win32' && file.includes('\\') ? [file, file.replace(/\\/g, '/')] : [file];
}

export function factOf(files: FileFacts | undefined, file: string, read: boolean): FileFact | undefined {
  if (files === undefined) return undefined;
  let first: FileFact | undefined;
  for (const candidate of spellings(file)) {
    const fact = files(candidate, read);
    if (fact !== undefined && fact.kind !== 'missing') return fact;
    first ??= fact;
  }
  return first;
}

/** Facts read from disk as they are asked for (the language server: the files are the user's own). */
export function diskFileFacts(maxBytes: number): FileFacts {
  const known = new Map<string, FileFact | undefined>();
  return (file, read) => {
    const key = `${read ? 'r' : 's'}${file}`;
    if (known.has(key)) return known.get(key);
    let fact: FileFact | undefined;
    try {
      const stat = statSync(file);
      if (stat.isDirectory()) fact = { kind: 'folder' };
      else if (!stat.isFile()) fact = { kind: 'other' };
      else fact = read && stat.size <= maxBytes ? { kind: 'file', text: readFileSync(file, 'utf8') } : { kind: 'file' };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      fact = code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'missing' } : undefined;
    }
    known.set(key, fact);
    return fact;
  };
}
