// Property tests: on small generated patterns and values, the non-backtracking pattern matcher
// agrees with a reference that does what BuildKit's lex.go does (the pattern turned into a regexp,
// the value and pattern reversed for %), with a JavaScript RegExp in place of Go's. Both engines
// pick the leftmost-first match, so they agree wherever the reference finishes; the reference
// backtracks, which is harmless at these sizes.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { replaceAll, replaceFirst, trimPrefix, trimSuffix } from '../../server/src/dockerfile/shellPattern';

const REGEXP_SPECIAL = new Set(['[', ']', '{', '}', '.', '+', '(', ')', '|', '^', '$']);

/** convertShellPatternToRegex, with `[^\n]` for Go's `.` (JavaScript's also stops at \r, U+2028, U+2029). */
function referenceRegExp(pattern: string, greedy: boolean, anchored: boolean, flags: string): RegExp {
  const chars = Array.from(pattern);
  let source = anchored ? '^' : '';
  for (let i = 0; i < chars.length; i++) {
    let ch = chars[i];
    if (ch === '*') {
      source += greedy ? '[^\\n]*' : '[^\\n]*?';
      continue;
    }
    if (ch === '?') {
      source += '[^\\n]';
      continue;
    }
    if (ch === '\\') {
      if (chars[i + 1] === '}' || chars[i + 1] === '/') continue;
      source += '\\';
      ch = chars[++i];
      if (ch !== '*' && ch !== '?' && ch !== '\\') throw new Error('invalid escape');
    } else if (REGEXP_SPECIAL.has(ch)) source += '\\';
    source += ch;
  }
  return new RegExp(source, flags);
}

function referenceTrimPrefix(pattern: string, value: string, greedy: boolean): string {
  const m = referenceRegExp(pattern, greedy, true, 'u').exec(value);
  return m === null ? value : value.slice(m[0].length);
}

function reverseString(s: string): string {
  return Array.from(s).reverse().join('');
}

function referenceTrimSuffix(pattern: string, value: string, greedy: boolean): string {
  const chars = Array.from(pattern);
  const reversed: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    // A backslash stays in front of what it escapes.
    if (chars[i] === '\\' && i + 1 < chars.length) reversed.unshift('\\' + chars[++i]);
    else reversed.unshift(chars[i]);
  }
  return reverseString(referenceTrimPrefix(reversed.join(''), reverseString(value), greedy));
}

function referenceReplaceFirst(pattern: string, value: string, replacement: string): string {
  const m = referenceRegExp(pattern, true, false, 'u').exec(value);
  return m === null ? value : value.slice(0, m.index) + replacement + value.slice(m.index + m[0].length);
}

/** Go's Regexp.ReplaceAllString loop (for a replacement without `$`). */
function referenceReplaceAll(pattern: string, value: string, replacement: string): string {
  const re = referenceRegExp(pattern, true, false, 'gu');
  let out = '';
  let lastEnd = 0;
  for (let from = 0; from <= value.length; ) {
    re.lastIndex = from;
    const m = re.exec(value);
    if (m === null) break;
    const end = m.index + m[0].length;
    out += value.slice(lastEnd, m.index);
    if (end > lastEnd || m.index === 0) out += replacement;
    lastEnd = end;
    if (end > from) from = end;
    else from += from < value.length ? String.fromCodePoint(value.codePointAt(from) as number).length : 1;
  }
  return out + value.slice(lastEnd);
}

/** The answer, or 'error' when the pattern is refused. */
function outcome(f: () => string): string {
  try {
    return `= ${JSON.stringify(f())}`;
  } catch {
    return 'error';
  }
}

const pattern = fc.array(fc.constantFrom('a', 'b', '*', '?', '\\', '/', '}', '.', '\n'), { maxLength: 8 }).map((p) => p.join(''));
const value = fc.array(fc.constantFrom('a', 'b', '\n', '*', '?', '\\', '.', '\u{1F596}'), { maxLength: 12 }).map((p) => p.join(''));
const replacement = fc.constantFrom('', 'x', 'yz');

describe('pattern matcher agrees with the regexp reference (fast-check)', () => {
  it('# and ## (trimPrefix)', () => {
    fc.assert(
      fc.property(pattern, value, fc.boolean(), (p, v, greedy) => {
        assert.equal(outcome(() => trimPrefix(p, v, greedy)), outcome(() => referenceTrimPrefix(p, v, greedy)), `${JSON.stringify(p)} on ${JSON.stringify(v)}`);
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it('% and %% (trimSuffix)', () => {
    fc.assert(
      fc.property(pattern, value, fc.boolean(), (p, v, greedy) => {
        assert.equal(outcome(() => trimSuffix(p, v, greedy)), outcome(() => referenceTrimSuffix(p, v, greedy)), `${JSON.stringify(p)} on ${JSON.stringify(v)}`);
      }),
      { numRuns: 3000, seed: 12 },
    );
  });

  it('/ (first match) and // (every match)', () => {
    fc.assert(
      fc.property(pattern, value, replacement, (p, v, r) => {
        const where = `${JSON.stringify(p)} on ${JSON.stringify(v)}`;
        assert.equal(outcome(() => replaceFirst(p, v, r)), outcome(() => referenceReplaceFirst(p, v, r)), `/ ${where}`);
        assert.equal(outcome(() => replaceAll(p, v, r)), outcome(() => referenceReplaceAll(p, v, r)), `// ${where}`);
      }),
      { numRuns: 3000, seed: 13 },
    );
  });

  it('the pathological shape, at sizes the reference still finishes', () => {
    const hostile = '*a'.repeat(11) + '*b';
    for (let n = 0; n <= 16; n++) {
      const v = 'a'.repeat(n) + (n % 2 ? 'b' : '');
      for (const greedy of [false, true]) {
        assert.equal(trimPrefix(hostile, v, greedy), referenceTrimPrefix(hostile, v, greedy), `n=${n}`);
        assert.equal(trimSuffix(hostile, v, greedy), referenceTrimSuffix(hostile, v, greedy), `n=${n}`);
      }
      assert.equal(replaceAll(hostile, v, 'z'), referenceReplaceAll(hostile, v, 'z'), `n=${n}`);
    }
  });
});
