// The user's OpenSSH client configuration, read the way ssh(1) reads it (ssh_config(5)): the user's
// file then the system's, Host blocks matched against the name as typed, the first value given for
// a keyword wins (IdentityFile accumulates), Include pulls files in place, `Match all` and
// `Match host|originalhost` are understood and every other Match criterion leaves its block out
// (ssh would run or test things we cannot). Options on the command line (the URL's user and port)
// beat the files, as `ssh -l user -p port` does. Pure apart from reading the files.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface SshHostConfig {
  /** The name as typed in the URL (`%n`); a Host alias or a real host. */
  alias: string;
  /** Where to connect: HostName (with `%h` expanded), else the alias. */
  hostName: string;
  port: number;
  /** Remote user: the URL's, else User, else the local user. */
  user: string;
  /** IdentityFile entries, expanded; empty means the defaults (~/.ssh/id_*). */
  identityFiles: string[];
  identitiesOnly: boolean;
  /** IdentityAgent: a socket path, `none`, or undefined for SSH_AUTH_SOCK. */
  identityAgent?: string;
  /** ProxyJump hops, first hop first; empty for a direct connection. */
  proxyJump: string[];
  /** A ProxyCommand the config sets, which this transport does not run (the caller refuses it). */
  proxyCommand?: string;
  userKnownHostsFiles: string[];
  globalKnownHostsFiles: string[];
  /** `yes` (refuse unknown keys: our default, as with no terminal to ask), `accept-new`, `no`. */
  strictHostKeyChecking: 'yes' | 'accept-new' | 'no';
  hostKeyAlias?: string;
  /** HashKnownHosts: keys that accept-new adds are written hashed. */
  hashKnownHosts: boolean;
  /** ConnectTimeout in seconds, if set. */
  connectTimeout?: number;
  /** ServerAliveInterval in seconds, if set. */
  serverAliveInterval?: number;
  serverAliveCountMax?: number;
  /** The config files read, for messages. */
  files: string[];
}

export interface SshConfigOptions {
  home?: string;
  /** The user config; default <home>/.ssh/config. */
  userConfig?: string;
  /** The system config; default /etc/ssh/ssh_config; '' for none. */
  systemConfig?: string;
  localUser?: string;
  /** From the URL: they beat the config files. */
  user?: string;
  port?: number;
}

interface Directive {
  key: string;
  args: string[];
}

type Block = { kind: 'host'; patterns: string[] } | { kind: 'match'; criteria: string[] } | { kind: 'all' };

interface Entry extends Directive {
  block: Block;
}

const MAX_INCLUDE_DEPTH = 16;
const MAX_CONFIG_BYTES = 1024 * 1024;

/** Splits a config line into words: `Key value`, `Key=value`, double quotes group. */
export function splitConfigLine(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  const s = line.trim();
  // The keyword ends at whitespace or '=' (one '=' with optional blanks around it).
  const m = /^([^\s=]+)\s*(?:=\s*|\s+|$)/.exec(s);
  if (!m) return words;
  words.push(m[1]);
  i = m[0].length;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    let word = '';
    if (s[i] === '"') {
      const end = s.indexOf('"', i + 1);
      word = end < 0 ? s.slice(i + 1) : s.slice(i + 1, end);
      i = end < 0 ? s.length : end + 1;
    } else {
      while (i < s.length && !/\s/.test(s[i])) word += s[i++];
    }
    words.push(word);
  }
  return words;
}

/** ssh's pattern match: `*` and `?`, case-insensitive for host names. */
export function matchPattern(name: string, pattern: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

/** A pattern list (`a*,!b` or words): true when some pattern matches and no negated one does. */
export function matchPatternList(name: string, patterns: string[]): boolean {
  let matched = false;
  for (const raw of patterns.flatMap((p) => p.split(','))) {
    if (!raw) continue;
    if (raw.startsWith('!')) {
      if (matchPattern(name, raw.slice(1))) return false;
    } else if (matchPattern(name, raw)) {
      matched = true;
    }
  }
  return matched;
}

function expandTilde(p: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return path.join(home, p.slice(2));
  return p;
}

/** The files an Include names: relative ones under ~/.ssh (user) or /etc/ssh (system); `*` and `?` in the last part. */
function includeTargets(arg: string, base: string, home: string): string[] {
  const expanded = expandTilde(arg, home);
  const full = path.isAbsolute(expanded) ? expanded : path.join(base, expanded);
  const dir = path.dirname(full);
  const leaf = path.basename(full);
  if (!/[*?]/.test(leaf)) return [full];
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => matchPattern(f, leaf) && !f.startsWith('.'))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

function readEntries(file: string, base: string, home: string, depth: number, seen: Set<string>, files: string[], outer: Block = { kind: 'all' }): Entry[] {
  if (depth > MAX_INCLUDE_DEPTH || seen.has(file)) return [];
  let text: string;
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > MAX_CONFIG_BYTES) return [];
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  seen.add(file);
  files.push(file);
  const entries: Entry[] = [];
  let block: Block = outer;
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const words = splitConfigLine(t);
    if (words.length === 0) continue;
    const key = words[0].toLowerCase();
    const args = words.slice(1);
    if (key === 'host') {
      block = { kind: 'host', patterns: args };
    } else if (key === 'match') {
      block = args.length === 1 && args[0].toLowerCase() === 'all' ? { kind: 'all' } : { kind: 'match', criteria: args };
    } else if (key === 'include') {
      for (const arg of args) for (const target of includeTargets(arg, base, home)) entries.push(...readEntries(target, base, home, depth + 1, seen, files, block));
    } else {
      entries.push({ key, args, block });
    }
  }
  return entries;
}

/** `Match host a,b originalhost c`: only those criteria are understood; any other leaves the block out. */
function matchBlock(criteria: string[], hostName: string, alias: string): boolean {
  for (let i = 0; i < criteria.length; i++) {
    const c = criteria[i].toLowerCase();
    const negate = c.startsWith('!');
    const word = negate ? c.slice(1) : c;
    const arg = criteria[i + 1];
    let ok: boolean;
    if (word === 'all') ok = true;
    else if ((word === 'host' || word === 'originalhost') && arg !== undefined) {
      ok = matchPatternList(word === 'host' ? hostName : alias, [arg]);
      i++;
    } else return false;
    if (ok === negate) return false;
  }
  return true;
}

function applies(block: Block, hostName: string, alias: string): boolean {
  if (block.kind === 'all') return true;
  if (block.kind === 'host') return matchPatternList(alias, block.patterns);
  return matchBlock(block.criteria, hostName, alias);
}

function expandTokens(value: string, t: { h: string; p: number; r: string; u: string; d: string; n: string }): string {
  return value.replace(/%([%hprudnl])/g, (_, c: string) => {
    switch (c) {
      case '%':
        return '%';
      case 'h':
        return t.h;
      case 'p':
        return String(t.p);
      case 'r':
        return t.r;
      case 'u':
        return t.u;
      case 'd':
        return t.d;
      case 'n':
        return t.n;
      default:
        return os.hostname().split('.')[0];
    }
  });
}

function localUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'root';
  }
}

/** What ssh would use to reach `alias`, from the user's and the system's config files. */
export function resolveSshHost(alias: string, options: SshConfigOptions = {}): SshHostConfig {
  const home = options.home ?? os.homedir();
  const sshDir = path.join(home, '.ssh');
  const files: string[] = [];
  const seen = new Set<string>();
  const userConfig = options.userConfig ?? path.join(sshDir, 'config');
  const systemConfig = options.systemConfig ?? (process.platform === 'win32' ? path.join(process.env.PROGRAMDATA ?? 'C:\\ProgramData', 'ssh', 'ssh_config') : '/etc/ssh/ssh_config');
  const entries = [
    ...readEntries(userConfig, sshDir, home, 0, seen, files),
    ...(systemConfig ? readEntries(systemConfig, path.dirname(systemConfig), home, 0, seen, files) : []),
  ];

  // Two passes, as ssh does: HostName decides what `Match host` sees.
  const first = new Map<string, string[]>();
  const identityFiles: string[] = [];
  const pass = (hostName: string) => {
    first.clear();
    identityFiles.length = 0;
    for (const e of entries) {
      if (!applies(e.block, hostName, alias)) continue;
      if (e.key === 'identityfile') identityFiles.push(...e.args.slice(0, 1));
      else if (!first.has(e.key)) first.set(e.key, e.args);
    }
  };
  pass(alias);
  const hostNameRaw = first.get('hostname')?.[0];
  const hostName = hostNameRaw ? hostNameRaw.replace(/%h/g, alias).replace(/%%/g, '%') : alias;
  if (hostName !== alias) pass(hostName);

  const one = (k: string): string | undefined => first.get(k)?.[0];
  const int = (k: string): number | undefined => {
    const v = one(k);
    const n = v === undefined ? NaN : Number.parseInt(v, 10);
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  };
  const portFromConfig = int('port');
  const port = options.port ?? (portFromConfig && portFromConfig <= 65535 ? portFromConfig : 22);
  const localUser = options.localUser ?? localUserName();
  const user = options.user ?? one('user') ?? localUser;
  const tokens = { h: hostName, p: port, r: user, u: localUser, d: home, n: alias };
  const pathValue = (v: string) => expandTilde(expandTokens(v, tokens), home);

  const jump = one('proxyjump');
  const proxyJump = jump && jump.toLowerCase() !== 'none' ? jump.split(',').map((s) => s.trim()).filter(Boolean) : [];
  const command = first.get('proxycommand');
  const proxyCommand = command && command[0]?.toLowerCase() !== 'none' ? command.join(' ') : undefined;
  const strict = (one('stricthostkeychecking') ?? 'yes').toLowerCase();
  const agent = one('identityagent');

  const knownFiles = (k: string, defaults: string[]) => {
    const v = first.get(k);
    if (!v || v.length === 0) return defaults;
    if (v[0].toLowerCase() === 'none') return [];
    return v.map(pathValue);
  };
  const globalDefault = process.platform === 'win32' ? [path.join(process.env.PROGRAMDATA ?? 'C:\\ProgramData', 'ssh', 'ssh_known_hosts')] : ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'];

  const config: SshHostConfig = {
    alias,
    hostName,
    port,
    user,
    identityFiles: identityFiles.map(pathValue),
    identitiesOnly: one('identitiesonly')?.toLowerCase() === 'yes',
    proxyJump,
    userKnownHostsFiles: knownFiles('userknownhostsfile', [path.join(sshDir, 'known_hosts'), path.join(sshDir, 'known_hosts2')]),
    globalKnownHostsFiles: knownFiles('globalknownhostsfile', globalDefault),
    hashKnownHosts: one('hashknownhosts')?.toLowerCase() === 'yes',
    strictHostKeyChecking: strict === 'no' || strict === 'off' ? 'no' : strict === 'accept-new' ? 'accept-new' : 'yes',
    files,
  };
  // IdentityAgent none | SSH_AUTH_SOCK (the default) | $VARIABLE | a socket path.
  if (agent && agent.toLowerCase() === 'none') config.identityAgent = 'none';
  else if (agent && agent !== 'SSH_AUTH_SOCK' && agent !== '$SSH_AUTH_SOCK') {
    const fromEnv = /^\$(\w+)$/.exec(agent);
    const value = fromEnv ? process.env[fromEnv[1]] : pathValue(agent);
    if (value) config.identityAgent = value;
  }
  if (proxyCommand) config.proxyCommand = proxyCommand;
  const alias2 = one('hostkeyalias');
  if (alias2) config.hostKeyAlias = alias2;
  const ct = int('connecttimeout');
  if (ct) config.connectTimeout = ct;
  const sai = int('serveraliveinterval');
  if (sai) config.serverAliveInterval = sai;
  const sacm = int('serveralivecountmax');
  if (sacm !== undefined) config.serverAliveCountMax = sacm;
  return config;
}

/** One ProxyJump hop, `[user@]host[:port]` or `ssh://[user@]host[:port]`. */
export function parseJumpHop(hop: string): { host: string; user?: string; port?: number } | undefined {
  const raw = hop.startsWith('ssh://') ? hop.slice(6) : hop;
  const m = /^(?:([^@\s]+)@)?(\[[^\]\s]+\]|[^:@/\s]+)(?::(\d+))?\/?$/.exec(raw);
  if (!m) return undefined;
  const out: { host: string; user?: string; port?: number } = { host: m[2].replace(/^\[(.*)\]$/, '$1') };
  if (m[1]) out.user = m[1];
  if (m[3]) out.port = Number(m[3]);
  return out;
}
