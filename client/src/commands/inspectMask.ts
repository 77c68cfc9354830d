// Hides values that look like secrets in what Inspect shows. An Inspect document is a text
// document, and every extension can read every open text document, so a database password passed
// with `docker run -e` would otherwise be handed to all of them. Pure: no VS Code here.
//
// What is hidden, wherever it appears in the engine's answer:
// - `Env` lists (`NAME=value`: Config.Env of containers and images, ContainerConfig.Env of older
//   images) by the variable's name;
// - string maps by key: `Labels` (and the `key=value` list form /info uses), `Options` (volume and
//   network driver options, IPAM options), `DriverOpts` (a container's network endpoints) and
//   LogConfig's `Config` (log driver options such as `splunk-token`);
// - inside the `o` mount option of a volume (`addr=…,username=…,password=…`, as CIFS volumes
//   carry), each `key=value` item by its key.
// Names are judged by the SecretsUsedInArgOrEnv rule's test (shared/secrets.ts), with `.`, `-`
// and `/` read as word separators, so `com.example.api-key` counts. A command line (Cmd,
// Entrypoint, Args) is shown as it is: its words have no names to judge.
import { keyLooksSecret } from '../../../shared/secrets';

/** What stands in for a hidden value; it says how to see the value. */
export const HIDDEN_VALUE = '<hidden; Reveal Secret Values in Inspect shows it>';

export interface MaskResult {
  /** A copy of the input with the secret-looking values replaced; the input is not changed. */
  value: unknown;
  /** The names (variables, keys) whose values were hidden, in document order. */
  hidden: string[];
}

const STRING_MAPS = new Set(['Labels', 'Options', 'DriverOpts']);

export function maskSecrets(body: unknown): MaskResult {
  const hidden: string[] = [];
  return { value: walk(body, hidden), hidden };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(v: unknown, hidden: string[]): unknown {
  if (Array.isArray(v)) return v.map((x) => walk(x, hidden));
  if (!isRecord(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(v)) {
    if (key === 'Env' && Array.isArray(child)) out[key] = maskAssignments(child, hidden);
    else if (key === 'Labels' && Array.isArray(child)) out[key] = maskAssignments(child, hidden);
    else if (STRING_MAPS.has(key) && isRecord(child)) out[key] = maskMap(child, hidden);
    else if (key === 'LogConfig' && isRecord(child) && isRecord(child.Config)) out[key] = { ...child, Config: maskMap(child.Config, hidden) };
    else out[key] = walk(child, hidden);
  }
  return out;
}

/** `NAME=value` entries; the value may itself hold `=`. An entry without `=` has no value to hide. */
function maskAssignments(list: readonly unknown[], hidden: string[]): unknown[] {
  return list.map((entry) => {
    if (typeof entry !== 'string') return entry;
    const eq = entry.indexOf('=');
    if (eq <= 0) return entry;
    const name = entry.slice(0, eq);
    if (!keyLooksSecret(name)) return entry;
    hidden.push(name);
    return `${name}=${HIDDEN_VALUE}`;
  });
}

function maskMap(map: Record<string, unknown>, hidden: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(map)) {
    if (typeof value === 'string' && keyLooksSecret(key)) {
      hidden.push(key);
      out[key] = HIDDEN_VALUE;
    } else if (key === 'o' && typeof value === 'string') {
      out[key] = maskMountOptions(value, hidden);
    } else {
      out[key] = walk(value, hidden);
    }
  }
  return out;
}

/** `addr=10.0.0.5,username=svc,password=p,vers=3.0`: the mount(8) option list local volumes pass on. */
function maskMountOptions(options: string, hidden: string[]): string {
  return options
    .split(',')
    .map((item) => {
      const eq = item.indexOf('=');
      if (eq <= 0) return item;
      const key = item.slice(0, eq);
      if (!keyLooksSecret(key)) return item;
      hidden.push(key);
      return `${key}=${HIDDEN_VALUE}`;
    })
    .join(',');
}
