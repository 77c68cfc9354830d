// Every way an SSH engine connection fails, as an EngineError of kind 'ssh' that names the host,
// what ssh decided, and the one action that fixes it, in OpenSSH's terms.
import { EngineError } from '../errors';
import type { KnownHostEntry } from './knownHosts';

export type SshProblem =
  | 'host-unknown' // the server's key is in no known_hosts file
  | 'host-changed' // a different key of that type is recorded for the host
  | 'host-revoked' // the key is marked @revoked
  | 'auth' // the server refused every key offered
  | 'connect' // no SSH server answered there (refused, unreachable, timed out)
  | 'remote-docker' // the session opened, but `docker system dial-stdio` failed on the host
  | 'config'; // the ssh config asks for something this transport does not do (ProxyCommand), or a bad ProxyJump

export interface HostKeyFacts {
  /** host:port as connected to, e.g. `127.0.0.1:2222`, or the HostKeyAlias. */
  where: string;
  /** The known_hosts name looked up, e.g. `[127.0.0.1]:2222`. */
  name: string;
  keyType: string;
  fingerprint: string;
  files: string[];
}

function sshError(url: string, problem: SshProblem, detail: string, action: string, cause?: unknown): EngineError {
  return new EngineError('ssh', url, detail, action, { sshProblem: problem, cause, code: `SSH_${problem.toUpperCase().replace(/-/g, '_')}` });
}

function sshCommand(f: HostKeyFacts, user: string, port: number, host: string): string {
  return `ssh ${port !== 22 ? `-p ${port} ` : ''}${user}@${host}`;
}

export const sshErrors = {
  hostUnknown(url: string, f: HostKeyFacts, user: string, host: string, port: number, otherTypes: string[]): EngineError {
    const others = otherTypes.length ? ` (known_hosts has a ${otherTypes.join(', ')} key for it, but the server offered ${f.keyType})` : '';
    return sshError(
      url,
      'host-unknown',
      `Host key verification failed: the SSH host key of ${f.where} is not known${others}. Its ${f.keyType} key has the fingerprint ${f.fingerprint}. Checked: ${f.files.join(', ') || 'no known_hosts file'}.`,
      `Compare that fingerprint with the host's own (ssh-keygen -lf on the host's key), then run \`${sshCommand(f, user, port, host)}\` once in a terminal and accept the key; Docker Workbench never accepts an unknown key by itself.`,
    );
  },
  hostChanged(url: string, f: HostKeyFacts, entry: KnownHostEntry): EngineError {
    return sshError(
      url,
      'host-changed',
      `Host key verification failed: the SSH host key of ${f.where} has CHANGED. The server offered ${f.keyType} ${f.fingerprint}; ${entry.file}:${entry.line} records another. Someone could be intercepting this connection, or the host was reinstalled.`,
      `Ask the host's administrator whether its key changed; only if it did, remove the old key with \`ssh-keygen -R "${f.name}"\` and connect once with ssh to record the new one.`,
    );
  },
  hostRevoked(url: string, f: HostKeyFacts, entry: KnownHostEntry): EngineError {
    return sshError(
      url,
      'host-revoked',
      `Host key verification failed: the ${f.keyType} key ${f.fingerprint} offered by ${f.where} is marked @revoked in ${entry.file}:${entry.line}.`,
      'Do not connect to this host until its administrator has replaced its key.',
    );
  },
  auth(url: string, user: string, where: string, tried: string[]): EngineError {
    return sshError(
      url,
      'auth',
      `${user}@${where} refused every key offered (${tried.length ? tried.join('; ') : 'no agent and no key file to offer'}).`,
      `Add your public key to ~${user}/.ssh/authorized_keys on the host, or load the right key into ssh-agent (ssh-add), or name it with IdentityFile in ~/.ssh/config.`,
    );
  },
  connect(url: string, where: string, why: string, cause?: unknown): EngineError {
    return sshError(url, 'connect', `No SSH connection to ${where}: ${why}.`, `Check that an SSH server runs on ${where} and that this machine can reach it (ssh ${where.replace(/:(\d+)$/, ' -p $1')}).`, cause);
  },
  remoteDocker(url: string, where: string, detail: string): EngineError {
    return sshError(
      url,
      'remote-docker',
      `Connected to ${where}, but \`docker system dial-stdio\` failed there: ${detail}.`,
      'On the host, the docker CLI must be on the PATH of SSH sessions and reach its engine (run `docker version` there over ssh to see).',
    );
  },
  config(url: string, detail: string, action: string): EngineError {
    return sshError(url, 'config', detail, action);
  },
};
