// The http.Agent dockerode talks through for an ssh:// engine: each new HTTP connection is a
// `docker system dial-stdio` channel of the session's one SSH connection, and idle ones are kept
// for the next request (keep-alive), so a refresh neither handshakes nor starts a remote process.
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { SshSession } from './session';

export class SshDialAgent extends http.Agent {
  constructor(readonly session: SshSession) {
    super({ keepAlive: true, maxFreeSockets: 6 });
  }

  override createConnection(_options: unknown, callback: (err: Error | null, socket?: Duplex) => void): undefined {
    this.session.dialStdio().then(
      (socket) => callback(null, socket),
      (err: Error) => callback(err),
    );
    return undefined;
  }

  override destroy(): void {
    super.destroy();
    this.session.close();
  }
}
