// The one /events subscription: typed events for create/start/stop/destroy from the real engine,
// the engine stopped mid-session (reconnecting, typed errors) and restarted (recovery), and the
// backoff's bounds and cancellation.
import * as assert from 'node:assert/strict';
import { PassThrough, type Readable } from 'node:stream';
import {
  EngineError,
  EngineEventStream,
  backoffDelay,
  createEventStream,
  listContainers,
  parseEngineEvent,
  removeContainer,
  runContainer,
  stopContainer,
  type EngineClient,
  type EngineEvent,
  type StateChange,
} from '../../client/src/engine';
import { ENGINE_URL, TEST_IMAGE, TEST_LABEL, engineScript, removeTestContainers, requireEngine, uniqueName, untilEventsFlow, waitFor } from './support';

const labels = { [TEST_LABEL]: '1' };

describe('engine: events', function () {
  this.timeout(120_000);
  let c: EngineClient;
  before(async () => {
    c = await requireEngine();
  });
  after(async () => {
    await removeTestContainers(c).catch(() => undefined);
  });

  it('delivers typed container events for create, start, stop and destroy', async () => {
    const stream = createEventStream(c);
    const seen: EngineEvent[] = [];
    stream.onEvent((e) => seen.push(e));
    try {
      assert.equal(await stream.start(), true);
      assert.equal(stream.state, 'connected');
      // Connected is not yet subscribed on the engine's side: a create right now could go unsent.
      await untilEventsFlow(c, stream);
      const name = uniqueName('ev');
      const run = await runContainer(c, { image: TEST_IMAGE, name, cmd: ['sleep', '300'], labels });
      await stopContainer(c, run.id, { timeoutSeconds: 1 });
      await removeContainer(c, run.id);
      const mine = (): string[] => seen.filter((e) => e.type === 'container' && e.id === run.id).map((e) => e.verb);
      await waitFor('destroy', () => (mine().includes('destroy') ? true : undefined), 10_000);
      const verbs = mine();
      for (const v of ['create', 'start', 'kill', 'die', 'stop', 'destroy']) assert.ok(verbs.includes(v), `${v} in ${verbs.join(',')}`);
      assert.ok(verbs.indexOf('create') < verbs.indexOf('start') && verbs.indexOf('start') < verbs.indexOf('stop') && verbs.indexOf('stop') < verbs.indexOf('destroy'));
      const create = seen.find((e) => e.id === run.id && e.verb === 'create');
      assert.equal(create?.name, name);
      assert.equal(create?.attributes.image, TEST_IMAGE);
      assert.ok((create?.timeNano ?? 0) > 1e18);
    } finally {
      stream.stop();
    }
    assert.equal(stream.state, 'disconnected');
  });

  it('the engine stopped mid-session: reconnecting with a typed error, then recovery after a restart', async () => {
    const stream = createEventStream(c, { initialMs: 200, maxMs: 1000, maxAttempts: 120 });
    const changes: StateChange[] = [];
    const seen: EngineEvent[] = [];
    stream.onStateChange((s) => changes.push(s));
    stream.onEvent((e) => seen.push(e));
    try {
      assert.equal(await stream.start(), true);
      const stopped = engineScript('stop');
      assert.equal(stopped.status, 0, stopped.output);
      await waitFor('reconnecting', () => (stream.state === 'reconnecting' ? true : undefined), 20_000);
      const lost = changes.find((s) => s.state === 'reconnecting');
      assert.ok(lost?.error instanceof EngineError);
      assert.equal(lost.previous, 'connected');
      assert.equal(lost.attempt, 1);
      // Meanwhile, operations fail with a typed connection error that names the endpoint.
      await assert.rejects(listContainers(c), (e: unknown) => e instanceof EngineError && e.isConnectionError && ['socket-missing', 'not-running'].includes(e.kind) && e.endpoint === ENGINE_URL);

      const started = engineScript('start');
      assert.equal(started.status, 0, started.output);
      await waitFor('connected again', () => (stream.state === 'connected' ? true : undefined), 30_000);
      const attempts = changes.filter((s) => s.state === 'reconnecting').map((s) => s.attempt ?? 0);
      assert.ok(attempts.length >= 1 && attempts.every((a, i) => a === i + 1), `attempts counted up: ${attempts.join(',')}`);
      assert.equal(changes[changes.length - 1].state, 'connected');

      // Events flow again on the new subscription.
      const run = await runContainer(c, { image: TEST_IMAGE, name: uniqueName('after'), cmd: ['true'], createOnly: true, labels });
      await waitFor('create after restart', () => (seen.some((e) => e.id === run.id && e.verb === 'create') ? true : undefined), 10_000);
      await removeContainer(c, run.id, { force: true });
    } finally {
      stream.stop();
      // Leave the engine up for the other tests whatever happened.
      engineScript('start');
    }
  });

  it('backoff doubles up to its cap, gives up after maxAttempts, and stop() cancels a pending retry', async () => {
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelay(n, { initialMs: 100, maxMs: 500, maxAttempts: 9 })), [100, 200, 400, 500, 500]);
    let opens = 0;
    const failing = new EngineEventStream(
      async () => {
        opens++;
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      },
      { url: 'unix:///nowhere.sock' },
      { initialMs: 10, maxMs: 20, maxAttempts: 3 },
    );
    const states: StateChange[] = [];
    failing.onStateChange((s) => states.push(s));
    assert.equal(await failing.start(), false);
    await waitFor('gave up', () => (failing.state === 'disconnected' ? true : undefined), 5000, 10);
    assert.equal(opens, 4, 'one first try and three retries');
    assert.deepEqual(states.map((s) => s.state), ['reconnecting', 'reconnecting', 'reconnecting', 'disconnected']);
    assert.equal(states[3].error?.kind, 'not-running');

    opens = 0;
    const slow = new EngineEventStream(
      async () => {
        opens++;
        throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      },
      { url: 'unix:///nowhere.sock' },
      { initialMs: 300, maxMs: 300, maxAttempts: 50 },
    );
    await slow.start();
    assert.equal(slow.state, 'reconnecting');
    slow.stop();
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(opens, 1, 'no attempt after stop()');
    assert.equal(slow.state, 'disconnected');
  });

  it('splits JSON lines across chunks, drops replayed duplicates, and survives a throwing listener', async () => {
    const streams: PassThrough[] = [];
    const es = new EngineEventStream(
      async () => {
        const s = new PassThrough();
        streams.push(s);
        return s as Readable;
      },
      { url: 'unix:///fake.sock' },
      { initialMs: 10, maxMs: 10, maxAttempts: 5 },
    );
    const got: string[] = [];
    es.onEvent(() => {
      throw new Error('listener bug');
    });
    es.onEvent((e) => got.push(`${e.verb}:${e.id}`));
    await es.start();
    const ev = (action: string, id: string, t: number): string => JSON.stringify({ Type: 'container', Action: action, Actor: { ID: id, Attributes: { name: 'n' } }, time: Math.floor(t / 1e9), timeNano: t }) + '\n';
    const line = ev('start', 'a', 1_700_000_000_000_000_000) + ev('die', 'a', 1_700_000_001_000_000_000);
    streams[0].write(line.slice(0, 17));
    streams[0].write(line.slice(17));
    await waitFor('two events', () => (got.length === 2 ? true : undefined), 2000, 5);
    streams[0].end();
    await waitFor('reconnected', () => (streams.length === 2 && es.state === 'connected' ? true : undefined), 2000, 5);
    // The engine replays from `since`: the event already delivered must not come twice.
    streams[1].write(ev('die', 'a', 1_700_000_001_000_000_000) + ev('destroy', 'a', 1_700_000_002_000_000_000));
    await waitFor('destroy', () => (got.includes('destroy:a') ? true : undefined), 2000, 5);
    assert.deepEqual(got, ['start:a', 'die:a', 'destroy:a']);
    es.stop();
    assert.equal(parseEngineEvent({ status: 'x' }), undefined);
    assert.equal(parseEngineEvent({ Type: 'container', Action: 'exec_start: sh -c ls', Actor: { ID: 'z' }, timeNano: 5 })?.verb, 'exec_start');
  });
});
