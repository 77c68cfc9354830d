// The `dockerWorkbench.*` settings that both halves read, parsed once so the client (which sends
// the host notification) and the server (which pulls the settings itself) agree on their meaning.
import { SettingsSection, type HostContext, type RuleSeverityOverrides, type SeverityName } from './protocol';

export interface WorkbenchSettings {
  rules: RuleSeverityOverrides;
  /** Host facts the user set on purpose; empty when the setting is empty. */
  hostOverride: HostContext;
  debounceMs: number;
  /** Documents larger than this (UTF-8 bytes) are not parsed: one file-too-large finding instead. */
  maxFileSizeBytes: number;
}

export const DEFAULT_DEBOUNCE_MS = 200;
const MAX_DEBOUNCE_MS = 10_000;
const MiB = 1024 * 1024;
/** The file size limit, `dockerWorkbench.lint.maxFileSize` and `--max-file-size`, in MiB. */
// The largest of the 1204 real Dockerfiles in the test corpus is 10 KB: 1 MiB leaves a hundredfold margin.
export const DEFAULT_MAX_FILE_SIZE_MIB = 1;
// Peak memory grows with the file (see `npm run bench -- memory`); whatever a setting or a flag asks
// for, at most this much of one file is ever read, and at least 1 KiB.
export const MAX_FILE_SIZE_CEILING_BYTES = 64 * MiB;
const MIN_FILE_SIZE_LIMIT_BYTES = 1024;

/** A limit in bytes, held between 1 KiB and the ceiling. */
export function clampFileSizeLimit(bytes: number): number {
  return Math.min(MAX_FILE_SIZE_CEILING_BYTES, Math.max(MIN_FILE_SIZE_LIMIT_BYTES, Math.round(bytes)));
}
const SEVERITIES: ReadonlySet<string> = new Set<SeverityName | 'off'>(['error', 'warning', 'info', 'hint', 'off']);

/**
 * `17763`, `'17763'` and `'10.0.17763'` (optionally with a revision, `10.0.17763.437`) all mean
 * build 17763. Anything else, including `''`, means unknown.
 */
const MAX_BUILD = 999_999;

export function parseHostBuild(value: unknown): number | undefined {
  // Six digits at most, as the text form: a client sending 1e300 must not become a host that runs anything.
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 && value <= MAX_BUILD ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const m = /^(?:10\.0\.)?(\d{4,6})(?:\.\d+)?$/.exec(text);
  if (!m) return undefined;
  const build = Number(m[1]);
  return build > 0 ? build : undefined;
}

/** `dockerWorkbench.engineOs`: the OS the engine runs containers for, when no engine says so. */
export function parseEngineOs(value: unknown): 'windows' | 'linux' | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  return v === 'windows' || v === 'linux' ? v : undefined;
}

export function parseIsolation(value: unknown): 'process' | 'hyperv' | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  return v === 'process' || v === 'hyperv' ? v : undefined;
}

/** Reads the `dockerWorkbench` section as the client or `workspace/configuration` hands it over. */
export function parseSettings(section: unknown): WorkbenchSettings {
  const root = isObject(section) ? section : {};
  const rules: RuleSeverityOverrides = {};
  if (isObject(root.rules)) {
    for (const [id, level] of Object.entries(root.rules)) {
      if (typeof level === 'string' && SEVERITIES.has(level.toLowerCase())) {
        rules[id] = level.toLowerCase() as SeverityName | 'off';
      }
    }
  }
  const windows = isObject(root.windows) ? root.windows : {};
  const hostOverride: HostContext = {};
  const build = parseHostBuild(windows.hostBuild);
  if (build !== undefined) hostOverride.build = build;
  const isolation = parseIsolation(windows.isolation);
  if (isolation !== undefined) hostOverride.isolation = isolation;
  // A build number only exists for Windows hosts, so setting one says the engine runs Windows,
  // unless the engine's OS is set too.
  const engineOs = parseEngineOs(root.engineOs);
  if (engineOs !== undefined) hostOverride.engineOs = engineOs;
  else if (build !== undefined) hostOverride.engineOs = 'windows';
  if (build !== undefined || isolation !== undefined || engineOs !== undefined) hostOverride.source = 'settings';
  const lint = isObject(root.lint) ? root.lint : {};
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  if (typeof lint.debounceMs === 'number' && Number.isFinite(lint.debounceMs)) {
    debounceMs = Math.min(MAX_DEBOUNCE_MS, Math.max(0, Math.round(lint.debounceMs)));
  }
  let maxFileSizeBytes = DEFAULT_MAX_FILE_SIZE_MIB * MiB;
  if (typeof lint.maxFileSize === 'number' && Number.isFinite(lint.maxFileSize) && lint.maxFileSize > 0) {
    maxFileSizeBytes = clampFileSizeLimit(lint.maxFileSize * MiB);
  }
  return { rules, hostOverride, debounceMs, maxFileSizeBytes };
}

/**
 * The host the rules judge against. The engine's facts are real, but a value the user typed into
 * the settings was set on purpose (to lint for a deployment target other than the local engine,
 * say), so a non-empty setting wins field by field; `source` tells which one did.
 */
export function mergeHost(engine: HostContext, override: HostContext): HostContext {
  const merged: HostContext = { ...engine };
  if (override.build !== undefined) merged.build = override.build;
  if (override.isolation !== undefined) merged.isolation = override.isolation;
  // The engine's OS is a fact of the engine connected; the setting stands in only while none says.
  const osFromSettings = override.engineOs !== undefined && engine.engineOs === undefined;
  if (osFromSettings) merged.engineOs = override.engineOs;
  // Any field taken from the settings makes them the source a hover should name.
  if (override.build !== undefined || override.isolation !== undefined || osFromSettings) merged.source = 'settings';
  return merged;
}

type SettingsObject = Record<string, unknown>;

/**
 * A settings value as an LSP client gives it, read as the `dockerWorkbench` section. `wrapped`
 * (pushed settings, initialization options): the section is under its name,
 * `{dockerWorkbench: {...}}`, or spelt with dotted names, `{"dockerWorkbench.windows.hostBuild": ...}`;
 * other keys are another server's. Not wrapped (what workspace/configuration answers): the value is
 * the section, whose names may be dotted too (`{"windows.hostBuild": ...}`). Lenient, as the
 * editor is: what is not an object is no settings, and of a name given twice the later one counts.
 */
export function settingsSection(value: unknown, wrapped: boolean): SettingsObject {
  if (!isObject(value)) return {};
  const prefix = `${SettingsSection}.`;
  const out: SettingsObject = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === SettingsSection) {
      // A client that answers the pull with all its settings: the section is one level down.
      if (isObject(inner)) mergeInto(out, settingsSection(inner, false), true);
    } else if (key.startsWith(prefix)) {
      setDotted(out, key.slice(prefix.length), inner);
    } else if (!wrapped) {
      setDotted(out, key, inner);
    }
  }
  return out;
}

/**
 * The sources of settings, lowest first, as one section: a later source's value wins name by name
 * (`windows.hostBuild` from one, `windows.isolation` from another; rules by rule id). An empty
 * value (`""`, null) is unset and lets the source below show through, as the editor's defaults are
 * empty strings.
 */
export function layerSettings(...layers: readonly SettingsObject[]): SettingsObject {
  const out: SettingsObject = {};
  for (const layer of layers) mergeInto(out, layer, false);
  return out;
}

/** Names that would reach Object.prototype through `obj[name]`: never settings. */
const UNSAFE_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function setDotted(out: SettingsObject, dotted: string, value: unknown): void {
  const names = dotted.split('.');
  if (names.some((name) => UNSAFE_NAMES.has(name))) return;
  let at = out;
  for (const name of names.slice(0, -1)) {
    if (!isObject(at[name])) at[name] = {};
    at = at[name] as SettingsObject;
  }
  const last = names[names.length - 1];
  if (isObject(value) && isObject(at[last])) mergeInto(at[last] as SettingsObject, value, true);
  else at[last] = isObject(value) ? mergeInto({}, value, true) : value;
}

/** Copies `from` into `into` deeply; `keepEmpty` false: `""` and null do not replace a value. */
function mergeInto(into: SettingsObject, from: SettingsObject, keepEmpty: boolean): SettingsObject {
  for (const [key, value] of Object.entries(from)) {
    if (UNSAFE_NAMES.has(key)) continue;
    if (isObject(value)) {
      if (!isObject(into[key])) into[key] = {};
      mergeInto(into[key] as SettingsObject, value, keepEmpty);
    } else if (keepEmpty || !(value === null || value === undefined || (typeof value === 'string' && value.trim() === ''))) {
      into[key] = value;
    }
  }
  return into;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
