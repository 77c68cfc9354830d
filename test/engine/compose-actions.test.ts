// Compose actions against the private engine with the compose that exists here (Debian's
// docker-compose 1.29; the plugin when installed): a file with its override, a profile enabled or
// not, one service up, restart, logs followed and stopped, one service taken down, and the project
// run again from the labels compose put on its containers.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listContainers, parseHostUrl, type ContainerSummary, type EngineClient } from '../../client/src/engine';
import { composeArgs, composeEnv, locateComposeTool, runCompose, type ComposeTool } from '../../client/src/engine/compose';
import { composeFileSet, composeProjectFromLabels, readComposeFilesFacts } from '../../client/src/engine/composeFiles';
import { ENGINE_URL, TEST_IMAGE, TEST_LABEL, removeTestContainers, requireEngine, tempDir, waitFor } from './support';

describe('engine: compose actions (files, override, profiles, services) with the real compose', function () {
  this.timeout(180_000);
  let c: EngineClient;
  let work: string;
  let tool: ComposeTool;
  const env = composeEnv(parseHostUrl(ENGINE_URL, 'setting', 'test'), { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' });

  const service = (name: string, extra: string[] = []) => [
    `  ${name}:`,
    `    image: ${TEST_IMAGE}`,
    '    command: ["sh", "-c", "echo hello-from-$$HOSTNAME-' + name + '; exec sleep 300"]',
    '    init: true',
    '    stop_grace_period: 1s',
    '    labels:',
    `      ${TEST_LABEL}: "1"`,
    ...extra,
  ];

  before(async () => {
    c = await requireEngine();
    work = tempDir('compose-actions');
    const found = await locateComposeTool(env);
    assert.ok(found.ok, found.ok ? '' : found.message);
    tool = found.tool;
  });
  after(async () => {
    await removeTestContainers(c);
    fs.rmSync(work, { recursive: true, force: true });
  });

  async function run(args: string[], cwd: string): Promise<string> {
    const r = runCompose(tool, args, { cwd, env });
    const exit = await r.done;
    assert.equal(exit.code, 0, `${args.join(' ')}\n${r.output()}`);
    return r.output();
  }

  it('reads the override and the profiles, brings one service up, restarts it, follows its logs, takes it down alone', async () => {
    const dir = path.join(work, 'shop');
    fs.mkdirSync(dir);
    // The base file has web and a debug-only tool; the override adds a worker in the "jobs" profile.
    fs.writeFileSync(path.join(dir, 'compose.yaml'), ['services:', ...service('web'), ...service('tool', ['    profiles: [debug]']), ''].join('\n'));
    fs.writeFileSync(path.join(dir, 'compose.override.yaml'), ['services:', ...service('worker', ['    profiles: ["jobs"]']), ''].join('\n'));
    const files = composeFileSet(path.join(dir, 'compose.yaml'));
    assert.deepEqual(files.map((f) => path.basename(f)), ['compose.yaml', 'compose.override.yaml']);
    const facts = readComposeFilesFacts(files);
    assert.deepEqual(facts.services, ['web', 'tool', 'worker']);
    assert.deepEqual(facts.profiles, ['debug', 'jobs']);

    const mine = async (): Promise<ContainerSummary[]> => (await listContainers(c, { all: true })).filter((ct) => ct.labels['com.docker.compose.project.working_dir'] === dir);
    const running = async () => (await mine()).filter((ct) => ct.state === 'running').map((ct) => ct.composeService).sort();

    // Up with the "jobs" profile: web (no profile) and worker (jobs) from the override; not tool.
    await run(composeArgs(tool, files, 'up', { profiles: ['jobs'] }), dir);
    assert.deepEqual(await running(), ['web', 'worker']);

    // One service named: tool starts although its profile is not enabled (named on the command line).
    await run(composeArgs(tool, files, 'up', { profiles: facts.serviceProfiles.tool, services: ['tool'] }), dir);
    assert.deepEqual(await running(), ['tool', 'web', 'worker']);

    // Restart of one service: a new start time for it only.
    const startedAt = async (svc: string) => {
      const ct = (await mine()).find((x) => x.composeService === svc);
      const info = await c.docker.getContainer(String(ct?.id)).inspect();
      return info.State.StartedAt;
    };
    const webStarted = await startedAt('web');
    const toolStarted = await startedAt('tool');
    await run(composeArgs(tool, files, 'restart', { services: ['web'] }), dir);
    assert.notEqual(await startedAt('web'), webStarted, 'web restarted');
    assert.equal(await startedAt('tool'), toolStarted, 'tool left alone');

    // Logs of one service, followed: its line arrives, and killing compose ends the follow.
    const logs = runCompose(tool, composeArgs(tool, files, 'logs', { services: ['worker'] }), { cwd: dir, env });
    await waitFor('the worker\'s line in compose logs', () => (/hello-from-.*-worker/.test(logs.output()) ? true : undefined), 30_000);
    assert.ok(!/hello-from-.*-web/.test(logs.output()), 'only the named service');
    logs.kill();
    const ended = await logs.done;
    assert.ok(ended.signal === 'SIGTERM' || ended.code !== null, 'the follow ended');

    // Down of one service: rm --stop --force worker; the rest stays.
    await run(composeArgs(tool, files, 'down', { services: ['worker'] }), dir);
    assert.deepEqual(await running(), ['tool', 'web']);
    assert.ok(!(await mine()).some((ct) => ct.composeService === 'worker'), 'worker removed, not only stopped');

    // The project as the Containers view sees it: its labels name the files and the working folder;
    // down on those, under the project's name, takes everything away.
    const labels = (await mine())[0].labels;
    const ref = composeProjectFromLabels(labels);
    assert.ok(ref.ok, ref.ok ? '' : ref.message);
    assert.deepEqual(ref.value.configFiles, files);
    assert.equal(ref.value.workingDir, dir);
    await run(composeArgs(tool, ref.value.configFiles, 'down', { projectName: ref.value.project }), ref.value.workingDir);
    await waitFor('the project gone', async () => ((await mine()).length === 0 ? true : undefined), 30_000);
  });
});
