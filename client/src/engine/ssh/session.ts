// One SSH engine, as the docker CLI reaches it (`ssh host docker system dial-stdio`), but over one
// long-lived SSH connection: each HTTP connection is a new exec channel on it, not a new
// handshake. The host key is checked against known_hosts before anything is sent, the user's ssh
// config decides host, port, user, keys and ProxyJump, and a dropped connection is made again on
// the next request. sshd allows 10 sessions per connection (MaxSessions); more channels at once
// (many log streams) open a second connection rather than queue forever.
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Duplex, Readable } from 'node:stream';
import { Client, utils, type AnyAuthMethod, type AuthenticationType, type ClientChannel, type ConnectConfig, type NextAuthHandler } from 'ssh2';
import { checkHostKey, fingerprint, keyTypeOf, knownHostsName, knownKeyTypes, readKnownHosts, addKnownHost } from './knownHosts';
import { parseJumpHop, resolveSshHost, type SshConfigOptions, type SshHostConfig } from './sshConfig';
import { sshErrors } from './sshErrors';
import { EngineError } from '../errors';
import { socketLike } from './socketLike';

export interface SshTarget {
  /** Host or ssh config alias, from the URL. */
  host: string;
  /** From the URL; beats the config. */
  port?: number;
  user?: string;
  /** The endpoint URL, for messages. */
  url: string;
}

export interface SshSessionOptions extends Pick<SshConfigOptions, 'home' | 'userConfig' | 'systemConfig'> {
  env?: Readonly<Record<string, string | undefined>>;
  /** Handshake deadline, ms; default ConnectTimeout from the config, else 30 s as the docker CLI passes. */
  readyTimeoutMs?: number;
  /** The remote command; default `docker system dial-stdio`. */
  remoteCommand?: string;
}

export type SshState = 'idle' | 'connecting' | 'connected' | 'closed';

/** What verified the host, for the Engine view. */
export interface SshVerification {
  where: string;
  keyType: string;
  fingerprint: string;
  /** `known_hosts:3` style, or how it was accepted. */
  by: string;
}

interface Connection {
  client: Client;
  hops: Client[];
  channels: number;
  /** Lowered when the server refuses a channel (its MaxSessions). */
  limit: number;
  closed: boolean;
}

const CHANNELS_PER_CONNECTION = 8;
const DEFAULT_KEY_FILES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_dsa'];
const HOST_KEY_ALGORITHMS: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};
const DEFAULT_HOST_KEY_ORDER = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
const MAX_STDERR = 4096;

export class SshSession extends EventEmitter {
  /** SSH handshakes completed (each hop of a ProxyJump counts): for tests and the remote bench. */
  handshakes = 0;
  /** exec channels opened (one per HTTP connection). */
  channelsOpened = 0;
  state: SshState = 'idle';
  verification: SshVerification | undefined;
  private connections: Connection[] = [];
  private pending: Promise<Connection> | undefined;
  private disposed = false;

  constructor(
    readonly target: SshTarget,
    private readonly options: SshSessionOptions = {},
  ) {
    super();
  }

  /** The host as the user's ssh config resolves it. */
  config(): SshHostConfig {
    const o: SshConfigOptions = {};
    if (this.options.home) o.home = this.options.home;
    if (this.options.userConfig) o.userConfig = this.options.userConfig;
    if (this.options.systemConfig !== undefined) o.systemConfig = this.options.systemConfig;
    if (this.target.user) o.user = this.target.user;
    if (this.target.port) o.port = this.target.port;
    return resolveSshHost(this.target.host, o);
  }

  /** A new `docker system dial-stdio` channel, shaped like a socket for http.Agent. */
  async dialStdio(): Promise<Duplex> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const conn = await this.connection();
      conn.channels++;
      try {
        const channel = await this.exec(conn);
        return this.watchChannel(conn, channel);
      } catch (err) {
        conn.channels--;
        if (err instanceof EngineError) throw err;
        // sshd refused a channel: at its MaxSessions for this connection, or the connection died.
        if (!conn.closed) conn.limit = Math.max(1, conn.channels);
        if (attempt === 2) throw sshErrors.remoteDocker(this.target.url, this.target.host, String((err as Error)?.message ?? err));
      }
    }
    throw sshErrors.remoteDocker(this.target.url, this.target.host, 'no channel could be opened');
  }

  /** Closes every connection; a later dialStdio connects again unless disposed. */
  close(dispose = true): void {
    if (dispose) this.disposed = true;
    for (const c of this.connections) this.end(c);
    this.connections = [];
    this.setState('closed');
  }

  private setState(state: SshState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state);
  }

  private async connection(): Promise<Connection> {
    if (this.disposed) throw sshErrors.connect(this.target.url, this.target.host, 'the connection was closed');
    const open = this.connections.find((c) => !c.closed && c.channels < c.limit);
    if (open) return open;
    if (!this.pending) {
      this.pending = this.connect().finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  private async connect(): Promise<Connection> {
    this.setState('connecting');
    const cfg = this.config();
    const url = this.target.url;
    if (cfg.proxyCommand && cfg.proxyJump.length === 0) {
      throw sshErrors.config(url, `The ssh config (${cfg.files.join(', ')}) sets ProxyCommand for ${cfg.alias}, which Docker Workbench does not run.`, 'Use ProxyJump for that host, or point Docker Workbench at the engine another way (a tcp:// endpoint with TLS, or a context).');
    }
    const hops: Client[] = [];
    try {
      let sock: Duplex | undefined;
      for (const hop of cfg.proxyJump) {
        const parsed = parseJumpHop(hop);
        if (!parsed) throw sshErrors.config(url, `The ProxyJump hop "${hop}" in ${cfg.files.join(', ')} is not [user@]host[:port].`, 'Correct the ProxyJump line.');
        const o: SshConfigOptions = { ...(this.options.home ? { home: this.options.home } : {}), ...(this.options.userConfig ? { userConfig: this.options.userConfig } : {}) };
        if (this.options.systemConfig !== undefined) o.systemConfig = this.options.systemConfig;
        if (parsed.user) o.user = parsed.user;
        if (parsed.port) o.port = parsed.port;
        const hopCfg = resolveSshHost(parsed.host, o);
        const client = await this.handshake(hopCfg, sock);
        hops.push(client);
        sock = await forward(client, hops.length < cfg.proxyJump.length ? nextHop(cfg.proxyJump[hops.length], o) : { host: cfg.hostName, port: cfg.port });
      }
      const client = await this.handshake(cfg, sock);
      const conn: Connection = { client, hops, channels: 0, limit: CHANNELS_PER_CONNECTION, closed: false };
      const lost = () => {
        if (conn.closed) return;
        this.end(conn);
        this.connections = this.connections.filter((c) => c !== conn);
        if (this.connections.length === 0 && !this.pending) this.setState(this.disposed ? 'closed' : 'idle');
      };
      client.on('close', lost);
      client.on('error', lost);
      for (const h of hops) h.on('close', lost);
      this.connections.push(conn);
      this.setState('connected');
      return conn;
    } catch (err) {
      for (const h of hops) h.end();
      if (this.connections.length === 0) this.setState('idle');
      throw err;
    }
  }

  private end(conn: Connection): void {
    conn.closed = true;
    conn.client.end();
    for (const h of conn.hops) h.end();
  }

  /** One SSH handshake to `cfg`, over `sock` (a ProxyJump forward) or a new TCP connection. */
  private handshake(cfg: SshHostConfig, sock: Duplex | undefined): Promise<Client> {
    const url = this.target.url;
    const where = `${cfg.hostName}:${cfg.port}`;
    const name = knownHostsName(cfg.hostName, cfg.port, cfg.hostKeyAlias);
    const files = [...cfg.userKnownHostsFiles, ...cfg.globalKnownHostsFiles];
    const entries = readKnownHosts(files);
    const known = knownKeyTypes(entries, name);
    let refusal: EngineError | undefined;
    const tried: string[] = [];
    const env = this.options.env ?? process.env;

    const hostVerifier = (key: Buffer): boolean => {
      const facts = { where, name, keyType: keyTypeOf(key), fingerprint: fingerprint(key), files: files.filter((f) => fs.existsSync(f)) };
      const verdict = checkHostKey(entries, name, key);
      if (verdict.status === 'known') {
        this.verification = { where, keyType: facts.keyType, fingerprint: facts.fingerprint, by: `${verdict.entry.file}:${verdict.entry.line}` };
        return true;
      }
      if (verdict.status === 'revoked') refusal = sshErrors.hostRevoked(url, facts, verdict.entry);
      else if (verdict.status === 'changed') refusal = sshErrors.hostChanged(url, facts, verdict.entry);
      else if (cfg.strictHostKeyChecking === 'yes') refusal = sshErrors.hostUnknown(url, facts, cfg.user, cfg.alias, cfg.port, verdict.otherTypes);
      else {
        // accept-new / no: as ssh, record the new key and go on (a changed key still refuses).
        const file = cfg.userKnownHostsFiles[0];
        if (file) addKnownHost(file, name, key, cfg.hashKnownHosts);
        this.verification = { where, keyType: facts.keyType, fingerprint: facts.fingerprint, by: `StrictHostKeyChecking ${cfg.strictHostKeyChecking}: added to ${file ?? 'no file'}` };
        return true;
      }
      return false;
    };

    const methods = authMethods(cfg, env, this.options.home ?? os.homedir(), tried);
    const authHandler = (_left: AuthenticationType[], _partial: boolean, next: NextAuthHandler): void => {
      const m = methods.shift();
      if (!m) return next(false as never);
      tried.push(m.label);
      next(m.method);
    };

    const order = [...known.flatMap((t) => HOST_KEY_ALGORITHMS[t] ?? []), ...DEFAULT_HOST_KEY_ORDER.filter((a) => !known.some((t) => (HOST_KEY_ALGORITHMS[t] ?? []).includes(a)))];
    const connectConfig: ConnectConfig = {
      username: cfg.user,
      hostVerifier,
      authHandler: authHandler as never,
      readyTimeout: this.options.readyTimeoutMs ?? (cfg.connectTimeout ? cfg.connectTimeout * 1000 : 30_000),
      keepaliveInterval: (cfg.serverAliveInterval ?? 15) * 1000,
      keepaliveCountMax: cfg.serverAliveCountMax ?? 3,
      algorithms: { serverHostKey: order as never },
    };
    if (sock) connectConfig.sock = sock as Readable;
    else {
      connectConfig.host = cfg.hostName;
      connectConfig.port = cfg.port;
    }

    return new Promise<Client>((resolve, reject) => {
      const client = new Client();
      let settled = false;
      client.once('ready', () => {
        settled = true;
        this.handshakes++;
        // Requests are small and answered at once: Nagle's delay would hold each one back.
        client.setNoDelay(true);
        resolve(client);
      });
      client.once('error', (err: Error & { level?: string; code?: string }) => {
        if (settled) return;
        settled = true;
        client.end();
        if (refusal) return reject(refusal);
        if (err.level === 'client-authentication') return reject(sshErrors.auth(url, cfg.user, where, tried));
        if (err.level === 'client-timeout') return reject(sshErrors.connect(url, where, 'the SSH handshake did not finish in time', err));
        const why = err.code === 'ECONNREFUSED' ? 'the connection was refused' : err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' ? `the name ${cfg.hostName} is unknown` : err.message;
        reject(sshErrors.connect(url, where, why, err));
      });
      client.once('close', () => {
        if (settled) return;
        settled = true;
        reject(refusal ?? sshErrors.connect(url, where, 'the server closed the connection during the handshake'));
      });
      try {
        client.connect(connectConfig);
      } catch (err) {
        settled = true;
        reject(sshErrors.connect(url, where, String((err as Error)?.message ?? err), err));
      }
    });
  }

  private exec(conn: Connection): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      conn.client.exec(this.options.remoteCommand ?? 'docker system dial-stdio', (err, channel) => (err ? reject(err) : resolve(channel)));
    });
  }

  /** Counts the channel against its connection, and turns a dial-stdio that fails at once into a typed error. */
  private watchChannel(conn: Connection, channel: ClientChannel): Duplex {
    this.channelsOpened++;
    let stderr = '';
    let gotData = false;
    let exitCode: number | undefined;
    channel.stderr.on('data', (d: Buffer) => {
      if (stderr.length < MAX_STDERR) stderr += d.toString('utf8').slice(0, MAX_STDERR - stderr.length);
    });
    channel.once('data', () => {
      gotData = true;
    });
    channel.on('exit', (code: number | null) => {
      if (typeof code === 'number') exitCode = code;
    });
    const socket = socketLike(channel, () => {
      conn.channels--;
      if (!gotData && exitCode !== undefined && exitCode !== 0) {
        return sshErrors.remoteDocker(this.target.url, `${this.target.host}`, stderr.trim().replace(/\s+/g, ' ') || `it exited with code ${exitCode}`);
      }
      return undefined;
    });
    return socket;
  }
}

function nextHop(hop: string, base: SshConfigOptions): { host: string; port: number } {
  const parsed = parseJumpHop(hop);
  if (!parsed) return { host: hop, port: 22 };
  const cfg = resolveSshHost(parsed.host, { ...base, ...(parsed.port ? { port: parsed.port } : {}) });
  return { host: cfg.hostName, port: cfg.port };
}

function forward(client: Client, to: { host: string; port: number }): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    client.forwardOut('127.0.0.1', 0, to.host, to.port, (err, stream) => (err ? reject(err) : resolve(stream)));
  });
}

/** The agent first (unless IdentitiesOnly or IdentityAgent none), then each readable, unencrypted key file. */
function authMethods(cfg: SshHostConfig, env: Readonly<Record<string, string | undefined>>, home: string, notes: string[]): Array<{ label: string; method: AnyAuthMethod }> {
  const out: Array<{ label: string; method: AnyAuthMethod }> = [];
  const agent = cfg.identityAgent === 'none' ? undefined : cfg.identityAgent ?? env.SSH_AUTH_SOCK ?? (process.platform === 'win32' ? '\\\\.\\pipe\\openssh-ssh-agent' : undefined);
  if (agent && !cfg.identitiesOnly) out.push({ label: `ssh-agent at ${agent}`, method: { type: 'agent', username: cfg.user, agent } });
  const files = cfg.identityFiles.length ? cfg.identityFiles : DEFAULT_KEY_FILES.map((f) => path.join(home, '.ssh', f));
  for (const file of files) {
    let data: Buffer;
    try {
      data = fs.readFileSync(file);
    } catch {
      if (cfg.identityFiles.length) notes.push(`${file}: cannot be read`);
      continue;
    }
    const parsed = utils.parseKey(data);
    if (parsed instanceof Error) {
      notes.push(`${file}: ${/encrypted|passphrase/i.test(parsed.message) ? 'encrypted (add it to ssh-agent with ssh-add)' : 'not a private key ssh2 reads'}`);
      continue;
    }
    out.push({ label: `key ${file}`, method: { type: 'publickey', username: cfg.user, key: data } });
  }
  return out;
}
