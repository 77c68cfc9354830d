// BuildKit's build checks: each fires, stays quiet where Docker is quiet, and its fix re-lints clean.
import * as assert from 'node:assert/strict';
import { lint } from '../../server/src/lint';
import { buildkitRules } from '../../server/src/rules/buildkit';
import type { Finding } from '../../server/src/rules/types';
import { applyEdits } from '../support/apply-edits';

const of = (text: string, rule: string, dockerignore?: string): Finding[] =>
  lint(text, { rules: buildkitRules, dockerignore }).filter((f) => f.rule === rule);

/** Applies the preferred fix (or the one whose title contains `titlePart`) of the first finding. */
function fixed(text: string, rule: string, titlePart?: string): string {
  const finding = of(text, rule)[0];
  assert.ok(finding, `${rule} should fire on ${JSON.stringify(text)}`);
  const fix = titlePart ? finding.fixes.find((f) => f.title.includes(titlePart)) : finding.fixes.find((f) => f.preferred);
  assert.ok(fix, `${rule} should offer ${titlePart ?? 'a preferred fix'}`);
  return applyEdits(text, fix.edits);
}

function assertFixClean(text: string, rule: string, expected?: string, titlePart?: string): void {
  const after = fixed(text, rule, titlePart);
  if (expected !== undefined) assert.equal(after, expected);
  assert.deepEqual(of(after, rule).map((f) => f.message), [], `after fix: ${after}`);
}

describe('buildkit rule registry', () => {
  it('uses BuildKit check names as ids, with category and buildkitName set', () => {
    assert.equal(buildkitRules.length, 20);
    for (const r of buildkitRules) {
      assert.equal(r.category, 'buildkit');
      assert.equal(r.buildkitName, r.id);
      assert.equal(r.severity, 'warning');
      assert.ok(r.docs.includes(`check=skip=${r.id}`));
    }
  });
});

describe('StageNameCasing', () => {
  it('fires on a mixed-case stage name and lower-cases it and its references', () => {
    const text = 'FROM alpine AS Build\nRUN x\nFROM Build\nCOPY --from=Build /a /b\n';
    assert.equal(of(text, 'StageNameCasing')[0].message, "Stage name 'Build' should be lowercase");
    assertFixClean(text, 'StageNameCasing', 'FROM alpine AS build\nRUN x\nFROM build\nCOPY --from=build /a /b\n');
  });
  it('does not fire on lowercase names', () => {
    assert.equal(of('FROM alpine AS build-1\n', 'StageNameCasing').length, 0);
  });
});

describe('FromAsCasing', () => {
  it('fires when AS does not match FROM and fixes the casing', () => {
    assert.equal(of('FROM alpine as build\n', 'FromAsCasing')[0].message, "'as' and 'FROM' keywords' casing do not match");
    assertFixClean('FROM alpine as build\n', 'FromAsCasing', 'FROM alpine AS build\n');
    assertFixClean('from alpine AS build\n', 'FromAsCasing', 'from alpine as build\n');
  });
  it('does not fire on matching casing or a mixed-case FROM', () => {
    assert.equal(of('FROM alpine AS build\nfrom alpine as b2\n', 'FromAsCasing').length, 0);
    assert.equal(of('From alpine as build\n', 'FromAsCasing').length, 0);
  });
});

describe('NoEmptyContinuation', () => {
  it('fires once per instruction and removes the empty lines', () => {
    const text = 'FROM alpine\nRUN echo a \\\n\n  && echo b \\\n\n  && echo c\n';
    const f = of(text, 'NoEmptyContinuation');
    assert.equal(f.length, 1);
    assertFixClean(text, 'NoEmptyContinuation', 'FROM alpine\nRUN echo a \\\n  && echo b \\\n  && echo c\n');
  });
  it("reports on the instruction's last line, as BuildKit does, and names the empty lines", () => {
    const f = of('FROM alpine\nRUN echo a \\\n\n  && echo b \\\n\n  && echo c\nRUN x\n', 'NoEmptyContinuation');
    assert.deepEqual(f.map((x) => [x.range.start.line, x.message]), [[5, 'Empty continuation lines 3, 5']]);
    assert.equal(of('FROM scratch\nCOPY Dockerfile \\\n\n.\n', 'NoEmptyContinuation')[0].message, 'Empty continuation line 3');
    // A continuation that runs into the end of the file ends on the file's last line.
    assert.equal(of('FROM scratch\nRUN a \\\n\n# note\n', 'NoEmptyContinuation')[0].range.start.line, 3);
  });
  it('does not fire on comment lines inside a continuation', () => {
    assert.equal(of('FROM alpine\nRUN echo a \\\n# note\n  && echo b\n', 'NoEmptyContinuation').length, 0);
  });
});

describe('ConsistentInstructionCasing', () => {
  it('reports the minority casing and mixed-case keywords', () => {
    const text = 'FROM alpine\nRUN a\nrun b\nRun c\n';
    const f = of(text, 'ConsistentInstructionCasing');
    assert.deepEqual(f.map((x) => x.message), [
      "Command 'run' should match the case of the command majority (uppercase)",
      "Command 'Run' should match the case of the command majority (uppercase)",
    ]);
    const once = fixed(text, 'ConsistentInstructionCasing');
    assertFixClean(once, 'ConsistentInstructionCasing', 'FROM alpine\nRUN a\nRUN b\nRUN c\n');
  });
  it('follows a lowercase majority and ignores global ARGs', () => {
    assert.equal(of('ARG X\nfrom alpine\nrun a\n', 'ConsistentInstructionCasing').length, 0);
    assert.equal(of('from alpine\nrun a\nRUN b\n', 'ConsistentInstructionCasing')[0].message.includes('lowercase'), true);
  });
});

describe('DuplicateStageName and ReservedStageName', () => {
  it('reports a repeated name (case-insensitively) and reserved names', () => {
    const f = of('FROM a AS one\nFROM b AS ONE\n', 'DuplicateStageName');
    assert.equal(f.length, 1);
    assert.equal(f[0].message, 'Duplicate stage name "one", stage names should be unique');
    assert.equal(of('FROM a AS scratch\nFROM b AS context\n', 'ReservedStageName').length, 2);
  });
  it('stays quiet on distinct, ordinary names', () => {
    assert.equal(of('FROM a AS one\nFROM b AS two\n', 'DuplicateStageName').length, 0);
    assert.equal(of('FROM a AS scratchpad\n', 'ReservedStageName').length, 0);
  });
});

describe('JSONArgsRecommended', () => {
  it('fires on shell-form CMD and ENTRYPOINT and offers exec form', () => {
    const text = 'FROM alpine\nCMD node server.js\n';
    assert.equal(of(text, 'JSONArgsRecommended')[0].message, 'JSON arguments recommended for CMD to prevent unintended behavior related to OS signals');
    assertFixClean(text, 'JSONArgsRecommended', 'FROM alpine\nCMD ["node", "server.js"]\n', 'exec form');
  });
  it('keeps Windows paths in a backtick file, doubling the backslash in JSON', () => {
    const text = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nENTRYPOINT C:\\app\\run.exe -v\n';
    assertFixClean(text, 'JSONArgsRecommended', '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nENTRYPOINT ["C:\\\\app\\\\run.exe", "-v"]\n', 'exec form');
  });
  it('offers no rewrite when the shell does work', () => {
    assert.equal(of('FROM alpine\nCMD echo $HOME && run\n', 'JSONArgsRecommended')[0].fixes.length, 0);
  });
  it('does not fire on exec form, after SHELL (also in a parent stage), or on broken JSON', () => {
    assert.equal(of('FROM alpine\nCMD ["node"]\n', 'JSONArgsRecommended').length, 0);
    assert.equal(of('FROM alpine AS a\nSHELL ["/bin/bash", "-c"]\nFROM a\nCMD node x\n', 'JSONArgsRecommended').length, 0);
    assert.equal(of('FROM alpine\nCMD ["C:\\Ruby\\ruby.exe"]\n', 'JSONArgsRecommended').length, 0);
  });
});

describe('MaintainerDeprecated', () => {
  it('fires and replaces MAINTAINER with the OCI authors label', () => {
    const text = 'FROM alpine\nMAINTAINER Jane "JD" <jane@example.com>\n';
    assert.equal(of(text, 'MaintainerDeprecated').length, 1);
    assertFixClean(text, 'MaintainerDeprecated', 'FROM alpine\nLABEL org.opencontainers.image.authors="Jane \\"JD\\" <jane@example.com>"\n');
  });
  it('does not fire without MAINTAINER', () => {
    assert.equal(of('FROM alpine\nLABEL a=b\n', 'MaintainerDeprecated').length, 0);
  });
});

describe('UndefinedArgInFrom', () => {
  it('fires on an undeclared variable, suggesting a near name', () => {
    const text = 'ARG VERSION=1\nFROM alpine:${VERSON}\n';
    const f = of(text, 'UndefinedArgInFrom');
    assert.equal(f[0].message, "FROM argument 'VERSON' is not declared (did you mean VERSION?)");
    assertFixClean(text, 'UndefinedArgInFrom', 'ARG VERSION=1\nFROM alpine:${VERSION}\n', 'Change to');
    assertFixClean('FROM alpine:$TAG\n', 'UndefinedArgInFrom', 'ARG TAG\nFROM alpine:$TAG\n', 'Declare');
  });
  it('accepts global ARGs and the automatic platform ARGs', () => {
    assert.equal(of('ARG TAG\nFROM alpine:$TAG\nFROM --platform=$BUILDPLATFORM alpine\n', 'UndefinedArgInFrom').length, 0);
  });
});

describe('InvalidDefaultArgInFrom', () => {
  it('fires when the defaults give an invalid image name', () => {
    assert.equal(of('ARG TAG\nFROM busybox:${TAG}\n', 'InvalidDefaultArgInFrom')[0].message, 'Default value for ARG busybox:${TAG} results in empty or invalid base image name');
    assert.equal(of('ARG IMAGE\nFROM $IMAGE\n', 'InvalidDefaultArgInFrom').length, 1);
    assert.equal(of('ARG NAME=Alpine\nFROM $NAME\n', 'InvalidDefaultArgInFrom').length, 1);
  });
  it('does not fire on good defaults or references with a default', () => {
    assert.equal(of('ARG TAG=3.20\nFROM alpine:${TAG}\n', 'InvalidDefaultArgInFrom').length, 0);
    assert.equal(of('ARG TAG\nFROM alpine:${TAG:-3.20}\n', 'InvalidDefaultArgInFrom').length, 0);
    assert.equal(of('ARG R=mcr.microsoft.com\nFROM $R/windows/servercore:ltsc2022@sha256:' + 'a'.repeat(64) + '\n', 'InvalidDefaultArgInFrom').length, 0);
  });
});

describe('WorkdirRelativePath', () => {
  it('fires on a first relative WORKDIR', () => {
    const text = 'FROM alpine\nWORKDIR app\n';
    assert.equal(of(text, 'WorkdirRelativePath')[0].message, 'Relative workdir "app" can have unexpected results if the base image changes');
    assertFixClean(text, 'WorkdirRelativePath', 'FROM alpine\nWORKDIR /app\n', 'absolute');
  });
  it('does not fire after an absolute WORKDIR (also inherited), or on Windows absolute paths', () => {
    assert.equal(of('FROM alpine AS a\nWORKDIR /src\nFROM a\nWORKDIR app\n', 'WorkdirRelativePath').length, 0);
    assert.equal(of('FROM alpine\nWORKDIR C:\\\\app\nWORKDIR $HOME\n', 'WorkdirRelativePath').length, 0);
  });
});

describe('UndefinedVar', () => {
  it('fires on a global ARG used in a stage without redeclaring it, and declares it', () => {
    const text = 'ARG VERSION=1\nFROM alpine\nENV V=$VERSION\n';
    const f = of(text, 'UndefinedVar');
    assert.equal(f.length, 1);
    assert.ok(f[0].message.startsWith("Usage of undefined variable '$VERSION'"));
    assert.deepEqual(f[0].range, { start: { line: 2, character: 7 }, end: { line: 2, character: 14 } });
    assertFixClean(text, 'UndefinedVar', 'ARG VERSION=1\nFROM alpine\nARG VERSION\nENV V=$VERSION\n');
  });
  it('fires on a predefined platform ARG not declared in the stage', () => {
    assertFixClean('FROM alpine\nCOPY bin/$TARGETARCH /app\n', 'UndefinedVar', 'FROM alpine\nARG TARGETARCH\nCOPY bin/$TARGETARCH /app\n');
  });
  it('suggests a near name, and on scratch reports any unknown name', () => {
    const text = 'FROM scratch\nARG VERSION\nLABEL v=${VERSOIN}\nLABEL w=$OTHER\n';
    const f = of(text, 'UndefinedVar');
    assert.deepEqual(f.map((x) => x.message), ["Usage of undefined variable '$VERSOIN' (did you mean $VERSION?)", "Usage of undefined variable '$OTHER'"]);
    assertFixClean('FROM scratch\nARG VERSION\nLABEL v=${VERSOIN}\n', 'UndefinedVar', 'FROM scratch\nARG VERSION\nLABEL v=${VERSION}\n', 'Change to');
  });
  it('knows ENV set in the same instruction takes effect only after it', () => {
    const f = of('FROM scratch\nENV A=1 B=$A\n', 'UndefinedVar');
    assert.equal(f.length, 1);
    assert.ok(f[0].message.includes('only take effect after'));
  });
  it('does not look inside RUN, CMD or exec form commands, nor at single-quoted or escaped dollars', () => {
    const text = "FROM scratch\nRUN echo $NOPE\nCMD [\"echo\", \"$NOPE\"]\nENV A='$NOPE' B=\\$NOPE\n";
    assert.equal(of(text, 'UndefinedVar').length, 0);
  });
  it('accepts declared ARG and ENV (inherited from a parent stage), PATH and guarded defaults', () => {
    const text = 'FROM scratch AS a\nARG X\nENV Y=1\nFROM a\nENV Z=$X$Y$PATH${W:-d}\n';
    assert.equal(of(text, 'UndefinedVar').length, 0);
  });
  it('does not guess about variables an unknown base image may define', () => {
    assert.equal(of('FROM myorg/golang-base:1.22\nENV P=$GOPATH/bin\n', 'UndefinedVar').length, 0);
  });
  it('honours the backtick escape in Windows files', () => {
    const text = '# escape=`\nFROM scratch\nENV A=`$NOPE B="C:\\x\\$NOPE2"\n';
    assert.deepEqual(of(text, 'UndefinedVar').map((f) => f.message), ["Usage of undefined variable '$NOPE2'"]);
  });
});

describe('MultipleInstructionsDisallowed', () => {
  it('reports the ignored earlier instruction and offers to remove it', () => {
    const text = 'FROM alpine\nCMD ["a"]\nCMD ["b"]\n';
    const f = of(text, 'MultipleInstructionsDisallowed');
    assert.equal(f[0].range.start.line, 1);
    assertFixClean(text, 'MultipleInstructionsDisallowed', 'FROM alpine\nCMD ["b"]\n', 'Remove');
  });
  it('does not fire across stages', () => {
    assert.equal(of('FROM alpine\nCMD ["a"]\nFROM alpine\nCMD ["b"]\n', 'MultipleInstructionsDisallowed').length, 0);
  });
});

describe('LegacyKeyValueFormat', () => {
  it('fires on ENV key value and LABEL key value, and rewrites to key=value', () => {
    assert.equal(of('FROM a\nENV A b\n', 'LegacyKeyValueFormat')[0].message, '"ENV key=value" should be used instead of legacy "ENV key value" format');
    assertFixClean('FROM a\nENV A b\n', 'LegacyKeyValueFormat', 'FROM a\nENV A=b\n');
    assertFixClean('FROM a\nLABEL desc two words\n', 'LegacyKeyValueFormat', 'FROM a\nLABEL desc="two words"\n');
    assertFixClean('# escape=`\nFROM a\nENV GOPATH C:\\gopath\n', 'LegacyKeyValueFormat', '# escape=`\nFROM a\nENV GOPATH=C:\\gopath\n');
  });
  it('does not fire on key=value, and offers no rewrite it cannot keep exact', () => {
    assert.equal(of('FROM a\nENV A=b C="d e"\n', 'LegacyKeyValueFormat').length, 0);
    assert.equal(of('FROM a\nENV A "b c" d\n', 'LegacyKeyValueFormat')[0].fixes.length, 0);
  });
});

describe('RedundantTargetPlatform and FromPlatformFlagConstDisallowed', () => {
  it('reports --platform=$TARGETPLATFORM and removes it', () => {
    const text = 'FROM --platform=$TARGETPLATFORM alpine\n';
    assert.equal(of(text, 'RedundantTargetPlatform')[0].message, 'Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior');
    assertFixClean(text, 'RedundantTargetPlatform', 'FROM alpine\n');
    assert.equal(of('FROM --platform=$BUILDPLATFORM alpine\n', 'RedundantTargetPlatform').length, 0);
  });
  it('reports a constant platform unless the stage is named after it', () => {
    assert.equal(of('FROM --platform=linux/amd64 alpine\n', 'FromPlatformFlagConstDisallowed')[0].message, 'FROM --platform flag should not use constant value "linux/amd64"');
    assert.equal(of('FROM --platform=linux/arm64 alpine AS build-arm64\n', 'FromPlatformFlagConstDisallowed').length, 0);
    assert.equal(of('FROM --platform=$BUILDPLATFORM alpine\n', 'FromPlatformFlagConstDisallowed').length, 0);
  });
});

describe('SecretsUsedInArgOrEnv', () => {
  it('fires on secret-looking ARG and ENV names', () => {
    const f = of('ARG GITHUB_TOKEN\nFROM a\nENV DB_PASSWORD=x\n', 'SecretsUsedInArgOrEnv');
    assert.deepEqual(f.map((x) => x.message), [
      'Do not use ARG or ENV instructions for sensitive data (ARG "GITHUB_TOKEN")',
      'Do not use ARG or ENV instructions for sensitive data (ENV "DB_PASSWORD")',
    ]);
  });
  it('does not fire on allowed or unrelated names', () => {
    assert.equal(of('FROM a\nARG PUBLIC_KEY\nENV PASSWORD_FILE=/run/x TOKENIZER=1 MONKEY=2\n', 'SecretsUsedInArgOrEnv').length, 0);
  });
});

describe('ExposeProtoCasing and ExposeInvalidFormat', () => {
  it('lower-cases the protocol', () => {
    assert.equal(of('FROM a\nEXPOSE 80/TCP\n', 'ExposeProtoCasing')[0].message, "Defined protocol '80/TCP' in EXPOSE instruction should be lowercase");
    assertFixClean('FROM a\nEXPOSE 80/TCP\n', 'ExposeProtoCasing', 'FROM a\nEXPOSE 80/tcp\n');
    assert.equal(of('FROM a\nEXPOSE 80/TCP 53/Udp\n', 'ExposeProtoCasing').length, 2);
    assert.equal(of('FROM a\nEXPOSE 80/tcp 443\n', 'ExposeProtoCasing').length, 0);
  });
  it('reports host mappings and keeps the container port', () => {
    assert.equal(of('FROM a\nEXPOSE 127.0.0.1:80:80\n', 'ExposeInvalidFormat')[0].message, "EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:80:80'");
    assertFixClean('FROM a\nEXPOSE 8080:80/tcp\n', 'ExposeInvalidFormat', 'FROM a\nEXPOSE 80/tcp\n');
    assert.equal(of('FROM a\nEXPOSE 80 443/udp\n', 'ExposeInvalidFormat').length, 0);
  });
});

describe('CopyIgnoredFile', () => {
  it('fires on a source that .dockerignore excludes, including through a parent directory and **', () => {
    const f = of('FROM a\nCOPY secrets/key.pem /k\nADD ./logs/app.log /l\nCOPY src /src\n', 'CopyIgnoredFile', 'secrets\n**/*.log\n');
    assert.deepEqual(f.map((x) => x.message), [
      'Attempting to Copy file "secrets/key.pem" that is excluded by .dockerignore',
      'Attempting to Add file "logs/app.log" that is excluded by .dockerignore',
    ]);
  });
  it('is off without .dockerignore, with ! exceptions, and for COPY --from', () => {
    assert.equal(of('FROM a\nCOPY secrets /s\n', 'CopyIgnoredFile').length, 0);
    assert.equal(of('FROM a\nCOPY secrets /s\n', 'CopyIgnoredFile', 'secrets\n!secrets/ok\n').length, 0);
    assert.equal(of('FROM a\nCOPY --from=b secrets /s\n', 'CopyIgnoredFile', 'secrets\n').length, 0);
  });
  it('takes the context root as ignored only under a catch-all pattern, not under .*', () => {
    assert.deepEqual(of('FROM a\nCOPY . .\nCOPY ./ /app\n', 'CopyIgnoredFile', '.*\n'), []);
    assert.deepEqual(of('FROM a\nCOPY . .\n', 'CopyIgnoredFile', '.git\n.env\n'), []);
    for (const catchAll of ['*', '**', '**/*']) {
      const f = of('FROM a\nCOPY . .\n', 'CopyIgnoredFile', `${catchAll}\n`);
      assert.deepEqual(f.map((x) => x.message), ['Attempting to Copy file "." that is excluded by .dockerignore'], catchAll);
    }
    // A dotfile itself is still excluded by `.*`.
    assert.equal(of('FROM a\nCOPY .env /e\n', 'CopyIgnoredFile', '.*\n').length, 1);
  });
});
