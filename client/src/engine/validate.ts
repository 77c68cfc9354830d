// Checks of what a person types (ports, tags, names, env), as pure functions: each returns the
// parsed value or a message saying what is wrong and what a right value looks like.

export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

function fail<T>(message: string): Validation<T> {
  return { ok: false, message };
}

export type PortProtocol = 'tcp' | 'udp' | 'sctp';

export interface PortMapping {
  /** Host address to bind, '' for all. */
  hostIp: string;
  /** Host port, or '' to let the engine choose one. May be a range `8000-8010`. */
  hostPort: string;
  /** Container port or range. */
  containerPort: string;
  protocol: PortProtocol;
}

const PORT_EXAMPLE = 'Use CONTAINER, HOST:CONTAINER or IP:HOST:CONTAINER, e.g. 8080:80, 127.0.0.1:8080:80 or 53:53/udp.';

function parsePortOrRange(s: string, what: string): Validation<{ start: number; end: number }> {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  if (!m) return fail(`${what} "${s}" is not a port number. ${PORT_EXAMPLE}`);
  const start = Number(m[1]);
  const end = m[2] !== undefined ? Number(m[2]) : start;
  for (const p of [start, end]) if (p < 1 || p > 65535) return fail(`${what} ${p} is out of range: ports run from 1 to 65535.`);
  if (end < start) return fail(`${what} range ${s} ends before it starts.`);
  return { ok: true, value: { start, end } };
}

/** Parses one `-p` value: `80`, `8080:80`, `127.0.0.1:8080:80`, `127.0.0.1::80`, `[::1]:8080:80`, `53:53/udp`. */
export function parsePortMapping(input: string): Validation<PortMapping> {
  const text = input.trim();
  if (!text) return fail(`A port mapping is empty. ${PORT_EXAMPLE}`);
  if (/\s/.test(text)) return fail(`"${text}" contains spaces; give one mapping per entry. ${PORT_EXAMPLE}`);
  let rest = text;
  let protocol: PortProtocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    const proto = rest.slice(slash + 1).toLowerCase();
    if (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') return fail(`Protocol "${rest.slice(slash + 1)}" in "${text}" is not tcp, udp or sctp.`);
    protocol = proto;
    rest = rest.slice(0, slash);
  }
  let hostIp = '';
  const v6 = /^\[([0-9a-fA-F:.]+)\]:(.*)$/.exec(rest);
  if (v6) {
    hostIp = v6[1];
    rest = v6[2];
  }
  const parts = rest.split(':');
  let hostPort = '';
  let containerPort: string;
  if (v6) {
    if (parts.length !== 2) return fail(`"${text}" is not a valid mapping. ${PORT_EXAMPLE}`);
    [hostPort, containerPort] = parts;
  } else if (parts.length === 1) {
    containerPort = parts[0];
  } else if (parts.length === 2) {
    [hostPort, containerPort] = parts;
    if (hostPort === '') return fail(`"${text}" has an empty host port; write ${containerPort} to let Docker choose one, or give a port such as 8080:${containerPort}.`);
  } else if (parts.length === 3) {
    [hostIp, hostPort, containerPort] = parts;
    if (!/^(\d{1,3})(\.\d{1,3}){3}$/.test(hostIp) || hostIp.split('.').some((o) => Number(o) > 255)) return fail(`"${hostIp}" in "${text}" is not an IPv4 address; write IPv6 addresses in brackets, e.g. [::1]:8080:80.`);
  } else {
    return fail(`"${text}" has too many colons. ${PORT_EXAMPLE}`);
  }
  if (!containerPort) return fail(`"${text}" names no container port. ${PORT_EXAMPLE}`);
  const c = parsePortOrRange(containerPort, 'Container port');
  if (!c.ok) return c;
  if (hostPort) {
    const h = parsePortOrRange(hostPort, 'Host port');
    if (!h.ok) return h;
    if (h.value.end - h.value.start !== c.value.end - c.value.start && c.value.start !== c.value.end) {
      return fail(`Host range ${hostPort} and container range ${containerPort} in "${text}" differ in length.`);
    }
  }
  return { ok: true, value: { hostIp, hostPort, containerPort, protocol } };
}

/** Parses several mappings; the first bad one fails the lot, naming it. */
export function parsePortMappings(inputs: readonly string[]): Validation<PortMapping[]> {
  const out: PortMapping[] = [];
  // A port never holds a comma, so `8080:80,8443:443` is two (entries of KEY=VALUE lists may hold one).
  for (const i of inputs.flatMap((x) => x.split(','))) {
    if (!i.trim()) continue;
    const r = parsePortMapping(i);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return { ok: true, value: out };
}

export interface PortConfig {
  ExposedPorts: Record<string, Record<string, never>>;
  PortBindings: Record<string, Array<{ HostIp: string; HostPort: string }>>;
}

/** The create-container fields for mappings; ranges expand to one entry per port, as the CLI does. */
export function toPortConfig(mappings: readonly PortMapping[]): PortConfig {
  const cfg: PortConfig = { ExposedPorts: {}, PortBindings: {} };
  for (const m of mappings) {
    const [cs, ce] = m.containerPort.split('-').map(Number).concat([NaN]);
    const cEnd = Number.isNaN(ce) ? cs : ce;
    const [hs, he] = m.hostPort ? m.hostPort.split('-').map(Number).concat([NaN]) : [NaN, NaN];
    for (let p = cs, i = 0; p <= cEnd; p++, i++) {
      const key = `${p}/${m.protocol}`;
      cfg.ExposedPorts[key] = {};
      let hostPort = '';
      if (!Number.isNaN(hs)) hostPort = cs === cEnd && !Number.isNaN(he) && he !== hs ? `${hs}-${he}` : String(hs + i);
      (cfg.PortBindings[key] ??= []).push({ HostIp: m.hostIp, HostPort: hostPort });
    }
  }
  return cfg;
}

// Docker's reference grammar (distribution/reference), written out.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const NAME_RE = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;

/**
 * Validates an image reference to tag a build with: `name`, `name:tag`, `registry:5000/ns/name:tag`.
 * A missing tag means `latest`; the value returned always carries a tag.
 */
export function validateImageTag(input: string): Validation<string> {
  const text = input.trim();
  if (!text) return fail('The image tag is empty. Use name:tag, e.g. myapp:latest.');
  if (/\s/.test(text)) return fail(`"${text}" contains spaces. Use name:tag, e.g. myapp:1.0.`);
  if (text.includes('@')) return fail(`"${text}" is a digest reference; a build can only be tagged name:tag.`);
  const slash = text.lastIndexOf('/');
  const colon = text.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? text.slice(0, colon) : text;
  const tag = hasTag ? text.slice(colon + 1) : 'latest';
  if (name.length > 255) return fail(`The repository name is ${name.length} characters long; Docker allows 255.`);
  const path = name.includes('/') && /[.:]|^localhost$/.test(name.slice(0, name.indexOf('/'))) ? name.slice(name.indexOf('/') + 1) : name;
  if (/[A-Z]/.test(path)) return fail(`Repository names must be lowercase: "${name}". Try "${name.slice(0, name.length - path.length)}${path.toLowerCase()}".`);
  if (!NAME_RE.test(name)) {
    return fail(`"${name}" is not a valid repository name: use lowercase letters, digits and separators (. _ - /), starting and ending with a letter or digit.`);
  }
  if (!TAG_RE.test(tag)) {
    return fail(`"${tag}" is not a valid tag: up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'.`);
  }
  return { ok: true, value: `${name}:${tag}` };
}

/** A tag proposal from a folder name: `My App` -> `my-app:latest`. */
export function defaultTagForFolder(folderName: string): string {
  const base = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .replace(/[._-]{2,}/g, '-');
  return `${base || 'image'}:latest`;
}

/** Container names as Docker allows them: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`. Empty means "let Docker choose". */
export function validateContainerName(input: string): Validation<string | undefined> {
  const text = input.trim().replace(/^\//, '');
  if (!text) return { ok: true, value: undefined };
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(text)) {
    return fail(`"${text}" is not a valid container name: at least two characters, letters, digits, '_', '.' and '-', starting with a letter or digit.`);
  }
  return { ok: true, value: text };
}

/**
 * Splits a typed list of entries (`A=1 B=two`, `8080:80 8443:443`) at runs of white space. Commas
 * and `=` are ordinary characters, so `A=a,b` and `URL=x?y=1` stay whole; '...' or "..." keep
 * spaces in a value (`MSG="a b"` gives `MSG=a b`), and the quotes go. No backslash escapes, so a
 * Windows path is taken as typed; an unclosed quote runs to the end of the text.
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let started = false;
  let quote: '"' | "'" | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      word += ch;
      started = true;
    }
  }
  if (started) words.push(word);
  return words;
}

/** One `KEY=VALUE` (environment variable or build arg): the first `=` ends the name. */
export function parseKeyValue(input: string, what = 'Environment variable'): Validation<{ key: string; value: string }> {
  const eq = input.indexOf('=');
  if (eq < 0) return fail(`${what} "${input}" has no '='. Write KEY=VALUE.`);
  const key = input.slice(0, eq).trim();
  if (!key) return fail(`${what} "${input}" has no name before '='. Write KEY=VALUE.`);
  if (/\s/.test(key)) return fail(`${what} name "${key}" contains whitespace.`);
  return { ok: true, value: { key, value: input.slice(eq + 1) } };
}

export function parseKeyValues(inputs: readonly string[], what = 'Environment variable'): Validation<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const i of inputs) {
    if (!i.trim()) continue;
    const r = parseKeyValue(i, what);
    if (!r.ok) return r;
    out[r.value.key] = r.value.value;
  }
  return { ok: true, value: out };
}

export type Isolation = 'process' | 'hyperv' | 'default';

/** `--isolation` is a Windows engine option only. */
export function validateIsolation(input: string | undefined, engineOs: string): Validation<Isolation | undefined> {
  const v = (input ?? '').trim().toLowerCase();
  if (!v) return { ok: true, value: undefined };
  if (v !== 'process' && v !== 'hyperv' && v !== 'default') return fail(`Isolation "${input}" is not process, hyperv or default.`);
  if (engineOs !== 'windows') return fail(`Isolation applies to Windows containers only; this engine runs ${engineOs || 'unknown'} containers.`);
  return { ok: true, value: v };
}

/** `C:\data` splits at the colons between parts, not after a drive letter. */
function splitVolumeSpec(spec: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i];
    const drive = c === ':' && /^[a-zA-Z]$/.test(cur) && (spec[i + 1] === '\\' || spec[i + 1] === '/');
    if (c === ':' && !drive) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

function isAbsoluteAnywhere(p: string): boolean {
  return p.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(p) || p.startsWith('\\\\.\\pipe\\') || p.startsWith('//./pipe/');
}

const VOLUME_OPTIONS = new Set(['ro', 'rw', 'z', 'Z', 'nocopy', 'shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate', 'consistent', 'cached', 'delegated']);

/**
 * `docker run -v` entries: `SOURCE:TARGET[:OPTIONS]`, the source an absolute host path or a volume
 * name, the target absolute (a Windows drive path or named pipe too). Kept as written, for Binds.
 */
export function validateVolumes(inputs: readonly string[]): Validation<string[]> {
  const out: string[] = [];
  for (const raw of inputs) {
    const spec = raw.trim();
    const parts = splitVolumeSpec(spec);
    if (parts.length < 2 || parts.length > 3 || !parts[0] || !parts[1]) return fail(`Volume "${raw}" is not SOURCE:TARGET or SOURCE:TARGET:OPTIONS.`);
    const [source, target, options] = parts;
    if (!isAbsoluteAnywhere(source) && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(source)) return fail(`Volume "${raw}": the source "${source}" is neither an absolute path nor a volume name.`);
    if (!isAbsoluteAnywhere(target)) return fail(`Volume "${raw}": the target "${target}" in the container is not an absolute path.`);
    if (options !== undefined && !options.split(',').every((o) => VOLUME_OPTIONS.has(o))) return fail(`Volume "${raw}": unknown option in "${options}" (ro, rw, z, Z, nocopy and the propagation modes).`);
    out.push(spec);
  }
  return { ok: true, value: out };
}
