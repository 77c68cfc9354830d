// Compose pointed at a docker context (composeTarget): the real docker-compose v1 (Debian's 1.29.2,
// which scripts/engine-host.sh installs) against the private engine's TLS listener, with contexts
// made by `docker context create` in a temporary DOCKER_CONFIG; and the docker CLI itself standing
// in for the compose plugin's reading of the environment it is given (the plugin reads DOCKER_CONTEXT
// and the TLS variables through the same CLI code; no plugin is installed here).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { composeArgs, composeEnv, composeTarget, runCompose, type ComposeTool } from '../../client/src/engine/compose';
import { EngineClient, listContainers, resolveEndpoint, type ResolvedEndpoint } from '../../client/src/engine';
import { ENGINE_TLS_CLIENT_DIR, TEST_IMAGE, TEST_LABEL, engineTlsPort, removeTestContainers, requireEngine, tempDir } from './support';

const DOCKER = fs.existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
const V1: ComposeTool = { command: '/usr/bin/docker-compose', prefix: [] };
const PLUGIN: ComposeTool = { command: DOCKER, prefix: ['compose'] };

describe('engine: compose pointed at a docker context (TLS listener, docker-compose v1)', function () {
  this.timeout(180_000);
  let c: EngineClient;
  let dir: string;
  let base: NodeJS.ProcessEnv;
  let project: string;
  let file: string;

  const docker = (args: string[], env: NodeJS.ProcessEnv) => spawnSync(DOCKER, args, { env, encoding: 'utf8', timeout: 60_000 });
  // Chosen over the ambient DOCKER_HOST, as the extension's per-window choice or --context is.
  const endpoint = (context: string, env: NodeJS.ProcessEnv = base): ResolvedEndpoint => resolveEndpoint({ contextFlag: context, env, homeDir: String(base.HOME) });
  const mine = async () => (await listContainers(c, { all: true })).filter((ct) => ct.labels['com.docker.compose.project.working_dir'] === project);

  async function upAndDown(tool: ComposeTool, target: { env: NodeJS.ProcessEnv; globalArgs: string[] }): Promise<void> {
    const up = runCompose(tool, composeArgs(tool, file, 'up', { global: target.globalArgs }), { cwd: project, env: target.env });
    assert.equal((await up.done).code, 0, up.output());
    const running = await mine();
    assert.deepEqual(running.map((ct) => ct.state), ['running'], 'compose started the service on the private engine');
    const down = runCompose(tool, composeArgs(tool, file, 'down', { global: target.globalArgs }), { cwd: project, env: target.env });
    assert.equal((await down.done).code, 0, down.output());
    assert.deepEqual(await mine(), []);
  }

  before(async function () {
    c = await requireEngine();
    assert.ok(fs.existsSync(V1.command), `${V1.command} is missing: scripts/engine-host.sh install brings Debian's docker-compose`);
    dir = tempDir('compose-ctx');
    const home = path.join(dir, 'home');
    fs.mkdirSync(home);
    // The ambient DOCKER_HOST points nowhere: only the context may lead compose to the engine.
    base = { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: path.join(dir, 'config'), DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
    const port = engineTlsPort();
    const files = (names: string[]) => names.map((n) => `${n}=${path.join(ENGINE_TLS_CLIENT_DIR, `${n}.pem`)}`).join(',');
    const cliEnv = { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: base.DOCKER_CONFIG };
    for (const [name, spec] of [
      ['tls-full', `host=tcp://127.0.0.1:${port},${files(['ca', 'cert', 'key'])}`],
      // A client certificate and no ca.pem, not verified: the extension connects (and says so).
      ['tls-no-ca', `host=tcp://127.0.0.1:${port},${files(['cert', 'key'])},skip-tls-verify=true`],
    ]) {
      const r = docker(['context', 'create', name, '--docker', spec], cliEnv);
      assert.equal(r.status, 0, r.stderr);
    }
    // `docker context use` writes config.json, beside which docker-compose v1 looks for contexts.
    assert.equal(docker(['context', 'use', 'tls-full'], cliEnv).status, 0);
    // Its own project name (compose takes the folder's): compose.test.ts brings up another.
    project = path.join(dir, 'svc-context');
    fs.mkdirSync(project);
    file = path.join(project, 'compose.yaml');
    fs.writeFileSync(file, ['services:', '  app:', `    image: ${TEST_IMAGE}`, '    pull_policy: never', '    command: ["sleep", "300"]', '    init: true', '    stop_grace_period: 1s', '    labels:', `      ${TEST_LABEL}: "1"`, ''].join('\n'));
  });
  after(async () => {
    if (c) await removeTestContainers(c);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a context with ca, cert and key: docker-compose v1 gets --context and reads it itself (verified TLS)', async () => {
    const ep = endpoint('tls-full');
    assert.equal(ep.tls?.verify, true);
    await new EngineClient(ep).connect();
    const target = composeTarget(V1, ep, base);
    assert.deepEqual([target.route, target.globalArgs, target.how], ['context', ['--context', 'tls-full'], '--context tls-full']);
    for (const gone of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_TLS', 'DOCKER_CERT_PATH']) assert.equal(target.env[gone], undefined, gone);
    assert.equal(target.env.DOCKER_CONFIG, base.DOCKER_CONFIG);
    await upAndDown(V1, target);
  });

  it('a context without ca.pem, not verified: the extension connects, docker-compose v1 cannot by any route, and composeTarget says so before running it', async () => {
    const ep = endpoint('tls-no-ca');
    assert.deepEqual([ep.tls?.verify, ep.url], [false, `tcp://127.0.0.1:${engineTlsPort()}`]);
    await new EngineClient(ep).connect();
    const target = composeTarget(V1, ep, base);
    assert.equal(target.route, 'host');
    assert.match(target.how, /docker-compose v1 cannot read the context "tls-no-ca" itself: it uses a context's TLS only with ca\.pem, cert\.pem and key\.pem all present/);
    assert.match(target.problem ?? '', /^docker-compose v1 \(\/usr\/bin\/docker-compose\) cannot reach tcp:\/\/127\.0\.0\.1:\d+: the connection does not verify its certificate .*plain HTTP.*Install the Docker Compose plugin/);
    // What the problem stands for, with the real v1: the variables (DOCKER_TLS + DOCKER_CERT_PATH) and
    // --context both end in plain HTTP to the TLS listener.
    for (const [how, env, global] of [
      ['variables', target.env, []],
      ['--context', { ...base, DOCKER_HOST: undefined }, ['--context', 'tls-no-ca']],
    ] as const) {
      const run = runCompose(V1, composeArgs(V1, file, 'up', { global }), { cwd: project, env });
      assert.notEqual((await run.done).code, 0, `${how}: ${run.output()}`);
      assert.match(run.output(), /Client sent an HTTP request to an HTTPS server/, how);
    }
    assert.deepEqual(await mine(), []);
    // Verified with its ca.pem the same engine is reachable the same way (the first test runs it).
    assert.equal(composeTarget(V1, endpoint('tls-full'), base).problem, undefined);
  });

  it('the plugin gets DOCKER_CONTEXT: the docker CLI reads the context without ca.pem, which DOCKER_HOST and the TLS variables could not give it', () => {
    const ep = endpoint('tls-no-ca');
    const target = composeTarget(PLUGIN, ep, base);
    assert.deepEqual([target.route, target.globalArgs, target.env.DOCKER_CONTEXT, target.env.DOCKER_HOST], ['context', [], 'tls-no-ca', undefined]);
    const viaContext = docker(['ps', '-a', '--format', '{{.ID}}'], target.env);
    assert.equal(viaContext.status, 0, viaContext.stderr);
    // The environment the extension handed compose before: the CLI insists on ca.pem and refuses.
    const viaVariables = docker(['ps', '-a'], composeEnv(ep, base));
    assert.notEqual(viaVariables.status, 0);
    assert.match(viaVariables.stderr, /ca\.pem/);
  });

  it('no config.json beside the contexts: v1 would look elsewhere, so it gets DOCKER_HOST', () => {
    const bare = { ...base, DOCKER_CONFIG: path.join(dir, 'config-without-json') };
    fs.cpSync(String(base.DOCKER_CONFIG), String(bare.DOCKER_CONFIG), { recursive: true });
    fs.rmSync(path.join(String(bare.DOCKER_CONFIG), 'config.json'));
    const ep = endpoint('tls-full', bare);
    const target = composeTarget(V1, ep, bare);
    assert.equal(target.route, 'host');
    assert.match(target.how, /it finds contexts only beside a config\.json/);
    assert.deepEqual([target.env.DOCKER_HOST, target.env.DOCKER_TLS_VERIFY, target.env.DOCKER_CERT_PATH], [ep.url, '1', ep.tls?.certDir]);
  });
});
