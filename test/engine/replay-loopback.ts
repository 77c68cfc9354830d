// The recorded Windows engine (windows-replay.ts) reachable as tcp://127.0.0.1:PORT, as a remote
// engine is: a small HTTP front on loopback that passes every request to the replay's socket and
// back unchanged, except GET /events, which it holds open with no events (what an idle engine
// does; the recording has no events). For the contexts suite, whose docker context points at it.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { replay, type Recording } from './windows-replay';

export interface LoopbackReplay {
  /** `tcp://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Requests the replay answered, as `GET /info`. */
  requests: string[];
  close(): Promise<void>;
}

export async function replayOnLoopback(rec: Recording, dir: string): Promise<LoopbackReplay> {
  const inner = await replay(rec, dir);
  const socketPath = inner.url.slice('unix://'.length);
  const held = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const route = new URL(req.url ?? '/', 'http://engine').pathname.replace(/^\/v\d+\.\d+/, '');
    if (req.method === 'GET' && route === '/events') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Api-Version': String(rec.version.ApiVersion) });
      res.flushHeaders();
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    const upstream = http.request({ socketPath, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `tcp://127.0.0.1:${port}`,
    port,
    requests: inner.requests,
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await inner.close();
    },
  };
}
