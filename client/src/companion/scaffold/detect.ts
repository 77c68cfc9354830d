// What kind of project a folder holds, from its files. Every file is someone else's: entries are
// listed without following links (a link is neither a file nor a folder here), a file is opened
// only when it is a regular file (O_NOFOLLOW where the platform has it, so a link swapped in after
// the check is refused too; O_NONBLOCK, so a FIFO never blocks), read up to a bound, and a file
// larger than the bound is left unread. A value taken from a file is used only if it passes the
// same validation as a typed answer (values.ts); otherwise the question is asked.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DOTNET_VERSIONS, type DotnetVersion, type KindId } from './kinds';
import { validGoPackage, validGoVersion, validName, validNodeVersion, validRelativePath } from './values';

export interface ReadLimits {
  /** Largest file read, in bytes (a project file is a few KB). */
  maxFileBytes: number;
  /** Entries listed per folder, at most. */
  maxEntries: number;
}

export const DEFAULT_LIMITS: ReadLimits = { maxFileBytes: 256 * 1024, maxEntries: 5000 };

/** What was read for one kind; anything missing is asked. */
export interface KindFacts {
  /** Node: the script; Python: the module file; PowerShell: the .ps1; Go: the package to build. */
  entry?: string;
  /** Several possible entries (ps1 files, Go commands, project files): asked among these. */
  entryChoices?: string[];
  /** .NET: the project file, relative to the folder. */
  project?: string;
  projectChoices?: string[];
  /** .NET: the assembly (the .dll's name without extension). */
  assembly?: string;
  dotnetVersion?: DotnetVersion;
  /** .NET: the target framework as written, when no image version follows from it. */
  targetFramework?: string;
  /** Static sites: the folder holding index.html. */
  siteDir?: string;
  /** Node: package-lock.json or npm-shrinkwrap.json present. */
  lockfile?: boolean;
  nodeVersion?: string;
  pythonDeps?: 'requirements' | 'pyproject' | 'none';
  goVersion?: string;
  goSum?: boolean;
}

export interface Detection {
  /** Kinds the files point to, most specific first; empty when nothing does. */
  candidates: KindId[];
  facts: Partial<Record<KindId, KindFacts>>;
  /** The file that made each candidate, for the picker's description. */
  evidence: Partial<Record<KindId, string>>;
  /** Files left unread and why (too large, not a regular file, unreadable). */
  notes: string[];
}

interface Entry {
  name: string;
  kind: 'file' | 'dir' | 'other';
}

class Reader {
  readonly notes: string[] = [];
  constructor(
    private readonly root: string,
    private readonly limits: ReadLimits,
  ) {}

  /** Entries of a folder under the root (relative path), links and devices as 'other'. */
  async list(rel: string): Promise<Entry[]> {
    const out: Entry[] = [];
    let dir: fs.Dir | undefined;
    try {
      dir = await fs.promises.opendir(path.join(this.root, rel));
      for await (const d of dir) {
        if (out.length >= this.limits.maxEntries) {
          this.notes.push(`${rel || '.'}: only the first ${this.limits.maxEntries} entries were looked at`);
          break;
        }
        out.push({ name: d.name, kind: d.isFile() ? 'file' : d.isDirectory() ? 'dir' : 'other' });
      }
    } catch {
      // Unreadable or gone: nothing is detected from it.
    } finally {
      // The iterator closes the folder when it completes; after a break it is closed here.
      await dir?.close().catch(() => undefined);
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** A regular file's text, or undefined (not there, a link, a FIFO, too large, unreadable). */
  async read(rel: string): Promise<string | undefined> {
    const file = path.join(this.root, rel);
    let handle: fs.promises.FileHandle | undefined;
    try {
      const before = await fs.promises.lstat(file);
      if (!before.isFile()) {
        this.notes.push(`${rel}: not a regular file, not read`);
        return undefined;
      }
      if (before.size > this.limits.maxFileBytes) {
        this.notes.push(`${rel}: ${before.size} bytes, over the ${this.limits.maxFileBytes}-byte limit, not read`);
        return undefined;
      }
      const flags = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);
      handle = await fs.promises.open(file, flags);
      const st = await handle.stat();
      if (!st.isFile() || st.size > this.limits.maxFileBytes) {
        this.notes.push(`${rel}: changed while being read, not read`);
        return undefined;
      }
      // One byte more than the limit: a file that grew past it since the check is refused, not cut.
      const buf = Buffer.alloc(this.limits.maxFileBytes + 1);
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await handle.read(buf, got, buf.length - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      if (got > this.limits.maxFileBytes) {
        this.notes.push(`${rel}: grew past the ${this.limits.maxFileBytes}-byte limit, not read`);
        return undefined;
      }
      return buf.subarray(0, got).toString('utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') this.notes.push(`${rel}: not read (${code ?? 'error'})`);
      return undefined;
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }
}

const STATIC_DIRS = ['public', 'site', 'wwwroot', 'www', 'dist', 'docs', 'html'];
const PYTHON_ENTRIES = ['main.py', 'app.py', 'server.py', 'run.py'];
const NODE_ENTRIES = ['server.js', 'index.js', 'app.js', 'main.js'];

export async function detectProject(folder: string, limits: ReadLimits = DEFAULT_LIMITS): Promise<Detection> {
  const r = new Reader(folder, limits);
  const top = await r.list('');
  const files = new Set(top.filter((e) => e.kind === 'file').map((e) => e.name));
  const dirs = top.filter((e) => e.kind === 'dir').map((e) => e.name);
  const det: Detection = { candidates: [], facts: {}, evidence: {}, notes: r.notes };
  const add = (kind: KindId, evidence: string, facts: KindFacts) => {
    if (!det.candidates.includes(kind)) det.candidates.push(kind);
    det.evidence[kind] ??= evidence;
    det.facts[kind] = { ...facts, ...det.facts[kind] };
  };

  await detectDotnet(r, files, dirs, add);
  if (files.has('package.json')) add('node', 'package.json', await nodeFacts(r, files));
  if (files.has('requirements.txt') || files.has('pyproject.toml')) {
    add('python', files.has('requirements.txt') ? 'requirements.txt' : 'pyproject.toml', {
      pythonDeps: files.has('requirements.txt') ? 'requirements' : 'pyproject',
      entry: PYTHON_ENTRIES.find((f) => files.has(f)),
    });
  }
  if (files.has('go.mod')) add('go', 'go.mod', await goFacts(r, files, dirs));

  // A script, a page or a web.config next to an application belongs to it: these kinds only
  // count for a folder with no application project.
  if (det.candidates.length === 0) {
    const scripts = [...files].filter((f) => /\.ps1$/i.test(f) && validRelativePath(f));
    if (scripts.length > 0) add('powershell', scripts[0], scripts.length === 1 ? { entry: scripts[0] } : { entryChoices: scripts });
    let siteDir: string | undefined = files.has('index.html') || files.has('index.htm') ? '.' : undefined;
    for (const d of STATIC_DIRS) {
      if (siteDir !== undefined || !dirs.includes(d)) continue;
      const inner = await r.list(d);
      if (inner.some((e) => e.kind === 'file' && /^index\.html?$/.test(e.name))) siteDir = d;
    }
    if (siteDir !== undefined || files.has('web.config')) {
      const evidence = siteDir === undefined ? 'web.config' : path.posix.join(siteDir, 'index.html');
      add('iis-static', evidence, { siteDir: siteDir ?? '.' });
      add('nginx-static', evidence, { siteDir: siteDir ?? '.' });
    }
  }
  return det;
}

type Add = (kind: KindId, evidence: string, facts: KindFacts) => void;

interface Csproj {
  rel: string;
  web: boolean;
  framework: 'core' | 'netfx' | undefined;
  version?: DotnetVersion;
  targetFramework?: string;
  assembly?: string;
}

async function detectDotnet(r: Reader, files: Set<string>, dirs: string[], add: Add): Promise<void> {
  const found: Csproj[] = [];
  const consider = async (rel: string, siblings: Set<string>) => {
    const text = await r.read(rel);
    if (text !== undefined) found.push(readCsproj(rel, text, siblings));
  };
  for (const f of files) if (/\.csproj$/i.test(f)) await consider(f, files);
  // src/App/App.csproj and App/App.csproj are common; one level below the folder and src/.
  if (found.length === 0) {
    const below = [...dirs.map((d) => d), ...(dirs.includes('src') ? (await r.list('src')).filter((e) => e.kind === 'dir').map((e) => `src/${e.name}`) : [])];
    for (const d of below.slice(0, 50)) {
      const inner = await r.list(d);
      const names = new Set(inner.filter((e) => e.kind === 'file').map((e) => e.name));
      for (const f of names) if (/\.csproj$/i.test(f)) await consider(`${d}/${f}`, names);
    }
  }
  const usable = found.filter((p) => validRelativePath(p.rel));
  for (const kind of ['aspnet-framework', 'aspnet-core', 'dotnet-console'] as const) {
    const of = usable.filter((p) => csprojKind(p) === kind);
    if (of.length === 0) continue;
    const first = of[0];
    add(kind, first.rel, of.length === 1 ? { project: first.rel, assembly: first.assembly, dotnetVersion: first.version, targetFramework: first.targetFramework } : { projectChoices: of.map((p) => p.rel) });
  }
}

function csprojKind(p: Csproj): KindId | undefined {
  if (p.framework === 'netfx') return p.web ? 'aspnet-framework' : undefined;
  if (p.framework === 'core') return p.web ? 'aspnet-core' : 'dotnet-console';
  return undefined;
}

/** A project file's facts, read with patterns (the file is not trusted to be well-formed XML). */
export function readCsproj(rel: string, text: string, siblings: Set<string>): Csproj {
  const tag = (name: string) => new RegExp(`<${name}>\\s*([^<]{1,200}?)\\s*</${name}>`, 'i').exec(text)?.[1];
  const tfm = (tag('TargetFramework') ?? tag('TargetFrameworks')?.split(';')[0])?.trim().toLowerCase();
  const fxVersion = tag('TargetFrameworkVersion');
  const p: Csproj = { rel, web: false, framework: undefined };
  if (tfm !== undefined && /^net\d+\.\d+(-[a-z0-9.]+)?$/.test(tfm)) {
    p.framework = 'core';
    p.targetFramework = tfm;
    const v = /^net(\d+\.\d+)/.exec(tfm)?.[1] as DotnetVersion | undefined;
    if (v !== undefined && DOTNET_VERSIONS.includes(v)) p.version = v;
    p.web = /<Project\s[^>]*Sdk\s*=\s*"Microsoft\.NET\.Sdk\.Web"/i.test(text);
  } else if ((tfm !== undefined && /^net4\d{1,2}$/.test(tfm)) || (fxVersion !== undefined && /^v4\.\d/.test(fxVersion))) {
    p.framework = 'netfx';
    p.targetFramework = tfm ?? fxVersion;
    // A web application project: its type GUID, the web targets it imports, or a web.config beside it.
    p.web = /349c5851-65df-11da-9384-00065b846f21/i.test(text) || /WebApplication\.targets/i.test(text) || /<Project\s[^>]*Sdk\s*=\s*"Microsoft\.NET\.Sdk\.Web"/i.test(text) || siblings.has('web.config') || siblings.has('Web.config');
  }
  const assembly = tag('AssemblyName')?.trim() ?? path.posix.basename(rel).replace(/\.csproj$/i, '');
  if (validName(assembly)) p.assembly = assembly;
  return p;
}

async function nodeFacts(r: Reader, files: Set<string>): Promise<KindFacts> {
  const facts: KindFacts = { lockfile: files.has('package-lock.json') || files.has('npm-shrinkwrap.json') };
  const text = await r.read('package.json');
  let pkg: Record<string, unknown> = {};
  try {
    const parsed: unknown = text === undefined ? {} : JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) pkg = parsed as Record<string, unknown>;
  } catch {
    r.notes.push('package.json: not valid JSON, its fields were not used');
  }
  const scripts = typeof pkg.scripts === 'object' && pkg.scripts !== null ? (pkg.scripts as Record<string, unknown>) : {};
  const start = typeof scripts.start === 'string' ? /^node\s+([^\s]+)$/.exec(scripts.start.trim())?.[1] : undefined;
  const main = typeof pkg.main === 'string' ? pkg.main.replace(/^\.\//, '') : undefined;
  facts.entry = [start?.replace(/^\.\//, ''), main].find((e) => e !== undefined && validRelativePath(e)) ?? NODE_ENTRIES.find((f) => files.has(f));
  const engines = typeof pkg.engines === 'object' && pkg.engines !== null ? (pkg.engines as Record<string, unknown>).node : undefined;
  const major = typeof engines === 'string' ? /(\d{2})/.exec(engines)?.[1] : undefined;
  if (major !== undefined && validNodeVersion(major)) facts.nodeVersion = major;
  return facts;
}

async function goFacts(r: Reader, files: Set<string>, dirs: string[]): Promise<KindFacts> {
  const facts: KindFacts = { goSum: files.has('go.sum') };
  const mod = await r.read('go.mod');
  const version = mod === undefined ? undefined : /^go\s+(\d+\.\d+)(?:\.\d+)?\s*$/m.exec(mod)?.[1];
  if (version !== undefined && validGoVersion(version)) facts.goVersion = version;
  if ([...files].some((f) => f.endsWith('.go'))) facts.entry = '.';
  else if (dirs.includes('cmd')) {
    const commands: string[] = [];
    for (const e of await r.list('cmd')) {
      if (e.kind !== 'dir') continue;
      const pkg = `./cmd/${e.name}`;
      if (validGoPackage(pkg) && (await r.list(`cmd/${e.name}`)).some((f) => f.kind === 'file' && f.name.endsWith('.go'))) commands.push(pkg);
    }
    if (commands.length === 1) facts.entry = commands[0];
    else if (commands.length > 1) facts.entryChoices = commands;
  }
  return facts;
}
