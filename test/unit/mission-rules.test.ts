// Each mission rule: it fires, it does not fire where it must not, and its fix re-lints clean.
import * as assert from 'node:assert/strict';
import { lint } from '../../server/src/lint';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import type { DockerfileModel } from '../../server/src/dockerfile/model';
import type { Finding } from '../../server/src/rules/types';
import type { HostContext } from '../../shared/protocol';
import { applyEdits } from '../support/apply-edits';
import { plainExec } from '../support/exec';

const of = (text: string, rule: string, host: HostContext = {}): Finding[] => lint(text, { host }).filter((f) => f.rule === rule);

/** Applies the fix with `title` containing `titlePart` (or the preferred one) of the first finding. */
function fixed(text: string, rule: string, titlePart?: string, host: HostContext = {}): string {
  const finding = of(text, rule, host)[0];
  assert.ok(finding, `${rule} should fire`);
  const fix = titlePart ? finding.fixes.find((f) => f.title.includes(titlePart)) : finding.fixes.find((f) => f.preferred);
  assert.ok(fix, `${rule} should offer ${titlePart ?? 'a preferred fix'}`);
  return applyEdits(text, fix.edits);
}

describe('escape-directive-invalid', () => {
  it('fires on a value other than \\ or `', () => {
    const f = of('# escape=x\nFROM a\n', 'escape-directive-invalid');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].range, { start: { line: 0, character: 9 }, end: { line: 0, character: 10 } });
    assert.equal(f[0].severity, 'error');
  });
  it('does not fire on either valid value, or on an inactive directive', () => {
    assert.equal(of('# escape=`\nFROM a\n', 'escape-directive-invalid').length, 0);
    assert.equal(of('# escape=\\\nFROM a\n', 'escape-directive-invalid').length, 0);
    assert.equal(of('FROM a\n# escape=x\n', 'escape-directive-invalid').length, 0);
  });
  it('offers both values, preferring the one the file continues lines with, and each re-lints clean', () => {
    const text = "# escape=''\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN a `\n  b\n";
    const finding = of(text, 'escape-directive-invalid')[0];
    assert.equal(finding.fixes.find((f) => f.preferred)?.title.includes('backtick'), true);
    for (const fix of finding.fixes) {
      const after = applyEdits(text, fix.edits);
      assert.equal(of(after, 'escape-directive-invalid').length, 0, fix.title);
    }
    assert.equal(parseDockerfile(fixed(text, 'escape-directive-invalid')).escape.char, '`');
  });
});

describe('escape-directive-duplicate', () => {
  it('fires on a second escape directive in the leading run', () => {
    const f = of('# escape=`\n# escape=\\\nFROM a\n', 'escape-directive-duplicate');
    assert.equal(f.length, 1);
    assert.equal(f[0].range.start.line, 1);
    assert.equal(f[0].fixes[0].preferred, false, 'which one was meant is not clear when they differ');
  });
  it('does not fire on one directive, or on different directives', () => {
    assert.equal(of('# escape=`\n# syntax=docker/dockerfile:1\nFROM a\n', 'escape-directive-duplicate').length, 0);
  });
  it('removes an identical duplicate, and the file re-lints clean', () => {
    const after = fixed('# escape=`\n# escape=`\nFROM a\n', 'escape-directive-duplicate');
    assert.equal(after, '# escape=`\nFROM a\n');
    assert.equal(of(after, 'escape-directive-duplicate').length, 0);
  });
});

describe('escape-directive-misplaced', () => {
  const seedShape = '# IIS on Windows\n# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2019\nRUN powershell -Command `\n    Add-WindowsFeature Web-Server\n';
  it('fires on a directive after a comment, a blank line or an instruction, naming the cause', () => {
    const f = of(seedShape, 'escape-directive-misplaced');
    assert.equal(f.length, 1);
    assert.match(f[0].message, /line 1 is a comment/);
    assert.match(of('\n# escape=`\nFROM a\n', 'escape-directive-misplaced')[0].message, /line 1 is blank/);
    assert.match(of('FROM a\n# syntax=docker/dockerfile:1\n', 'escape-directive-misplaced')[0].message, /line 1 is an instruction/);
  });
  it('does not fire at the top, or on ordinary comments', () => {
    assert.equal(of('# escape=`\n# syntax=x\nFROM a\n# just a note: a=b c\n', 'escape-directive-misplaced').length, 0);
  });
  it('leaves a # check= comment lower down alone: BuildKit applies it to the instruction below', () => {
    assert.deepEqual(of('\nFROM scratch\n# check=skip=JSONArgsRecommended\nCMD mycommand\n', 'escape-directive-misplaced'), []);
    assert.deepEqual(of('FROM scratch\n# check=skip=all\n', 'escape-directive-misplaced'), []);
  });
  it('is an error only where the ignored escape directive changes how a later line is read', () => {
    const severity = (text: string) => of(text, 'escape-directive-misplaced').map((f) => f.severity);
    // A backtick meant to continue does not.
    assert.deepEqual(severity(seedShape), ['error']);
    assert.match(of(seedShape, 'escape-directive-misplaced')[0].message, /Line 4 ends in a backtick that does not continue it\./);
    // A trailing `\` meant as a path now continues.
    const path = '# IIS\n# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2019\nCOPY site/ c:\\inetpub\\wwwroot\\\nEXPOSE 80\n';
    assert.deepEqual(severity(path), ['error']);
    assert.match(of(path, 'escape-directive-misplaced')[0].message, /The backslash at the end of line 4 continues it into the next line\./);
    // Nothing reads differently: Docker builds what the file says, so a warning.
    assert.deepEqual(severity('# IIS\n# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2019\nRUN dir\n'), ['warning']);
    assert.deepEqual(severity('FROM a\n# syntax=docker/dockerfile:1\nRUN a `\n'), ['warning']);
    assert.deepEqual(severity('# escape=`\nFROM a\n# escape=`\nRUN a `\n  b\n'), ['warning']);
    // Lines above the directive, comments and heredoc bodies are not read differently by it.
    assert.deepEqual(severity('FROM a\nRUN x `\n  y\n# escape=`\n# a comment `\nRUN <<EOF\necho `\nEOF\n'), ['warning']);
  });
  it('moves the directive to the top, which makes Docker read it, and re-lints clean', () => {
    const after = fixed(seedShape, 'escape-directive-misplaced');
    assert.ok(after.startsWith('# escape=`\n# IIS on Windows\nFROM'));
    const model = parseDockerfile(after);
    assert.equal(model.escape.char, '`');
    assert.equal(model.instructions[1].text.includes('Add-WindowsFeature'), true, 'the backtick now continues the RUN');
    assert.equal(of(after, 'escape-directive-misplaced').length, 0);
  });
  it('keeps backslash continuations continuing when it moves # escape=` up', () => {
    const text = '# Windows\n# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command \\\n    Write-Host hi\nRUN a `\n  b\n';
    const after = fixed(text, 'escape-directive-misplaced');
    assert.equal(after, '# escape=`\n# Windows\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command `\n    Write-Host hi\nRUN a `\n  b\n');
    assert.deepEqual(parseDockerfile(after).instructions.map((i) => i.keyword), ['FROM', 'RUN', 'RUN']);
    assert.deepEqual(lint(after).filter((f) => f.severity === 'error'), []);
  });

  it('lets a Windows path keep its trailing backslash when it moves # escape=` up', () => {
    const text = '# IIS\n# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2019\nCOPY site/ c:\\inetpub\\wwwroot\\\nEXPOSE 80\n';
    const after = fixed(text, 'escape-directive-misplaced');
    assert.equal(after, '# escape=`\n# IIS\nFROM mcr.microsoft.com/windows/servercore:ltsc2019\nCOPY site/ c:\\inetpub\\wwwroot\\\nEXPOSE 80\n');
    assert.deepEqual(parseDockerfile(after).instructions.map((i) => i.keyword), ['FROM', 'COPY', 'EXPOSE']);
  });

  it('offers to remove a misplaced copy of a directive that is already active', () => {
    const text = '# escape=`\nFROM a\n# escape=`\n';
    const after = fixed(text, 'escape-directive-misplaced');
    assert.equal(after, '# escape=`\nFROM a\n');
    assert.equal(of(after, 'escape-directive-misplaced').length, 0);
  });
});

/** The instructions as Docker runs them: keyword and logical text with continuation characters gone. */
function meaning(model: DockerfileModel): string[] {
  return model.instructions.map((i) => `${i.keyword} ${i.exec?.form === 'exec' ? JSON.stringify(i.exec.values) : i.argsText.replace(/\s+/g, ' ')}`);
}

describe('windows-backslash-continuation', () => {
  const text = [
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
    'RUN powershell -Command \\',
    '    Add-WindowsFeature Web-Server; \\',
    '    echo done',
    'COPY app c:\\inetpub\\wwwroot\\',
    'ENV SITE=default',
    'ENV PRICE=\\$5 NAME=a\\ b',
    'EXPOSE 80',
    'CMD ["cmd", "/c", "echo `hi`"]',
    '',
  ].join('\n');

  it('fires on a Windows path whose trailing \\ swallows the next instruction, as an error', () => {
    const f = of(text, 'windows-backslash-continuation');
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'error');
    assert.deepEqual(f[0].range, { start: { line: 4, character: 9 }, end: { line: 4, character: 28 } });
    assert.match(f[0].message, /the ENV on line 6 becomes part of this COPY/);
  });

  it('does not fire on real continuations, on Linux stages, or under the backtick escape', () => {
    assert.equal(of('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN a \\\n  b\n', 'windows-backslash-continuation').length, 0);
    assert.equal(of('FROM alpine\nCOPY app c:\\x\\\nENV A=1\n', 'windows-backslash-continuation').length, 0);
    assert.equal(of('# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY app c:\\x\\\nENV A=1\n', 'windows-backslash-continuation').length, 0);
  });

  it('rewrites the file to the backtick escape, keeping every other instruction as Docker reads it', () => {
    const before = parseDockerfile(text);
    const after = fixed(text, 'windows-backslash-continuation');
    const model = parseDockerfile(after);
    assert.equal(model.escape.char, '`');
    assert.ok(after.startsWith('# escape=`\n'));
    // The swallowed ENV comes back as its own instruction; all else means what it meant.
    const expected = meaning(before);
    expected.splice(2, 1, 'COPY app c:\\inetpub\\wwwroot\\', 'ENV SITE=default');
    const got = meaning(model);
    assert.deepEqual(got.filter((_, k) => k !== 4), expected.filter((_, k) => k !== 4));
    // `\$5` and `a\ b` keep their meaning in backtick spelling.
    assert.equal(model.instructions[4].argsText, 'PRICE=`$5 NAME=a` b');
    assert.equal(of(after, 'windows-backslash-continuation').length, 0);
  });

  it('offers no rewrite when a line ends in a literal backtick that would start continuing', () => {
    const f = of('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo `\nCOPY a c:\\x\\\nENV A=1\n', 'windows-backslash-continuation');
    assert.equal(f.length, 1);
    assert.equal(f[0].fixes.length, 0);
    assert.match(f[0].message, /No automatic fix: line 2 ends in a backtick/);
  });
});

describe('exec-form-invalid-json', () => {
  const seed = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2019\nEXPOSE 80\nENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]\n';
  it('fires on the seed ENTRYPOINT, single quotes and a trailing comma', () => {
    const f = of(seed, 'exec-form-invalid-json');
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'error');
    assert.deepEqual(f[0].range, { start: { line: 3, character: 11 }, end: { line: 3, character: 45 } });
    assert.match(f[0].message, /invalid escape \\S/);
    assert.equal(of("FROM a\nCMD ['node', 'app.js']\n", 'exec-form-invalid-json').length, 1);
    assert.equal(of('FROM a\nCMD ["node", "app.js",]\n', 'exec-form-invalid-json').length, 1);
    assert.equal(of('FROM a\nHEALTHCHECK CMD ["C:\\x.exe"]\nONBUILD RUN ["a\\c"]\n', 'exec-form-invalid-json').length, 2);
  });
  it('does not fire on valid JSON, plain shell form, or shell syntax that starts with [', () => {
    for (const ok of [
      'CMD ["C:\\\\ServiceMonitor.exe", "w3svc"]',
      'RUN echo hi',
      'RUN [ -f /etc/os-release ] && echo yes',
      'RUN [ "$TARGETARCH" = "amd64" ] && echo x',
      "RUN [Environment]::SetEnvironmentVariable('Path', $env:Path + ';C:\\app', 'Machine')",
      'RUN [[ -n "$X" ]] && echo y',
    ]) {
      assert.equal(of(`FROM a\n${ok}\n`, 'exec-form-invalid-json').length, 0, ok);
    }
  });
  it('escapes backslashes (preferred) or uses slashes, and both re-lint clean as exec form', () => {
    const escaped = fixed(seed, 'exec-form-invalid-json');
    assert.ok(escaped.includes('ENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]'));
    assert.deepEqual(plainExec(parseDockerfile(escaped).instructions[2].exec), { form: 'exec', values: ['C:\\ServiceMonitor.exe', 'w3svc'] });
    const slashed = fixed(seed, 'exec-form-invalid-json', 'use /');
    assert.ok(slashed.includes('ENTRYPOINT ["C:/ServiceMonitor.exe", "w3svc"]'));
    for (const after of [escaped, slashed]) assert.equal(of(after, 'exec-form-invalid-json').length + of(after, 'exec-form-control-escape').length, 0);
    const quotes = fixed("FROM a\nCMD ['node', 'app.js',]\n", 'exec-form-invalid-json');
    assert.equal(quotes, 'FROM a\nCMD ["node", "app.js"]\n');
  });
});

describe('exec-form-control-escape', () => {
  it('fires where a JSON escape turns a path into a control character', () => {
    const f = of('FROM a\nCMD ["C:\\\\app\\\\run.exe", "C:\\temp\\new"]\n', 'exec-form-control-escape');
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'warning');
    assert.match(f[0].message, /\\t is a TAB/);
    assert.deepEqual(f[0].range, { start: { line: 1, character: 25 }, end: { line: 1, character: 38 } });
  });
  it('does not fire on doubled backslashes or deliberate escapes', () => {
    assert.equal(of('FROM a\nCMD ["C:\\\\temp\\\\new"]\n', 'exec-form-control-escape').length, 0);
    assert.equal(of('FROM a\nCMD ["printf", "a\\n"]\n', 'exec-form-control-escape').length, 0);
    assert.equal(of('FROM a\nCMD ["echo", "one\\ttwo "]\n', 'exec-form-control-escape').length, 1, 'a word glued to \\t reads as a path');
  });
  it('doubles the backslashes and re-lints clean', () => {
    const after = fixed('FROM a\nCMD ["C:\\temp\\new"]\n', 'exec-form-control-escape');
    assert.equal(after, 'FROM a\nCMD ["C:\\\\temp\\\\new"]\n');
    assert.equal(of(after, 'exec-form-control-escape').length, 0);
  });
});

describe('ignore comments and severities', () => {
  const text = 'FROM a\n# docker-workbench ignore=exec-form-invalid-json\nCMD ["C:\\x.exe"]\nCMD ["C:\\y.exe"]\n';
  it('silences a finding with # docker-workbench ignore=RULE on the line above, only there', () => {
    const f = of(text, 'exec-form-invalid-json');
    assert.deepEqual(f.map((x) => x.range.start.line), [3]);
  });
  it('changes or turns off severities from settings', () => {
    assert.equal(lint(text, { severities: { 'exec-form-invalid-json': 'warning' } }).find((f) => f.rule === 'exec-form-invalid-json')?.severity, 'warning');
    assert.equal(lint(text, { severities: { 'exec-form-invalid-json': 'off' } }).some((f) => f.rule === 'exec-form-invalid-json'), false);
  });
});
