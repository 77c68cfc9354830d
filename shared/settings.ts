// The `dockerWorkbench.*` settings that both halves read, parsed once so the client (which sends
// the host notification) and the server (which pulls the settings itself) agree on their meaning.
import type { HostContext, RuleSeverityOverrides, SeverityName } from './protocol';

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
  // A build number only exists for Windows hosts, so setting one says the engine runs Windows.
  if (build !== undefined) hostOverride.engineOs = 'windows';
  if (build !== undefined || isolation !== undefined) hostOverride.source = 'settings';
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
  if (override.engineOs !== undefined && engine.engineOs === undefined) merged.engineOs = override.engineOs;
  // Any field taken from the settings makes them the source a hover should name.
  if (override.build !== undefined || override.isolation !== undefined) merged.source = 'settings';
  return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
