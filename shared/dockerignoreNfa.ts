// The matcher for a .dockerignore pattern with wildcards: a small NFA (Thompson's construction)
// whose states all advance together over the path, one code point at a time, so a match costs at
// most (path length) x (number of states) steps. Classes follow the Go regexp Docker builds from the
// pattern (ranges, `^` negation, `[:name:]`); see dockerignoreGlob.ts for what differs on purpose.
import type { Glob } from './dockerignoreGlob';

const SLASH = 0x2f;
const NEWLINE = 0x0a;

/** Unicode code point ranges, [lo0, hi0, lo1, hi1, ...]. */
type Ranges = number[];

interface CharClass {
  negated: boolean;
  ranges: Ranges;
}

// What a state may consume: one code point to `to`, and/or any number staying in place.
const enum Edge {
  None,
  Literal,
  NotSlash,
  Class,
  Slash,
}
const enum Loop {
  None,
  NotSlash,
  NotNewline,
}

interface State {
  edge: Edge;
  literal: number;
  cls: CharClass | undefined;
  to: number;
  loop: Loop;
  /** Epsilon moves; all go forward, to a larger state number. */
  eps: number[];
  /** An epsilon move taken only before the first character (`^`). */
  epsAtStart: number;
}

export function codePointLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
}

/** The NFA of a cleaned pattern, or why Go's regexp would refuse it. */
export function buildNfaGlob(pattern: string, escapes: boolean): Glob | string {
  const states = buildNfa(pattern, escapes);
  return typeof states === 'string' ? states : new NfaGlob(states);
}

type Token =
  | { t: 'lit'; cp: number }
  | { t: 'any' }
  | { t: 'class'; cls: CharClass }
  | { t: 'star' }
  | { t: 'globstar'; last: boolean }
  | { t: 'anchor' };

function buildNfa(pattern: string, escapes: boolean): State[] | string {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; ) {
    const cp = pattern.codePointAt(i) as number;
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i += 2;
        if (pattern[i] === '/') i++;
        tokens.push({ t: 'globstar', last: i >= pattern.length });
      } else {
        i++;
        tokens.push({ t: 'star' });
      }
    } else if (ch === '?') {
      i++;
      tokens.push({ t: 'any' });
    } else if (ch === '[') {
      const parsed = parseClass(pattern, i + 1, escapes);
      if (typeof parsed === 'string') return `${parsed} in pattern ${JSON.stringify(pattern)}`;
      tokens.push({ t: 'class', cls: parsed.cls });
      i = parsed.next;
    } else if (ch === '^') {
      i++;
      tokens.push({ t: 'anchor' });
    } else if (ch === '\\' && escapes && i + 1 < pattern.length) {
      const next = pattern.codePointAt(i + 1) as number;
      i += 1 + codePointLength(pattern, i + 1);
      tokens.push({ t: 'lit', cp: next });
    } else {
      i += codePointLength(pattern, i);
      tokens.push({ t: 'lit', cp });
    }
  }

  const states: State[] = [];
  const add = (s: Partial<State>): number => {
    states.push({ edge: Edge.None, literal: 0, cls: undefined, to: -1, loop: Loop.None, eps: [], epsAtStart: -1, ...s });
    return states.length - 1;
  };
  for (const tok of tokens) {
    const next = states.length + 1;
    switch (tok.t) {
      case 'lit':
        add({ edge: Edge.Literal, literal: tok.cp, to: next });
        break;
      case 'any':
        add({ edge: Edge.NotSlash, to: next });
        break;
      case 'class':
        add({ edge: Edge.Class, cls: tok.cls, to: next });
        break;
      case 'star':
        add({ loop: Loop.NotSlash, eps: [next] });
        break;
      case 'anchor':
        add({ epsAtStart: next });
        break;
      case 'globstar':
        if (tok.last) {
          add({ loop: Loop.NotNewline, eps: [next] });
        } else {
          // `(.*/)?`: skip it, or enter a loop that may only leave on a `/`.
          const after = states.length + 2;
          add({ eps: [states.length + 1, after] });
          add({ loop: Loop.NotNewline, edge: Edge.Slash, to: after });
        }
        break;
    }
  }
  add({}); // accepting
  return states;
}

const POSIX: Record<string, Ranges> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0x00, 0x7f],
  blank: [0x09, 0x09, 0x20, 0x20],
  cntrl: [0x00, 0x1f, 0x7f, 0x7f],
  digit: [0x30, 0x39],
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [0x09, 0x0d, 0x20, 0x20],
  upper: [0x41, 0x5a],
  word: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};

function complement(ranges: Ranges): Ranges {
  const out: Ranges = [];
  let from = 0;
  for (let k = 0; k < ranges.length; k += 2) {
    if (ranges[k] > from) out.push(from, ranges[k] - 1);
    from = ranges[k + 1] + 1;
  }
  if (from <= 0x10ffff) out.push(from, 0x10ffff);
  return out;
}

/** A bracket class as Go's regexp reads the text Docker gives it; `start` is just past `[`. */
function parseClass(p: string, start: number, escapes: boolean): { cls: CharClass; next: number } | string {
  let i = start;
  const negated = p[i] === '^';
  if (negated) i++;
  const ranges: Ranges = [];
  const one = (): number => {
    if (p[i] === '\\' && escapes) i++;
    const cp = p.codePointAt(i) as number;
    i += codePointLength(p, i);
    return cp;
  };
  for (let first = true; ; first = false) {
    if (i >= p.length) return 'missing closing ]';
    if (p[i] === ']' && !first) return { cls: { negated, ranges }, next: i + 1 };
    if (p.startsWith('[:', i)) {
      const close = p.indexOf(':]', i + 2);
      if (close !== -1) {
        let name = p.slice(i + 2, close);
        const not = name.startsWith('^');
        if (not) name = name.slice(1);
        const named = Object.prototype.hasOwnProperty.call(POSIX, name) ? POSIX[name] : undefined;
        if (!named) return `unknown character class [:${name}:]`;
        ranges.push(...(not ? complement(named) : named));
        i = close + 2;
        continue;
      }
    }
    const lo = one();
    let hi = lo;
    if (p[i] === '-' && i + 1 < p.length && p[i + 1] !== ']') {
      i++;
      hi = one();
      if (hi < lo) return `invalid character class range ${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)}`;
    }
    ranges.push(lo, hi);
  }
}

function inClass(cls: CharClass, cp: number): boolean {
  const r = cls.ranges;
  let hit = false;
  for (let k = 0; k < r.length && !hit; k += 2) hit = cp >= r[k] && cp <= r[k + 1];
  return hit !== cls.negated;
}

class NfaGlob implements Glob {
  readonly kind = 'nfa' as const;
  private readonly accept: number;
  // Scratch space reused across calls: matching is synchronous, so calls never interleave.
  private current: Int32Array;
  private next: Int32Array;
  private readonly stamp: Int32Array;
  private generation = 0;
  private stack: Int32Array;

  constructor(private readonly states: State[]) {
    const n = states.length;
    this.accept = n - 1;
    this.current = new Int32Array(n);
    this.next = new Int32Array(n);
    this.stamp = new Int32Array(n);
    this.stack = new Int32Array(n);
  }

  matches(path: string): boolean {
    return this.run(path, false);
  }

  matchesSelfOrParent(path: string): boolean {
    return this.run(path, true);
  }

  /** Adds `s` and what it reaches by epsilon moves to `set` (size `count`); returns the new size. */
  private close(s: number, set: Int32Array, count: number, atStart: boolean): number {
    const { states, stamp, stack } = this;
    const g = this.generation;
    if (stamp[s] === g) return count;
    stamp[s] = g;
    let top = 0;
    stack[top++] = s;
    while (top > 0) {
      const u = stack[--top];
      set[count++] = u;
      const st = states[u];
      for (const v of st.eps) {
        if (stamp[v] !== g) {
          stamp[v] = g;
          stack[top++] = v;
        }
      }
      if (atStart && st.epsAtStart >= 0 && stamp[st.epsAtStart] !== g) {
        stamp[st.epsAtStart] = g;
        stack[top++] = st.epsAtStart;
      }
    }
    return count;
  }

  private bump(): void {
    if (++this.generation > 0x3fffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
  }

  private run(path: string, parentsToo: boolean): boolean {
    const { states, accept } = this;
    let cur = this.current;
    let nxt = this.next;
    this.bump();
    let count = this.close(0, cur, 0, true);
    for (let i = 0; i < path.length; ) {
      const cp = path.codePointAt(i) as number;
      i += cp > 0xffff ? 2 : 1;
      // The prefix before a `/` is a parent folder: a match there matches everything inside.
      if (parentsToo && cp === SLASH && this.stamp[accept] === this.generation) return true;
      this.bump();
      let n = 0;
      for (let k = 0; k < count; k++) {
        const s = cur[k];
        const st = states[s];
        if (st.loop === Loop.NotSlash ? cp !== SLASH : st.loop === Loop.NotNewline && cp !== NEWLINE) n = this.close(s, nxt, n, false);
        let ok = false;
        switch (st.edge) {
          case Edge.Literal:
            ok = cp === st.literal;
            break;
          case Edge.NotSlash:
            ok = cp !== SLASH;
            break;
          case Edge.Slash:
            ok = cp === SLASH;
            break;
          case Edge.Class:
            ok = inClass(st.cls as CharClass, cp);
            break;
        }
        if (ok) n = this.close(st.to, nxt, n, false);
      }
      if (n === 0) return false;
      [cur, nxt] = [nxt, cur];
      count = n;
    }
    return this.stamp[accept] === this.generation;
  }
}
