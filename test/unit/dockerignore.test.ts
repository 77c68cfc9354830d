// .dockerignore read and matched as Docker does (moby/patternmatcher and ignorefile), and in time
// linear in path and pattern length: the pathological patterns below hung the old regex matcher.
import * as assert from 'node:assert/strict';
import { compilePattern, isIgnored, matchInWalk, mayReincludeInside, parseDockerignore, patternErrors, type ParentMatches } from '../../shared/dockerignore';
import { lint } from '../../server/src/lint';

type Verdict = 'match' | 'parent' | 'no';

/** Whether the pattern matches the path itself, only one of its parent folders, or neither. */
function verdict(pattern: string, path: string): Verdict {
  const p = compilePattern(pattern);
  assert.ok(p && !p.error, `${pattern}: ${p?.error}`);
  if (p.glob.matches(path)) return 'match';
  return p.glob.matchesSelfOrParent(path) ? 'parent' : 'no';
}

describe('.dockerignore: one pattern', () => {
  const cases: [pattern: string, path: string, expected: Verdict][] = [
    // `*` and `?` stay inside one path element; a matched folder takes what is inside.
    ['*.log', 'app.log', 'match'],
    ['*.log', 'logs/app.log', 'no'],
    ['*', 'a/b', 'parent'],
    ['logs', 'logs/2024/app.log', 'parent'],
    ['logs', 'logsx', 'no'],
    ['doc?.md', 'doc1.md', 'match'],
    ['doc?.md', 'doc/.md', 'no'],
    ['?', 'é', 'match'],
    ['?', '😀', 'match'],
    ['??', '😀', 'no'],
    // `**` spans any number of elements, including none.
    ['**/*.log', 'a/b/c.log', 'match'],
    ['**/*.log', 'c.log', 'match'],
    ['src/**/test', 'src/test', 'match'],
    ['src/**/test', 'src/a/b/test', 'match'],
    ['src/**/test', 'src/atest', 'no'],
    ['src/**', 'src', 'no'],
    ['src/**', 'src/x/y', 'match'],
    ['**', 'anything/at/all', 'match'],
    ['**/.env', '.env', 'match'],
    ['**/.env', 'a/.env', 'match'],
    ['**/.env', 'x.env', 'no'],
    ['a**b', 'ab', 'match'],
    ['a**b', 'a/x/b', 'match'],
    ['a**b', 'axb', 'no'],
    // Docker compares literal text after a leading `**` as a plain suffix.
    ['**.txt', 'a/b.txt', 'match'],
    ['**.txt', 'b.txt', 'match'],
    // Docker's `**` is `.*` in a Go regexp, which stops at a newline; `*` is `[^/]*`, which does not.
    ['a/**/b', 'a/x\ny/b', 'no'],
    ['a/*/b', 'a/x\ny/b', 'match'],
    // Classes: ranges, `^` negation; `!` is a member (Go has no `[!...]`); POSIX names inside brackets.
    ['file[0-9].txt', 'file7.txt', 'match'],
    ['file[0-9].txt', 'filex.txt', 'no'],
    ['file[^0-9].txt', 'filex.txt', 'match'],
    ['file[^0-9].txt', 'file7.txt', 'no'],
    ['[!a]b', '!b', 'match'],
    ['[!a]b', 'cb', 'no'],
    ['[\\]x]', ']', 'match'],
    ['[[:digit:]]x', '5x', 'match'],
    ['[[:^digit:]]x', '5x', 'no'],
    ['[a-ζ]', 'β', 'match'],
    // Escapes and characters that are special in a regexp but not in a pattern.
    ['a\\*b', 'a*b', 'match'],
    ['a\\*b', 'axb', 'no'],
    ['v1.0', 'v1x0', 'no'],
    ['a+b(c)|{d}$', 'a+b(c)|{d}$', 'match'],
    // `^` is literal text in a pattern without wildcards, and anchors at the start in one with them.
    ['x^y', 'x^y', 'match'],
    ['^*.md', 'x.md', 'match'],
    ['x^*.md', 'x^a.md', 'no'],
  ];
  for (const [pattern, path, expected] of cases) {
    it(`${JSON.stringify(pattern)} against ${JSON.stringify(path)}: ${expected}`, () => {
      assert.equal(verdict(pattern, path), expected);
    });
  }
});

describe('.dockerignore: exceptions, last match wins', () => {
  const cases: [lines: string[], path: string, ignored: boolean][] = [
    [['*.md', '!README.md'], 'README.md', false],
    [['*.md', '!README.md'], 'NOTES.md', true],
    [['!README.md', '*.md'], 'README.md', true],
    [['docs', '!docs/keep.md'], 'docs/keep.md', false],
    [['docs', '!docs/keep.md'], 'docs/other.md', true],
    [['**', '!src'], 'src/deep/a.ts', false],
    [['**', '!src', 'src/gen'], 'src/gen/x.ts', true],
    [['**', '!src', 'src/gen'], 'src/x.ts', false],
  ];
  for (const [lines, path, ignored] of cases) {
    it(`${lines.join(' , ')} -> ${path}: ${ignored ? 'ignored' : 'kept'}`, () => {
      assert.equal(isIgnored(parseDockerignore(lines.join('\n')), path), ignored);
    });
  }

  it('the walk carries a folder’s matches to its entries (MatchesUsingParentResults), which can differ from MatchesOrParentMatches', () => {
    const patterns = parseDockerignore('a\n!a/b\na\n');
    let parent: ParentMatches | undefined;
    let excluded = false;
    for (const step of ['a', 'a/b', 'a/b/f']) ({ excluded, matches: parent } = matchInWalk(patterns, step, parent));
    assert.equal(excluded, false, 'the walk keeps a/b/f: the third pattern is tested on a/b/f alone');
    assert.equal(isIgnored(patterns, 'a/b/f'), true, 'the parent-matching check excludes it');
  });

  it('an excluded folder is entered only when an exception’s text starts with it', () => {
    const patterns = parseDockerignore('node_modules\nx\n!node_modules/keep\n!**/keep\n');
    assert.equal(mayReincludeInside(patterns, 'node_modules'), true);
    assert.equal(mayReincludeInside(patterns, 'x'), false);
    assert.equal(mayReincludeInside(patterns, 'node'), false);
  });
});

describe('.dockerignore: reading the file as ignorefile.ReadAll does', () => {
  const read = (text: string): string[] => parseDockerignore(text).map((p) => (p.exclusion ? '!' : '') + p.pattern);

  it('comments only at the very start of a line; blank lines and surrounding spaces dropped', () => {
    assert.deepEqual(read('# comment\n  # not a comment\n\n\t  logs  \n'), ['# not a comment', 'logs']);
  });

  it('a BOM on the first line, CRLF endings', () => {
    assert.deepEqual(read('\uFEFFnode_modules\r\n*.log\r\n'), ['node_modules', '*.log']);
  });

  it('patterns are cleaned paths relative to the root; `!` may be followed by spaces', () => {
    assert.deepEqual(read('/a/b/\n./x/../y\n ! /tmp \nlogs//old/.\n'), ['a/b', 'y', '!tmp', 'logs/old']);
    assert.equal(isIgnored(parseDockerignore('/secrets/\n'), 'secrets/key.pem'), true);
  });

  it('each pattern knows its line', () => {
    assert.deepEqual(parseDockerignore('# c\n\na\n!b\n').map((p) => p.line), [3, 4]);
  });

  it('Windows reading: `\\` separates folders; elsewhere it escapes', () => {
    const windows = parseDockerignore('build\\out\n', { windows: true });
    assert.equal(windows[0].pattern, 'build/out');
    assert.equal(isIgnored(windows, 'build/out/x.bin'), true);
    const posix = parseDockerignore('build\\out\n');
    assert.equal(isIgnored(posix, 'buildout'), true);
    assert.equal(isIgnored(posix, 'build/out/x.bin'), false);
  });
});

describe('.dockerignore: patterns Docker refuses', () => {
  for (const bad of ['[', 'a\\', '[]x]', '[-a]', '[a-]', '[a-b-c]', '[z-a]', '[[:nope:]]', 'x[^', '!']) {
    it(`${JSON.stringify(bad)} is refused and matches nothing`, () => {
      const patterns = parseDockerignore(`ok\n${bad}\n`);
      assert.equal(patterns.length, 2);
      assert.ok(patterns[1].error, 'an error is reported');
      assert.match(patternErrors(patterns)[0], /^line 2: /);
      assert.equal(isIgnored(patterns, 'ok'), true, 'the other patterns still apply');
      assert.equal(patterns[1].glob.matchesSelfOrParent(bad), false);
    });
  }
});

describe('.dockerignore: no catastrophic backtracking', function () {
  // The old matcher took minutes here; a regression hangs until this timeout.
  this.timeout(5000);
  const deep = Array.from({ length: 19 }, (_, i) => `d${i}`).join('/');
  const nasty = '**/'.repeat(13) + 'z';

  it('`**/` thirteen times then `z`, against paths 19 folders deep', () => {
    const patterns = parseDockerignore(`${nasty}\n`);
    assert.equal(isIgnored(patterns, `${deep}/file.txt`), false);
    assert.equal(isIgnored(patterns, `${deep}/z`), true);
    assert.equal(isIgnored(patterns, `${deep}/z/inside`), true);
    assert.equal(matchInWalk(patterns, `${deep}/file.txt`, undefined).excluded, false);
  });

  it('many stars against a long element, and `**` chains in the middle', () => {
    assert.equal(isIgnored(parseDockerignore(`${'*a'.repeat(12)}*b\n`), 'a'.repeat(200)), false);
    assert.equal(isIgnored(parseDockerignore(`${'**/x/'.repeat(10)}y\n`), `${'x/'.repeat(40)}q`), false);
    assert.equal(isIgnored(parseDockerignore(`a${'**'.repeat(20)}z\n`), `a/${'b/'.repeat(30)}c`), false);
  });

  it('lint with that .dockerignore (CopyIgnoredFile) finishes and still reports', () => {
    const findings = lint(`FROM alpine\nCOPY ${deep}/file.txt /a\nCOPY ${deep}/z /b\n`, { dockerignore: `${nasty}\n` });
    assert.deepEqual(
      findings.filter((f) => f.rule === 'CopyIgnoredFile').map((f) => f.range.start.line),
      [2],
    );
  });
});
