// .dockerignore matching as Docker's moby/patternmatcher does it: patterns are cleaned paths
// relative to the context root; `*` and `?` stay within one path element, `**` spans any number;
// a later pattern overrides an earlier one and `!` re-includes; a pattern that matches a parent
// directory matches everything below it.

export interface IgnorePattern {
  exclusion: boolean;
  pattern: string;
  regex: RegExp;
}

/** posix path.Clean. */
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

function compile(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        re += i + 1 >= pattern.length ? '.*' : '(.*/)?';
      } else re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '\\') {
      if (i + 1 < pattern.length) re += '\\' + pattern[++i];
      else re += '\\\\';
    } else if (ch === '[' || ch === ']') re += ch;
    else re += ch.replace(/[.+()|{}$^]/g, '\\$&');
  }
  try {
    return new RegExp(re + '$', 's');
  } catch {
    // An unbalanced `[` is Docker's error too; treat the pattern as literal text.
    return new RegExp('^' + pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$');
  }
}

/** Reads a .dockerignore file (comments, blank lines, `!` exceptions, leading `/`). */
export function parseDockerignore(content: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  for (const raw of content.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    let exclusion = false;
    if (line.startsWith('!')) {
      exclusion = true;
      line = line.slice(1).trim();
    }
    if (line === '') continue;
    line = cleanPath(line);
    if (line.length > 1 && line.startsWith('/')) line = line.slice(1);
    patterns.push({ exclusion, pattern: line, regex: compile(line) });
  }
  return patterns;
}

/** patternmatcher's MatchesOrParentMatches. */
export function isIgnored(patterns: readonly IgnorePattern[], file: string): boolean {
  const parent = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
  const parentDirs = parent.split('/');
  let matched = false;
  for (const p of patterns) {
    // Only a pattern that could change the verdict is worth testing.
    if (p.exclusion !== matched) continue;
    let match = p.regex.test(file);
    if (!match && parent !== '.') {
      for (let i = 0; i < parentDirs.length && !match; i++) match = p.regex.test(parentDirs.slice(0, i + 1).join('/'));
    }
    if (match) matched = !p.exclusion;
  }
  return matched;
}
