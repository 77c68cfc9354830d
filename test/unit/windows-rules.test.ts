import * as assert from 'node:assert/strict';
import type { HostContext } from '../../shared/protocol';
import { lint } from '../../server/src/lint';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import type { Position } from '../../server/src/dockerfile/model';
import type { Finding, TextEdit } from '../../server/src/rules/types';
import { windowsRules } from '../../server/src/rules/windows';
import { isWindowsStage } from '../../server/src/windows';

function offsetAt(text: string, p: Position): number {
  let offset = 0;
  for (let line = 0; line < p.line; line++) {
    const nl = text.indexOf('\n', offset);
    assert.ok(nl >= 0, `line ${p.line} exists`);
    offset = nl + 1;
  }
  return offset + p.character;
}

/** Applies non-overlapping edits, last first so earlier offsets stay valid. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const spans = edits
    .map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}

function findings(text: string, rule: string, host: HostContext): Finding[] {
  return lint(text, { host, rules: windowsRules }).filter((f) => f.rule === rule);
}

/** Lints, applies the one finding's preferred fix, re-lints: returns the fixed text. */
function fixOnce(text: string, rule: string, host: HostContext): string {
  const found = findings(text, rule, host);
  assert.equal(found.length, 1, `one ${rule} finding in:\n${text}`);
  const fix = found[0].fixes.find((f) => f.preferred);
  assert.ok(fix, 'a preferred fix');
  const fixed = applyEdits(text, fix.edits);
  assert.deepEqual(findings(fixed, rule, host), [], `no ${rule} after the fix:\n${fixed}`);
  return fixed;
}

const HOST_2019: HostContext = { engineOs: 'windows', build: 17763, isolation: 'process' };
const HOST_2022: HostContext = { engineOs: 'windows', build: 20348, isolation: 'process' };

describe('windows-host-mismatch', () => {
  const rule = 'windows-host-mismatch';

  it('fires on a derived image for another release and names builds and isolation', () => {
    const text = 'FROM mcr.microsoft.com/dotnet/framework/sdk:4.8-windowsservercore-ltsc2019\nRUN dir\n';
    const [f] = findings(text, rule, HOST_2022);
    assert.ok(f);
    assert.equal(f.severity, 'error');
    assert.match(f.message, /build 17763/);
    assert.match(f.message, /build 20348/);
    assert.match(f.message, /process isolation/);
    assert.match(f.message, /Hyper-V isolation would run it/);
    assert.deepEqual(f.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 74 } });
    assert.equal(fixOnce(text, rule, HOST_2022), 'FROM mcr.microsoft.com/dotnet/framework/sdk:4.8-windowsservercore-ltsc2022\nRUN dir\n');
  });

  it('says when neither isolation would run it', () => {
    const text = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\n';
    const [f] = findings(text, rule, { build: 17763, isolation: 'hyperv' });
    assert.match(f.message, /Hyper-V isolation/);
    assert.match(f.message, /Process isolation would not run it either/);
    assert.equal(fixOnce(text, rule, { build: 17763, isolation: 'hyperv' }), 'FROM mcr.microsoft.com/windows/servercore:ltsc2019\n');
  });

  it('defaults to process isolation when the host build is known', () => {
    assert.equal(findings('FROM mcr.microsoft.com/windows/servercore:ltsc2016\n', rule, { build: 17763 }).length, 1);
  });

  it('moves nanoserver 1809 to ltsc2022 on Server 2022', () => {
    assert.equal(fixOnce('FROM mcr.microsoft.com/windows/nanoserver:1809\n', rule, HOST_2022), 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n');
  });

  it('picks the newest release that runs on a host without images of its own', () => {
    const text = 'FROM mcr.microsoft.com/windows/servercore:ltsc2019-amd64 AS build\n';
    assert.equal(fixOnce(text, rule, { build: 25398 }), 'FROM mcr.microsoft.com/windows/servercore:ltsc2022-amd64 AS build\n');
    assert.equal(fixOnce(text, rule, { build: 22621, isolation: 'process' }), 'FROM mcr.microsoft.com/windows/servercore:ltsc2022-amd64 AS build\n');
  });

  it('edits the ARG default when the tag comes through an ARG', () => {
    const text = 'ARG TAG=ltsc2019\nFROM mcr.microsoft.com/windows/servercore:${TAG}\nRUN dir\n';
    const [f] = findings(text, rule, HOST_2022);
    assert.equal(f.range.start.line, 1);
    assert.equal(f.fixes[0].edits[0].range.start.line, 0);
    assert.equal(fixOnce(text, rule, HOST_2022), 'ARG TAG=ltsc2022\nFROM mcr.microsoft.com/windows/servercore:${TAG}\nRUN dir\n');
  });

  it('edits a quoted ARG default holding the whole image', () => {
    const text = 'ARG IMAGE="mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-1809"\nFROM $IMAGE\n';
    assert.equal(fixOnce(text, rule, HOST_2022), 'ARG IMAGE="mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022"\nFROM $IMAGE\n');
  });

  it('edits the tag part of an ARG default built from other ARGs', () => {
    const text = 'ARG REPO=mcr.microsoft.com/windows/servercore\nARG TAG=1809\nFROM ${REPO}:${TAG}\n';
    assert.equal(fixOnce(text, rule, HOST_2022), 'ARG REPO=mcr.microsoft.com/windows/servercore\nARG TAG=ltsc2022\nFROM ${REPO}:${TAG}\n');
  });

  it('edits a FROM continued over lines', () => {
    const text = 'FROM \\\n  golang:1.12.13-windowsservercore-ltsc2016 AS go\n';
    assert.equal(fixOnce(text, rule, HOST_2019), 'FROM \\\n  golang:1.12.13-windowsservercore-ltsc2019 AS go\n');
  });

  it('drops the KB word and moves the old windows image', () => {
    assert.equal(fixOnce('FROM mcr.microsoft.com/windows:1809-KB5030214-amd64\n', rule, { build: 18363 }), 'FROM mcr.microsoft.com/windows:1909-amd64\n');
    assert.equal(fixOnce('FROM mcr.microsoft.com/windows:1809\n', rule, HOST_2022), 'FROM mcr.microsoft.com/windows/server:ltsc2022\n');
  });

  it('fires on full version and insider tags, without a fix for insider builds', () => {
    assert.equal(fixOnce('FROM mcr.microsoft.com/windows/servercore:10.0.17763.437\n', rule, HOST_2022), 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\n');
    const [insider] = findings('FROM mcr.microsoft.com/windows/servercore/insider:10.0.18334.1\n', rule, HOST_2019);
    assert.ok(insider);
    assert.deepEqual(insider.fixes, []);
  });

  it('reports but does not retag a digest-pinned image', () => {
    const text = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n';
    const [f] = findings(text, rule, HOST_2019);
    assert.ok(f);
    assert.deepEqual(f.fixes, []);
  });

  it('reports only the external image, not stages built on it', () => {
    const text = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS base\nFROM base AS app\nFROM app\n';
    const found = findings(text, rule, HOST_2019);
    assert.equal(found.length, 1);
    assert.equal(found[0].range.start.line, 0);
  });

  it('judges against a build named in the settings even while the local engine runs Linux containers', () => {
    const found = findings('FROM mcr.microsoft.com/windows/servercore:ltsc2022\n', rule, { engineOs: 'linux', build: 17763, source: 'settings' });
    assert.equal(found.length, 1);
  });

  it('is silent when the image runs, the host is unknown, or the tag names no release', () => {
    const quiet: Array<[string, HostContext]> = [
      ['FROM mcr.microsoft.com/windows/servercore:ltsc2019\n', HOST_2019],
      ['FROM mcr.microsoft.com/windows/servercore:ltsc2022\n', { build: 26100 }],
      ['FROM mcr.microsoft.com/windows/servercore:ltsc2016\n', { build: 20348, isolation: 'hyperv' }],
      ['FROM mcr.microsoft.com/windows/servercore:ltsc2022\n', {}],
      ['FROM mcr.microsoft.com/windows/servercore:ltsc2022\n', { engineOs: 'windows', isolation: 'process' }],
      ['FROM mcr.microsoft.com/dotnet/framework/sdk:4.8.1\n', HOST_2019],
      ['FROM mcr.microsoft.com/windows/servercore:latest\n', HOST_2019],
      ['FROM mcr.microsoft.com/windows/servercore\n', HOST_2019],
      ['FROM python:3.6-windowsservercore\n', HOST_2019],
      ['ARG TAG\nFROM mcr.microsoft.com/windows/servercore:$TAG\n', HOST_2019],
      ['FROM alpine:3.19\n', HOST_2019],
      ['FROM myorg/app:1803\n', HOST_2019],
    ];
    for (const [text, host] of quiet) assert.deepEqual(findings(text, rule, host), [], `${JSON.stringify(host)}\n${text}`);
  });

  it('honours ignore comments', () => {
    const text = '# docker-workbench ignore=windows-host-mismatch\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\n';
    assert.deepEqual(findings(text, rule, HOST_2019), []);
  });
});

describe('windows-image-linux-engine', () => {
  const rule = 'windows-image-linux-engine';
  const LINUX: HostContext = { engineOs: 'linux' };

  it('fires on Windows images when the engine runs Linux containers', () => {
    const text = 'FROM mcr.microsoft.com/dotnet/framework/sdk:4.8.1 AS build\nFROM build\nFROM alpine\n';
    const found = findings(text, rule, LINUX);
    assert.equal(found.length, 1);
    assert.equal(found[0].range.start.line, 0);
    assert.match(found[0].message, /image operating system "windows" cannot be used on this platform/);
    assert.match(found[0].message, /Switch Docker Desktop to Windows containers/);
    assert.deepEqual(found[0].fixes, []);
    assert.equal(findings('FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n', rule, { engineOs: 'linux', build: 17763 }).length, 1);
  });

  it('is silent for Linux images, unknown images and other engines', () => {
    assert.deepEqual(findings('FROM mcr.microsoft.com/windows/servercore:ltsc2022\n', rule, {}), []);
    assert.deepEqual(findings('FROM mcr.microsoft.com/windows/servercore:ltsc2022\n', rule, { engineOs: 'windows' }), []);
    assert.deepEqual(findings('FROM alpine:3.19\nFROM golang\nFROM mcr.microsoft.com/dotnet/sdk:8.0\n', rule, LINUX), []);
    assert.deepEqual(findings('ARG BASE\nFROM $BASE\n', rule, LINUX), []);
  });
});

describe('windows-unsupported-flag', () => {
  const rule = 'windows-unsupported-flag';

  it('fires on COPY --chown in a Windows stage and the fix removes the flag', () => {
    const text = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY --chown=app:app src C:/app\n';
    const [f] = findings(text, rule, {});
    assert.ok(f);
    assert.equal(f.severity, 'error');
    assert.match(f.message, /--chown/);
    assert.deepEqual(f.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 20 } });
    assert.equal(fixOnce(text, rule, {}), 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY src C:/app\n');
  });

  it('reports each flag; fixing them one by one leaves none', () => {
    let text = 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nADD --chmod=755 --link --chown=1000 a.txt b.txt C:/data/\n';
    assert.equal(findings(text, rule, {}).length, 2);
    for (let round = 0; round < 2; round++) {
      const [f] = findings(text, rule, {});
      text = applyEdits(text, f.fixes[0].edits);
    }
    assert.equal(text, 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nADD --link a.txt b.txt C:/data/\n');
    assert.deepEqual(findings(text, rule, {}), []);
  });

  it('removes a flag on its own continuation line', () => {
    const text = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY --chown=app \\\n     src dst\n';
    assert.equal(fixOnce(text, rule, {}), 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY src dst\n');
  });

  it('follows stage references and ONBUILD triggers', () => {
    const text = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS base\nFROM base\nONBUILD COPY --chmod=644 a b\n';
    assert.equal(fixOnce(text, rule, {}), 'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS base\nFROM base\nONBUILD COPY a b\n');
  });

  it('uses signs when the base image is unknown', () => {
    const signs = [
      'ARG BASE\nFROM $BASE\nSHELL ["powershell", "-Command"]\nCOPY --chown=x a b\n',
      '# escape=`\nARG BASE\nFROM $BASE\nCOPY --chown=x a b\n',
      'FROM myorg/base:1\nWORKDIR C:\\app\nCOPY --chown=x a b\n',
      'FROM myorg/base:1\nCOPY --chown=x a C:/app/\n',
    ];
    for (const text of signs) assert.equal(findings(text, rule, {}).length, 1, text);
  });

  it('is silent in Linux stages and unknown stages without signs', () => {
    const quiet = [
      'FROM alpine\nCOPY --chown=app:app --chmod=755 a /b\n',
      'FROM alpine\nSHELL ["pwsh", "-c"]\nCOPY --chown=app a /b\n',
      'ARG BASE\nFROM $BASE\nCOPY --chown=app a /b\n',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS win\nFROM golang:1.22-alpine\nCOPY --from=win --chown=app a /b\n',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY --from=build a C:/b\n',
    ];
    for (const text of quiet) assert.deepEqual(findings(text, rule, {}), [], text);
  });
});

describe('isWindowsStage', () => {
  const windowsStages = (text: string) => {
    const model = parseDockerfile(text);
    return model.stages.map((s) => isWindowsStage(model, s));
  };

  it('decides from the root image, then from signs', () => {
    assert.deepEqual(windowsStages('FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS a\nFROM a\nFROM alpine\n'), [true, true, false]);
    assert.deepEqual(windowsStages('FROM golang AS a\nSHELL ["cmd", "/S", "/C"]\nFROM a\nFROM golang\n'), [true, true, false]);
    assert.deepEqual(windowsStages('# escape=`\nFROM alpine\nFROM golang\n'), [false, true]);
  });

  it('lets clear Windows signs win over a Linux guess from the name alone, but not pwsh', () => {
    assert.deepEqual(windowsStages('FROM ruby\nRUN C:\\ruby30-x64\\bin\\gem install rails\n'), [true]);
    assert.deepEqual(windowsStages('FROM ubuntu\nSHELL ["pwsh", "-c"]\n'), [false]);
    assert.deepEqual(windowsStages('FROM myorg/tools\nSHELL ["pwsh", "-c"]\n'), [true]);
    assert.deepEqual(windowsStages('FROM mcr.microsoft.com/powershell:7.4-ubuntu-22.04\nSHELL ["pwsh", "-c"]\n'), [false]);
    assert.deepEqual(windowsStages('FROM myorg/tools\nCMD ["C:\\\\tool\\\\scan.exe"]\n'), [true]);
  });
});
