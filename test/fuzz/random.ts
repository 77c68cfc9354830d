// A small seeded random source. Every fuzz input is made from its own 32-bit seed, so one number
// printed with a failure is enough to make the same input again.

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: fast, 32 bits of state, good enough to pick shapes (not for anything secret). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }

  /** Mostly small, now and then (probability `p`) large: sizes that real files have, with a long tail. */
  size(typical: number, rare: number, p = 0.1): number {
    return this.chance(p) ? this.int(typical, rare) : this.int(0, typical);
  }

  /** A fresh 32-bit seed drawn from this source. */
  seed(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }
}

/** The seed of input `index` of a run: a hash of both, so neighbouring inputs are unrelated. */
export function inputSeed(runSeed: number, index: number): number {
  let h = (runSeed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
