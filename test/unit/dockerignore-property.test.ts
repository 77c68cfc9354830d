// Property tests: on small generated patterns and paths, the linear-time matcher agrees with a
// reference that does what moby/patternmatcher does (literal shortcuts, else the pattern turned
// into a regular expression). The reference backtracks, which is harmless at these sizes.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { compilePattern, isIgnored, parseDockerignore } from '../../shared/dockerignore';

/** patternmatcher's Pattern.match, with a JavaScript RegExp in place of Go's (same meaning for these inputs). */
function reference(pattern: string): (path: string) => boolean {
  let source = '^';
  let kind: 'exact' | 'prefix' | 'suffix' | 'regexp' = 'exact';
  for (let k = 0, token = 0; k < pattern.length; k++, token++) {
    const ch = pattern[k];
    if (ch === '*' && pattern[k + 1] === '*') {
      k++;
      if (pattern[k + 1] === '/') k++;
      if (k + 1 < pattern.length) {
        source += '(.*/)?';
        kind = 'regexp';
      } else if (kind === 'exact') {
        kind = 'prefix';
      } else {
        source += '.*';
        kind = 'regexp';
      }
      if (token === 0) kind = 'suffix';
    } else if (ch === '*' || ch === '?') {
      source += ch === '*' ? '[^/]*' : '[^/]';
      kind = 'regexp';
    } else if ('.+()|{}$'.includes(ch)) {
      source += `\\${ch}`;
    } else if (ch === '\\' && k + 1 < pattern.length) {
      source += `\\${pattern[++k]}`;
      kind = 'regexp';
    } else if (ch === '[' || ch === ']') {
      source += ch;
      kind = 'regexp';
    } else {
      source += ch;
    }
  }
  if (kind === 'exact') return (p) => p === pattern;
  if (kind === 'prefix') return (p) => p.startsWith(pattern.slice(0, -2));
  if (kind === 'suffix') {
    const suffix = pattern.slice(2);
    return (p) => p.endsWith(suffix) || (suffix.startsWith('/') && p === suffix.slice(1));
  }
  const re = new RegExp(`${source}$`);
  return (p) => re.test(p);
}

function referenceSelfOrParent(pattern: string, path: string): boolean {
  const test = reference(pattern);
  if (test(path)) return true;
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) if (test(parts.slice(0, i).join('/'))) return true;
  return false;
}

/** MatchesOrParentMatches over the reference. */
function referenceIgnored(lines: { exclusion: boolean; pattern: string }[], path: string): boolean {
  let matched = false;
  for (const l of lines) {
    if (l.exclusion !== matched) continue;
    if (referenceSelfOrParent(l.pattern, path)) matched = !l.exclusion;
  }
  return matched;
}

// Pieces whose meaning is the same in Go's and JavaScript's regexps (no astral characters, no `\` before letters).
const patternPiece = fc.constantFrom('a', 'b', '.', '/', '*', '**', '**/', '?', '[ab]', '[^a]', '[a-c]', '[.]', '\\*', '\\?', '^', ']', '+', 'é');
const patternText = fc.array(patternPiece, { minLength: 1, maxLength: 7 }).map((parts) => parts.join(''));
const element = fc.constantFrom('a', 'b', 'c', 'ab', 'ba', '.a', 'a.b', 'a\nb', '*', '?', ']', '+', 'é', 'aab');
const pathText = fc.array(element, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('/'));

describe('.dockerignore matcher agrees with the regexp reference (fast-check)', () => {
  it('one pattern: the path itself, and the path or a parent folder', () => {
    fc.assert(
      fc.property(patternText, pathText, (text, path) => {
        const p = compilePattern(text);
        if (!p || p.error) return;
        assert.equal(p.glob.matches(path), reference(p.pattern)(path), `matches(${JSON.stringify(p.pattern)}, ${JSON.stringify(path)})`);
        assert.equal(p.glob.matchesSelfOrParent(path), referenceSelfOrParent(p.pattern, path), `parents(${JSON.stringify(p.pattern)}, ${JSON.stringify(path)})`);
      }),
      { numRuns: 3000, seed: 8 },
    );
  });

  it('several patterns with exceptions: the last match wins', () => {
    const line = fc.tuple(fc.boolean(), patternText).map(([not, text]) => (not ? `!${text}` : text));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 4 }), pathText, (lines, path) => {
        const patterns = parseDockerignore(lines.join('\n')).filter((p) => !p.error);
        assert.equal(isIgnored(patterns, path), referenceIgnored(patterns, path), `${JSON.stringify(lines)} on ${JSON.stringify(path)}`);
      }),
      { numRuns: 1500, seed: 88 },
    );
  });
});
