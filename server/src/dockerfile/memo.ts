// Values several rules derive from the same model or instruction, computed once per lint and kept
// on the object itself, so they die with it.
//
// Not a WeakMap: V8's scavenger treats a long-lived WeakMap's entries as roots until the next full
// collection, so every model linted since then (and all it points to) was copied and promoted at
// each minor GC. Measured on the bench's 1k-line file: 3.2 ms per lint with five module-level
// WeakMaps, 2.1 ms with the values kept on the objects (scavenges 4-5 ms each, then about 1 ms).
//
// Every value sits in one box per object, under the MEMOS key that the model literal and the
// instruction class declare from the start. A slot of its own per value, added in whatever order
// the features first ask, made a new hidden class for each order: code V8 had optimised for the
// models and instructions of one order was thrown away at the first object of another.

export const MEMOS: unique symbol = Symbol('memos');

/** What an object that keeps memo values holds (declared from the start, see above). */
export interface HoldsMemos {
  [MEMOS]?: Record<symbol, unknown>;
}

/** The object's box of memo values, made on first use. */
export function memoBox(holder: object): Record<symbol, unknown> {
  const h = holder as HoldsMemos;
  return (h[MEMOS] ??= {});
}

/** A slot on objects of type K holding a V derived from them, computed on first use. */
export class Memo<K extends object, V> {
  private readonly slot: symbol;

  constructor(name: string) {
    this.slot = Symbol(name);
  }

  get(key: K, compute: (key: K) => V): V {
    const box = memoBox(key);
    let value = box[this.slot] as V | undefined;
    if (value === undefined) box[this.slot] = value = compute(key);
    return value;
  }
}
