// Docker Desktop on Windows through its named pipes: the endpoint resolved on platform 'win32' from
// DOCKER_HOST, from the contexts Docker Desktop writes (desktop-linux, desktop-windows) and from the
// Windows default, then connected through the same client, platform reading, Engine view rows and
// `docker-workbench engine` report as a real engine. A named pipe cannot exist on Linux, so the
// recorded answers of Docker Desktop's two engines (fixtures/docker-desktop-*-engine.json, written
// from the Engine API reference and Docker Desktop's documented values, each value's source in
// `sources`) are served on a unix socket, and the client's pipeStandIn option points the pipe there:
// the endpoint, its URL and everything shown stay the pipe's.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineClient, getHostPlatform, resolveEndpoint, toHostContext, type ResolvedEndpoint } from '../../client/src/engine';
import { engineReport } from '../../client/src/engine/inspectEngine';
import { engineRows } from '../../client/src/explorer/model';
import { formatReport } from '../../server/src/cli/engineCommand';
import { tempDir } from './support';
import { load, replay, type Recording } from './windows-replay';
import { writeDesktopContexts } from '../support/desktop-contexts';

const LINUX = 'docker-desktop-linux-engine.json';
const WINDOWS = 'docker-desktop-windows-engine.json';

describe('engine: Docker Desktop on Windows through its named pipes (recorded answers)', () => {
  let dir: string;
  let config: string;
  let replays = 0;
  beforeEach(() => {
    dir = tempDir('desktop');
    config = path.join(dir, 'docker-config');
    writeDesktopContexts(config);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Connects `ep` (a pipe) to the recording's socket, and returns what the views and the CLI show. */
  async function through(ep: ResolvedEndpoint, fixture: string): Promise<{ rows: Map<string, string | undefined>; text: string; report: ReturnType<typeof engineReport>; requests: string[]; host: ReturnType<typeof toHostContext> }> {
    // A fresh socket each time: a pooled keep-alive connection to a closed replay is never reused.
    const r = await replay(load(fixture), dir, `pipe-stand-in-${++replays}.sock`);
    try {
      const client = new EngineClient(ep, { pipeStandIn: r.url.replace(/^unix:\/\//, ''), platform: 'win32' });
      await client.connect();
      const p = await getHostPlatform(client);
      const rows = new Map(engineRows(p, client.endpoint, { switchable: true, connection: 'connected' }).map((row) => [row.id.replace(/^engine:/, ''), row.description]));
      const report = engineReport(client.endpoint, p);
      return { rows, text: formatReport(report), report, requests: [...r.requests], host: toHostContext(p) };
    } finally {
      await r.close();
    }
  }

  it('the recordings say what they are and where every value comes from', () => {
    for (const f of [LINUX, WINDOWS]) {
      const rec: Recording = load(f);
      assert.match(rec.about, /^Replay of Docker Desktop .* GET \/_ping and the bodies of GET \/version and GET \/info.*Not captured from a machine.*written from the Engine API reference/);
      assert.ok(rec.ping && rec.ping['Api-Version'] === rec.version.ApiVersion && rec.ping.Ostype === rec.info.OSType, `${f}: the ping headers agree with the bodies`);
      // Every recorded field is named in a `sources` key (keys list fields, comma-separated, with their document).
      const named = Object.keys(rec.sources ?? {}).join(', ');
      for (const [doc, body] of [['info', rec.info], ['version', rec.version]] as const) {
        for (const field of Object.keys(body)) assert.match(named, new RegExp(`(^|[ .,])${field}([.,]|$)`), `${f}: ${doc}.${field} has no source`);
      }
      assert.ok(rec.sources?.ping, `${f}: the ping headers have a source`);
    }
  });

  it("desktop-linux (the current context): the Linux engine, named as Docker Desktop's Linux engine", async () => {
    const ep = resolveEndpoint({ env: { DOCKER_CONFIG: config }, homeDir: dir, platform: 'win32' });
    assert.deepEqual([ep.url, ep.transport, ep.contextName], ['npipe:////./pipe/dockerDesktopLinuxEngine', 'npipe', 'desktop-linux']);
    const seen = await through(ep, LINUX);
    assert.deepEqual(seen.requests.slice(0, 2), ['GET /_ping', 'GET /version'], 'the pipe was reached through the stand-in');
    assert.ok(seen.requests.includes('GET /info'));
    assert.equal(seen.rows.get('endpoint'), 'npipe:////./pipe/dockerDesktopLinuxEngine');
    assert.equal(seen.rows.get('host'), "Linux containers on the Linux VM of Docker Desktop for Windows (Docker Desktop for Windows: its Linux engine)");
    assert.equal(seen.rows.get('mode'), 'Linux containers (Docker Desktop for Windows: its Linux engine)');
    assert.equal(seen.rows.get('build'), '5.15.153.1-microsoft-standard-WSL2');
    assert.equal(seen.rows.get('tls'), undefined, 'no TLS row for a pipe');
    assert.deepEqual(seen.host, { source: 'engine', engineOs: 'linux' });
    assert.equal(
      seen.text,
      [
        'Endpoint   npipe:////./pipe/dockerDesktopLinuxEngine',
        'Chosen by  a docker context: docker context "desktop-linux" (currentContext in config.json)',
        'OS         linux: Docker Desktop (x86_64)',
        "Desktop    Docker Desktop's Linux engine",
        'Engine     27.3.1, API 1.47 (minimum 1.24)',
        '',
      ].join('\n'),
    );
    assert.deepEqual([seen.report.endpoint.transport, seen.report.tls, seen.report.engine.dockerDesktop, seen.report.engine.desktopEngine, seen.report.engine.windows], ['npipe', null, true, 'linux', null]);
  });

  it("desktop-windows: the Windows containers engine, its build, release and Hyper-V isolation", async () => {
    const ep = resolveEndpoint({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'desktop-windows' }, homeDir: dir, platform: 'win32' });
    assert.deepEqual([ep.url, ep.contextName], ['npipe:////./pipe/dockerDesktopWindowsEngine', 'desktop-windows']);
    const seen = await through(ep, WINDOWS);
    assert.ok(seen.requests.includes('GET /info'));
    assert.equal(seen.rows.get('host'), 'Windows containers on Windows 11 23H2, build 22631.4460, hyperv isolation (Docker Desktop for Windows: its Windows containers engine)');
    assert.equal(seen.rows.get('mode'), 'Windows containers (Docker Desktop for Windows: its Windows containers engine)');
    assert.equal(seen.rows.get('isolation'), 'hyperv');
    assert.deepEqual(seen.host, { source: 'engine', engineOs: 'windows', build: 22631, isolation: 'hyperv' });
    assert.equal(
      seen.text,
      [
        'Endpoint   npipe:////./pipe/dockerDesktopWindowsEngine',
        'Chosen by  a docker context: docker context "desktop-windows" (DOCKER_CONTEXT)',
        'OS         windows: Windows 11 Pro Version 23H2 (OS Build 22631.4460) (x86_64)',
        "Desktop    Docker Desktop's Windows containers engine",
        'Windows    build 22631.4460, Windows 11 23H2',
        'Isolation  hyperv (the default for containers)',
        'Engine     27.3.1, API 1.47 (minimum 1.24)',
        '',
      ].join('\n'),
    );
    assert.deepEqual(seen.report.engine.windows, { build: 22631, revision: 4460, release: 'Windows 11 23H2', server: false });
    assert.equal(seen.report.engine.desktopEngine, 'windows');
  });

  it('the Windows default pipe, docker_engine, is named by whichever engine answers on it', async () => {
    // No DOCKER_HOST and no context on win32: the CLI's default pipe, which Docker Desktop serves
    // from the engine switched on; the name comes from the answers, not from the pipe.
    const ep = resolveEndpoint({ env: {}, homeDir: path.join(dir, 'no-home'), platform: 'win32' });
    assert.deepEqual([ep.source, ep.url, ep.reason], ['default', 'npipe:////./pipe/docker_engine', 'the Windows default pipe']);
    const linux = await through(ep, LINUX);
    assert.match(linux.text, /^Chosen by  the default: the Windows default pipe$/m);
    assert.match(linux.text, /^Desktop    Docker Desktop's Linux engine$/m);
    const windows = await through(ep, WINDOWS);
    assert.match(windows.text, /^Desktop    Docker Desktop's Windows containers engine$/m);
    assert.equal(windows.rows.get('mode'), 'Windows containers (Docker Desktop for Windows: its Windows containers engine)');
  });

  it('DOCKER_HOST=npipe:////./pipe/dockerDesktopLinuxEngine wins over the current context', async () => {
    const ep = resolveEndpoint({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'desktop-windows', DOCKER_HOST: 'npipe:////./pipe/dockerDesktopLinuxEngine' }, homeDir: dir, platform: 'win32' });
    assert.deepEqual([ep.source, ep.url], ['DOCKER_HOST', 'npipe:////./pipe/dockerDesktopLinuxEngine']);
    const seen = await through(ep, LINUX);
    assert.match(seen.text, /^Chosen by  DOCKER_HOST: DOCKER_HOST is set$/m);
    assert.equal(seen.report.engine.desktopEngine, 'linux');
  });

  it('without the stand-in, a pipe on this Linux machine is refused before any connection, saying why', () => {
    const ep = resolveEndpoint({ env: { DOCKER_CONFIG: config }, homeDir: dir, platform: 'win32' });
    assert.throws(() => new EngineClient(ep), /npipe:\/\/\/\/\.\/pipe\/dockerDesktopLinuxEngine is a Windows named pipe, and this machine runs linux/);
  });
});
