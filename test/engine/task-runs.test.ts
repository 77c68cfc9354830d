// What the task types run, against the private engine: a run that is not detached shows the
// container's output and ends with its exit code; a cancel stops the container; volumes bind a
// host folder; a build with labels and a target. And on the recorded Windows engines (the only
// stand-in here for a Windows host), the isolation docker-run picks from the image's OsVersion.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineClient, buildImage, getHostPlatform, inspect, parseHostUrl, removeImage, runContainer } from '../../client/src/engine';
import { runAttached, type AttachedRun } from '../../client/src/engine/runAttached';
import { runIsolationFor } from '../../client/src/engine/runIsolation';
import { relay } from './relay';
import { TEST_IMAGE, TEST_LABEL, removeTestContainers, requireEngine, tempDir, uniqueName, waitFor } from './support';
import { load, replay } from './windows-replay';

const labels = { [TEST_LABEL]: '1' };

describe('engine: what the tasks run', function () {
  this.timeout(120_000);
  let c: EngineClient;
  let work: string;
  const images: string[] = [];

  before(async () => {
    c = await requireEngine();
    work = tempDir('tasks');
  });
  after(async () => {
    await removeTestContainers(c);
    for (const img of images) await removeImage(c, img, { force: true }).catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('an attached run streams stdout and stderr and ends with the exit code; with remove the container is gone', async () => {
    let out = '';
    const name = uniqueName('attached');
    const r = await runAttached(c, { image: TEST_IMAGE, name, cmd: ['sh', '-c', 'echo to-stdout; echo to-stderr >&2; exit 3'], labels, autoRemove: true }, { onOutput: (t) => (out += t) });
    assert.equal(r.exitCode, 3);
    assert.equal(r.stopped, false);
    assert.equal(r.name, name);
    assert.match(out, /to-stdout/);
    assert.match(out, /to-stderr/);
    await waitFor('the --rm container removed', async () => (await inspect(c, 'container', r.id).then(() => undefined, () => true)), 15_000);
  });

  it('the wait for the exit is registered with the engine before the start goes out (a container that exits at once)', async () => {
    // The byte relay holds the wait request on its way, as a busy engine that has not taken it in
    // yet. Sent together with the start (as before), the start ran first, the container exited at
    // once, and the wait for the next exit then never ended: the run hung.
    const r = await relay(work);
    try {
      const viaRelay = new EngineClient(parseHostUrl(`unix://${r.socketPath}`, 'setting', 'relay to the test engine'));
      r.holdUp = /^POST \S*\/containers\/[0-9a-f]{12,}\/wait\b/;
      const name = uniqueName('quick-exit');
      let result: AttachedRun | Error | undefined;
      void runAttached(viaRelay, { image: TEST_IMAGE, name, cmd: ['sh', '-c', 'exit 5'], labels }, { onOutput: () => undefined }).then(
        (v) => (result = v),
        (e: Error) => (result = e),
      );
      await waitFor('the wait request, held', () => (r.heldUp() > 0 ? true : undefined));
      const startSent = (): boolean => r.log.some((l) => /^> POST \S*\/containers\/[0-9a-f]+\/start\b/.test(l));
      // A start sent now goes out at once; none in a second means none is coming before the wait's answer.
      const early = await waitFor('a start while the wait is held', () => (startSent() ? true : undefined), 1000, 20).catch(() => false);
      // Then the container exits before the engine sees the wait: the race, played out.
      if (early) await waitFor('the quick container to exit', async () => ((await inspect(c, 'container', name)).State as { Status: string }).Status === 'exited' || undefined);
      r.releaseUp();
      const done = await waitFor('runAttached to return', () => result, 20_000);
      assert.ok(!(done instanceof Error), String(done));
      assert.equal(done.exitCode, 5);
      const waitAnswered = r.log.findIndex((l) => /^< POST \S*\/wait\b/.test(l));
      const start = r.log.findIndex((l) => /^> POST \S*\/start\b/.test(l));
      assert.ok(waitAnswered >= 0 && start > waitAnswered, `the start only after the engine answered the wait:\n${r.log.join('\n')}`);
    } finally {
      r.releaseUp();
      await r.close();
    }
  });

  it('a cancel stops the container it started (the task terminated)', async () => {
    const controller = new AbortController();
    let out = '';
    const results: Array<{ exitCode: number; stopped: boolean }> = [];
    const started = new Promise<string>((resolve) => {
      void runAttached(
        c,
        { image: TEST_IMAGE, name: uniqueName('cancel'), cmd: ['sh', '-c', 'echo running; exec sleep 300'], labels, init: true },
        { signal: controller.signal, stopTimeoutSeconds: 1, onOutput: (t) => (out += t), onStarted: (id) => resolve(id) },
      ).then((r) => results.push(r));
    });
    const id = await started;
    await waitFor('the first line', () => (out.includes('running') ? true : undefined));
    controller.abort();
    await waitFor('runAttached to return', () => results[0], 20_000);
    assert.equal(results[0].stopped, true);
    const info = await inspect(c, 'container', id);
    assert.equal((info.State as { Running: boolean }).Running, false, 'the container is stopped');
  });

  it('a start that fails removes the container it created', async () => {
    const name = uniqueName('nostart');
    await assert.rejects(runAttached(c, { image: TEST_IMAGE, name, cmd: ['/no/such/program'], labels }, { onOutput: () => undefined }));
    await assert.rejects(inspect(c, 'container', name), 'nothing left behind as "created"');
  });

  it('volumes bind a host folder (docker run -v SOURCE:TARGET:ro)', async () => {
    const dir = path.join(work, 'vol');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'hello.txt'), 'from the host\n');
    let out = '';
    const r = await runAttached(c, { image: TEST_IMAGE, cmd: ['cat', '/mnt/in/hello.txt'], volumes: [`${dir}:/mnt/in:ro`], labels, autoRemove: true }, { onOutput: (t) => (out += t) });
    assert.equal(r.exitCode, 0, out);
    assert.match(out, /from the host/);
    await assert.rejects(runContainer(c, { image: TEST_IMAGE, volumes: ['relative:/x:bogus'], labels }), /unknown option/);
  });

  it('a build passes target and labels', async () => {
    const dir = path.join(work, 'build');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${TEST_IMAGE} AS base\nRUN echo base > /stage\nFROM base AS final\nRUN echo final > /stage\n`);
    const tag = `dw-task-target:${process.pid}`;
    images.push(tag);
    const built = await buildImage(c, { contextDir: dir, tags: [tag], target: 'base', labels: { 'dev.docker-workbench.task': 'yes' } });
    const info = await inspect(c, 'image', built.imageId);
    assert.equal((info.Config as { Labels: Record<string, string> }).Labels['dev.docker-workbench.task'], 'yes');
    let out = '';
    await runAttached(c, { image: tag, cmd: ['cat', '/stage'], labels, autoRemove: true }, { onOutput: (t) => (out += t) });
    assert.equal(out.trim(), 'base', 'the target stage, not the last one');
  });
});

describe('engine: docker-run isolation on recorded Windows engines', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('win-iso');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('Windows 11 (22631): process for a Server 2022 image, Hyper-V for a 2019 one', async () => {
    const r = await replay(load('windows-11-desktop.json'), dir);
    try {
      const c = new EngineClient(parseHostUrl(r.url, 'setting', 'recorded'));
      const host = await getHostPlatform(c);
      const ltsc2022 = await runIsolationFor(c, host, 'mcr.microsoft.com/windows/servercore:ltsc2022');
      assert.ok(ltsc2022.ok);
      assert.equal(ltsc2022.isolation, 'process');
      const aspnet1809 = await runIsolationFor(c, host, 'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-1809');
      assert.ok(aspnet1809.ok);
      assert.equal(aspnet1809.isolation, 'hyperv');
      assert.ok(r.requests.includes('GET /images/mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-1809/json'), r.requests.join(', '));
    } finally {
      await r.close();
    }
  });

  it('Windows Server 2019 (17763): process for its own build; a Server 2022 image refused before anything is created', async () => {
    const rec = load('windows-server-2019.json');
    // The Server 2022 servercore image as the Windows 11 recording has it, present on this host too.
    const win11 = load('windows-11-desktop.json');
    const ltsc2022 = win11.images.find((i) => i.RepoTags.includes('mcr.microsoft.com/windows/servercore:ltsc2022'));
    assert.ok(ltsc2022);
    rec.images.push(ltsc2022);
    rec.imageInspect[ltsc2022.Id] = win11.imageInspect[ltsc2022.Id];
    const r = await replay(rec, dir);
    try {
      const c = new EngineClient(parseHostUrl(r.url, 'setting', 'recorded'));
      const host = await getHostPlatform(c);
      const own = await runIsolationFor(c, host, 'mcr.microsoft.com/windows/servercore:ltsc2019');
      assert.ok(own.ok);
      assert.equal(own.isolation, 'process');
      const newer = await runIsolationFor(c, host, 'mcr.microsoft.com/windows/servercore:ltsc2022');
      assert.ok(!newer.ok);
      assert.match(newer.message, /cannot run on this host \(build 17763, Windows Server 2019 \(1809\)\) under either isolation/);
      // Only reads: the recording answers no write, and none was tried.
      assert.ok(r.requests.every((q) => q.startsWith('GET ')), r.requests.join(', '));
    } finally {
      await r.close();
    }
  });
});
