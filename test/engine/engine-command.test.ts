// `docker-workbench engine` and `lint --engine --host/--context` as real processes (dist/cli.js
// loading dist/engine.js) against the private engine: its unix socket, its TLS listener, contexts
// made by `docker context create`, and the recorded Windows engine for the Windows facts.
import * as assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EngineFailure, EngineReport } from '../../server/src/cli/engine';
import { makeCa } from './certs';
import { ENGINE_TLS_CLIENT_DIR, ENGINE_URL, REPO_ROOT, engineClient, engineTlsPort, requireEngine, tempDir } from './support';
import { load, replay } from './windows-replay';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI with exactly this environment (plus PATH and HOME): nothing of the test runner's leaks in. */
function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), ...args], { env: { PATH: process.env.PATH, NO_COLOR: '1', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

function json<T>(text: string): T {
  return JSON.parse(text) as T;
}

describe('engine: docker-workbench engine on the command line', function () {
  this.timeout(180_000);
  let dir: string;
  let home: string;
  let port: number;
  let version: { Version: string; ApiVersion: string };
  const tlsUrl = (): string => `tcp://127.0.0.1:${port}`;

  before(async () => {
    await requireEngine();
    port = engineTlsPort();
    execFileSync(process.execPath, ['scripts/build.mjs', 'cli', 'engine'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 120_000 });
    version = await engineClient().docker.version();
    dir = tempDir('engine-cli');
    home = path.join(dir, 'home');
    fs.mkdirSync(home);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--host unix://...: the private engine, text and JSON, chosen by the command line', async () => {
    const text = await cli(['engine', '--host', ENGINE_URL], { HOME: home, DOCKER_HOST: 'unix:///nowhere.sock' });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^Endpoint +${ENGINE_URL.replace(/[/.]/g, '\\$&')}$`, 'm'));
    assert.match(text.stdout, /^Chosen by +the command line: the --host option is given$/m);
    assert.match(text.stdout, /^OS +linux: /m);
    assert.match(text.stdout, new RegExp(`^Engine +${version.Version.replace(/[.+]/g, '\\$&')}, API ${version.ApiVersion.replace('.', '\\.')}`, 'm'));
    assert.doesNotMatch(text.stdout, /^TLS/m, 'a socket has no TLS line');

    const r = await cli(['engine', '-H', ENGINE_URL, '--format', 'json'], { HOME: home });
    assert.equal(r.code, 0, r.stderr);
    const report = json<EngineReport>(r.stdout);
    assert.deepEqual(report.endpoint, { url: ENGINE_URL, source: 'flag', reason: 'the --host option is given', transport: 'unix', context: null, note: null });
    assert.equal(report.formatVersion, 1);
    assert.equal(report.tls, null);
    assert.deepEqual([report.engine.osType, report.engine.engineVersion, report.engine.apiVersion, report.engine.windows, report.engine.isolation], ['linux', version.Version, version.ApiVersion, null, null]);
  });

  it('no flag: DOCKER_HOST wins, then the current context; --context picks a context regardless of the current one', async () => {
    const viaEnv = json<EngineReport>((await cli(['engine', '--format', 'json'], { HOME: home, DOCKER_HOST: ENGINE_URL })).stdout);
    assert.deepEqual([viaEnv.endpoint.source, viaEnv.endpoint.reason], ['DOCKER_HOST', 'DOCKER_HOST is set']);

    const config = path.join(dir, 'config');
    fs.mkdirSync(config);
    const docker = (args: string[]): void => {
      const r = spawnSync(fs.existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker', args, { env: { PATH: process.env.PATH, DOCKER_CONFIG: config }, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    const tls = ENGINE_TLS_CLIENT_DIR;
    docker(['context', 'create', 'wb-local', '--docker', `host=${ENGINE_URL}`]);
    docker(['context', 'create', 'wb-tls', '--docker', `host=${tlsUrl()},ca=${tls}/ca.pem,cert=${tls}/cert.pem,key=${tls}/key.pem`]);
    docker(['context', 'use', 'wb-local']);

    const current = json<EngineReport>((await cli(['engine', '--format', 'json'], { HOME: home, DOCKER_CONFIG: config })).stdout);
    assert.deepEqual([current.endpoint.source, current.endpoint.context, current.endpoint.reason], ['context', 'wb-local', 'docker context "wb-local" (currentContext in config.json)']);

    const r = await cli(['engine', '--context', 'wb-tls'], { HOME: home, DOCKER_CONFIG: config });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Endpoint +tcp://127\\.0\\.0\\.1:${port}$`, 'm'));
    assert.match(r.stdout, /^Chosen by +a docker context: docker context "wb-tls" \(--context\)$/m);
    assert.match(r.stdout, /^TLS +verified \(.*contexts\/tls\/[0-9a-f]{64}\/docker\)$/m);

    const missing = await cli(['engine', '--context', 'nope'], { HOME: home, DOCKER_CONFIG: config });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /The docker context "nope" \(from --context\) has no readable meta file/);
    assert.match(missing.stderr, /fix: +Give --context the name of an existing context \(docker context ls lists them/);
  });

  it('the TLS listener: verified, explicitly unverified (said loudly), and each failure on stderr with exit 2', async () => {
    const verified = await cli(['engine', '--host', tlsUrl(), '--format', 'json'], { HOME: home, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: ENGINE_TLS_CLIENT_DIR });
    assert.equal(verified.code, 0, verified.stderr);
    assert.deepEqual(json<EngineReport>(verified.stdout).tls, { enabled: true, verified: true, certDir: ENGINE_TLS_CLIENT_DIR, unverifiedReason: null });

    const otherCa = makeCa(path.join(dir, 'other-ca'), 'Another CA');
    const wrong = path.join(dir, 'wrong-ca');
    fs.mkdirSync(wrong);
    fs.copyFileSync(otherCa.cert, path.join(wrong, 'ca.pem'));
    for (const f of ['cert.pem', 'key.pem']) fs.copyFileSync(path.join(ENGINE_TLS_CLIENT_DIR, f), path.join(wrong, f));

    const unverified = await cli(['engine'], { HOME: home, DOCKER_HOST: tlsUrl(), DOCKER_TLS: '1', DOCKER_CERT_PATH: wrong });
    assert.equal(unverified.code, 0, unverified.stderr);
    assert.match(unverified.stdout, /^TLS +NOT VERIFIED: DOCKER_TLS is set without DOCKER_TLS_VERIFY/m);

    const refused = await cli(['engine'], { HOME: home, DOCKER_HOST: tlsUrl(), DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: wrong });
    assert.equal(refused.code, 2);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, new RegExp(`^docker-workbench: cannot use the engine at tcp://127\\.0\\.0\\.1:${port} \\(chosen by DOCKER_HOST\\)$`, 'm'));
    assert.match(refused.stderr, /^ {2}kind: +tls \(unknown-ca\)$/m);
    assert.match(refused.stderr, new RegExp(`^ {2}fix: +Put the certificate of the CA that signed the engine's certificate in ${wrong.replace(/[/.]/g, '\\$&')}/ca\\.pem`, 'm'));

    const plain = await cli(['engine', '--host', tlsUrl(), '--format', 'json'], { HOME: home });
    assert.equal(plain.code, 2);
    const failure = json<{ error: EngineFailure }>(plain.stderr).error;
    assert.deepEqual([failure.kind, failure.tlsProblem, failure.endpoint, failure.source], ['tls', 'plain-http', tlsUrl(), 'flag']);
    assert.match(failure.fix, /DOCKER_TLS_VERIFY=1/);
  });

  it('a recorded Windows Server 2019 engine: OS, build and release, default isolation; lint --engine --host judges against it', async () => {
    const r = await replay(load('windows-server-2019.json'), dir);
    try {
      const text = await cli(['engine', '--host', r.url], { HOME: home });
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /^OS +windows: /m);
      assert.match(text.stdout, /^Windows +build 17763\.5329, Windows Server 2019 \(1809\) \(Server\)$/m);
      assert.match(text.stdout, /^Isolation +process \(the default for containers\)$/m);
      const report = json<EngineReport>((await cli(['engine', '--host', r.url, '--format', 'json'], { HOME: home })).stdout);
      assert.deepEqual(report.engine.windows, { build: 17763, revision: 5329, release: 'Windows Server 2019 (1809)', server: true });
      assert.equal(report.engine.isolation, 'process');

      // An ltsc2022 image cannot run with process isolation on this 2019 host: the facts came from --host.
      const file = path.join(dir, 'Dockerfile');
      fs.writeFileSync(file, 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo hi\n');
      const lint = await cli(['lint', '--engine', '--host', r.url, '--format', 'json', file], { HOME: home, DOCKER_HOST: ENGINE_URL });
      const rules = json<Array<{ rule: string; message: string }>>(lint.stdout).map((f) => f.rule);
      assert.ok(rules.includes('windows-host-mismatch'), `${rules.join(', ')}\n${lint.stderr}`);
      // Without --host, DOCKER_HOST's Linux engine answers instead.
      const viaEnv = await cli(['lint', '--engine', '--format', 'json', file], { HOME: home, DOCKER_HOST: ENGINE_URL });
      const linuxRules = json<Array<{ rule: string }>>(viaEnv.stdout).map((f) => f.rule);
      assert.ok(linuxRules.includes('windows-image-linux-engine') && !linuxRules.includes('windows-host-mismatch'), linuxRules.join(', '));
    } finally {
      await r.close();
    }
  });

  it('lint --engine --host at the TLS listener without TLS settings fails with the typed error, exit 2', async () => {
    const file = path.join(dir, 'Dockerfile.plain');
    fs.writeFileSync(file, 'FROM busybox\n');
    const r = await cli(['lint', '--engine', '--host', tlsUrl(), file], { HOME: home });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--engine: The engine at tcp:\/\/127\.0\.0\.1:\d+ speaks only TLS, and the connection was plain HTTP/);
  });
});
