// `lint` on a compose file: the compose linter with the shipped schema, and the files the compose
// file names looked up first, under the CLI's rules for a tree it cannot trust: a Dockerfile is read
// only inside the root (regular, bounded), other files are only checked for existence; the services
// of the other compose files in its folder (an override's base file) are read the same way.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { composeReferences, type FileFact, spellings } from '../compose/files';
import { lintCompose, type ComposeLintOptions } from '../compose/lint';
import { parseCompose } from '../compose/model';
import { isComposeFileName } from '../compose/names';
import { loadComposeSchema, type SchemaLoad } from '../compose/schema';
import type { Finding } from '../rules/types';
import { readInside } from './files';

export type ComposeOptions = Omit<ComposeLintOptions, 'path' | 'files' | 'otherServices' | 'schema'>;

let schema: SchemaLoad | undefined;

/** The schema shipped beside dist/cli.js, loaded once; a note when there is none. */
export function composeSchema(): SchemaLoad {
  return (schema ??= loadComposeSchema());
}

/** A check of this file's text (re-run by --fix), with the facts about the files it names gathered once. */
export async function composeCheck(file: string, root: string, maxBytes: number, text: string, options: ComposeOptions): Promise<(text: string) => Finding[]> {
  const model = parseCompose(text);
  const facts = new Map<string, FileFact>();
  for (const ref of composeReferences(model, file)) {
    for (const candidate of spellings(ref.path)) {
      const key = `${ref.read ? 'r' : 's'}${candidate}`;
      if (!facts.has(key)) facts.set(key, await factFor(candidate, root, maxBytes, ref.read));
    }
  }
  const otherServices = await siblingServices(file, root, maxBytes);
  return (current) =>
    lintCompose(current === text ? model : current, {
      ...options,
      schema: composeSchema(),
      path: file,
      files: (p, read) => facts.get(`${read ? 'r' : 's'}${p}`),
      otherServices,
    });
}

async function factFor(file: string, root: string, maxBytes: number, read: boolean): Promise<FileFact> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'missing' } : { kind: 'other' };
  }
  if (stat.isDirectory()) return { kind: 'folder' };
  if (!stat.isFile()) return { kind: 'other' };
  if (!read) return { kind: 'file' };
  try {
    const outcome = await readInside(file, root, maxBytes);
    return outcome.kind === 'text' ? { kind: 'file', text: outcome.text } : { kind: 'file' };
  } catch {
    // Outside the root, or unreadable: it exists, and its text stays unknown.
    return { kind: 'file' };
  }
}

async function siblingServices(file: string, root: string, maxBytes: number): Promise<ReadonlySet<string> | undefined> {
  const dir = path.dirname(file);
  let names: string[];
  try {
    names = (await fs.readdir(dir)).filter((n) => isComposeFileName(n) && n !== path.basename(file)).sort();
  } catch {
    return undefined;
  }
  const services = new Set<string>();
  for (const name of names.slice(0, 16)) {
    try {
      const read = await readInside(path.join(dir, name), root, maxBytes);
      if (read.kind === 'text') for (const s of parseCompose(read.text).services) services.add(s.name);
    } catch {
      // A sibling that cannot be read adds no services.
    }
  }
  return services;
}
