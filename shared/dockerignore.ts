// .dockerignore as Docker reads and applies it (moby/patternmatcher and its ignorefile reader):
// patterns are cleaned paths relative to the context root; a later pattern overrides an earlier one
// and `!` re-includes; a pattern that matches a parent folder matches everything inside it. Each
// pattern is matched in time linear in path and pattern length (see dockerignoreGlob.ts).
import { compileGlob, type Glob } from './dockerignoreGlob';

export interface IgnorePattern {
  exclusion: boolean;
  /** The pattern as Docker keeps it: cleaned, without `!` and without a leading `/`. */
  pattern: string;
  /** 1-based line of the .dockerignore; 0 for a pattern not read from the file. */
  line: number;
  /** Why Docker refuses the pattern (the build fails); such a pattern never matches here. */
  error?: string;
  glob: Glob;
}

export interface DockerignoreOptions {
  /** Windows reading: `\` is a path separator, not an escape (as the docker CLI on Windows reads it). */
  windows?: boolean;
}

/** posix path.Clean (Go's filepath.Clean on Unix). */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  return rooted ? '/' + joined : joined || '.';
}

/** Go's unicode.IsSpace, which (unlike String.prototype.trim) keeps U+FEFF and takes U+0085. */
function isGoSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/**
 * Go's strings.TrimSpace. A loop, not `/[...]+$/`: that RegExp retries a run of spaces from each of
 * its characters when something else follows it, quadratic in the run (13 000 U+2029 inside one
 * pattern took 0.37 s, and a file under the size limit could hold minutes of it).
 */
function trimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s.charCodeAt(start))) start++;
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/**
 * The lines of a .dockerignore as ignorefile.ReadAll returns them: a BOM dropped, `#` comments only
 * at the very start of a line (an indented `#` is a pattern), whitespace trimmed, each pattern
 * cleaned with a leading `/` removed, `!` kept in front.
 */
export function readDockerignoreLines(content: string, options: DockerignoreOptions = {}): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const lines = content.split('\n');
  // A final newline ends the last line; it does not start another.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, index) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (index === 0 && line.startsWith('\uFEFF')) line = line.slice(1);
    if (line.startsWith('#')) return;
    line = trimSpace(line);
    if (line === '') return;
    const invert = line.startsWith('!');
    if (invert) line = trimSpace(line.slice(1));
    if (line.length > 0) {
      if (options.windows) line = line.replace(/\\/g, '/');
      line = cleanPath(line);
      if (line.length > 1 && line.startsWith('/')) line = line.slice(1);
    }
    out.push({ text: invert ? `!${line}` : line, line: index + 1 });
  });
  return out;
}

/** One pattern as patternmatcher.New takes it (`!` for an exception). */
export function compilePattern(text: string, line = 0, options: DockerignoreOptions = {}): IgnorePattern | undefined {
  let p = trimSpace(text);
  if (p === '') return undefined;
  if (options.windows) p = p.replace(/\\/g, '/');
  p = cleanPath(p);
  let exclusion = false;
  if (p.startsWith('!')) {
    exclusion = true;
    p = p.slice(1);
    if (p === '') {
      const error = 'illegal exclusion pattern: "!"';
      return { exclusion, pattern: p, line, error, glob: { kind: 'exact', error, matches: () => false, matchesSelfOrParent: () => false } };
    }
  }
  const glob = compileGlob(p, !options.windows);
  return { exclusion, pattern: p, line, ...(glob.error ? { error: glob.error } : {}), glob };
}

/** Reads a .dockerignore file as the docker CLI does (ignorefile.ReadAll, then patternmatcher.New). */
export function parseDockerignore(content: string, options: DockerignoreOptions = {}): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  for (const { text, line } of readDockerignoreLines(content, options)) {
    const p = compilePattern(text, line, options);
    if (p) patterns.push(p);
  }
  return patterns;
}

/** The patterns Docker refuses, one message each (Docker then refuses to build). */
export function patternErrors(patterns: readonly IgnorePattern[]): string[] {
  return patterns.filter((p) => p.error).map((p) => (p.line > 0 ? `line ${p.line}: ${p.error}` : (p.error as string)));
}

/** patternmatcher's MatchesOrParentMatches: `file` is a cleaned `/`-separated path relative to the context. */
export function isIgnored(patterns: readonly IgnorePattern[], file: string): boolean {
  let matched = false;
  for (const p of patterns) {
    // Only a pattern that could change the verdict is worth testing.
    if (p.exclusion !== matched || p.error) continue;
    if (p.glob.matchesSelfOrParent(file)) matched = !p.exclusion;
  }
  return matched;
}

/** Per pattern, whether it matched a folder; what the walk hands from a folder to its entries. */
export type ParentMatches = readonly boolean[];

/**
 * patternmatcher's MatchesUsingParentResults, as the docker CLI's context walk uses it: a pattern
 * that matched the folder counts as matching each entry inside; the others are tested on the entry
 * alone. `parent` is undefined for an entry of the context root.
 */
export function matchInWalk(patterns: readonly IgnorePattern[], file: string, parent: ParentMatches | undefined): { excluded: boolean; matches: boolean[] } {
  let matched = false;
  const matches = new Array<boolean>(patterns.length).fill(false);
  for (let i = 0; i < patterns.length; i++) {
    const p = patterns[i];
    let match = parent ? parent[i] : false;
    if (!match) {
      if (p.exclusion !== matched || p.error) continue;
      match = parent ? p.glob.matches(file) : p.glob.matchesSelfOrParent(file);
    }
    matches[i] = match;
    if (match) matched = !p.exclusion;
  }
  return { excluded: matched, matches };
}

/**
 * Whether the walk must still enter an excluded folder: only when an exception's text starts with
 * the folder's path (`!dir/keep.txt` for `dir`). Like the docker CLI, an exception such as
 * `!**\/keep.txt` does not bring back files inside a folder that is itself excluded.
 */
export function mayReincludeInside(patterns: readonly IgnorePattern[], dir: string): boolean {
  const prefix = `${dir}/`;
  return patterns.some((p) => p.exclusion && `${p.pattern}/`.startsWith(prefix));
}
