// The server's heap guard (server/src/heapGuard.ts): it collects only past the floor and past 1.5 times
// what the last collection left, and its collection is V8's own, made without --expose-gc.
import * as assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import { HeapGuard } from '../../server/src/heapGuard';

describe('heap guard', function () {
  it('collects only when the heap passes the floor and its factor over what was live', async () => {
    let used = 10;
    const guard = new HeapGuard(100, () => used);
    assert.equal(guard.check(), false, 'below the floor');
    used = 150;
    assert.equal(guard.check(), true, 'past the floor with nothing collected before');
    assert.equal(guard.check(), false, 'one collection at a time');
    await guard.settled();
    // Live after that collection: 150 (the stand-in does not shrink), so the next is at 225.
    used = 200;
    assert.equal(guard.check(), false, 'under 1.5x what the last collection left');
    used = 230;
    assert.equal(guard.check(), true, 'past 1.5x');
    await guard.settled();
    assert.equal(guard.collections, 2);
  });

  it('frees garbage with a real full collection', async () => {
    const guard = new HeapGuard(0, () => getHeapStatistics().used_heap_size);
    let garbage: unknown[] | undefined = Array.from({ length: 200_000 }, (_, i) => ({ i, text: `item ${i}` }));
    const before = getHeapStatistics().used_heap_size;
    assert.ok((garbage as unknown[]).length === 200_000);
    garbage = undefined;
    assert.equal(guard.check(), true);
    await guard.settled();
    const after = getHeapStatistics().used_heap_size;
    assert.ok(after < before - 5 * 1024 * 1024, `used ${before} -> ${after} bytes`);
  });
});
