// `lint` reads the editor's settings from a file in the tree, so CI and the editor agree without
// flags: `.docker-workbench.json`, or the `dockerWorkbench` key of a package.json, in the linted
// file's folder or the nearest folder above it, up to the repository root (the folder holding
// .git) or the filesystem root. The schema is the `dockerWorkbench` settings section, read by the
// same parseSettings as the language server; what the file holds is checked strictly first, since a
// misspelt rule id or severity would otherwise lint with the defaults and pass in silence. A
// package.json met on the way up that does not parse is passed over with a note: nothing says it
// was meant for us (a stray /tmp/package.json would otherwise fail every lint below it).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type HostContext, SettingsSection } from '../../../shared/protocol';
import { mergeHost, parseEngineOs, parseHostBuild, parseIsolation, parseSettings, type WorkbenchSettings } from '../../../shared/settings';
import type { LintCommand } from './args';
import { mergeEngineHost } from './engine';
import { FileProblem, readInside } from './files';

export const CONFIG_FILE = '.docker-workbench.json';
/** A config is a few lines; a larger file is refused rather than read. */
const MAX_CONFIG_BYTES = 1024 * 1024;
const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'];

export interface LintConfig {
  /** The file the settings came from (absolute). */
  file: string;
  settings: WorkbenchSettings;
  /** Keys that were read but that the command line does not take from a file (machine-scoped in the editor). */
  notes: string[];
}

/** A config file that cannot be used; the message names the file and what is wrong. */
export class ConfigProblem extends Error {}

export interface ConfigRules {
  /** Rule ids a config may name. */
  known: ReadonlySet<string>;
}

/**
 * The config of each folder that holds a linted file (and of `cwd` for standard input), read
 * before anything is linted, with the notes to print once per file. Rejects with ConfigProblem.
 */
export async function loadConfigs(
  choice: LintCommand['config'],
  folders: Iterable<string>,
  cwd: string,
  rules: ConfigRules,
): Promise<{ byFolder: Map<string, LintConfig | undefined>; notes: string[] }> {
  const finder = new ConfigFinder(rules);
  const byFolder = new Map<string, LintConfig | undefined>();
  const notes = new Set<string>();
  for (const folder of folders) {
    if (byFolder.has(folder)) continue;
    const config = choice === false ? undefined : choice !== undefined ? await finder.explicit(path.resolve(cwd, choice)) : await finder.forFolder(folder);
    byFolder.set(folder, config);
    for (const note of config?.notes ?? []) notes.add(note);
  }
  // The package files passed over first: they explain why a config above them was used, or none.
  return { byFolder, notes: [...finder.notes, ...notes] };
}

/**
 * The host one file is judged against, as the editor decides it and then the command line:
 * the engine's facts (--engine), the config's over them field by field (mergeHost, as the
 * language server merges its settings), and a flag typed on the command line over both.
 */
export function hostFor(command: Pick<LintCommand, 'host' | 'hostGiven'>, engineHost: HostContext | undefined, config: LintConfig | undefined): HostContext {
  const beneath = mergeHost(engineHost ?? {}, config?.settings.hostOverride ?? {});
  const host = mergeEngineHost(command.host, command.hostGiven, beneath);
  if (command.hostGiven.length === 0 && host.source !== undefined) {
    if (beneath.source !== undefined) host.source = beneath.source;
    else if (engineHost === undefined) delete host.source;
  }
  return host;
}

/** Finds and reads the config for each folder once; a folder with none gets undefined. */
export class ConfigFinder {
  private readonly byFolder = new Map<string, Promise<LintConfig | undefined>>();
  private readonly byFile = new Map<string, Promise<LintConfig>>();
  /** One line for each package.json the search passed over because it does not parse. */
  readonly notes = new Set<string>();

  constructor(private readonly rules: ConfigRules) {}

  /** The config that applies to files in `folder` (absolute). Rejects with ConfigProblem. */
  forFolder(folder: string): Promise<LintConfig | undefined> {
    let found = this.byFolder.get(folder);
    if (found === undefined) {
      found = this.search(folder);
      this.byFolder.set(folder, found);
    }
    return found;
  }

  /** `--config FILE`: that file, whatever its name; a package.json must have the key. */
  explicit(file: string): Promise<LintConfig> {
    let read = this.byFile.get(file);
    if (read === undefined) {
      read = this.read(file, undefined, true).then((config) => {
        if (config === undefined) throw new ConfigProblem(`${file}: has no "${SettingsSection}" key`);
        return config;
      });
      this.byFile.set(file, read);
    }
    return read;
  }

  private async search(start: string): Promise<LintConfig | undefined> {
    const folders: string[] = [];
    let boundary: string | undefined;
    for (let folder = start; ; ) {
      folders.push(folder);
      if (await exists(path.join(folder, '.git'))) {
        boundary = folder;
        break;
      }
      const parent = path.dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
    // Inside a repository (a pull request's tree in CI), a config that is a link must stay in it.
    const root = boundary === undefined ? undefined : await fs.realpath(boundary).catch(() => boundary);
    for (const folder of folders) {
      const own = await this.read(path.join(folder, CONFIG_FILE), root, false);
      if (own !== undefined) return own;
      const fromPackage = await this.read(path.join(folder, 'package.json'), root, false);
      if (fromPackage !== undefined) return fromPackage;
    }
    return undefined;
  }

  /** undefined: no such file, or a package.json without the key (the search goes on). */
  private async read(file: string, root: string | undefined, explicit: boolean): Promise<LintConfig | undefined> {
    if (!explicit && !(await exists(file))) return undefined;
    let text: string;
    try {
      const read = await readInside(file, root ?? path.parse(path.resolve(file)).root, MAX_CONFIG_BYTES);
      if (read.kind === 'too-large') throw new ConfigProblem(`${file}: is larger than ${MAX_CONFIG_BYTES / 1024} KiB; not read`);
      text = read.text;
    } catch (error) {
      if (error instanceof ConfigProblem) throw error;
      if (error instanceof FileProblem) throw new ConfigProblem(`${file}: ${error.message}`);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new ConfigProblem(`${file}: does not exist`);
      throw new ConfigProblem(`${file}: cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`);
    }
    const isPackage = path.basename(file) === 'package.json';
    let json: unknown;
    try {
      json = parseJson(text, file);
      if (isPackage && !isObject(json)) throw new ConfigProblem(`${file}: is not a JSON object`);
    } catch (error) {
      // Found on the way up, a package.json that is not one cannot be known to hold our key: the
      // search goes on above it. Named with --config, it is what was asked for, so it is an error.
      if (!isPackage || explicit || !(error instanceof ConfigProblem)) throw error;
      this.notes.add(`${error.message}; passed over (its ${SettingsSection} settings, if any, are not read)`);
      return undefined;
    }
    let section: unknown = json;
    let where = '';
    if (isPackage) {
      if (!isObject(json)) throw new ConfigProblem(`${file}: is not a JSON object`);
      if (!(SettingsSection in json)) return undefined;
      section = json[SettingsSection];
      where = `${SettingsSection}.`;
    }
    return checkSettings(section, file, where, this.rules);
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // Node's own message quotes the text; the position alone is enough, and quotes nothing from a file that may be anything.
    const at = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    let where = '';
    if (at !== null) {
      const before = text.replace(/^\uFEFF/, '').slice(0, Number(at[1]));
      const line = before.split('\n').length;
      where = ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
    } else if (text.trim() === '') {
      where = ' (the file is empty)';
    } else {
      where = ' (it ends too early)';
    }
    throw new ConfigProblem(`${file}: is not valid JSON${where}`);
  }
}

const TOP_KEYS = ['rules', 'windows', 'engineOs', 'lint', 'host', '$schema'];
const WINDOWS_KEYS = ['hostBuild', 'isolation'];
const LINT_KEYS = ['debounceMs', 'maxFileSize'];

/**
 * The settings section, as VS Code hands it to the server: `{rules, windows: {hostBuild, isolation}}`;
 * dotted keys as settings.json writes them (`"windows.hostBuild"`) are read the same way.
 */
function checkSettings(section: unknown, file: string, where: string, rules: ConfigRules): LintConfig {
  const fail = (key: string, what: string) => new ConfigProblem(`${file}: ${where}${key} ${what}`);
  if (!isObject(section)) throw new ConfigProblem(`${file}: ${where ? `${where.slice(0, -1)} ` : ''}must be a JSON object of settings (rules, windows)`);
  const nested = undotted(section, (key) => fail(key, 'is given twice (once with a dotted name)'));
  const notes: string[] = [];
  for (const key of Object.keys(nested)) {
    if (!TOP_KEYS.includes(key)) throw fail(key, `is not a setting; expected ${TOP_KEYS.filter((k) => k !== '$schema').join(', ')}`);
  }
  if (nested.rules !== undefined) {
    if (!isObject(nested.rules)) throw fail('rules', 'must be an object of rule id to severity');
    for (const [id, level] of Object.entries(nested.rules)) {
      if (!rules.known.has(id)) throw fail(`rules.${id}`, "is not a rule; 'docker-workbench rules' lists them");
      if (typeof level !== 'string' || !SEVERITIES.includes(level.toLowerCase())) throw fail(`rules.${id}`, `must be one of ${SEVERITIES.join(', ')}, got ${describe(level)}`);
    }
  }
  if (nested.windows !== undefined) {
    if (!isObject(nested.windows)) throw fail('windows', 'must be an object (hostBuild, isolation)');
    const windows = nested.windows;
    for (const key of Object.keys(windows)) {
      if (!WINDOWS_KEYS.includes(key)) throw fail(`windows.${key}`, `is not a setting; expected ${WINDOWS_KEYS.join(', ')}`);
    }
    const build = windows.hostBuild;
    if (build !== undefined && build !== '' && parseHostBuild(build) === undefined) throw fail('windows.hostBuild', `must be a Windows build such as "17763" or "10.0.17763", got ${describe(build)}`);
    const isolation = windows.isolation;
    if (isolation !== undefined && isolation !== '' && parseIsolation(isolation) === undefined) throw fail('windows.isolation', `must be "process" or "hyperv", got ${describe(isolation)}`);
  }
  const engineOs = nested.engineOs;
  if (engineOs !== undefined && engineOs !== '' && parseEngineOs(engineOs) === undefined) throw fail('engineOs', `must be "windows" or "linux", got ${describe(engineOs)}`);
  if (nested.lint !== undefined) {
    if (!isObject(nested.lint)) throw fail('lint', 'must be an object (debounceMs, maxFileSize)');
    for (const key of Object.keys(nested.lint)) {
      if (!LINT_KEYS.includes(key)) throw fail(`lint.${key}`, `is not a setting; expected ${LINT_KEYS.join(', ')}`);
    }
    // Machine-scoped in the editor, so that a repository cannot raise it; the same here.
    if (nested.lint.maxFileSize !== undefined) notes.push(`${file}: ${where}lint.maxFileSize is not read from a file in the tree; use --max-file-size`);
  }
  // Machine-scoped too: a repository must not choose which engine a CI job talks to.
  if (nested.host !== undefined) notes.push(`${file}: ${where}host is not read from a file in the tree; use --engine with --host or --context`);
  return { file, settings: parseSettings({ rules: nested.rules, windows: nested.windows, engineOs }), notes };
}

/** `{"windows.hostBuild": x}` as `{windows: {hostBuild: x}}`; a name given both ways is an error. */
function undotted(section: Record<string, unknown>, twice: (key: string) => Error): Record<string, Record<string, unknown> | unknown> & { rules?: unknown; windows?: unknown; engineOs?: unknown; lint?: unknown; host?: unknown } {
  const out: Record<string, unknown> = {};
  for (const [written, value] of Object.entries(section)) {
    // A line copied from settings.json keeps its prefix: "dockerWorkbench.windows.hostBuild".
    const key = written.startsWith(`${SettingsSection}.`) ? written.slice(SettingsSection.length + 1) : written;
    const dot = key.indexOf('.');
    if (dot === -1) {
      if (key in out && isObject(out[key]) && isObject(value)) {
        for (const [inner, v] of Object.entries(value)) {
          if (inner in (out[key] as Record<string, unknown>)) throw twice(`${key}.${inner}`);
          (out[key] as Record<string, unknown>)[inner] = v;
        }
      } else if (key in out) {
        throw twice(key);
      } else {
        out[key] = isObject(value) ? { ...value } : value;
      }
      continue;
    }
    const head = key.slice(0, dot);
    const rest = key.slice(dot + 1);
    if (out[head] === undefined) out[head] = {};
    const inner = out[head];
    if (!isObject(inner)) throw twice(head);
    if (rest in inner) throw twice(key);
    inner[rest] = value;
  }
  return out as ReturnType<typeof undotted>;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
