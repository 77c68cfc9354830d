// Build Image cancelled while its context is being sent: the request stops, and the context's
// packer is torn down too, so the file it was reading is closed at once (before, the packer sat
// suspended with that file open until garbage collection). The byte relay in front of the private
// engine shows how far the upload got; /proc/self/fd shows which files this process holds open.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineClient, EngineError, buildImage, parseHostUrl, removeImage } from '../../client/src/engine';
import { relay } from './relay';
import { TEST_IMAGE, requireEngine, tempDir, waitFor } from './support';

function holdsOpen(file: string): boolean {
  return fs.readdirSync('/proc/self/fd').some((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  });
}

describe('engine: a build cancelled during the context upload', function () {
  this.timeout(120_000);
  let work: string;
  const tag = `dw-buildcancel-${process.pid}:t`;

  before(async () => {
    await requireEngine();
    work = tempDir('build-cancel');
  });
  after(async () => {
    await removeImage(await requireEngine(), tag, { force: true }).catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('stops sending and closes the file the packer was reading', async () => {
    const ctx = path.join(work, 'ctx');
    fs.mkdirSync(ctx);
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${TEST_IMAGE}\nCOPY big.bin /big.bin\n`);
    const big = path.join(ctx, 'big.bin');
    const size = 32 * 1024 * 1024;
    fs.writeFileSync(big, Buffer.alloc(size, 7));
    const r = await relay(work);
    try {
      const viaRelay = new EngineClient(parseHostUrl(`unix://${r.socketPath}`, 'setting', 'relay to the test engine'));
      const controller = new AbortController();
      // Well into big.bin: the packer has it open and is reading it.
      r.onUp = (n) => {
        if (n > 2 * 1024 * 1024 && !controller.signal.aborted) controller.abort();
      };
      await assert.rejects(buildImage(viaRelay, { contextDir: ctx, tags: [tag], signal: controller.signal }), (e: unknown) => e instanceof EngineError && e.kind === 'cancelled');
      await waitFor('big.bin to be closed', () => (holdsOpen(big) ? undefined : true), 5_000, 20);
      assert.ok(r.up() < size, `${r.up()} bytes sent of a ${size}-byte file`);
    } finally {
      await r.close();
    }
  });
});
