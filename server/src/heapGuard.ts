// Keeps the server's heap near what it really holds. Every version of a large document is a new
// model (the instruction objects an edit did not touch are shared, the arrays over them are not),
// so editing a 50k-line file leaves megabytes of dead models per keystroke; they live long enough
// to be promoted, and V8 lets the old generation grow to several times the live data before it
// collects it (a 50k-line file held about 60 MB and the process reached 340-460 MB). After each
// piece of work the server asks how large the heap is and, once it passes 1.5 times what was live
// after the last full collection (and a floor no small file reaches), collects it then, between
// messages. Small files never pay; at 50k lines a collection takes tens of milliseconds every few
// edits (`npm run bench -- lsp` at 50k: peak 461 -> 231 MB; a change to its diagnostics 74 -> 114 ms).
// DOCKER_WORKBENCH_NO_HEAP_GUARD=1 in the server's environment turns it off, to compare.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Below this much heap in use nothing is collected on purpose (a 10k-line file stays below). */
const FLOOR_BYTES = 64 * 1024 * 1024;
const FACTOR = 1.5;

export class HeapGuard {
  private readonly gc: (() => void) | undefined;
  private live = 0;
  /** Collections made (for the tests). */
  collections = 0;

  constructor(
    private readonly floor = FLOOR_BYTES,
    private readonly used: () => number = () => getHeapStatistics().used_heap_size,
  ) {
    this.gc = exposeGc();
  }

  /** Collects when the heap has grown past the limit; true when it did. */
  check(): boolean {
    if (this.gc === undefined) return false;
    const used = this.used();
    if (used < this.floor || used < FACTOR * this.live) return false;
    this.gc();
    this.collections++;
    this.live = this.used();
    return true;
  }
}

/** V8's own full collection, without starting Node with --expose-gc. */
function exposeGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}
