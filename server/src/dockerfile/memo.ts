// Values several rules derive from the same model or instruction, computed once per lint and kept
// on the object itself, so they die with it.
//
// Not a WeakMap: V8's scavenger treats a long-lived WeakMap's entries as roots until the next full
// collection, so every model linted since then (and all it points to) was copied and promoted at
// each minor GC. Measured on the bench's 1k-line file: 3.2 ms per lint with five module-level
// WeakMaps, 2.1 ms with the values kept on the objects (scavenges 4-5 ms each, then about 1 ms).

/** A slot on objects of type K holding a V derived from them, computed on first use. */
export class Memo<K extends object, V> {
  private readonly slot: symbol;

  constructor(name: string) {
    this.slot = Symbol(name);
  }

  get(key: K, compute: (key: K) => V): V {
    const holder = key as unknown as Record<symbol, V | undefined>;
    let value = holder[this.slot];
    if (value === undefined) holder[this.slot] = value = compute(key);
    return value;
  }
}
