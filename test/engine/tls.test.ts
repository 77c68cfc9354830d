// TLS as the docker CLI does it, against the private dockerd's own TLS listener (--tlsverify, the
// CA, server and client certificates scripts/engine-host.sh made with openssl). Certificates the
// listener cannot serve (one for another name, one that expired) are served by a TLS relay in
// front of the engine's unix socket: the stand-in only for the certificate under test, behind it
// is the real engine. The docker CLI itself is run beside the extension's client where their
// answers can be compared.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { EngineClient, EngineError, getHostPlatform, listContainers, resolveEndpoint, runContainer, type ResolveOptions } from '../../client/src/engine';
import { engineRows } from '../../client/src/explorer/model';
import { certDir, issue, makeCa, type Ca } from './certs';
import { ENGINE_SOCKET, ENGINE_TLS_CLIENT_DIR, ENGINE_TLS_DIR, TEST_IMAGE, TEST_LABEL, engineClient, engineTlsPort, removeTestContainers, requireEngine, tempDir, uniqueName } from './support';

const TEST_CA: Ca = { cert: path.join(ENGINE_TLS_DIR, 'ca', 'ca.pem'), key: path.join(ENGINE_TLS_DIR, 'ca', 'key.pem') };

async function connectWith(options: ResolveOptions): Promise<{ client: EngineClient; version: string }> {
  const ep = resolveEndpoint({ platform: 'linux', ...options });
  const client = new EngineClient(ep, { timeoutMs: 8000 });
  const v = await client.connect();
  return { client, version: v.Version };
}

async function tlsError(options: ResolveOptions, problem: string): Promise<EngineError> {
  try {
    await connectWith(options);
  } catch (e) {
    assert.ok(e instanceof EngineError, `expected an EngineError, got ${String(e)}`);
    assert.equal(e.kind, 'tls', e.message);
    assert.equal(e.tlsProblem, problem, e.message);
    assert.ok(e.detail.length > 0 && e.action.length > 0);
    return e;
  }
  assert.fail(`expected the TLS problem ${problem}`);
}

/** The real docker CLI with the same environment; its exit status and output. */
function dockerCli(env: Record<string, string>, args: string[]): { status: number | null; output: string } {
  const bin = fs.existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
  const clean: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  const r = spawnSync(bin, args, { env: { ...clean, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

interface Relay {
  port: number;
  close(): Promise<void>;
}

/** A TLS server with the given certificate whose connections are piped to the engine's unix socket. */
async function tlsRelay(cert: { cert: string; key: string }): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ cert: fs.readFileSync(cert.cert), key: fs.readFileSync(cert.key) }, (client) => {
    const engine = net.connect(ENGINE_SOCKET);
    sockets.add(client).add(engine);
    client.on('error', () => engine.destroy());
    engine.on('error', () => client.destroy());
    client.pipe(engine).pipe(client);
  });
  // A client that rejects the certificate aborts the handshake: not the relay's failure.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('engine: TLS as the docker CLI does it', function () {
  this.timeout(120_000);
  let dir: string;
  let port: number;
  let home: string;
  let otherCa: Ca;
  const env = (over: Record<string, string>): ResolveOptions => ({ env: { DOCKER_CONFIG: path.join(home, '.docker'), ...over }, homeDir: home });

  before(async () => {
    await requireEngine();
    port = engineTlsPort();
    dir = tempDir('tls');
    home = path.join(dir, 'home');
    fs.mkdirSync(path.join(home, '.docker'), { recursive: true });
    otherCa = makeCa(path.join(dir, 'other-ca'), 'Some other CA');
  });
  after(async () => {
    await removeTestContainers(engineClient());
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('verified: DOCKER_TLS_VERIFY with DOCKER_CERT_PATH lists containers and reads /info over the TLS listener', async () => {
    const unix = engineClient();
    const name = uniqueName('tls');
    await runContainer(unix, { image: TEST_IMAGE, name, cmd: ['sleep', '30'], labels: { [TEST_LABEL]: '1' }, createOnly: true });
    for (const host of [`tcp://127.0.0.1:${port}`, `tcp://localhost:${port}`]) {
      const { client } = await connectWith(env({ DOCKER_HOST: host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: ENGINE_TLS_CLIENT_DIR }));
      assert.deepEqual(client.endpoint.tls, { verify: true, certDir: ENGINE_TLS_CLIENT_DIR, from: 'environment' });
      const listed = await listContainers(client, { all: true });
      assert.ok(listed.some((c) => c.name === name), `${host} lists the container made over the unix socket`);
      const platform = await getHostPlatform(client);
      assert.equal(platform.osType, 'linux');
      const tlsRow = engineRows(platform, client.endpoint, { switchable: false, connection: 'connected' }).find((r) => r.id === 'engine:tls');
      assert.deepEqual([tlsRow?.label, tlsRow?.description], ['TLS', 'verified']);
    }
    // The files come from the docker config folder when DOCKER_CERT_PATH is unset, as in the CLI.
    certDir(path.join(home, '.docker'), path.join(ENGINE_TLS_CLIENT_DIR, 'ca.pem'), { cert: path.join(ENGINE_TLS_CLIENT_DIR, 'cert.pem'), key: path.join(ENGINE_TLS_CLIENT_DIR, 'key.pem') });
    const fromConfig = await connectWith(env({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1' }));
    assert.equal(fromConfig.client.endpoint.tls?.certDir, path.join(home, '.docker'));
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) fs.rmSync(path.join(home, '.docker', f));
  });

  it('unknown CA: ca.pem of another CA fails as unknown-ca, naming the endpoint and the file to replace', async () => {
    const certs = certDir(path.join(dir, 'wrong-ca'), otherCa.cert, { cert: path.join(ENGINE_TLS_CLIENT_DIR, 'cert.pem'), key: path.join(ENGINE_TLS_CLIENT_DIR, 'key.pem') });
    const e = await tlsError(env({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }), 'unknown-ca');
    assert.equal(e.endpoint, `tcp://127.0.0.1:${port}`);
    assert.match(e.detail, new RegExp(`engine at tcp://127\\.0\\.0\\.1:${port} is not signed by the CA in ${certs}/ca\\.pem`));
    assert.ok(e.action.includes(`${certs}/ca.pem`), e.action);
    // The docker CLI refuses the same engine with the same files.
    const cli = dockerCli({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs, DOCKER_CONFIG: path.join(home, '.docker') }, ['version', '--format', '{{.Server.Version}}']);
    assert.notEqual(cli.status, 0);
    assert.match(cli.output, /certificate signed by unknown authority/);
  });

  it('wrong name and expired: certificates served in front of the engine fail as wrong-name and expired; a good one through the same relay works', async () => {
    const good = issue(TEST_CA, { dir: path.join(dir, 'relay-good'), commonName: 'localhost', subjectAltName: 'IP:127.0.0.1,DNS:localhost', usage: 'server' });
    const otherName = issue(TEST_CA, { dir: path.join(dir, 'relay-name'), commonName: 'build.example', subjectAltName: 'DNS:build.example', usage: 'server' });
    const expired = issue(TEST_CA, { dir: path.join(dir, 'relay-expired'), commonName: 'localhost', subjectAltName: 'IP:127.0.0.1,DNS:localhost', usage: 'server', startDate: '20200101000000Z', endDate: '20200201000000Z' });
    const verified = (relay: Relay): ResolveOptions => env({ DOCKER_HOST: `tcp://127.0.0.1:${relay.port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: ENGINE_TLS_CLIENT_DIR });

    const control = await tlsRelay(good);
    try {
      const { version } = await connectWith(verified(control));
      assert.match(version, /^\d+\.\d+/);
    } finally {
      await control.close();
    }

    const named = await tlsRelay(otherName);
    try {
      const e = await tlsError(verified(named), 'wrong-name');
      assert.match(e.detail, /is not issued for 127\.0\.0\.1; it names build\.example/);
      assert.match(e.action, new RegExp(`Point DOCKER_HOST at a name the certificate names, such as tcp://build\\.example:${named.port}`));
      // Opting out of verification (DOCKER_TLS alone) accepts it, and says so.
      const optOut = await connectWith(env({ DOCKER_HOST: `tcp://127.0.0.1:${named.port}`, DOCKER_TLS: '1', DOCKER_CERT_PATH: ENGINE_TLS_CLIENT_DIR }));
      assert.equal(optOut.client.endpoint.tls?.verify, false);
    } finally {
      await named.close();
    }

    const old = await tlsRelay(expired);
    try {
      const e = await tlsError(verified(old), 'expired');
      assert.match(e.detail, /has expired/);
      assert.match(e.action, /Renew the engine's certificate/);
    } finally {
      await old.close();
    }
  });

  it('client certificate: none sent fails as client-cert-missing; one from another CA as client-cert-refused', async () => {
    const onlyCa = certDir(path.join(dir, 'only-ca'), path.join(ENGINE_TLS_CLIENT_DIR, 'ca.pem'));
    const missing = await tlsError(env({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: onlyCa }), 'client-cert-missing');
    assert.match(missing.detail, /requires a client certificate and none was sent/);
    assert.ok(missing.action.includes(onlyCa), missing.action);

    const stranger = issue(otherCa, { dir: path.join(dir, 'stranger'), commonName: 'stranger', usage: 'client' });
    certDir(path.join(dir, 'stranger'), path.join(ENGINE_TLS_CLIENT_DIR, 'ca.pem'));
    const refused = await tlsError(env({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path.dirname(stranger.cert) }), 'client-cert-refused');
    assert.match(refused.detail, /refused the client certificate/);
    assert.match(refused.action, /signed by the CA the engine trusts/);
  });

  it('explicit opt-out: DOCKER_TLS without DOCKER_TLS_VERIFY connects unverified and every view says so', async () => {
    // Another CA's ca.pem: were the certificate checked, this could not connect.
    const certs = certDir(path.join(dir, 'opt-out'), otherCa.cert, { cert: path.join(ENGINE_TLS_CLIENT_DIR, 'cert.pem'), key: path.join(ENGINE_TLS_CLIENT_DIR, 'key.pem') });
    const { client } = await connectWith(env({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS: '1', DOCKER_CERT_PATH: certs }));
    assert.equal(client.endpoint.tls?.verify, false);
    assert.match(client.endpoint.tls?.unverifiedReason ?? '', /DOCKER_TLS is set without DOCKER_TLS_VERIFY/);
    const row = engineRows(await getHostPlatform(client), client.endpoint, { switchable: false, connection: 'connected' }).find((r) => r.id === 'engine:tls');
    assert.deepEqual([row?.label, row?.description, row?.icon?.id], ['TLS', 'not verified', 'warning']);
    assert.match(String(row?.tooltip), /^TLS not verified: DOCKER_TLS is set/);
    // The docker CLI connects with the same settings: it does not verify either.
    const cli = dockerCli({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS: '1', DOCKER_CERT_PATH: certs, DOCKER_CONFIG: path.join(home, '.docker') }, ['version', '--format', '{{.Server.Version}}']);
    assert.equal(cli.status, 0, cli.output);
  });

  it('contexts made by `docker context create`: TLS material verifies; SkipTLSVerify connects unverified', async () => {
    const config = path.join(dir, 'ctx-config');
    fs.mkdirSync(config);
    const c = (name: string, docker: string): void => {
      const r = dockerCli({ DOCKER_CONFIG: config }, ['context', 'create', name, '--docker', docker]);
      assert.equal(r.status, 0, r.output);
    };
    const client = path.join(ENGINE_TLS_CLIENT_DIR, 'cert.pem');
    const key = path.join(ENGINE_TLS_CLIENT_DIR, 'key.pem');
    c('tls-good', `host=tcp://127.0.0.1:${port},ca=${path.join(ENGINE_TLS_CLIENT_DIR, 'ca.pem')},cert=${client},key=${key}`);
    c('tls-skip', `host=tcp://127.0.0.1:${port},ca=${otherCa.cert},cert=${client},key=${key},skip-tls-verify=true`);
    c('tls-strict', `host=tcp://127.0.0.1:${port},ca=${otherCa.cert},cert=${client},key=${key}`);

    const good = await connectWith({ contextFlag: 'tls-good', env: { DOCKER_CONFIG: config }, homeDir: home });
    assert.deepEqual([good.client.endpoint.source, good.client.endpoint.contextName, good.client.endpoint.tls?.verify, good.client.endpoint.tls?.from], ['context', 'tls-good', true, 'context']);

    const skip = await connectWith({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'tls-skip' }, homeDir: home });
    assert.equal(skip.client.endpoint.tls?.verify, false);
    assert.match(skip.client.endpoint.tls?.unverifiedReason ?? '', /docker context "tls-skip" sets SkipTLSVerify/);

    const strict = await tlsError({ contextFlag: 'tls-strict', env: { DOCKER_CONFIG: config }, homeDir: home }, 'unknown-ca');
    assert.match(strict.action, /docker context update tls-strict --docker "host=tcp:\/\/127\.0\.0\.1:\d+,ca=/);
  });

  it('tcp:// without TLS settings is plain HTTP, whatever the port; the TLS listener refuses it, as it refuses the docker CLI', async () => {
    const plain = resolveEndpoint(env({ DOCKER_HOST: `tcp://127.0.0.1:${port}` }));
    assert.equal(plain.tls, undefined);
    assert.equal(resolveEndpoint(env({ DOCKER_HOST: 'tcp://build.example:2376' })).tls, undefined, 'port 2376 alone does not turn TLS on');
    const e = await tlsError(env({ DOCKER_HOST: `tcp://127.0.0.1:${port}` }), 'plain-http');
    assert.match(e.detail, /speaks only TLS, and the connection was plain HTTP/);
    assert.match(e.action, /DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH/);
    const cli = dockerCli({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_CONFIG: path.join(home, '.docker') }, ['version', '--format', '{{.Server.Version}}']);
    assert.notEqual(cli.status, 0);
    assert.match(cli.output, /Client sent an HTTP request to an HTTPS server/);
  });

  it('missing files: verification without ca.pem fails before connecting, as the CLI refuses to start', async () => {
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    for (const vars of [{ DOCKER_TLS_VERIFY: '1' }, { DOCKER_TLS: '1' }] as Array<Record<string, string>>) {
      const ep = resolveEndpoint(env({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_CERT_PATH: empty, ...vars }));
      assert.throws(
        () => new EngineClient(ep),
        (e: unknown) => e instanceof EngineError && e.kind === 'tls' && e.tlsProblem === 'files' && e.detail.includes(`${empty}/ca.pem does not exist`) && /DOCKER_CERT_PATH/.test(e.action),
      );
      const cli = dockerCli({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_CERT_PATH: empty, DOCKER_CONFIG: path.join(home, '.docker'), ...vars }, ['version']);
      assert.notEqual(cli.status, 0);
      assert.match(cli.output, /ca\.pem: no such file or directory/);
    }
    // A certificate and a key that do not belong together are refused by name.
    const mixed = certDir(path.join(dir, 'mixed'), path.join(ENGINE_TLS_CLIENT_DIR, 'ca.pem'), { cert: path.join(ENGINE_TLS_CLIENT_DIR, 'cert.pem'), key: issue(otherCa, { dir: path.join(dir, 'spare'), commonName: 'x', usage: 'client' }).key });
    const ep = resolveEndpoint(env({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: mixed }));
    assert.throws(() => new EngineClient(ep), (e: unknown) => e instanceof EngineError && e.tlsProblem === 'files' && /do not belong together/.test(e.detail));
  });
});
