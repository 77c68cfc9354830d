// A run that fails after the engine created its container removes that container, and only it:
// a start the engine refuses (a command the image lacks, a host port already taken), and a
// create-only run whose read-back after create is cut off (the relay drops that one request).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { EngineClient, EngineError, listContainers, parseHostUrl, runContainer } from '../../client/src/engine';
import { relay } from './relay';
import { TEST_IMAGE, TEST_LABEL, removeTestContainers, requireEngine, tempDir, uniqueName } from './support';

const labels = { [TEST_LABEL]: '1' };

describe('engine: a failed run leaves no container behind', function () {
  this.timeout(120_000);
  let c: EngineClient;
  let work: string;
  let bystander: string;

  before(async () => {
    c = await requireEngine();
    await removeTestContainers(c);
    work = tempDir('run-cleanup');
    // Another container of the same image and label, created and never started: it must stay.
    bystander = (await runContainer(c, { image: TEST_IMAGE, name: uniqueName('bystander'), cmd: ['sleep', '300'], createOnly: true, labels })).id;
  });
  after(async () => {
    await removeTestContainers(c);
    fs.rmSync(work, { recursive: true, force: true });
  });

  async function names(): Promise<string[]> {
    return (await listContainers(c, { all: true })).filter((ct) => ct.labels[TEST_LABEL]).map((ct) => ct.name);
  }

  it('a start the engine refuses: a command the image lacks', async () => {
    const name = uniqueName('badcmd');
    await assert.rejects(runContainer(c, { image: TEST_IMAGE, name, cmd: ['/no/such/program'], labels }), (e: unknown) => e instanceof EngineError && /no such file|not found/i.test(e.message));
    assert.ok(!(await names()).includes(name), `${name} was removed`);
    assert.ok((await listContainers(c, { all: true })).some((ct) => ct.id === bystander), 'the other container stays');
  });

  it('a start the engine refuses: the host port is taken', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const port = (taken.address() as net.AddressInfo).port;
    const name = uniqueName('porttaken');
    try {
      await assert.rejects(runContainer(c, { image: TEST_IMAGE, name, cmd: ['sleep', '300'], ports: [`127.0.0.1:${port}:80`], labels }), (e: unknown) => e instanceof EngineError && /address already in use|already allocated/i.test(e.message));
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
    assert.ok(!(await names()).includes(name), `${name} was removed`);
    assert.ok((await listContainers(c, { all: true })).some((ct) => ct.id === bystander), 'the other container stays');
  });

  it('create-only: the read-back after create is cut off, and the created container goes', async () => {
    const r = await relay(work);
    try {
      const viaRelay = new EngineClient(parseHostUrl(`unix://${r.socketPath}`, 'setting', 'relay to the test engine'));
      r.drop = /^GET \/(v[\d.]+\/)?containers\/[0-9a-f]{12,}\/json/;
      const name = uniqueName('lostinspect');
      await assert.rejects(runContainer(viaRelay, { image: TEST_IMAGE, name, cmd: ['sleep', '300'], createOnly: true, labels }), (e: unknown) => e instanceof EngineError && e.kind === 'connection-lost');
      assert.ok(!(await names()).includes(name), `${name} was removed`);
      assert.ok((await listContainers(c, { all: true })).some((ct) => ct.id === bystander), 'the other container stays');
    } finally {
      await r.close();
    }
  });
});
