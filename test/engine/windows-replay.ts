// A recorded engine served back: /_ping's headers, /info, /version, /images/json and image inspect
// bodies (see the fixtures' `about`, and `sources` for where each value comes from) replayed by a
// tiny HTTP server on a unix socket. Reads only; the stand-in for a Windows engine and for Docker
// Desktop's engines, which cannot run here (a named pipe cannot even exist on Linux).
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

export interface Recording {
  about: string;
  info: Record<string, unknown>;
  version: Record<string, unknown>;
  images: Array<Record<string, unknown> & { Id: string; RepoTags: string[] }>;
  imageInspect: Record<string, Record<string, unknown>>;
  /** GET /_ping's headers; without them, Api-Version and Ostype from the bodies. */
  ping?: Record<string, string>;
  /** Where each recorded value comes from (recordings written from documentation). */
  sources?: Record<string, string>;
}

// Fixtures stay in the source tree (tsc does not copy JSON it does not import).
const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'engine', 'fixtures');

export function load(name: string): Recording {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as Recording;
}

export interface Replay {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export async function replay(rec: Recording, dir: string, socketName = 'windows-engine.sock'): Promise<Replay> {
  const sock = path.join(dir, socketName);
  const osType = String(rec.info.OSType ?? 'windows');
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://engine');
    const p = decodeURIComponent(u.pathname.replace(/^\/v\d+\.\d+/, ''));
    requests.push(`${req.method} ${p}`);
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Api-Version': String(rec.version.ApiVersion), 'Ostype': osType });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return json(404, { message: 'the recording has no writes' });
    if (p === '/_ping') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', ...(rec.ping ?? { 'Api-Version': String(rec.version.ApiVersion), 'Ostype': osType }) });
      return res.end('OK');
    }
    if (p === '/info') return json(200, rec.info);
    if (p === '/version') return json(200, rec.version);
    if (p === '/images/json') {
      const filters = JSON.parse(u.searchParams.get('filters') || '{}') as { dangling?: string[] };
      const wantDangling = filters.dangling?.[0];
      const isDangling = (i: Recording['images'][number]): boolean => i.RepoTags.every((t) => t === '<none>:<none>');
      return json(200, rec.images.filter((i) => wantDangling === undefined || (wantDangling === 'true') === isDangling(i)));
    }
    const m = /^\/images\/(.+)\/json$/.exec(p);
    if (m) {
      const byId = rec.imageInspect[m[1]];
      const byTag = rec.images.find((i) => i.RepoTags.includes(m[1]));
      const found = byId ?? (byTag ? rec.imageInspect[byTag.Id] : undefined);
      return found ? json(200, found) : json(404, { message: `No such image: ${m[1]}` });
    }
    return json(404, { message: 'page not found' });
  });
  await new Promise<void>((r) => server.listen(sock, r));
  return { url: `unix://${sock}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}
