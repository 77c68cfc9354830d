// Load Image's cancel against the private engine. Between the client and the engine sits a
// transparent byte counter on a unix socket (a stand-in only in that it observes: every byte goes
// to the real engine and back unchanged), so the test can cancel once archive bytes have reached
// the engine's side and then see whether the upload went on. Before the fix the call said
// "cancelled" at once while the whole archive was still sent and the engine loaded it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineClient, EngineError, listImages, loadImage, parseHostUrl, removeImage, saveImage } from '../../client/src/engine';
import { relay } from './relay';
import { TEST_IMAGE, requireEngine, tempDir, waitFor } from './support';

describe('engine: Load Image cancel stops the upload', function () {
  this.timeout(120_000);
  let c: EngineClient;
  let work: string;
  let tar: string;
  let size: number;
  const tag = `dw-loadcancel-${process.pid}-${Math.floor(Math.random() * 1e6)}:t`;

  before(async () => {
    c = await requireEngine();
    work = tempDir('load-cancel');
    // The offline image under a tag of its own, saved under that tag only, then the tag removed:
    // the image stays (its own tag holds it), and the unique tag is back only if a load happens.
    await c.call(() => c.docker.getImage(TEST_IMAGE).tag({ repo: tag.split(':')[0], tag: 't' }));
    tar = path.join(work, 'image.tar');
    size = (await saveImage(c, [tag], tar)).bytes;
    await removeImage(c, tag);
    assert.ok(!(await listImages(c)).some((i) => i.repoTags.includes(tag)), 'the unique tag is gone before the load');
    assert.ok(size > 4 * 65536, `the archive (${size} bytes) takes several 64 KiB chunks`);
  });
  after(async () => {
    await removeImage(c, tag).catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('cancelled once archive bytes reached the engine: rejects as cancelled, sends no more, and the engine loads nothing', async () => {
    const r = await relay(work);
    const viaRelay = new EngineClient(parseHostUrl(`unix://${r.socketPath}`, 'setting', 'relay to the test engine'));
    const controller = new AbortController();
    // Past the request's headers and a first 64 KiB chunk of the archive: the upload has begun.
    r.onUp = (n) => {
      if (n > 65536 && !controller.signal.aborted) controller.abort();
    };
    let progress = 0;
    try {
      await assert.rejects(
        loadImage(viaRelay, tar, { signal: controller.signal, onProgress: (sent) => (progress = sent) }),
        (e: unknown) => e instanceof EngineError && e.kind === 'cancelled' && /Loading the image was cancelled/.test(e.message),
      );
      assert.ok(progress > 0 && progress < size, `read ${progress} of ${size} bytes before the cancel took`);
      // The call settled after the request was torn down: the connection closes without an
      // answer from the engine (which answers a load only once it has the whole archive).
      await waitFor('the load connection to close, or the engine to answer', () => (r.closed() > 0 || r.down() > 0 ? true : undefined), 20_000, 20);
      assert.equal(r.down(), 0, 'the engine never answered: it did not get the whole archive');
      assert.ok(r.up() < size, `${r.up()} bytes went to the engine, less than the ${size}-byte archive`);
      assert.ok(!(await listImages(c)).some((i) => i.repoTags.includes(tag)), `${tag} was not loaded`);
    } finally {
      await r.close();
    }
  });

  it('the same archive loads in full when not cancelled (the relay passes everything)', async () => {
    const r = await relay(work);
    try {
      const viaRelay = new EngineClient(parseHostUrl(`unix://${r.socketPath}`, 'setting', 'relay to the test engine'));
      const loaded = await loadImage(viaRelay, tar);
      assert.deepEqual(loaded.loaded, [tag]);
      assert.ok(r.up() > size, 'the whole archive went through');
      await removeImage(c, tag);
    } finally {
      await r.close();
    }
  });

  it('an already cancelled signal sends nothing; a folder is refused before anything is sent', async () => {
    const r = await relay(work);
    try {
      const viaRelay = new EngineClient(parseHostUrl(`unix://${r.socketPath}`, 'setting', 'relay to the test engine'));
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(loadImage(viaRelay, tar, { signal: controller.signal }), (e: unknown) => e instanceof EngineError && e.kind === 'cancelled');
      await assert.rejects(loadImage(viaRelay, work), (e: unknown) => e instanceof EngineError && e.kind === 'bad-request' && e.message.includes(work));
      assert.equal(r.up(), 0);
    } finally {
      await r.close();
    }
  });
});

describe('engine: Save Image cancel', function () {
  this.timeout(120_000);
  let work: string;

  before(async () => {
    await requireEngine();
    work = tempDir('save-cancel');
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('cancelled before the engine answers: the request is aborted, not left waiting', async () => {
    const r = await relay(work);
    r.hold = true;
    try {
      const viaRelay = new EngineClient(parseHostUrl(`unix://${r.socketPath}`, 'setting', 'relay to the test engine'));
      const controller = new AbortController();
      const file = path.join(work, 'early.tar');
      const saving = saveImage(viaRelay, [TEST_IMAGE], file, { signal: controller.signal });
      await waitFor('the save request to reach the engine', () => (r.up() > 0 ? true : undefined), 10_000, 20);
      controller.abort();
      await assert.rejects(saving, (e: unknown) => e instanceof EngineError && e.kind === 'cancelled');
      await waitFor('the save connection to close', () => (r.closed() > 0 ? true : undefined), 10_000, 20);
      assert.equal(fs.existsSync(file), false);
    } finally {
      r.release();
      await r.close();
    }
  });

  it('cancelled while the archive streams in: the partial file goes and the connection closes', async () => {
    const r = await relay(work);
    try {
      const viaRelay = new EngineClient(parseHostUrl(`unix://${r.socketPath}`, 'setting', 'relay to the test engine'));
      const controller = new AbortController();
      const file = path.join(work, 'partial.tar');
      await assert.rejects(
        saveImage(viaRelay, [TEST_IMAGE], file, { signal: controller.signal, onProgress: (b) => b > 65536 && controller.abort() }),
        (e: unknown) => e instanceof EngineError && e.kind === 'cancelled',
      );
      assert.equal(fs.existsSync(file), false, 'the partial file is removed');
      await waitFor('the save connection to close', () => (r.closed() > 0 ? true : undefined), 10_000, 20);
    } finally {
      await r.close();
    }
  });
});
