// Compose's environment and arguments, and a real `up` / `down` against the private engine with
// whichever compose exists (scripts/engine-host.sh installs Debian's docker-compose when none does).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { composeArgs, composeEnv, lastLine, locateComposeTool, runCompose, type ComposeTool } from '../../client/src/engine/compose';
import { listContainers, parseHostUrl, type EngineClient, type ResolvedEndpoint } from '../../client/src/engine';
import { ENGINE_URL, TEST_IMAGE, TEST_LABEL, removeTestContainers, requireEngine, tempDir } from './support';

describe('engine: compose tool, environment and arguments', function () {
  this.timeout(120_000);

  it('points the child at the resolved endpoint, whatever the ambient environment says', () => {
    const ambient = { PATH: '/bin', DOCKER_HOST: 'unix:///elsewhere.sock', DOCKER_CONTEXT: 'remote', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/old' };
    const unix = composeEnv(parseHostUrl('unix:///run/x/docker.sock', 'setting', 'test'), ambient);
    assert.equal(unix.DOCKER_HOST, 'unix:///run/x/docker.sock');
    assert.equal(unix.PATH, '/bin');
    for (const gone of ['DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) assert.equal(unix[gone], undefined, gone);

    const tls = composeEnv(parseHostUrl('tcp://build.example:2376', 'DOCKER_HOST', 'test', { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }), {});
    assert.deepEqual([tls.DOCKER_HOST, tls.DOCKER_TLS_VERIFY, tls.DOCKER_CERT_PATH], ['tcp://build.example:2376', '1', '/certs']);

    const noVerify: ResolvedEndpoint = { ...parseHostUrl('tcp://h:2376', 'context', 'test'), tls: { verify: false, certDir: '/ctx/tls', from: 'context', unverifiedReason: 'SkipTLSVerify' } };
    const nv = composeEnv(noVerify, {});
    assert.deepEqual([nv.DOCKER_TLS_VERIFY, nv.DOCKER_TLS, nv.DOCKER_CERT_PATH], [undefined, '1', '/ctx/tls']);

    assert.equal(composeEnv(parseHostUrl('ssh://ops@build.example', 'setting', 'test'), {}).DOCKER_HOST, 'ssh://ops@build.example');
  });

  it('builds the argument arrays for the plugin and for docker-compose', () => {
    assert.deepEqual(composeArgs({ command: 'docker', prefix: ['compose'] }, '/w/a b/compose.yaml', 'up'), ['compose', '-f', '/w/a b/compose.yaml', 'up', '-d']);
    assert.deepEqual(composeArgs({ command: 'docker-compose', prefix: [] }, '/w/compose.yaml', 'down'), ['-f', '/w/compose.yaml', 'down']);
    assert.equal(lastLine('Creating x ... done\r\nERROR: no such image\n\n'), 'ERROR: no such image');
  });

  describe('against the private engine', () => {
    let c: EngineClient;
    let work: string;

    before(async () => {
      c = await requireEngine();
      work = tempDir('compose');
    });
    after(async () => {
      await removeTestContainers(c);
      fs.rmSync(work, { recursive: true, force: true });
    });

    it('finds a compose, brings a service up on the given endpoint and takes it down again', async () => {
      const env = composeEnv(parseHostUrl(ENGINE_URL, 'setting', 'test'), { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
      const tool = await composeTool(env);
      assert.ok(tool, 'no `docker compose` and no `docker-compose`: scripts/engine-host.sh install brings docker-compose');
      // Its own project name (compose takes the folder's): compose-context.test.ts brings up another.
      const dir = path.join(work, 'svc-up-down');
      fs.mkdirSync(dir);
      const file = path.join(dir, 'compose.yaml');
      const yaml = ['services:', '  app:', `    image: ${TEST_IMAGE}`, '    pull_policy: never', '    command: ["sleep", "300"]', '    init: true', '    stop_grace_period: 1s', '    labels:', `      ${TEST_LABEL}: "1"`, ''];
      fs.writeFileSync(file, yaml.join('\n'));
      const mine = async () => (await listContainers(c, { all: true })).filter((ct) => ct.labels['com.docker.compose.project.working_dir'] === dir);

      const up = runCompose(tool, composeArgs(tool, file, 'up'), { cwd: dir, env });
      const upExit = await up.done;
      assert.equal(upExit.code, 0, up.output());
      const running = await mine();
      assert.equal(running.length, 1);
      assert.equal(running[0].state, 'running');
      assert.equal(running[0].composeService, 'app');

      const down = runCompose(tool, composeArgs(tool, file, 'down'), { cwd: dir, env });
      assert.equal((await down.done).code, 0, down.output());
      assert.deepEqual(await mine(), []);
    });

    it('reports a failing compose by its exit code and output, without throwing', async () => {
      const tool = await composeTool();
      assert.ok(tool);
      const run = runCompose(tool, composeArgs(tool, path.join(work, 'missing', 'compose.yaml'), 'up'), { cwd: work, env: composeEnv(parseHostUrl(ENGINE_URL, 'setting', 'test')) });
      const exit = await run.done;
      assert.notEqual(exit.code, 0);
      assert.ok(lastLine(run.output()).length > 0, 'it said why');
    });
  });
});

/** The compose the product would run, or undefined when there is none. */
async function composeTool(env: NodeJS.ProcessEnv = process.env): Promise<ComposeTool | undefined> {
  const found = await locateComposeTool(env);
  return found.ok ? found.tool : undefined;
}
