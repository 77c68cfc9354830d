// An engine that accepts GET /events and closes it at once. The private engine cannot be made to do
// that, so a stand-in does (test/support/fake-engine.ts: a small HTTP server on a unix socket that
// answers like a Linux engine and misbehaves on purpose). Before the fix every drop started the
// backoff again from its first step: about 80 re-subscriptions in 20 s, for ever. Counted here,
// not timed: the schedule is short and the assertions are on the attempts and delays made.
import * as assert from 'node:assert/strict';
import { PassThrough, type Readable } from 'node:stream';
import { EngineClient, EngineEventStream, JsonLineDecoder, createEventStream, parseHostUrl, type EngineEvent, type StateChange } from '../../client/src/engine';
import { LineSplitter } from '../../client/src/engine/lines';
import { startFakeEngine, type FakeEngine } from '../support/fake-engine';
import { waitFor } from './support';

describe('engine: an engine that drops /events', function () {
  this.timeout(60_000);
  let fake: FakeEngine | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('backs off with a cap and gives up, with an error that says the engine keeps closing the stream', async () => {
    fake = await startFakeEngine('drop');
    const client = new EngineClient(parseHostUrl(fake.url, 'setting', 'fake engine'));
    await client.connect({ timeoutMs: 5000 });
    const stream = createEventStream(client, { initialMs: 1, maxMs: 8, maxAttempts: 6, resetAfterMs: 30_000 });
    const changes: StateChange[] = [];
    stream.onStateChange((c) => changes.push(c));
    try {
      assert.equal(await stream.start(), true, 'the engine does accept the subscription');
      const f = fake;
      // Bounded by count: the old code never gives up, so stop looking after 40 subscriptions.
      await waitFor('giving up, or 40 subscriptions', () => (stream.state === 'disconnected' || f.count('/events') >= 40 ? true : undefined), 20_000, 5);
      const retries = changes.filter((c) => c.state === 'reconnecting');
      console.log(`      /events subscriptions: ${f.count('/events')}, reconnect attempts: ${retries.length}, final state: ${stream.state}`);
      assert.equal(stream.state, 'disconnected', `still trying after ${f.count('/events')} subscriptions`);
      assert.deepEqual(retries.map((c) => c.attempt), [1, 2, 3, 4, 5, 6], 'each early drop continues the count');
      assert.deepEqual(retries.map((c) => c.delayMs), [1, 2, 4, 8, 8, 8], 'exponential, capped');
      assert.equal(f.count('/events'), 7, 'the first subscription and six retries, then no more');
      const last = changes.at(-1);
      assert.equal(last?.state, 'disconnected');
      assert.equal(last?.error?.kind, 'connection-lost');
      assert.match(last?.error?.message ?? '', /accepts the events subscription and then closes it at once \(7 times in a row\)/);
      assert.ok(last?.error?.isConnectionError, 'offered Retry like any dead endpoint');
      // Nothing more happens once given up.
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(f.count('/events'), 7);

      // Retry (the view's button) starts from the first step again.
      f.events = 'stay';
      assert.equal(await stream.reconnect(), true);
      assert.equal(stream.state, 'connected');
    } finally {
      stream.stop();
    }
  });

  it('starts the backoff over only after the stream stayed up for resetAfterMs', async () => {
    fake = await startFakeEngine('stay');
    const client = new EngineClient(parseHostUrl(fake.url, 'setting', 'fake engine'));
    let clock = 1_000_000;
    const stream = createEventStream(client, { initialMs: 1, maxMs: 4, maxAttempts: 50, resetAfterMs: 1000 }, () => clock);
    const attempts: number[] = [];
    stream.onStateChange((c) => c.state === 'reconnecting' && attempts.push(c.attempt ?? 0));
    const f = fake;
    const dropAfter = async (upForMs: number): Promise<void> => {
      const before = f.count('/events');
      clock += upForMs;
      f.dropOpenStreams();
      await waitFor('subscribed again', () => (f.count('/events') > before && stream.state === 'connected' ? true : undefined), 10_000, 5);
    };
    try {
      assert.equal(await stream.start(), true);
      await waitFor('the stream held open', () => (f.count('/events') === 1 ? true : undefined), 5000, 5);
      await dropAfter(10); // up 10 ms: an early drop
      await dropAfter(10);
      await dropAfter(999);
      await dropAfter(1000); // up a full second: the next loss starts from the first step
      await dropAfter(10);
      assert.deepEqual(attempts, [1, 2, 3, 1, 2]);
    } finally {
      stream.stop();
    }
  });

  it('drops an endless /events line from a broken engine and still delivers the events after it', async () => {
    const streams: PassThrough[] = [];
    const es = new EngineEventStream(
      async () => {
        const s = new PassThrough();
        streams.push(s);
        return s as Readable;
      },
      { url: 'unix:///fake.sock' },
      { initialMs: 10, maxMs: 10, maxAttempts: 2 },
    );
    const got: EngineEvent[] = [];
    es.onEvent((e) => got.push(e));
    await es.start();
    const junk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 40; i++) streams[0].write(junk); // 2.5 MB without a newline
    streams[0].write(`\n${JSON.stringify({ Type: 'container', Action: 'start', Actor: { ID: 'after-junk' }, timeNano: 5 })}\n`);
    await waitFor('the event after the junk', () => (got.length === 1 ? true : undefined), 5000, 5);
    assert.equal(got[0].id, 'after-junk');
    es.stop();
  });

  it('splits lines in one pass and drops (and notes) a line over the limit', () => {
    const s = new LineSplitter(10);
    assert.deepEqual(s.push('ab\ncd'), ['ab']);
    assert.deepEqual(s.push('ef\n0123456'), ['cdef']);
    assert.deepEqual(s.push('789abc'), [], 'over the limit: skipped to its end, not kept');
    assert.deepEqual(s.push('def\nok\n'), ['ok']);
    assert.equal(s.droppedLines, 1);
    assert.deepEqual(s.end(), []);

    const d = new JsonLineDecoder(100);
    const out = d.push(`${'y'.repeat(300)}\n{"stream":"next\\n"}\n`);
    assert.deepEqual(out[0], { stream: 'next\n' });
    assert.match(String((out[1] as { stream: string }).stream), /a message of more than 100 bytes from the engine was not read/);
    // A character split between chunks is decoded whole.
    const euro = Buffer.from('{"stream":"€"}\n');
    assert.deepEqual([...d.push(euro.subarray(0, 12)), ...d.push(euro.subarray(12))], [{ stream: '€' }]);
  });
});
