// Output kept in memory stays bounded and keeps its tail: a build on the private engine that prints
// more than a JavaScript string can hold (before: an uncaught RangeError, reported as "connection
// lost"), a command in a real container and a real child process under runCompose that each print
// three times what is kept; plus the tail itself and the log stream's demultiplexer, which passes a
// frame on as it arrives instead of collecting it (a header may announce 4 GiB).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OUTPUT_TAIL_LIMIT, StreamDemuxer, TextTail, buildImage, execInContainer, removeImage, runContainer, type EngineClient } from '../../client/src/engine';
import { runCompose } from '../../client/src/engine/compose';
import { TEST_IMAGE, TEST_LABEL, removeTestContainers, requireEngine, tempDir, uniqueName } from './support';

const NOTE = /^… \d+\.\d MB of earlier output not kept …\n/;

describe('engine: bounded output', function () {
  this.timeout(180_000);

  describe('the tail', () => {
    it('keeps the last `limit` characters and says how much came before', () => {
      const t = new TextTail({ limit: 10 });
      t.append('abc');
      assert.equal(t.text(), 'abc', 'nothing dropped, no note');
      t.append('defghijkl');
      t.append('mn');
      assert.equal(t.dropped, 4);
      assert.equal(t.total, 14);
      assert.equal(t.text(), '… 4 bytes of earlier output not kept …\nefghijklmn');
      t.append('x'.repeat(25) + 'END');
      assert.equal(t.text().split('\n')[1], 'xxxxxxxEND');
      assert.equal(t.take().endsWith('xxxxxxxEND'), true);
      assert.equal(t.text(), '', 'take() empties it');

      const crlf = new TextTail({ limit: 4, eol: '\r\n' });
      crlf.append('12345');
      assert.equal(crlf.text(), '… 1 byte of earlier output not kept …\r\n2345');
      // A cut through a surrogate pair does not leave half a character at the start.
      const emoji = new TextTail({ limit: 3 });
      emoji.append('a😀bc');
      assert.equal(emoji.text().split('\n')[1], 'bc');
    });

    it('takes a million one-character chunks in linear time and memory', () => {
      const t = new TextTail({ limit: 1000 });
      for (let i = 0; i < 1_000_000; i++) t.append(String(i % 10));
      const body = t.text().split('\n')[1];
      assert.equal(body.length, 1000);
      assert.equal(body.slice(-10), '0123456789');
      assert.equal(t.dropped, 999_000);
    });
  });

  describe('the log stream demultiplexer', () => {
    it('passes a frame on in pieces as it arrives, headers split across chunks included', () => {
      const got: Array<[string, string]> = [];
      const d = new StreamDemuxer((s, data) => got.push([s, data.toString('latin1')]));
      const frame = (kind: number, payload: string): Buffer => {
        const h = Buffer.alloc(8);
        h[0] = kind;
        h.writeUInt32BE(payload.length, 4);
        return Buffer.concat([h, Buffer.from(payload, 'latin1')]);
      };
      const both = Buffer.concat([frame(1, 'out'), frame(2, 'err!'), frame(1, '')]);
      for (let i = 0; i < both.length; i += 3) d.push(both.subarray(i, i + 3));
      assert.deepEqual(got.map(([s]) => s).filter((s, i, all) => s !== all[i - 1]), ['stdout', 'stderr']);
      assert.equal(got.filter(([s]) => s === 'stdout').map(([, t]) => t).join(''), 'out');
      assert.equal(got.filter(([s]) => s === 'stderr').map(([, t]) => t).join(''), 'err!');

      // A header announcing 1 GiB: what has come so far is delivered, nothing is held back.
      got.length = 0;
      const huge = Buffer.alloc(8);
      huge[0] = 1;
      huge.writeUInt32BE(2 ** 30, 4);
      d.push(huge);
      d.push(Buffer.alloc(1024 * 1024, 0x79));
      assert.equal(got.reduce((n, [, t]) => n + t.length, 0), 1024 * 1024);
    });
  });

  describe('against the private engine', () => {
    let c: EngineClient;
    let work: string;
    const images: string[] = [];
    before(async () => {
      c = await requireEngine();
      work = tempDir('bounded');
    });
    after(async () => {
      await removeTestContainers(c).catch(() => undefined);
      for (const img of images) await removeImage(c, img, { force: true }).catch(() => undefined);
      fs.rmSync(work, { recursive: true, force: true });
    });

    it('a build printing 560 MB (more than a string can hold) keeps the tail and succeeds', async () => {
      const ctx = path.join(work, 'big-build');
      fs.mkdirSync(ctx);
      // No newline in 560 MB of 'y': the builder sends it in many messages, none of them long.
      fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN head -c 560000000 /dev/zero | tr '\\0' y; echo; echo END-OF-BIG-BUILD\n`);
      const tag = `dw-test-big-build-${process.pid}:latest`;
      images.push(tag);
      let received = 0;
      const result = await buildImage(c, { contextDir: ctx, tags: [tag], noCache: true, onMessage: (m) => (received += m.kind === 'output' ? m.text.length : 0) });
      assert.ok(received > 560_000_000, `all of it streamed to the listener (${received})`);
      assert.ok(result.output.length <= OUTPUT_TAIL_LIMIT + 100, `${result.output.length} characters kept`);
      assert.match(result.output, /^… 5\d\d\.\d MB of earlier output not kept …\n/);
      assert.match(result.output, /y\nEND-OF-BIG-BUILD\n[\s\S]*Successfully tagged /);
      assert.match(result.imageId, /^(sha256:)?[0-9a-f]{12,64}$/);
    });

    it('a command in a container printing 2.7 MB on each stream: the result keeps the tail of each stream', async () => {
      const run = await runContainer(c, { image: TEST_IMAGE, name: uniqueName('chatty'), cmd: ['sleep', '300'], init: true, labels: { [TEST_LABEL]: '1' } });
      const r = await execInContainer(c, run.id, ['sh', '-c', 'yes out-line | head -n 300000; echo END-OUT; yes err-line | head -n 300000 >&2; echo END-ERR >&2']);
      assert.equal(r.exitCode, 0);
      for (const [text, last] of [
        [r.stdout, 'END-OUT'],
        [r.stderr, 'END-ERR'],
      ] as const) {
        assert.ok(text.length <= OUTPUT_TAIL_LIMIT + 100, `${text.length} characters kept`);
        assert.match(text, NOTE);
        assert.ok(text.endsWith(`-line\n${last}\n`), `the tail: ${JSON.stringify(text.slice(-40))}`);
      }
    });

    it('runCompose keeps the tail of what its process prints, and of what waited for a listener', async () => {
      // A real child process through runCompose's pipes: 1.3 MB on stdout, then 1.3 MB on stderr
      // ending with the marker (last on the pipe that is written last).
      const script = "const b='compose-line\\n'.repeat(100000);process.stdout.write(b,()=>process.stderr.write(b+'END-OF-COMPOSE\\n'))";
      const run = runCompose({ command: process.execPath, prefix: [] }, ['-e', script], { cwd: work, env: process.env });
      const exit = await run.done;
      assert.equal(exit.code, 0);
      const out = run.output();
      assert.ok(out.length <= OUTPUT_TAIL_LIMIT + 100, `${out.length} characters kept`);
      assert.match(out, NOTE);
      assert.ok(out.endsWith('compose-line\nEND-OF-COMPOSE\n'), JSON.stringify(out.slice(-40)));
      // No listener was attached while it ran (a terminal not yet open): what waited is bounded too.
      let held = '';
      run.onOutput((t) => (held += t));
      assert.ok(held.length <= OUTPUT_TAIL_LIMIT + 100, `${held.length} characters held`);
      assert.match(held, NOTE);
      assert.ok(held.endsWith('END-OF-COMPOSE\n'));
    });
  });
});
