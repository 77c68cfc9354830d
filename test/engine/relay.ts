// A byte relay on a unix socket in front of the private engine, for tests that must see what
// went over the wire (how much of an upload was sent, whether the engine answered) or cut one
// request short. Every byte it lets through goes to the real engine and back unchanged; it is a
// stand-in only where a test tells it to drop a request, which a real engine never does.
import * as net from 'node:net';
import * as path from 'node:path';
import { ENGINE_SOCKET } from './support';

export interface Relay {
  socketPath: string;
  /** Bytes the client sent towards the engine, over all connections. */
  up(): number;
  /** Bytes the engine sent back. */
  down(): number;
  /** Connections the client has closed. */
  closed(): number;
  /** Called with the running count of bytes sent towards the engine. */
  onUp?: (total: number) => void;
  /** A chunk that starts a request whose first line this matches closes the connection instead. */
  drop?: RegExp;
  /** While true, what the engine sends is held back (a slow engine to answer), in order, until release(). */
  hold?: boolean;
  release(): void;
  /**
   * A request whose first line this matches is held on its way to the engine (a request slow to
   * arrive), with whatever follows it on that connection, until releaseUp().
   */
  holdUp?: RegExp;
  /** Requests held by holdUp so far. */
  heldUp(): number;
  releaseUp(): void;
  /**
   * In order: `> LINE` when a request (its first line) went to the engine, `< LINE` when the first
   * bytes of the engine's answer to it came back.
   */
  log: string[];
  close(): Promise<void>;
}

export function relay(dir: string): Promise<Relay> {
  const socketPath = path.join(dir, `relay-${process.pid}-${Math.floor(Math.random() * 1e6)}.sock`);
  let up = 0;
  let down = 0;
  let closed = 0;
  const sockets = new Set<net.Socket>();
  const held: Array<() => void> = [];
  const heldUp: Array<() => void> = [];
  let heldUpCount = 0;
  let upReleased = false;
  const r: Relay = {
    release: () => {
      r.hold = false;
      for (const send of held.splice(0)) send();
    },
    heldUp: () => heldUpCount,
    releaseUp: () => {
      upReleased = true;
      for (const send of heldUp.splice(0)) send();
    },
    log: [],
    socketPath,
    up: () => up,
    down: () => down,
    closed: () => closed,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((client) => {
    const engine = net.connect(ENGINE_SOCKET);
    sockets.add(client).add(engine);
    // This connection's requests held by holdUp, and the request whose answer has not begun yet.
    let holding = false;
    let awaitingAnswer: string | undefined;
    client.on('data', (d: Buffer) => {
      // With keep-alive a chunk may start the next request on the same connection.
      const firstLine = d.subarray(0, 200).toString('latin1').split('\r\n')[0];
      if (r.drop && r.drop.test(firstLine)) {
        client.destroy();
        return;
      }
      const isRequest = /^[A-Z]+ \S+ HTTP\/1\.[01]$/.test(firstLine);
      const forward = (): void => {
        if (isRequest) {
          r.log.push(`> ${firstLine}`);
          awaitingAnswer = firstLine;
        }
        up += d.length;
        engine.write(d);
        r.onUp?.(up);
      };
      if (isRequest && !upReleased && r.holdUp && r.holdUp.test(firstLine)) {
        holding = true;
        heldUpCount++;
      }
      if (holding && !upReleased) heldUp.push(forward);
      else forward();
    });
    engine.on('data', (d: Buffer) => {
      if (awaitingAnswer !== undefined) {
        r.log.push(`< ${awaitingAnswer}`);
        awaitingAnswer = undefined;
      }
      const send = (): void => {
        down += d.length;
        client.write(d);
      };
      if (r.hold || held.length > 0) held.push(send);
      else send();
    });
    client.on('close', () => {
      closed++;
      engine.destroy();
    });
    engine.on('close', () => client.destroy());
    client.on('error', () => undefined);
    engine.on('error', () => undefined);
  });
  return new Promise((resolve) => server.listen(socketPath, () => resolve(r)));
}
