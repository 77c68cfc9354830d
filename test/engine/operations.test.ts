// Every operation the views and commands need, against the private engine, with containers in
// several states. Images come only from the offline busybox import; nothing is pulled.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BuildError,
  EngineError,
  buildImage,
  execInContainer,
  followLogs,
  getHostPlatform,
  getImageOs,
  getInfo,
  getLogs,
  getVersion,
  groupByComposeProject,
  inspect,
  listContainers,
  listImages,
  listNetworks,
  listVolumes,
  loadImage,
  openShell,
  shellsForOs,
  pruneContainers,
  pruneImages,
  publishedPort,
  removeContainer,
  removeImage,
  restartContainer,
  runContainer,
  saveImage,
  startContainer,
  stopContainer,
  toHostContext,
  type BuildMessage,
  type EngineClient,
} from '../../client/src/engine';
import { TEST_IMAGE, TEST_LABEL, removeTestContainers, requireEngine, tempDir, uniqueName, waitFor } from './support';
import { httpGet } from '../support/http';

const labels = { [TEST_LABEL]: '1' };

describe('engine: operations on a real engine', function () {
  this.timeout(120_000);
  let c: EngineClient;
  let work: string;
  const builtTags: string[] = [];

  before(async () => {
    c = await requireEngine();
    await removeTestContainers(c);
    work = tempDir('ops');
  });
  after(async () => {
    await removeTestContainers(c);
    for (const t of builtTags) await removeImage(c, t, { force: true }).catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('info, version and the host platform of a Linux engine', async () => {
    const info = await getInfo(c);
    assert.equal(info.OSType, 'linux');
    const v = await getVersion(c);
    assert.match(v.Version, /^\d+\.\d+/);
    const p = await getHostPlatform(c);
    assert.equal(p.osType, 'linux');
    assert.equal(p.windowsBuild, undefined);
    assert.equal(p.isolation, undefined);
    assert.equal(p.dockerDesktop, false);
    assert.equal(p.apiVersion, v.ApiVersion);
    assert.ok(p.operatingSystem.length > 0);
    assert.deepEqual(toHostContext(p), { source: 'engine', engineOs: 'linux' });
  });

  it('lists containers in the created, running and exited states, with ports, networks and compose project', async () => {
    const created = await runContainer(c, { image: TEST_IMAGE, name: uniqueName('created'), cmd: ['sleep', '300'], createOnly: true, labels });
    const running = await runContainer(c, {
      image: TEST_IMAGE,
      name: uniqueName('running'),
      cmd: ['sleep', '300'],
      init: true,
      ports: ['127.0.0.1::8080'],
      labels: { ...labels, 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' },
    });
    const exited = await runContainer(c, { image: TEST_IMAGE, name: uniqueName('exited'), cmd: ['sh', '-c', 'exit 3'], labels });
    await waitFor('the exit', async () => ((await inspect(c, 'container', exited.id)).State as { Status: string }).Status === 'exited' || undefined);

    const all = await listContainers(c, { all: true });
    const byId = new Map(all.map((x) => [x.id, x]));
    assert.equal(byId.get(created.id)?.state, 'created');
    assert.equal(byId.get(running.id)?.state, 'running');
    assert.equal(byId.get(exited.id)?.state, 'exited');
    assert.match(byId.get(exited.id)?.status ?? '', /Exited \(3\)/);
    assert.equal(byId.get(created.id)?.name, created.name);
    assert.equal(byId.get(running.id)?.image, TEST_IMAGE);

    const r = byId.get(running.id);
    assert.ok(r);
    assert.equal(r.composeProject, 'shop');
    assert.equal(r.composeService, 'web');
    const port = r.ports.find((p) => p.privatePort === 8080);
    assert.ok(port && port.publicPort && port.publicPort > 0, JSON.stringify(r.ports));
    assert.equal(port.hostIp, '127.0.0.1');
    assert.equal(r.networks[0].network, 'bridge');
    assert.match(r.networks[0].ipAddress, /^\d+\.\d+\.\d+\.\d+$/);

    const runningOnly = await listContainers(c, { all: false });
    assert.ok(runningOnly.some((x) => x.id === running.id));
    assert.ok(!runningOnly.some((x) => x.id === exited.id || x.id === created.id), 'ps without -a shows running ones only');

    const groups = groupByComposeProject(all.filter((x) => x.labels[TEST_LABEL]));
    assert.deepEqual(groups.get('shop')?.map((x) => x.id), [running.id]);
    assert.ok((groups.get('') ?? []).some((x) => x.id === exited.id));
  });

  it('start, stop, restart and remove (force for a running one)', async () => {
    const ct = await runContainer(c, { image: TEST_IMAGE, name: uniqueName('life'), cmd: ['sleep', '300'], createOnly: true, labels });
    await startContainer(c, ct.id);
    assert.equal(((await inspect(c, 'container', ct.id)).State as { Running: boolean }).Running, true);
    const t0 = Date.now();
    await stopContainer(c, ct.id, { timeoutSeconds: 1 });
    assert.ok(Date.now() - t0 < 8000, 'a short stop timeout kills the SIGTERM-ignoring sleep quickly');
    assert.equal(((await inspect(c, 'container', ct.id)).State as { Status: string }).Status, 'exited');
    await stopContainer(c, ct.id, { timeoutSeconds: 1 }); // already stopped: not an error
    await restartContainer(c, ct.id, { timeoutSeconds: 1 });
    assert.equal(((await inspect(c, 'container', ct.id)).State as { Running: boolean }).Running, true);
    await assert.rejects(removeContainer(c, ct.id), (e: unknown) => e instanceof EngineError && e.kind === 'conflict');
    await removeContainer(c, ct.id, { force: true });
    await assert.rejects(inspect(c, 'container', ct.id), (e: unknown) => e instanceof EngineError && e.kind === 'not-found');
  });

  it('prune stopped containers, including the nothing-to-prune case (ContainersDeleted: null)', async () => {
    const a = await runContainer(c, { image: TEST_IMAGE, name: uniqueName('prune'), cmd: ['true'], labels });
    await waitFor('exit', async () => ((await inspect(c, 'container', a.id)).State as { Status: string }).Status === 'exited' || undefined);
    const first = await pruneContainers(c);
    assert.ok(first.deleted.includes(a.id));
    const second = await pruneContainers(c);
    assert.deepEqual(second.deleted, []);
    assert.equal(second.spaceReclaimed, 0);
  });

  it('images: tagged by default, dangling on demand, size, created, Os from inspect; prune dangling', async () => {
    const images = await listImages(c);
    const base = images.find((i) => i.repoTags.includes(TEST_IMAGE));
    assert.ok(base, 'the imported image is listed');
    assert.ok(base.size > 100_000);
    assert.ok(base.created > 1_600_000_000);
    assert.equal(base.dangling, false);
    const os = await getImageOs(c, base.id);
    assert.equal(os.os, 'linux');
    assert.equal(os.label, 'linux');
    assert.equal(os.build, undefined);

    // A dangling image: build a tag twice with different content; the first build loses its tag.
    const ctx = path.join(work, 'dangle');
    fs.mkdirSync(ctx);
    const tag = `dw-test-dangle-${process.pid}:1`;
    builtTags.push(tag);
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN echo one > /v\n`);
    const one = await buildImage(c, { contextDir: ctx, tags: [tag] });
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN echo two > /v\n`);
    await buildImage(c, { contextDir: ctx, tags: [tag] });
    const dangling = await listImages(c, { dangling: 'only' });
    assert.ok(dangling.some((i) => i.id === one.imageId || i.id.endsWith(one.imageId)), 'the first build is now dangling');
    assert.ok(dangling.every((i) => i.dangling && i.repoTags.length === 0));
    assert.ok(!(await listImages(c)).some((i) => i.id === dangling[0].id), 'hidden unless asked for');
    const pruned = await pruneImages(c);
    assert.ok(pruned.deleted.some((d) => d === one.imageId || d.endsWith(one.imageId.replace(/^sha256:/, ''))), JSON.stringify(pruned));
    assert.ok(pruned.spaceReclaimed >= 0);
    assert.equal((await listImages(c, { dangling: 'only' })).length, 0);
  });

  it('networks and volumes, and inspect of each kind', async () => {
    const nets = await listNetworks(c);
    const bridge = nets.find((n) => n.name === 'bridge');
    assert.ok(bridge);
    assert.equal(bridge.driver, 'bridge');
    assert.equal(bridge.scope, 'local');
    assert.match(bridge.subnets[0] ?? '', /^\d+\.\d+\.\d+\.\d+\/\d+$/);
    const netName = uniqueName('net');
    const vol = uniqueName('vol');
    await c.docker.createNetwork({ Name: netName, Labels: labels });
    await c.docker.createVolume({ Name: vol, Labels: labels });
    try {
      const ct = await runContainer(c, { image: TEST_IMAGE, name: uniqueName('onnet'), cmd: ['sleep', '300'], init: true, network: netName, labels });
      const listed = (await listNetworks(c)).find((n) => n.name === netName);
      assert.ok(listed);
      const fromList = (await listContainers(c)).find((x) => x.id === ct.id);
      assert.equal(fromList?.networks[0]?.network, netName);
      assert.match(fromList?.networks[0]?.ipAddress ?? '', /^\d+\.\d+\.\d+\.\d+$/);
      const v = (await listVolumes(c)).find((x) => x.name === vol);
      assert.ok(v);
      assert.equal(v.driver, 'local');
      assert.equal(v.labels[TEST_LABEL], '1');
      assert.equal((await inspect(c, 'network', netName)).Name, netName);
      assert.equal((await inspect(c, 'volume', vol)).Name, vol);
      assert.equal((await inspect(c, 'image', TEST_IMAGE)).Os, 'linux');
      assert.equal((await inspect(c, 'container', ct.id)).Id, ct.id);
      await removeContainer(c, ct.id, { force: true });
    } finally {
      await c.docker.getNetwork(netName).remove().catch(() => undefined);
      await c.docker.getVolume(vol).remove().catch(() => undefined);
    }
  });

  it('run with ports, env and name; the published port answers through docker-proxy; logs follow; exec', async () => {
    const name = uniqueName('web');
    const run = await runContainer(c, {
      image: TEST_IMAGE,
      name,
      ports: ['127.0.0.1::8080'],
      env: ['GREETING=hello from env', 'EMPTY='],
      cmd: ['sh', '-c', 'echo "$GREETING"; echo to-stderr >&2; exec httpd -f -p 8080 -h /www'],
      init: true,
      labels,
    });
    assert.equal(run.name, name);
    const env = ((await inspect(c, 'container', run.id)).Config as { Env: string[] }).Env;
    assert.ok(env.includes('GREETING=hello from env') && env.includes('EMPTY='));
    const pub = await publishedPort(c, run.id, 8080);
    assert.ok(pub && pub.hostPort > 0);
    const res = await waitFor('httpd', async () => {
      const r = await httpGet(`http://127.0.0.1:${pub.hostPort}/`);
      return r.status === 200 ? r : undefined;
    });
    assert.match(res.body, /hello from the workbench/);

    const logs = await getLogs(c, run.id);
    assert.match(logs.stdout, /hello from env/);
    assert.match(logs.stderr, /to-stderr/);

    let followed = '';
    const handle = await followLogs(c, run.id, { onData: (t) => (followed += t) });
    await execInContainer(c, run.id, ['sh', '-c', 'echo late-line > /proc/1/fd/1']);
    await waitFor('followed output', () => (/late-line/.test(followed) ? true : undefined), 10_000);
    handle.stop();
    await handle.done;

    const ex = await execInContainer(c, run.id, ['sh', '-c', 'echo out; echo err >&2; exit 7']);
    assert.deepEqual(ex, { exitCode: 7, stdout: 'out\n', stderr: 'err\n' });
  });

  it('an interactive shell (TTY exec) runs what is typed; shells follow the image OS', async () => {
    assert.deepEqual(shellsForOs('windows'), [['powershell.exe'], ['cmd.exe']]);
    assert.deepEqual(shellsForOs('linux'), [['/bin/sh'], ['/bin/bash']]);
    const run = await runContainer(c, { image: TEST_IMAGE, name: uniqueName('shell'), cmd: ['sleep', '300'], init: true, labels });
    const shell = await openShell(c, run.id, shellsForOs('linux')[0]);
    let seen = '';
    shell.stream.on('data', (d: Buffer) => (seen += d.toString('utf8')));
    await shell.resize(100, 30);
    shell.stream.write('echo $((6*7)) marker; stty size; exit\n');
    await waitFor('shell output', () => (/42 marker/.test(seen) && /30 100/.test(seen) ? true : undefined), 10_000);
    await waitFor('shell exit', () => (shell.stream.readable ? undefined : true), 10_000).catch(() => undefined);
    (shell.stream as unknown as { destroy(): void }).destroy();
  });

  it('build: .dockerignore honoured, args passed, progress streamed, tag applied', async () => {
    const ctx = path.join(work, 'app');
    fs.mkdirSync(path.join(ctx, 'secret'), { recursive: true });
    fs.mkdirSync(path.join(ctx, 'src'), { recursive: true });
    fs.writeFileSync(path.join(ctx, 'src', 'main.txt'), 'main');
    fs.writeFileSync(path.join(ctx, 'src', 'debug.log'), 'noise');
    fs.writeFileSync(path.join(ctx, 'src', 'keep.log'), 'kept by exception');
    fs.writeFileSync(path.join(ctx, 'secret', 'key'), 'do not send');
    fs.writeFileSync(path.join(ctx, '.dockerignore'), '# comment\nsecret\n**/*.log\n!src/keep.log\nDockerfile\n');
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${TEST_IMAGE}\nARG FLAVOUR=plain\nCOPY . /ctx/\nRUN echo "$FLAVOUR" > /flavour && find /ctx -type f | sort > /files\nCMD ["cat", "/files"]\n`);
    const tag = `dw-test-build-${process.pid}:latest`;
    builtTags.push(tag);
    const messages: BuildMessage[] = [];
    const result = await buildImage(c, { contextDir: ctx, tags: [tag], buildArgs: { FLAVOUR: 'spicy' }, onMessage: (m) => messages.push(m) });
    assert.match(result.imageId, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(result.tags, [tag]);
    assert.ok(messages.some((m) => m.kind === 'step' && m.step === 1 && m.total === 5));
    assert.match(result.output, /Successfully tagged/);

    const run = await runContainer(c, { image: tag, name: uniqueName('built'), labels, cmd: ['sh', '-c', 'cat /files; cat /flavour'] });
    await waitFor('exit', async () => ((await inspect(c, 'container', run.id)).State as { Status: string }).Status === 'exited' || undefined);
    const out = (await getLogs(c, run.id)).stdout.trim().split('\n');
    // secret/ and the .log files stayed home, except the one a `!` line brought back. The Dockerfile
    // is sent (the builder must read it) and the daemon then drops it because .dockerignore names
    // it, exactly as with `docker build`.
    assert.deepEqual(out, ['/ctx/.dockerignore', '/ctx/src/keep.log', '/ctx/src/main.txt', 'spicy']);
  });

  it('build failure points at the Dockerfile line of the failing step', async () => {
    const ctx = path.join(work, 'broken');
    fs.mkdirSync(ctx);
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), `# a comment\nFROM ${TEST_IMAGE}\n\nRUN echo fine\nRUN echo step3 && \\\n    exit 3\nRUN echo never\n`);
    const err = await buildImage(c, { contextDir: ctx, tags: [`dw-test-broken-${process.pid}`] }).then(
      () => assert.fail('the build should fail'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof BuildError, String(err));
    assert.equal(err.kind, 'build-failed');
    assert.match(err.builderMessage, /returned a non-zero code: 3/);
    assert.deepEqual(err.location && { line: err.location.line, via: err.location.via }, { line: 4, via: 'step' });
    assert.match(err.message, /at Dockerfile line 5/);
  });

  it('build failure from a Dockerfile the engine cannot parse names the line', async () => {
    const ctx = path.join(work, 'unparsable');
    fs.mkdirSync(ctx);
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN true\nBOGUS instruction\n`);
    const err = await buildImage(c, { contextDir: ctx, tags: [`dw-test-unparsable-${process.pid}`] }).then(
      () => assert.fail('the build should fail'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof BuildError, String(err));
    assert.match(err.builderMessage, /unknown instruction: BOGUS/i);
    assert.equal(err.location?.line, 2);
    assert.equal(err.location?.via, 'message');
  });

  it('a build can be cancelled', async () => {
    const ctx = path.join(work, 'slow');
    fs.mkdirSync(ctx);
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN sleep 30\n`);
    const controller = new AbortController();
    const started = Date.now();
    const p = buildImage(c, {
      contextDir: ctx,
      tags: [`dw-test-cancel-${process.pid}`],
      noCache: true,
      signal: controller.signal,
      onMessage: (m) => {
        if (m.kind === 'step' && m.step === 2) setTimeout(() => controller.abort(), 300);
      },
    });
    await assert.rejects(p, (e: unknown) => e instanceof EngineError && e.kind === 'cancelled');
    assert.ok(Date.now() - started < 20_000, 'cancel returned before the 30 s step finished');
  });

  it('save an image to a file and load it back', async () => {
    const file = path.join(work, 'image.tar');
    let progress = 0;
    const saved = await saveImage(c, [TEST_IMAGE], file, { onProgress: (b) => (progress = b) });
    assert.ok(saved.bytes > 100_000);
    assert.equal(progress, saved.bytes);
    assert.equal(fs.statSync(file).size, saved.bytes);
    const loaded = await loadImage(c, file);
    assert.deepEqual(loaded.loaded, [TEST_IMAGE]);
    await assert.rejects(loadImage(c, path.join(work, 'missing.tar')), (e: unknown) => e instanceof EngineError && e.kind === 'bad-request' && /docker save/.test(e.action));
  });
});
