// Connection resolution: setting > DOCKER_HOST > docker context > platform default, each with a
// temporary HOME / DOCKER_CONFIG, and each resolved endpoint used against the private engine.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineClient, EngineError, connectEngine, contextDirName, resolveEndpoint } from '../../client/src/engine';
import { ENGINE_SOCKET, ENGINE_URL, tempDir } from './support';

function writeContext(configDir: string, name: string, host: string, extra: Record<string, unknown> = {}): string {
  const dir = path.join(configDir, 'contexts', 'meta', contextDirName(name));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false, ...extra } } }));
  return dir;
}

describe('engine: connection resolution', () => {
  let home: string;
  beforeEach(() => {
    home = tempDir('home');
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('the setting wins over DOCKER_HOST and a context, and connects', async () => {
    fs.mkdirSync(path.join(home, '.docker'));
    fs.writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'other' }));
    const ep = resolveEndpoint({ hostSetting: ` ${ENGINE_URL} `, env: { DOCKER_HOST: 'unix:///nowhere.sock' }, homeDir: home, platform: 'linux' });
    assert.equal(ep.source, 'setting');
    assert.equal(ep.transport, 'unix');
    assert.equal(ep.socketPath, ENGINE_SOCKET);
    const v = await new EngineClient(ep).connect();
    assert.match(v.ApiVersion, /^1\.\d+$/);
  });

  it('DOCKER_HOST wins over the context; unix, tcp, npipe and ssh forms parse', async () => {
    fs.mkdirSync(path.join(home, '.docker'));
    fs.writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'other' }));
    const ep = resolveEndpoint({ env: { DOCKER_HOST: ENGINE_URL }, homeDir: home, platform: 'linux' });
    assert.equal(ep.source, 'DOCKER_HOST');
    assert.equal(ep.reason, 'DOCKER_HOST is set');
    await new EngineClient(ep).ping();

    const tcp = resolveEndpoint({ env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' }, homeDir: home });
    assert.deepEqual([tcp.transport, tcp.host, tcp.port, tcp.tls], ['tcp', '127.0.0.1', 2375, undefined]);
    const bare = resolveEndpoint({ env: { DOCKER_HOST: 'localhost:2375' }, homeDir: home });
    assert.equal(bare.url, 'tcp://localhost:2375');
    // The CLI's port for a tcp:// host without one is 2375, with TLS or without (opts.ParseTCPAddr).
    const tls = resolveEndpoint({ env: { DOCKER_HOST: 'tcp://10.0.0.5', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, homeDir: home });
    assert.deepEqual([tls.port, tls.tls], [2375, { verify: true, certDir: '/certs', from: 'environment' }]);
    const tlsDefaultDir = resolveEndpoint({ env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' }, homeDir: home });
    assert.equal(tlsDefaultDir.tls?.certDir, path.join(home, '.docker'));
    const pipe = resolveEndpoint({ env: { DOCKER_HOST: 'npipe:////./pipe/docker_engine_linux' }, homeDir: home });
    assert.deepEqual([pipe.transport, pipe.socketPath], ['npipe', '//./pipe/docker_engine_linux']);
    const ssh = resolveEndpoint({ env: { DOCKER_HOST: 'ssh://deploy@build-host:2222' }, homeDir: home });
    assert.deepEqual([ssh.transport, ssh.username, ssh.host, ssh.port, ssh.url], ['ssh', 'deploy', 'build-host', 2222, 'ssh://deploy@build-host:2222']);
  });

  it('the current context from config.json (DOCKER_CONFIG respected) and its meta file', async () => {
    const configDir = path.join(home, 'custom-docker-config');
    fs.mkdirSync(configDir);
    fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ auths: {}, currentContext: 'workbench-test' }));
    const metaDir = writeContext(configDir, 'workbench-test', ENGINE_URL);
    assert.equal(path.basename(metaDir), contextDirName('workbench-test'));
    assert.match(path.basename(metaDir), /^[0-9a-f]{64}$/);
    // ~/.docker says something else: DOCKER_CONFIG must be the one read.
    fs.mkdirSync(path.join(home, '.docker'));
    fs.writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'elsewhere' }));
    const ep = resolveEndpoint({ env: { DOCKER_CONFIG: configDir }, homeDir: home, platform: 'linux' });
    assert.equal(ep.source, 'context');
    assert.equal(ep.contextName, 'workbench-test');
    assert.equal(ep.socketPath, ENGINE_SOCKET);
    const r = await connectEngine({ env: { DOCKER_CONFIG: configDir }, homeDir: home, platform: 'linux' });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.client.endpoint.source, 'context');
  });

  it('~/.docker/config.json is read when DOCKER_CONFIG is unset; DOCKER_CONTEXT overrides currentContext', () => {
    const configDir = path.join(home, '.docker');
    fs.mkdirSync(configDir);
    fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ currentContext: 'a' }));
    writeContext(configDir, 'a', 'unix:///run/a.sock');
    writeContext(configDir, 'b', 'tcp://192.0.2.1:2376');
    fs.mkdirSync(path.join(configDir, 'contexts', 'tls', contextDirName('b'), 'docker'), { recursive: true });
    assert.equal(resolveEndpoint({ env: {}, homeDir: home }).socketPath, '/run/a.sock');
    const b = resolveEndpoint({ env: { DOCKER_CONTEXT: 'b' }, homeDir: home });
    assert.equal(b.contextName, 'b');
    assert.deepEqual(b.tls, { verify: true, certDir: path.join(configDir, 'contexts', 'tls', contextDirName('b'), 'docker'), from: 'context' });
  });

  it('a context named "default" or no config falls to the platform default', () => {
    const configDir = path.join(home, '.docker');
    fs.mkdirSync(configDir);
    fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ currentContext: 'default' }));
    const linux = resolveEndpoint({ env: {}, homeDir: home, platform: 'linux' });
    assert.deepEqual([linux.source, linux.url], ['default', 'unix:///var/run/docker.sock']);
    const win = resolveEndpoint({ env: {}, homeDir: path.join(home, 'no-such-home'), platform: 'win32' });
    assert.deepEqual([win.source, win.url, win.socketPath], ['default', 'npipe:////./pipe/docker_engine', '//./pipe/docker_engine']);
  });

  it('a broken winning source is an error naming it, never a silent fall-through', () => {
    const configDir = path.join(home, '.docker');
    fs.mkdirSync(configDir);
    fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ currentContext: 'gone' }));
    assert.throws(
      () => resolveEndpoint({ env: {}, homeDir: home }),
      (e: unknown) => e instanceof EngineError && e.kind === 'bad-endpoint' && /context "gone"/.test(e.message) && /docker context use/.test(e.action),
    );
    assert.throws(
      () => resolveEndpoint({ hostSetting: 'fd://', env: {}, homeDir: home }),
      (e: unknown) => e instanceof EngineError && e.kind === 'bad-endpoint' && /unsupported scheme fd/.test(e.detail) && /dockerWorkbench\.host/.test(e.action),
    );
    assert.throws(() => resolveEndpoint({ env: { DOCKER_HOST: 'unix://relative.sock' }, homeDir: home }), /no absolute socket path/);
  });

  it('connectEngine never throws: a bad endpoint comes back as a typed error', async () => {
    const r = await connectEngine({ hostSetting: 'unix:///definitely/not/here.sock', env: {}, homeDir: home });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.error.kind, 'socket-missing');
      assert.equal(r.endpointUrl, 'unix:///definitely/not/here.sock');
    }
  });
});
