// The patterns of ${VAR#pattern}, ${VAR%pattern} and ${VAR/pattern/replacement}, read and matched
// as BuildKit does it (convertShellPatternToRegex, trimPrefix, trimSuffix and the `/` case of
// processDollar in frontend/dockerfile/shell/lex.go). BuildKit turns the pattern into a Go regexp:
// `*` is `.*?` for # and % (shortest) and `.*` for ##, %% and / (longest), `?` is `.`, everything
// else is literal (no bracket classes), and a backslash makes `*`, `?` or itself literal.
//
// Go's regexp never backtracks; a JavaScript RegExp does, and a pattern like `*a*a*a...*b` against
// a run of a's takes exponential time. So the pattern is matched here by running every thread of
// the pattern's automaton side by side over the text (a Pike VM), in the priority order a
// backtracking engine would try them. That gives the same leftmost-first match Go gives, in
// O(text x pattern) time per search and O(pattern) memory.
//
// Polynomial is still too slow when a file applies thousands of patterns to a long value, so the
// work (threads stepped, characters decoded) is spent from the expansion budget (./budget).

import { remaining, spend } from './budget';

/** A pattern BuildKit refuses; the message is BuildKit's. */
export class PatternError extends Error {}

const STAR = -1;
const ANY = -2;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;

/** Code points; literal tokens are the code point itself, wildcards STAR and ANY. */
type Program = Int32Array;

const WHAT = 'patterns applied to long values';

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0) as number);
  return out;
}

function fromCodePoints(cps: readonly number[]): string {
  let s = '';
  for (const c of cps) s += String.fromCodePoint(c);
  return s;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** A value as the code points the matcher reads, forwards or backwards. */
interface Decoded {
  units: Int32Array;
  /** UTF-16 offset of each code point (and of the end); absent when they are the same. */
  offsets: Int32Array | undefined;
}

function decode(value: string, reversed = false): Decoded {
  spend(value.length, WHAT);
  const n = value.length;
  if (!SURROGATE.test(value)) {
    const units = new Int32Array(n);
    if (reversed) for (let i = 0; i < n; i++) units[n - 1 - i] = value.charCodeAt(i);
    else for (let i = 0; i < n; i++) units[i] = value.charCodeAt(i);
    return { units, offsets: undefined };
  }
  const cps = codePoints(value);
  const offsets = new Int32Array(cps.length + 1);
  for (let i = 0, at = 0; i < cps.length; i++) {
    offsets[i] = at;
    at += cps[i] > 0xffff ? 2 : 1;
  }
  offsets[cps.length] = n;
  if (reversed) cps.reverse();
  return { units: Int32Array.from(cps), offsets };
}

/** UTF-16 offset of code point `i` of a decoded value. */
function offsetOf(d: Decoded, i: number): number {
  return d.offsets === undefined ? i : d.offsets[i];
}

/** convertShellPatternToRegex, producing tokens instead of regexp source. */
function compile(pattern: readonly number[], shown: string): Program {
  const tokens: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === 0x2a) tokens.push(STAR);
    else if (c === 0x3f) tokens.push(ANY);
    else if (c === BACKSLASH) {
      const next = pattern[i + 1];
      // `\}` and `\/` only kept the lexer from ending the pattern there: the backslash goes.
      if (next === 0x7d || next === 0x2f) continue;
      if (next !== 0x2a && next !== 0x3f && next !== BACKSLASH) {
        // Go prints the scanner's EOF with %c as U+FFFD.
        const what = next === undefined ? '\uFFFD' : String.fromCodePoint(next);
        throw new PatternError(`invalid pattern (${shown}) in substitution: invalid escape '\\${what}'`);
      }
      tokens.push(next);
      i++;
    } else tokens.push(c);
  }
  return Int32Array.from(tokens);
}

/** BuildKit's reversePattern: the pattern backwards, each backslash still before what it escapes. */
function reversePattern(pattern: readonly number[]): number[] {
  const last = pattern.length - 1;
  const out = new Array<number>(pattern.length);
  for (let i = 0; i <= last; ) {
    if (pattern[i] === BACKSLASH && i !== last) {
      out[last - i - 1] = BACKSLASH;
      out[last - i] = pattern[i + 1];
      i += 2;
    } else {
      out[last - i] = pattern[i];
      i++;
    }
  }
  return out;
}

interface Span {
  start: number;
  end: number;
}

/**
 * One compiled pattern. A thread is a pattern position (a star is both its loop and its exit) with
 * the text position it started at. Each list holds a position at most once, in priority order, so
 * a step costs O(pattern) whatever the pattern looks like.
 */
class Matcher {
  private readonly seen: Uint32Array;
  private generation = 0;
  private cur: { pcs: Int32Array; starts: Int32Array; len: number };
  private next: { pcs: Int32Array; starts: Int32Array; len: number };

  constructor(
    private readonly program: Program,
    private readonly greedy: boolean,
  ) {
    const size = program.length + 1;
    this.seen = new Uint32Array(size);
    this.cur = { pcs: new Int32Array(size), starts: new Int32Array(size), len: 0 };
    this.next = { pcs: new Int32Array(size), starts: new Int32Array(size), len: 0 };
  }

  /**
   * Adds pattern position `pc` and whatever it reaches without reading text. A greedy star tries
   * another character before what follows it, a lazy one after: that order is the priority.
   */
  private add(list: { pcs: Int32Array; starts: Int32Array; len: number }, pc: number, start: number, gen: number): void {
    const { program, seen } = this;
    const end = program.length;
    let stop = pc;
    for (let k = pc; ; k++) {
      if (seen[k] === gen) {
        stop = k;
        break;
      }
      seen[k] = gen;
      if (k === end || program[k] !== STAR) {
        stop = k + 1;
        break;
      }
    }
    if (this.greedy) {
      for (let k = pc; k < stop; k++) this.push(list, k, start);
    } else {
      for (let k = stop - 1; k >= pc; k--) this.push(list, k, start);
    }
  }

  private push(list: { pcs: Int32Array; starts: Int32Array; len: number }, pc: number, start: number): void {
    list.pcs[list.len] = pc;
    list.starts[list.len] = start;
    list.len++;
  }

  /** Go's leftmost-first match at or after `from` (only at `from` when anchored). */
  search(text: Int32Array, from: number, anchored: boolean): Span | undefined {
    const { program } = this;
    const end = program.length;
    // Each text position costs the threads it steps, plus one.
    const allowed = remaining();
    let work = 0;
    let found: Span | undefined;
    let gen = ++this.generation;
    this.cur.len = 0;
    for (let pos = from; ; pos++) {
      // A new start has the lowest priority: an earlier start that is still alive wins.
      if (found === undefined && (!anchored || pos === from)) this.add(this.cur, 0, pos, gen);
      if (this.cur.len === 0 && (found !== undefined || anchored)) break;
      work += this.cur.len + 1;
      if (work > allowed) break;
      const c = pos < text.length ? text[pos] : -1;
      const nextGen = ++this.generation;
      const { cur, next } = this;
      next.len = 0;
      for (let i = 0; i < cur.len; i++) {
        const pc = cur.pcs[i];
        if (pc === end) {
          // Threads after this one have lower priority than a match already made.
          found = { start: cur.starts[i], end: pos };
          break;
        }
        if (c < 0) continue;
        const token = program[pc];
        if (token === STAR || token === ANY ? c !== NEWLINE : c === token) {
          this.add(next, token === STAR ? pc : pc + 1, cur.starts[i], nextGen);
        }
      }
      if (pos >= text.length) break;
      this.cur = next;
      this.next = cur;
      gen = nextGen;
    }
    spend(work, WHAT);
    return found;
  }
}

/** `${VAR#pattern}` (greedy: `##`): the value less the matched prefix. */
export function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const matcher = new Matcher(compile(codePoints(pattern), pattern), greedy);
  const text = decode(value);
  const m = matcher.search(text.units, 0, true);
  return m === undefined ? value : value.slice(offsetOf(text, m.end));
}

/** `${VAR%pattern}` (greedy: `%%`): BuildKit matches the reversed pattern against the reversed value. */
export function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  const reversed = reversePattern(codePoints(pattern));
  const matcher = new Matcher(compile(reversed, fromCodePoints(reversed)), greedy);
  const text = decode(value, true);
  const m = matcher.search(text.units, 0, true);
  return m === undefined ? value : value.slice(0, offsetOf(text, text.units.length - m.end));
}

/** `${VAR/pattern/replacement}`: the first match replaced, the replacement taken as it is. */
export function replaceFirst(pattern: string, value: string, replacement: string): string {
  const matcher = new Matcher(compile(codePoints(pattern), pattern), true);
  const text = decode(value);
  const m = matcher.search(text.units, 0, false);
  if (m === undefined) return value;
  return value.slice(0, offsetOf(text, m.start)) + replacement + value.slice(offsetOf(text, m.end));
}

/**
 * `${VAR//pattern/replacement}`: Go's ReplaceAllString, so `$0` in the replacement is the match.
 * Stops with an error once the result is longer than `maxLength`: each match may add a whole
 * replacement, so the result can be the value's length times the replacement's.
 */
export function replaceAll(pattern: string, value: string, replacement: string, maxLength = Infinity): string {
  const matcher = new Matcher(compile(codePoints(pattern), pattern), true);
  const text = decode(value);
  const at = (i: number): number => offsetOf(text, i);
  const parts: string[] = [];
  const literal = !replacement.includes('$');
  let length = 0;
  const add = (part: string): void => {
    length += part.length;
    if (length > maxLength) throw new PatternError(`expansion longer than ${maxLength} characters`);
    parts.push(part);
  };
  let lastEnd = 0;
  for (let searchFrom = 0; searchFrom <= text.units.length; ) {
    const m = matcher.search(text.units, searchFrom, false);
    if (m === undefined) break;
    add(value.slice(at(lastEnd), at(m.start)));
    // An empty match right after the previous match is not replaced again.
    if (m.end > lastEnd || m.start === 0) add(literal ? replacement : expandTemplate(replacement, value.slice(at(m.start), at(m.end))));
    lastEnd = m.end;
    searchFrom = m.end > searchFrom ? m.end : searchFrom + 1;
  }
  add(value.slice(at(lastEnd)));
  return parts.join('');
}

const NAME_CHAR = /^[\p{L}\p{Nd}_]$/u;

/**
 * Go's Regexp.Expand for a pattern without groups: `$$` is `$`; `$name` and `${name}` are the
 * match when the name is `0` and empty otherwise; a `$` that starts neither stays.
 */
function expandTemplate(template: string, match: string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) break;
    out += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    const braced = template[i] === '{';
    let j = braced ? i + 1 : i;
    const nameStart = j;
    while (j < template.length) {
      const ch = String.fromCodePoint(template.codePointAt(j) as number);
      if (!NAME_CHAR.test(ch)) break;
      j += ch.length;
    }
    const name = template.slice(nameStart, j);
    if (name === '' || (braced && template[j] !== '}')) {
      out += '$';
      continue;
    }
    i = braced ? j + 1 : j;
    if (name === '0') out += match;
  }
  return out + template.slice(i);
}
