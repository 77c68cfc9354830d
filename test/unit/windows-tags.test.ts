import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { resolveWindowsImage, type WindowsFamily } from '../../server/src/windows';

interface Case {
  ref: string;
  windows: 'yes' | 'no' | 'maybe';
  build?: number;
  family?: WindowsFamily;
  token?: string;
}

const cases: Case[] = [
  // Base repositories, LTSC words with and without -amd64.
  { ref: 'mcr.microsoft.com/windows/servercore:ltsc2016', windows: 'yes', build: 14393, family: 'servercore', token: 'ltsc2016' },
  { ref: 'mcr.microsoft.com/windows/servercore:ltsc2016-amd64', windows: 'yes', build: 14393, family: 'servercore', token: 'ltsc2016' },
  { ref: 'mcr.microsoft.com/windows/servercore:ltsc2019', windows: 'yes', build: 17763, family: 'servercore', token: 'ltsc2019' },
  { ref: 'mcr.microsoft.com/windows/servercore:ltsc2019-amd64', windows: 'yes', build: 17763, family: 'servercore', token: 'ltsc2019' },
  { ref: 'mcr.microsoft.com/windows/servercore:ltsc2022', windows: 'yes', build: 20348, family: 'servercore', token: 'ltsc2022' },
  { ref: 'mcr.microsoft.com/windows/servercore:ltsc2022-amd64', windows: 'yes', build: 20348, family: 'servercore', token: 'ltsc2022' },
  { ref: 'mcr.microsoft.com/windows/servercore:ltsc2025', windows: 'yes', build: 26100, family: 'servercore', token: 'ltsc2025' },
  { ref: 'mcr.microsoft.com/windows/servercore:ltsc2025-amd64', windows: 'yes', build: 26100, family: 'servercore', token: 'ltsc2025' },
  { ref: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', windows: 'yes', build: 20348, family: 'nanoserver', token: 'ltsc2022' },
  { ref: 'mcr.microsoft.com/windows/nanoserver:ltsc2025-amd64', windows: 'yes', build: 26100, family: 'nanoserver', token: 'ltsc2025' },
  { ref: 'mcr.microsoft.com/windows/nanoserver:sac2016', windows: 'yes', build: 14393, family: 'nanoserver', token: 'sac2016' },
  { ref: 'mcr.microsoft.com/windows/server:ltsc2022', windows: 'yes', build: 20348, family: 'server', token: 'ltsc2022' },
  { ref: 'mcr.microsoft.com/windows/server:ltsc2025', windows: 'yes', build: 26100, family: 'server', token: 'ltsc2025' },
  { ref: 'mcr.microsoft.com/windows:ltsc2019', windows: 'yes', build: 17763, family: 'windows', token: 'ltsc2019' },
  // Semi-annual release words.
  { ref: 'mcr.microsoft.com/windows/servercore:1607-amd64', windows: 'yes', build: 14393, token: '1607' },
  { ref: 'mcr.microsoft.com/windows/servercore:1709', windows: 'yes', build: 16299, token: '1709' },
  { ref: 'mcr.microsoft.com/windows/servercore:1803', windows: 'yes', build: 17134, token: '1803' },
  { ref: 'mcr.microsoft.com/windows/nanoserver:1803', windows: 'yes', build: 17134, family: 'nanoserver' },
  { ref: 'mcr.microsoft.com/windows/servercore:1809', windows: 'yes', build: 17763, token: '1809' },
  { ref: 'mcr.microsoft.com/windows/servercore:1809-amd64', windows: 'yes', build: 17763, token: '1809' },
  { ref: 'mcr.microsoft.com/windows/nanoserver:1809', windows: 'yes', build: 17763, family: 'nanoserver', token: '1809' },
  { ref: 'mcr.microsoft.com/windows/servercore:1903', windows: 'yes', build: 18362 },
  { ref: 'mcr.microsoft.com/windows/servercore:1909', windows: 'yes', build: 18363 },
  { ref: 'mcr.microsoft.com/windows:1909', windows: 'yes', build: 18363, family: 'windows' },
  { ref: 'mcr.microsoft.com/windows/servercore:2004', windows: 'yes', build: 19041 },
  { ref: 'mcr.microsoft.com/windows/servercore:20H2', windows: 'yes', build: 19042, token: '20H2' },
  { ref: 'mcr.microsoft.com/windows/servercore:20H2-amd64', windows: 'yes', build: 19042 },
  { ref: 'mcr.microsoft.com/windows/servercore:2009', windows: 'yes', build: 19042, token: '2009' },
  { ref: 'mcr.microsoft.com/windows:2009', windows: 'yes', build: 19042 },
  { ref: 'mcr.microsoft.com/windows:20H2', windows: 'yes', build: 19042 },
  // Full versions, KB-suffixed, insider builds.
  { ref: 'mcr.microsoft.com/windows/servercore:10.0.17763.437', windows: 'yes', build: 17763, token: '10.0.17763.437' },
  { ref: 'mcr.microsoft.com/windows/servercore:10.0.17763.1158-amd64', windows: 'yes', build: 17763, token: '10.0.17763.1158' },
  { ref: 'mcr.microsoft.com/windows/nanoserver:10.0.14393.2068', windows: 'yes', build: 14393, family: 'nanoserver' },
  { ref: 'mcr.microsoft.com/windows/servercore:10.0.14393.2007', windows: 'yes', build: 14393 },
  { ref: 'mcr.microsoft.com/windows:1809-KB5030214-amd64', windows: 'yes', build: 17763, family: 'windows', token: '1809' },
  { ref: 'mcr.microsoft.com/windows/servercore/insider:10.0.18334.1', windows: 'yes', build: 18334, family: 'servercore' },
  { ref: 'mcr.microsoft.com/windows/nanoserver/insider:10.0.18334.1', windows: 'yes', build: 18334, family: 'nanoserver' },
  { ref: 'mcr.microsoft.com/windowsservercore-insider:10.0.17744.1001', windows: 'yes', build: 17744, family: 'servercore' },
  { ref: 'mcr.microsoft.com/nanoserver-insider:10.0.17744.1001', windows: 'yes', build: 17744, family: 'nanoserver' },
  { ref: 'mcr.microsoft.com/windows/servercore/insider:10.0.19035.1', windows: 'yes', build: 19035 },
  { ref: 'mcr.microsoft.com/windows/servercore-insider', windows: 'yes', family: 'servercore' },
  { ref: 'mcr.microsoft.com/windows-insider', windows: 'yes', family: 'windows' },
  // Old Docker Hub names.
  { ref: 'microsoft/windowsservercore', windows: 'yes', family: 'servercore' },
  { ref: 'microsoft/windowsservercore:10.0.14393.1884', windows: 'yes', build: 14393, family: 'servercore' },
  { ref: 'microsoft/windowsservercore:1709', windows: 'yes', build: 16299, family: 'servercore' },
  { ref: 'microsoft/nanoserver', windows: 'yes', family: 'nanoserver' },
  { ref: 'microsoft/nanoserver:sac2016', windows: 'yes', build: 14393, family: 'nanoserver' },
  { ref: 'docker.io/microsoft/nanoserver:10.0.14393.1884', windows: 'yes', build: 14393, family: 'nanoserver' },
  // Derived images with the release in the tag.
  { ref: 'mcr.microsoft.com/dotnet/framework/sdk:4.8-windowsservercore-ltsc2019', windows: 'yes', build: 17763, family: 'servercore', token: 'ltsc2019' },
  { ref: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019', windows: 'yes', build: 17763, family: 'servercore' },
  { ref: 'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-1809', windows: 'yes', build: 17763, family: 'nanoserver', token: '1809' },
  { ref: 'mcr.microsoft.com/dotnet/sdk:10.0-windowsservercore-ltsc2022', windows: 'yes', build: 20348, family: 'servercore' },
  { ref: 'mcr.microsoft.com/dotnet/runtime:10.0-nanoserver-ltsc2022', windows: 'yes', build: 20348, family: 'nanoserver' },
  { ref: 'mcr.microsoft.com/dotnet/aspnet:9.0.19-nanoserver-ltsc2025', windows: 'yes', build: 26100, family: 'nanoserver' },
  { ref: 'python:3.6-windowsservercore', windows: 'yes', family: 'servercore' },
  { ref: 'python:2.7.14-windowsservercore', windows: 'yes', family: 'servercore' },
  { ref: 'golang:1.12.13-windowsservercore-ltsc2016', windows: 'yes', build: 14393, family: 'servercore', token: 'ltsc2016' },
  { ref: 'golang:1.9-nanoserver', windows: 'yes', family: 'nanoserver' },
  { ref: 'golang:nanoserver', windows: 'yes', family: 'nanoserver' },
  { ref: 'openjdk:8-windowsservercore', windows: 'yes', family: 'servercore' },
  { ref: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022', windows: 'yes', build: 20348, family: 'servercore', token: 'ltsc2022' },
  { ref: 'mcr.microsoft.com/windows/servercore/iis', windows: 'yes', family: 'servercore' },
  { ref: 'mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022', windows: 'yes', build: 20348, family: 'nanoserver', token: 'ltsc2022' },
  { ref: 'mcr.microsoft.com/powershell:nanoserver-1809', windows: 'yes', build: 17763, family: 'nanoserver' },
  { ref: 'microsoft/dotnet-framework:4.7.2-sdk-windowsservercore-1803', windows: 'yes', build: 17134, family: 'servercore' },
  { ref: 'microsoft/iis:windowsservercore', windows: 'yes', family: 'servercore' },
  { ref: 'microsoft/iis', windows: 'yes' },
  { ref: 'microsoft/mssql-server-windows-express', windows: 'yes' },
  { ref: 'stefanscherer/golang-windows:1.11-10.0.17744.1001', windows: 'yes', build: 17744 },
  { ref: 'stefanscherer/node-windows:10', windows: 'yes' },
  { ref: 'stefanscherer/openjdk-windows:8-nanoserver', windows: 'yes', family: 'nanoserver' },
  { ref: 'myregistry.azurecr.io/windows/servercore:ltsc2019', windows: 'yes', build: 17763, family: 'servercore' },
  // Manifest lists and missing tags: Windows, build unknown.
  { ref: 'mcr.microsoft.com/dotnet/framework/sdk:4.8.1', windows: 'yes', family: 'servercore' },
  { ref: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8', windows: 'yes', family: 'servercore' },
  { ref: 'mcr.microsoft.com/windows/servercore:latest', windows: 'yes', family: 'servercore' },
  { ref: 'mcr.microsoft.com/windows/nanoserver:latest', windows: 'yes', family: 'nanoserver' },
  { ref: 'mcr.microsoft.com/windows/servercore', windows: 'yes', family: 'servercore' },
  { ref: 'mcr.microsoft.com/windows/servercore@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', windows: 'yes' },
  // Not Windows, or not known.
  { ref: 'alpine:3.19', windows: 'no' },
  { ref: 'ubuntu', windows: 'no' },
  { ref: 'scratch', windows: 'no' },
  { ref: 'python:3.12-slim', windows: 'no' },
  { ref: 'golang:1.22-alpine', windows: 'no' },
  { ref: 'mcr.microsoft.com/dotnet/sdk:8.0-jammy', windows: 'no' },
  { ref: 'golang', windows: 'maybe' },
  { ref: 'mcr.microsoft.com/dotnet/sdk:8.0', windows: 'maybe' },
  { ref: 'myorg/app:1809', windows: 'maybe' },
  { ref: 'stefanscherer/msbuild:14.0', windows: 'maybe' },
];

describe('windows tag resolution', () => {
  for (const c of cases) {
    it(`${c.ref} -> ${c.windows}${c.build ? ` ${c.build}` : ''}`, () => {
      const info = resolveWindowsImage(c.ref);
      assert.equal(info.windows, c.windows, info.reason);
      assert.equal(info.build, c.build);
      if (c.family) assert.equal(info.family, c.family);
      if (c.token) {
        assert.ok(info.tagReleaseToken, 'release token');
        assert.equal(info.tagReleaseToken.text, c.token);
        assert.equal(info.tag?.slice(info.tagReleaseToken.offset, info.tagReleaseToken.offset + c.token.length), c.token);
      }
      if (c.windows === 'yes' && c.build === undefined) assert.equal(info.tagReleaseToken, undefined);
    });
  }

  it('names the release of a known build and none for insider builds', () => {
    assert.equal(resolveWindowsImage('mcr.microsoft.com/windows/servercore:ltsc2022').release?.name, 'Windows Server 2022');
    assert.equal(resolveWindowsImage('mcr.microsoft.com/windows/servercore/insider:10.0.18334.1').release, undefined);
    assert.equal(resolveWindowsImage('mcr.microsoft.com/windows/servercore:10.0.17763.437').revision, 437);
  });

  it('finds the KB word of a KB-suffixed tag', () => {
    const info = resolveWindowsImage('mcr.microsoft.com/windows:1809-KB5030214-amd64');
    assert.deepEqual(info.tagKbToken, { text: 'KB5030214', offset: 5 });
  });

  it('says why a manifest list has no build', () => {
    assert.match(resolveWindowsImage('mcr.microsoft.com/dotnet/framework/sdk:4.8.1').reason, /manifest list/);
    assert.match(resolveWindowsImage('mcr.microsoft.com/windows/servercore').reason, /latest/);
  });

  describe('from the model', () => {
    const stageImage = (text: string, index = 0) => parseDockerfile(text).stages[index].image;

    it('resolves a tag given through an ARG default', () => {
      const info = resolveWindowsImage(stageImage('ARG TAG=ltsc2019\nFROM mcr.microsoft.com/windows/servercore:${TAG}\n'));
      assert.equal(info.windows, 'yes');
      assert.equal(info.build, 17763);
      assert.equal(info.tagReleaseToken?.text, 'ltsc2019');
    });

    it('resolves a whole image given through ARGs', () => {
      const info = resolveWindowsImage(
        stageImage('ARG REPO=mcr.microsoft.com/dotnet/framework/sdk\nARG VER=4.8-windowsservercore-ltsc2016\nFROM $REPO:$VER AS build\n'),
      );
      assert.equal(info.build, 14393);
      assert.equal(info.family, 'servercore');
    });

    it('keeps a Windows repository when the tag ARG has no default', () => {
      const info = resolveWindowsImage(stageImage('ARG TAG\nFROM mcr.microsoft.com/windows/servercore:$TAG\n'));
      assert.equal(info.windows, 'yes');
      assert.equal(info.build, undefined);
      assert.match(info.reason, /build argument/);
    });

    it('is unsure of an image that is a variable without default', () => {
      assert.equal(resolveWindowsImage(stageImage('ARG BASE\nFROM $BASE\n')).windows, 'maybe');
    });

    it('uses the parts of the reference without a tag', () => {
      const info = resolveWindowsImage(stageImage('FROM mcr.microsoft.com/windows/nanoserver\n'));
      assert.equal(info.windows, 'yes');
      assert.equal(info.family, 'nanoserver');
      assert.equal(info.build, undefined);
    });
  });
});
