// Keeps the server's heap near what it really holds. Every version of a large document is a new
// model (the instruction objects an edit did not touch are shared, the arrays over them are not),
// so editing a 50k-line file leaves megabytes of dead models per keystroke; they live long enough
// to be promoted, and V8 lets the old generation grow to several times the live data before it
// collects it (a 50k-line file held about 60 MB and the process reached 340-460 MB). After each
// piece of work the server asks how large the heap is and, once it passes 1.5 times what was live
// after the last full collection (and a floor no small file reaches), collects it then, between
// messages, concurrently. Small files never pay; at 50k lines the bench's peak falls from 447-461 to
// 226-236 MB (theirs 255), and the requests there take a few milliseconds more (semantic tokens
// after a change 17 -> 20-26 ms, a change to its diagnostics 82 -> 88-110 ms; `npm run bench -- lsp`).
// DOCKER_WORKBENCH_NO_HEAP_GUARD=1 in the server's environment turns it off, to compare.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Below this much heap in use nothing is collected on purpose (a 10k-line file stays below). */
const FLOOR_BYTES = 64 * 1024 * 1024;
const FACTOR = 1.5;

export class HeapGuard {
  private readonly gc: (() => unknown) | undefined;
  private live = 0;
  /** Collections made (for the tests). */
  collections = 0;

  constructor(
    private readonly floor = FLOOR_BYTES,
    private readonly used: () => number = () => getHeapStatistics().used_heap_size,
  ) {
    this.gc = exposeGc();
  }

  /**
   * Starts a collection when the heap has grown past the limit; true when it did. The collection
   * is V8's concurrent one: marked on another thread while the server goes on, a short pause at the
   * end (a blocking one took 30-45 ms at 50k lines). The promise settles when it is done.
   */
  check(): boolean {
    if (this.gc === undefined || this.running !== undefined) return false;
    const used = this.used();
    if (used < this.floor || used < FACTOR * this.live) return false;
    this.collections++;
    this.live = used;
    this.running = Promise.resolve(this.gc())
      .catch(() => undefined)
      .then(() => {
        this.live = this.used();
        this.running = undefined;
      });
    return true;
  }

  /** Settles when the collection started last is done (at once when none runs). */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private running: Promise<void> | undefined;
}

/**
 * V8's own full collection, concurrent, without starting Node with --expose-gc. (A V8 that takes
 * no options collects at once; the promise is then already done.)
 */
function exposeGc(): (() => unknown) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    if (typeof gc !== 'function') return undefined;
    return () => (gc as (options: object) => unknown)({ type: 'major', execution: 'async' });
  } catch {
    return undefined;
  }
}
