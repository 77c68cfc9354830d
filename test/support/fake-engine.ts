// A stand-in for a MISBEHAVING Docker engine, for what the private real engine cannot be made to
// do: accept GET /events and then close the stream at once (a broken daemon or a proxy in front
// of one). A small HTTP server on a unix socket in a temp folder that answers /_ping, /version,
// /info and the list endpoints minimally, like a Linux engine with nothing in it, and counts every
// request so a test can say how often the client came back. Everything else is a 404.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';

/** What GET /events does: close right after the headers, or stay open as a healthy engine does. */
export type EventsBehaviour = 'drop' | 'stay';

export interface FakeEngine {
  /** `unix:///tmp/.../engine.sock` */
  readonly url: string;
  events: EventsBehaviour;
  /** Requests per path (version prefix removed), e.g. `/events`, `/info`. */
  count(pathname: string): number;
  /** Ends every /events stream held open (a 'stay' engine going away for a moment). */
  dropOpenStreams(): void;
  close(): Promise<void>;
}

const API_VERSION = '1.43';

const VERSION = { Version: '24.0.0-fake', ApiVersion: API_VERSION, MinAPIVersion: '1.12', Os: 'linux', Arch: 'amd64', KernelVersion: '6.1.0' };
const INFO = { OSType: 'linux', OperatingSystem: 'Fake engine (misbehaving on purpose)', Architecture: 'x86_64', Name: 'fake', Containers: 0, Images: 0, Driver: 'overlay2' };

export async function startFakeEngine(events: EventsBehaviour = 'drop'): Promise<FakeEngine> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-fake-engine-'));
  const socket = path.join(dir, 'engine.sock');
  const counts = new Map<string, number>();
  const open = new Set<http.ServerResponse>();
  const engine: FakeEngine = {
    url: `unix://${socket}`,
    events,
    count: (p) => counts.get(p) ?? 0,
    dropOpenStreams: () => {
      for (const res of open) res.end();
      open.clear();
    },
    close: async () => {
      engine.dropOpenStreams();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://engine').pathname.replace(/^\/v\d+\.\d+/, '');
    counts.set(p, (counts.get(p) ?? 0) + 1);
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Api-Version': API_VERSION, Ostype: 'linux' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && p === '/_ping') {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Api-Version': API_VERSION, Ostype: 'linux' });
      return void res.end('OK');
    }
    if (req.method === 'GET' && p === '/events') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Api-Version': API_VERSION });
      res.flushHeaders();
      if (engine.events === 'drop') return void res.end();
      open.add(res);
      res.on('close', () => open.delete(res));
      return;
    }
    if (req.method !== 'GET') return json(404, { message: 'the fake engine only answers reads' });
    if (p === '/version') return json(200, VERSION);
    if (p === '/info') return json(200, INFO);
    if (p === '/containers/json' || p === '/images/json' || p === '/networks') return json(200, []);
    if (p === '/volumes') return json(200, { Volumes: [], Warnings: null });
    return json(404, { message: `page not found: ${p}` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => resolve());
  });
  return engine;
}
