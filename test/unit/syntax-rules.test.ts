// Syntax rules: what Docker itself refuses to parse or build.
import * as assert from 'node:assert/strict';
import { lint } from '../../server/src/lint';
import { syntaxRules } from '../../server/src/rules/syntax';
import type { Finding } from '../../server/src/rules/types';
import { applyEdits } from '../support/apply-edits';

const of = (text: string, rule: string): Finding[] => lint(text, { rules: syntaxRules }).filter((f) => f.rule === rule);

function assertFixClean(text: string, rule: string, expected: string): void {
  const finding = of(text, rule)[0];
  assert.ok(finding, `${rule} should fire`);
  const fix = finding.fixes.find((f) => f.preferred);
  assert.ok(fix, `${rule} should offer a preferred fix`);
  const after = applyEdits(text, fix.edits);
  assert.equal(after, expected);
  assert.equal(of(after, rule).length, 0);
}

describe('syntax rule registry', () => {
  it('holds the six syntax rules as errors', () => {
    assert.deepEqual(syntaxRules.map((r) => r.id), ['unknown-instruction', 'missing-arguments', 'invalid-flag', 'parse-error', 'instruction-before-from', 'from-platform-invalid']);
    for (const r of syntaxRules) {
      assert.equal(r.category, 'syntax');
      assert.equal(r.severity, 'error');
    }
  });
});

describe('unknown-instruction', () => {
  it('fires on an unknown word and fixes a near misspelling', () => {
    const f = of('FROM alpine\nRUNN echo\n', 'unknown-instruction');
    assert.equal(f.length, 1);
    assert.equal(f[0].message, 'Unknown instruction: RUNN (did you mean RUN?)');
    assert.equal(f[0].severity, 'error');
    assertFixClean('FROM alpine\nRUNN echo\n', 'unknown-instruction', 'FROM alpine\nRUN echo\n');
    assertFixClean('from alpine\ncopyy a b\n', 'unknown-instruction', 'from alpine\ncopy a b\n');
  });
  it('offers nothing for words far from any instruction, and warns for ONBUILD triggers', () => {
    assert.equal(of('FROM alpine\nBANANA x\n', 'unknown-instruction')[0].fixes.length, 0);
    assert.equal(of('FROM alpine\nONBUILD RUNN x\n', 'unknown-instruction')[0].severity, 'warning');
  });
  it('does not fire on known instructions in any case, nor on a backtick-continued Windows line', () => {
    assert.equal(of('from alpine\nRun echo\n', 'unknown-instruction').length, 0);
    assert.equal(of('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n    C:\\Windows\\\n', 'unknown-instruction').length, 0);
  });
});

describe('missing-arguments', () => {
  it('fires on instructions without their required arguments', () => {
    const text = 'FROM\nFROM a b\nFROM alpine\nCOPY a\nENV\nENV A\nEXPOSE\nWORKDIR\nHEALTHCHECK CMD\nHEALTHCHECK NONE x\n';
    const f = of(text, 'missing-arguments');
    assert.deepEqual(f.map((x) => x.range.start.line), [0, 1, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(f[2].message, 'COPY requires at least two arguments, but only one was provided. Destination could not be determined.');
    assert.ok(f.every((x) => x.severity === 'error'));
  });
  it('warns (only) on an empty shell-form RUN/CMD', () => {
    const f = of('FROM a\nRUN\n', 'missing-arguments');
    assert.equal(f[0].severity, 'warning');
    assert.equal(of('FROM a\nCMD []\nENTRYPOINT [ ]\n', 'missing-arguments').length, 0);
  });
  it('counts COPY arguments as Docker does: whitespace-split, heredocs included, JSON values', () => {
    assert.equal(of('FROM a\nCOPY --from=x C:\\\\dir\\ C:\\\\dst\n', 'missing-arguments').length, 0);
    assert.equal(of('FROM a\nCOPY <<EOF /x\nhi\nEOF\n', 'missing-arguments').length, 0);
    assert.equal(of('FROM a\nCOPY ["a"]\n', 'missing-arguments').length, 1);
    assert.equal(of('FROM a AS b\nENV A=1\nLABEL x y\n', 'missing-arguments').length, 0);
  });
  it('takes a one-element exec-form HEALTHCHECK CMD as a command, with or without flags', () => {
    const valid = 'FROM a\nHEALTHCHECK CMD ["/myapp"]\nHEALTHCHECK --timeout=3s CMD ["foo"]\nHEALTHCHECK --interval=5s --retries=0 CMD ["foo"]\nHEALTHCHECK CMD /check\n';
    assert.deepEqual(of(valid, 'missing-arguments'), []);
    // An empty command is still missing, in either form; a bare HEALTHCHECK lacks even the type.
    const missing = of('FROM a\nHEALTHCHECK CMD []\nHEALTHCHECK --timeout=3s CMD\nHEALTHCHECK\n', 'missing-arguments');
    assert.deepEqual(
      missing.map((f) => [f.range.start.line, f.message]),
      [
        [1, 'Missing command after HEALTHCHECK CMD'],
        [2, 'Missing command after HEALTHCHECK CMD'],
        [3, 'HEALTHCHECK requires at least one argument'],
      ],
    );
  });
});

describe('invalid-flag', () => {
  it('fires on an unknown flag and fixes a near one', () => {
    const f = of('FROM a\nCOPY --form=b /x /y\n', 'invalid-flag');
    assert.ok(f[0].message.startsWith('Unknown flag: --form (did you mean --from?)'));
    assertFixClean('FROM a\nCOPY --form=b /x /y\n', 'invalid-flag', 'FROM a\nCOPY --from=b /x /y\n');
  });
  it('fires on flags of flagless instructions, bare value flags, bad booleans and duplicates', () => {
    const text = 'FROM a\nENV --x=1 A=b\nCOPY --from /x /y\nCOPY --link=yes /x /y\nCOPY --from=a --from=b /x /y\nADD --chmod 1 /y\n';
    const lines = of(text, 'invalid-flag').map((x) => x.range.start.line);
    assert.deepEqual(lines, [1, 2, 3, 4, 5]);
  });
  it('accepts every flag current Docker knows', () => {
    const text = [
      'FROM --platform=$BUILDPLATFORM a AS b',
      'COPY --from=b --chown=1 --chmod=755 --link --parents --exclude=*.md --exclude=x /x /y',
      'ADD --chown=1 --chmod=644 --link=true --checksum=sha256:00 --keep-git-dir --exclude=a --unpack=false /x /y',
      'RUN --mount=type=cache,target=/c --mount=type=secret,id=s --network=none --security=sandbox --device=x echo',
      'HEALTHCHECK --interval=5s --timeout=3s --start-period=1s --start-interval=1s --retries=3 CMD true',
      '',
    ].join('\n');
    assert.deepEqual(of(text, 'invalid-flag'), []);
  });
  it('warns on flags Docker ignores', () => {
    assert.equal(of('FROM a\nSTOPSIGNAL --x SIGTERM\n', 'invalid-flag')[0].severity, 'warning');
  });
});

describe('parse-error', () => {
  it('reports the parser errors: unterminated heredoc and non-string JSON arrays', () => {
    assert.equal(of('FROM a\nRUN <<EOF\necho hi\n', 'parse-error').length, 1);
    assert.equal(of('FROM a\nCMD ["a", 1]\n', 'parse-error').length, 1);
  });
  it('reports instruction errors Docker raises', () => {
    const text = 'FROM a AS 1bad\nENV A=1 B\nSHELL /bin/bash -c\nONBUILD FROM x\nONBUILD ONBUILD RUN x\nHEALTHCHECK CHECK x\n';
    assert.deepEqual(of(text, 'parse-error').map((x) => x.range.start.line), [0, 1, 2, 3, 4, 5]);
  });
  it('is quiet on a clean file', () => {
    assert.deepEqual(of('FROM a AS b\nENV A=1\nSHELL ["pwsh", "-c"]\nONBUILD RUN x\nHEALTHCHECK NONE\n', 'parse-error'), []);
  });
});

describe('instruction-before-from', () => {
  it('fires on anything but ARG before the first FROM', () => {
    const f = of('ARG A=1\nRUN echo\nFROM alpine\nRUN echo\n', 'instruction-before-from');
    assert.equal(f.length, 1);
    assert.equal(f[0].range.start.line, 1);
    assert.ok(f[0].message.includes('no build stage in current context'));
  });
  it('does not fire on ARGs and directives before FROM', () => {
    assert.equal(of('# syntax=docker/dockerfile:1\n# escape=`\nARG A\nFROM alpine\n', 'instruction-before-from').length, 0);
  });
});

describe('from-platform-invalid', () => {
  it('is an error, in BuildKit\'s words, where an undeclared variable leaves --platform empty or no platform', () => {
    const empty = of('\nFROM --platform=$BULIDPLATFORM scratch\n', 'from-platform-invalid');
    assert.deepEqual(
      empty.map((f) => [f.range.start.line, f.severity, f.message]),
      [[1, 'error', 'empty platform value from expression $BULIDPLATFORM (did you mean BUILDPLATFORM?)']],
    );
    const partial = of('ARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\n', 'from-platform-invalid');
    assert.deepEqual(partial.map((f) => f.message), [
      'failed to parse platform linux/${MYARCH}: "" is an invalid component of "linux/": platform specifier component must match "^[A-Za-z0-9_.-]+$": invalid argument (did you mean MY_ARCH?)',
    ]);
    assert.match(of('FROM --platform=${NOPE}/amd64 a\n', 'from-platform-invalid')[0].message, /^failed to parse platform \$\{NOPE\}\/amd64: "" is an invalid OS component of "\/amd64"/);
    // The build error stands whatever the check directive skips.
    assert.equal(lint('# check=skip=all\nFROM --platform=$BULIDPLATFORM scratch\n').filter((f) => f.severity === 'error').length, 1);
  });
  it('stays quiet where the platform is valid, or may be set by --build-arg', () => {
    const quiet = [
      'FROM --platform=$BUILDPLATFORM a\n',
      'FROM --platform=linux/${TARGETARCH} a\n',
      'ARG P\nFROM --platform=$P a\n',
      'ARG ARCH=arm64\nFROM --platform=linux/$ARCH a\n',
      'FROM --platform=linux/amd64$UNDECLARED a\n',
      'FROM --platform=linux/amd64 a\n',
    ];
    for (const text of quiet) assert.deepEqual(of(text, 'from-platform-invalid'), [], text);
  });
});
