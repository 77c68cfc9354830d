// One .dockerignore pattern, matched as moby/patternmatcher matches it, without a backtracking
// regular expression. Docker turns a pattern into a Go regexp (RE2: linear time); the same text as
// a JavaScript RegExp backtracks exponentially (`**/` thirteen times before `z`, against a path 19
// folders deep, took seconds to minutes). Here a pattern is either one of Docker's literal shortcuts
// (exact, prefix, suffix) or a small NFA whose states advance together over the path, so a match
// costs at most (path length) x (pattern length) steps whatever the input.
//
// What Docker does and this follows: `*` and `?` never match `/`; `**` spans any number of path
// elements (Docker compiles `**/` to `(.*/)?` and a final `**` to `.*`; neither crosses a newline,
// as Go's `.` does not); a pattern made of literal text and a leading or trailing `**` is compared
// as a string, so `**.txt` matches `a/b.txt`; `[...]` classes with ranges and `^` negation (`!` is
// a member, as in Go's filepath.Match and regexp); `[:alpha:]`-style classes inside brackets (Go
// regexp syntax); `\` escapes the next character (on Windows it is a separator); outside a class a
// `^` in a pattern with wildcards anchors at the start, as in the regexp Docker builds.
// Where this differs, on purpose: `\` before a letter or digit is that letter here, while Docker's
// regexp reads `\d`, `\w`... as classes or refuses the pattern; `*` and `?` inside brackets are
// class members here, while Docker's translation breaks the class apart.
import { buildNfaGlob, codePointLength } from './dockerignoreNfa';

export type GlobKind = 'exact' | 'prefix' | 'suffix' | 'nfa';

export interface Glob {
  readonly kind: GlobKind;
  /** Why Docker refuses this pattern; a refused pattern never matches here. */
  readonly error?: string;
  /** The whole path matches (patternmatcher's Pattern.match). */
  matches(path: string): boolean;
  /** The path or one of its parent folders matches (the per-pattern step of MatchesOrParentMatches). */
  matchesSelfOrParent(path: string): boolean;
}

const NEVER: Omit<Glob, 'error'> = { kind: 'exact', matches: () => false, matchesSelfOrParent: () => false };

/** Compiles a cleaned pattern (no `!`). `escapes` is false on Windows, where `\` was made `/`. */
export function compileGlob(pattern: string, escapes = true): Glob {
  const error = syntaxError(pattern, escapes);
  if (error) return { ...NEVER, error };
  const kind = shortcutKind(pattern, escapes);
  if (kind === 'exact') return literalGlob(kind, (p) => p === pattern);
  if (kind === 'prefix') {
    const prefix = pattern.slice(0, -2);
    return literalGlob(kind, (p) => p.startsWith(prefix));
  }
  if (kind === 'suffix') {
    const suffix = pattern.slice(2);
    const bare = suffix.startsWith('/') ? suffix.slice(1) : undefined;
    return literalGlob(kind, (p) => p.endsWith(suffix) || p === bare);
  }
  const nfa = buildNfaGlob(pattern, escapes);
  return typeof nfa === 'string' ? { ...NEVER, error: nfa } : nfa;
}

function literalGlob(kind: GlobKind, test: (p: string) => boolean): Glob {
  return {
    kind,
    matches: test,
    matchesSelfOrParent(path) {
      if (test(path)) return true;
      for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) if (test(path.slice(0, i))) return true;
      return false;
    },
  };
}

// ---- Docker's choice of matcher (Pattern.compile): literal text, optionally with `**` at one end ----

function shortcutKind(pattern: string, escapes: boolean): GlobKind {
  let kind: GlobKind = 'exact';
  for (let i = 0, token = 0; i < pattern.length; i++, token++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] !== '*') return 'nfa';
      i++;
      if (pattern[i + 1] === '/') i++;
      if (i + 1 >= pattern.length) kind = kind === 'exact' ? 'prefix' : 'nfa';
      else kind = 'nfa';
      // A leading `**` makes it a suffix test, even when more literal text follows.
      if (token === 0) kind = 'suffix';
      else if (kind === 'nfa') return kind;
    } else if (ch === '?' || ch === '[' || ch === ']') {
      return 'nfa';
    } else if (ch === '\\' && escapes && i + 1 < pattern.length) {
      return 'nfa';
    }
  }
  return kind;
}

// ---- syntax: what Go's filepath.Match rejects, so patternmatcher.New refuses ----

function syntaxError(pattern: string, escapes: boolean): string | undefined {
  const bad = `syntax error in pattern ${JSON.stringify(pattern)}`;
  let i = 0;
  const end = pattern.length;
  // One class member (filepath's getEsc): not `-` or `]` first, an escaped character, and more must follow.
  const member = (): boolean => {
    if (i >= end || pattern[i] === '-' || pattern[i] === ']') return false;
    if (pattern[i] === '\\' && escapes) {
      i++;
      if (i >= end) return false;
    }
    i += codePointLength(pattern, i);
    return i < end;
  };
  while (i < end) {
    const ch = pattern[i];
    if (ch === '\\' && escapes) {
      if (i + 1 >= end) return `${bad}: it ends with a lone \\`;
      i += 1 + codePointLength(pattern, i + 1);
    } else if (ch === '[') {
      i++;
      if (pattern[i] === '^') i++;
      for (let ranges = 0; ; ranges++) {
        if (ranges > 0 && pattern[i] === ']') {
          i++;
          break;
        }
        if (!member()) return `${bad}: unclosed or malformed [...] class`;
        if (pattern[i] === '-') {
          i++;
          if (!member()) return `${bad}: unclosed or malformed [...] class`;
        }
      }
    } else {
      i++;
    }
  }
  return undefined;
}

