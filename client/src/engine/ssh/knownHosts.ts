// OpenSSH known_hosts files (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"), read the way ssh checks a
// server: host patterns (wildcards, negation, `[host]:port`), hashed names (`|1|salt|hmac-sha1`),
// `@revoked` keys, and `@cert-authority` lines, which this transport does not use (host
// certificates) and so never count as a match. Pure apart from reading and appending to files.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { matchPattern } from './sshConfig';

export interface KnownHostEntry {
  marker?: '@revoked' | '@cert-authority';
  /** Host patterns, or one hashed name. */
  patterns: string[];
  hashed?: { salt: Buffer; hash: Buffer };
  keyType: string;
  key: Buffer;
  file: string;
  line: number;
}

export type HostKeyVerdict =
  | { status: 'known'; entry: KnownHostEntry }
  | { status: 'revoked'; entry: KnownHostEntry }
  | { status: 'changed'; entry: KnownHostEntry }
  | { status: 'unknown'; otherTypes: string[] };

const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** The name ssh looks up: `host` on port 22, `[host]:port` otherwise; a HostKeyAlias as it is. */
export function knownHostsName(host: string, port: number, hostKeyAlias?: string): string {
  if (hostKeyAlias) return hostKeyAlias;
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The key type named inside an SSH public key blob (its first string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return '';
  const n = blob.readUInt32BE(0);
  return n > 0 && n < 64 && blob.length >= 4 + n ? blob.subarray(4, 4 + n).toString('latin1') : '';
}

/** `SHA256:…` as `ssh-keygen -lf` prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (!t || t.startsWith('#')) continue;
    const words = t.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (words[0].startsWith('@')) {
      const m = words.shift()!.toLowerCase();
      if (m !== '@revoked' && m !== '@cert-authority') continue;
      marker = m;
    }
    if (words.length < 3) continue;
    const [hosts, keyType, b64] = words;
    const key = Buffer.from(b64, 'base64');
    if (key.length === 0 || keyTypeOf(key) !== keyType) continue;
    const entry: KnownHostEntry = { patterns: [], keyType, key, file, line: i + 1 };
    if (marker) entry.marker = marker;
    if (hosts.startsWith('|1|')) {
      const [, , salt, hash] = hosts.split('|');
      if (!salt || !hash) continue;
      entry.hashed = { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
    } else {
      entry.patterns = hosts.split(',').filter(Boolean);
    }
    entries.push(entry);
  }
  return entries;
}

export function readKnownHosts(files: readonly string[]): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const file of files) {
    try {
      const st = fs.statSync(file);
      if (!st.isFile() || st.size > MAX_FILE_BYTES) continue;
      entries.push(...parseKnownHosts(fs.readFileSync(file, 'utf8'), file));
    } catch {
      // A missing file is an empty one, as for ssh.
    }
  }
  return entries;
}

/** Whether an entry's host part names `name` (patterns with negation, or the hashed name). */
export function entryMatches(entry: KnownHostEntry, name: string): boolean {
  if (entry.hashed) {
    const digest = createHmac('sha1', entry.hashed.salt).update(name).digest();
    return digest.length === entry.hashed.hash.length && digest.equals(entry.hashed.hash);
  }
  let matched = false;
  for (const p of entry.patterns) {
    if (p.startsWith('!')) {
      if (matchPattern(name, p.slice(1))) return false;
    } else if (matchPattern(name, p)) {
      matched = true;
    }
  }
  return matched;
}

/** Key types known for `name`, for ordering the server host key algorithms as ssh does. */
export function knownKeyTypes(entries: readonly KnownHostEntry[], name: string): string[] {
  const types: string[] = [];
  for (const e of entries) if (!e.marker && entryMatches(e, name) && !types.includes(e.keyType)) types.push(e.keyType);
  return types;
}

/** What ssh would decide for `key` offered by the server known as `name`. */
export function checkHostKey(entries: readonly KnownHostEntry[], name: string, key: Buffer): HostKeyVerdict {
  const type = keyTypeOf(key);
  let changed: KnownHostEntry | undefined;
  let known: KnownHostEntry | undefined;
  const otherTypes: string[] = [];
  for (const e of entries) {
    if (e.marker === '@revoked') {
      if (e.key.equals(key) && entryMatches(e, name)) return { status: 'revoked', entry: e };
      continue;
    }
    if (e.marker || !entryMatches(e, name)) continue;
    if (e.keyType !== type) {
      if (!otherTypes.includes(e.keyType)) otherTypes.push(e.keyType);
    } else if (e.key.equals(key)) {
      known ??= e;
    } else {
      changed ??= e;
    }
  }
  if (known) return { status: 'known', entry: known };
  if (changed) return { status: 'changed', entry: changed };
  return { status: 'unknown', otherTypes };
}

/** Appends a key as ssh does for accept-new (hashed when HashKnownHosts is set), creating ~/.ssh as 0700. */
export function addKnownHost(file: string, name: string, key: Buffer, hash: boolean): void {
  let hostPart = name;
  if (hash) {
    const salt = randomBytes(20);
    hostPart = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > 0 && !text.endsWith('\n')) prefix = '\n';
  } catch {
    // new file
  }
  fs.appendFileSync(file, `${prefix}${hostPart} ${keyTypeOf(key)} ${key.toString('base64')}\n`, { mode: 0o600 });
}
