// Every typed error, produced for real: a missing socket, a socket nobody listens on, a socket this
// user may not open, an engine that never answers, a TLS mismatch, an API version the engine
// refuses, and the engine's own 404/409. No unhandled rejection along the way.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { EngineClient, EngineError, inspect, parseHostUrl, removeContainer, resolveEndpoint, runContainer, toEngineError } from '../../client/src/engine';
import { ENGINE_SOCKET, ENGINE_TLS_CLIENT_DIR, ENGINE_URL, TEST_IMAGE, TEST_LABEL, engineClient, removeTestContainers, requireEngine, tempDir, uniqueName, waitFor } from './support';

function clientFor(url: string, timeoutMs = 3000): EngineClient {
  return new EngineClient(parseHostUrl(url, 'setting', 'test'), { timeoutMs });
}

async function expectEngineError(p: Promise<unknown>, kind: EngineError['kind']): Promise<EngineError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof EngineError, `expected an EngineError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    assert.ok(e.endpoint.length > 0, 'names the endpoint');
    assert.ok(e.detail.length > 0 && e.action.length > 0, 'says what went wrong and what to do');
    return e;
  }
  assert.fail(`expected a ${kind} error`);
}

describe('engine: typed errors', function () {
  this.timeout(60_000);
  const unhandled: unknown[] = [];
  const onUnhandled = (r: unknown): void => {
    unhandled.push(r);
  };
  let dir: string;
  before(() => process.on('unhandledRejection', onUnhandled));
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await removeTestContainers(engineClient());
  });
  beforeEach(() => {
    dir = tempDir('err');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('socket missing: ENOENT names the path and says to start Docker', async () => {
    const sock = path.join(dir, 'absent.sock');
    const e = await expectEngineError(clientFor(`unix://${sock}`).ping(), 'socket-missing');
    assert.equal(e.endpoint, `unix://${sock}`);
    assert.match(e.message, new RegExp(`No Docker socket at ${sock.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    assert.match(e.action, /Start Docker/);
  });

  it('not running: a socket file nobody listens on is refused', async () => {
    const sock = path.join(dir, 'dead.sock');
    // A listener killed with SIGKILL leaves its socket file behind, as a crashed daemon does.
    const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(sock)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await waitFor('the listener', () => (fs.existsSync(sock) ? true : undefined), 10_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    assert.ok(fs.existsSync(sock), 'the socket file stays');
    const e = await expectEngineError(clientFor(`unix://${sock}`).ping(), 'not-running');
    assert.match(e.message, /Docker is not running at unix:\/\/.*connection was refused/);
    assert.match(e.action, /Start the Docker daemon/);
  });

  it('permission denied: a user outside the docker group gets the docker-group fix', function () {
    // Only root can start the probe as another user (uid 65534, outside the docker group); CI runs as root.
    if (process.getuid?.() !== 0) this.skip();
    const mode = fs.statSync(ENGINE_SOCKET).mode & 0o777;
    assert.equal(mode & 0o006, 0, 'the engine socket is not open to others');
    const engineModule = require.resolve('../../client/src/engine');
    const script = path.join(dir, 'probe.js');
    fs.writeFileSync(
      script,
      `const e = require(${JSON.stringify(engineModule)});
       const c = new e.EngineClient(e.parseHostUrl(${JSON.stringify(ENGINE_URL)}, 'setting', 't'), { timeoutMs: 5000 });
       c.ping().then(() => console.log(JSON.stringify({ ok: true })), (err) => console.log(JSON.stringify({ kind: err.kind, message: err.message, isEngineError: err instanceof e.EngineError })));`,
    );
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(script, 0o644);
    // uid/gid 65534 (nobody/nogroup) is not in the docker group.
    const r = spawnSync(process.execPath, [script], { uid: 65534, gid: 65534, encoding: 'utf8', timeout: 20_000, cwd: '/' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim()) as { kind: string; message: string; isEngineError: boolean };
    assert.equal(out.isEngineError, true);
    assert.equal(out.kind, 'permission-denied');
    assert.match(out.message, /Permission denied opening .*docker\.sock/);
    assert.match(out.message, /usermod -aG docker/);
  });

  it('timeout: a socket that accepts and never answers', async () => {
    const sock = path.join(dir, 'silent.sock');
    const held: net.Socket[] = [];
    const server = net.createServer((s) => held.push(s));
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      const started = Date.now();
      const e = await expectEngineError(clientFor(`unix://${sock}`, 400).ping(), 'timeout');
      assert.ok(Date.now() - started < 3000, 'the deadline held');
      assert.match(e.message, /did not answer within 400 ms/);
    } finally {
      for (const s of held) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it('TLS: a TLS client against a plain listener fails the handshake as a TLS error', async () => {
    const conns: net.Socket[] = [];
    const server = net.createServer((s) => {
      conns.push(s);
      s.on('error', () => undefined);
      s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      // The docker CLI needs a ca.pem even for DOCKER_TLS, which does not verify: the engine's test CA.
      const certs = tempDir('certs');
      fs.copyFileSync(path.join(ENGINE_TLS_CLIENT_DIR, 'ca.pem'), path.join(certs, 'ca.pem'));
      const ep = resolveEndpoint({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS: '1', DOCKER_CERT_PATH: certs } });
      assert.equal(ep.tls?.verify, false);
      const e = await expectEngineError(new EngineClient(ep, { timeoutMs: 5000 }).ping(), 'tls');
      assert.equal(e.tlsProblem, 'not-tls');
      assert.match(e.message, /TLS was asked for, but the engine at tcp:\/\/127\.0\.0\.1:\d+ does not speak TLS/);
      assert.match(e.action, /unset DOCKER_TLS_VERIFY and DOCKER_TLS/);
      fs.rmSync(certs, { recursive: true, force: true });
    } finally {
      for (const s of conns) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it('TLS: verification asked for without a readable ca.pem fails up front', () => {
    const certs = tempDir('nocerts');
    const ep = resolveEndpoint({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs } });
    assert.throws(
      () => new EngineClient(ep),
      (e: unknown) => e instanceof EngineError && e.kind === 'tls' && e.tlsProblem === 'files' && /ca\.pem does not exist/.test(e.message),
    );
    fs.rmSync(certs, { recursive: true, force: true });
  });

  it('API version: the engine refuses a newer client version; an engine older than the minimum is refused', async () => {
    const pinned = new EngineClient(parseHostUrl(ENGINE_URL, 'setting', 't'), { apiVersion: '1.99' });
    const e = await expectEngineError(pinned.connect(), 'api-version');
    assert.match(e.message, /1\.99 is too new/);
    assert.match(e.action, /Update Docker Engine/);
    const strict = new EngineClient(parseHostUrl(ENGINE_URL, 'setting', 't'), { minApiVersion: '9.0' });
    const e2 = await expectEngineError(strict.connect(), 'api-version');
    assert.match(e2.message, /speaks Docker API 1\.\d+; Docker Workbench needs 9\.0 or newer/);
  });

  it('a huge or hostile engine message is classified at once and shown cut, never scanned whole', function () {
    // 1 MB of "remove " without "force": /remove.*force/ alone took quadratic time on it.
    this.timeout(10_000);
    const hostile = `(HTTP code 409) conflict - ${'remove '.repeat(150_000)}`;
    const error = toEngineError(Object.assign(new Error(hostile), { statusCode: 409 }), { url: 'tcp://engine.invalid:2376' });
    assert.equal(error.kind, 'conflict');
    assert.ok(error.message.length < 2100, `message of ${error.message.length} characters`);
    const versions = toEngineError(Object.assign(new Error(`(HTTP code 400) bad - client version ${'1.'.repeat(400_000)}`), { statusCode: 400 }), { url: 'tcp://engine.invalid:2376' });
    assert.equal(versions.kind, 'bad-request');
  });

  it('the engine\'s own refusals: 404 not-found and 409 conflict, with a fix', async () => {
    const c = await requireEngine();
    const e = await expectEngineError(inspect(c, 'container', 'no-such-container-xyz'), 'not-found');
    assert.match(e.message, /No such container/i);
    const run = await runContainer(c, { image: TEST_IMAGE, name: uniqueName('conflict'), cmd: ['sleep', '60'], init: true, labels: { [TEST_LABEL]: '1' } });
    const e2 = await expectEngineError(removeContainer(c, run.id), 'conflict');
    assert.match(e2.action, /Stop it first, or remove it with force/);
    const e3 = await expectEngineError(runContainer(c, { image: TEST_IMAGE, name: run.name, cmd: ['true'], labels: { [TEST_LABEL]: '1' } }), 'conflict');
    assert.match(e3.message, /already in use/);
    await removeContainer(c, run.id, { force: true });
  });

  it('classification: daemon errors keep their status; Node codes map to kinds; npipe gets the Windows fixes', () => {
    const ep = { url: 'unix:///var/run/docker.sock', source: 'default' };
    const registry = toEngineError(Object.assign(new Error('(HTTP code 500) server error - x509: certificate signed by unknown authority '), { statusCode: 500 }), ep);
    assert.equal(registry.kind, 'engine', 'a registry certificate problem is not a TLS failure of our connection');
    assert.match(registry.message, /x509: certificate signed by unknown authority \(HTTP 500\)/);
    assert.equal(toEngineError(Object.assign(new Error('self-signed'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), { url: 'tcp://h:2376' }).kind, 'tls');
    assert.equal(toEngineError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), { url: 'tcp://nohost:2375' }).kind, 'unreachable');
    assert.equal(toEngineError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), ep).kind, 'connection-lost');
    const t = toEngineError(Object.assign(new Error('events subscription timed out'), { code: 'ETIMEDOUT' }), ep);
    assert.match(t.message, /did not accept the events subscription in time/);
    const pipe = { url: 'npipe:////./pipe/docker_engine', transport: 'npipe' as const };
    assert.match(toEngineError(Object.assign(new Error('x'), { code: 'ENOENT' }), pipe).message, /No Docker named pipe at \/\/\.\/pipe\/docker_engine/);
    assert.match(toEngineError(Object.assign(new Error('x'), { code: 'EPERM' }), pipe).action, /docker-users/);
    assert.match(toEngineError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), pipe).action, /Start Docker Desktop/);
    assert.equal(toEngineError(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }), ep).kind, 'cancelled');
  });

  it('no operation above left an unhandled rejection behind', async () => {
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(unhandled, []);
  });
});
