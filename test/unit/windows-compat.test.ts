import * as assert from 'node:assert/strict';
import {
  checkCompat,
  describeBuild,
  describeImage,
  oldestProcessCompatibleBuild,
  pickTargetRelease,
  resolveWindowsImage,
  retargetTag,
  suggestWindowsTags,
} from '../../server/src/windows';

const IMAGE_BUILDS = [14393, 16299, 17134, 17763, 18362, 18363, 19041, 19042, 20348, 26100];

/** Image builds that run, per host and isolation, written out by hand from WINDOWS.md and hcsshim. */
const MATRIX: Record<number, { process: number[]; hyperv: number[] }> = {
  14393: { process: [14393], hyperv: [14393] },
  17763: { process: [17763], hyperv: [14393, 16299, 17134, 17763] },
  // Windows 10 22H2: no image has its build, so process isolation runs nothing.
  19045: { process: [], hyperv: [14393, 16299, 17134, 17763, 18362, 18363, 19041, 19042] },
  20348: { process: [20348], hyperv: [14393, 16299, 17134, 17763, 18362, 18363, 19041, 19042, 20348] },
  // Windows 11 22H2 runs Server 2022 images in process isolation.
  22621: { process: [20348], hyperv: [14393, 16299, 17134, 17763, 18362, 18363, 19041, 19042, 20348] },
  // Server 23H2 has no images of its own and runs ltsc2022.
  25398: { process: [20348], hyperv: [14393, 16299, 17134, 17763, 18362, 18363, 19041, 19042, 20348] },
  26100: { process: [20348, 26100], hyperv: IMAGE_BUILDS },
};

describe('windows host compatibility', () => {
  for (const [hostText, expected] of Object.entries(MATRIX)) {
    const host = Number(hostText);
    for (const isolation of ['process', 'hyperv'] as const) {
      it(`host ${host}, ${isolation}: runs exactly ${expected[isolation].join(', ') || 'nothing'}`, () => {
        const runs = IMAGE_BUILDS.filter((b) => checkCompat(host, b, isolation).runs);
        assert.deepEqual(runs, expected[isolation]);
      });
    }
  }

  it('follows the stable-ABI window: previous LTSC up to the host', () => {
    assert.equal(oldestProcessCompatibleBuild(20348), 20348);
    assert.equal(oldestProcessCompatibleBuild(22000), 20348);
    assert.equal(oldestProcessCompatibleBuild(26100), 20348);
    // A build after 2025 would run 2025 images and newer, as hcsshim decides.
    assert.equal(oldestProcessCompatibleBuild(26200), 26100);
  });

  it('checks the Server 2016 revision only when both are known', () => {
    assert.equal(checkCompat(14393, 14393, 'process', { hostRevision: 2068, imageRevision: 2007 }).runs, false);
    assert.equal(checkCompat(14393, 14393, 'process', { hostRevision: 2068, imageRevision: 2068 }).runs, true);
    assert.equal(checkCompat(14393, 14393, 'process', { imageRevision: 2007 }).runs, true);
  });

  it('gives reasons that name the rule', () => {
    assert.match(checkCompat(17763, 20348, 'process').reason, /equal the host build 17763/);
    assert.match(checkCompat(20348, 17763, 'process').reason, /older/);
    assert.match(checkCompat(17763, 20348, 'hyperv').reason, /newer than the host/);
    assert.match(checkCompat(19045, 17763, 'process').reason, /Windows 10/);
  });

  it('names host builds', () => {
    assert.equal(describeBuild(17763), 'Windows Server 2019 (1809)');
    assert.equal(describeBuild(22621), 'Windows 11 22H2');
    assert.equal(describeBuild(26100), 'Windows 11 24H2 / Windows Server 2025');
    assert.equal(describeBuild(12345), 'Windows build 12345');
  });
});

describe('windows retargeting', () => {
  const target = (ref: string, host: number, isolation: 'process' | 'hyperv' = 'process') => {
    const change = retargetTag(resolveWindowsImage(ref), host, isolation);
    return change ? (change.repository ? `${change.repository}:${change.tag}` : change.tag) : undefined;
  };

  it('keeps the other parts of a derived tag', () => {
    assert.equal(target('mcr.microsoft.com/dotnet/framework/sdk:4.8-windowsservercore-ltsc2019', 20348), '4.8-windowsservercore-ltsc2022');
    assert.equal(target('golang:1.12.13-windowsservercore-ltsc2016', 17763), '1.12.13-windowsservercore-ltsc2019');
    assert.equal(target('mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-1809', 20348), '8.0-nanoserver-ltsc2022');
    assert.equal(target('mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022', 17763), '8.0-nanoserver-1809');
  });

  it('moves base tags to the host release', () => {
    assert.equal(target('mcr.microsoft.com/windows/nanoserver:1809', 20348), 'ltsc2022');
    assert.equal(target('mcr.microsoft.com/windows/servercore:ltsc2022-amd64', 17763), 'ltsc2019-amd64');
    assert.equal(target('mcr.microsoft.com/windows/servercore:1903', 17763), '1809');
    assert.equal(target('mcr.microsoft.com/windows/servercore:10.0.17763.1158-amd64', 20348), 'ltsc2022-amd64');
    assert.equal(target('mcr.microsoft.com/windows/servercore:ltsc2019', 26100), 'ltsc2025');
    assert.equal(target('mcr.microsoft.com/windows/servercore:1909', 18363), undefined, 'already right');
  });

  it('picks the newest release that runs on a host without images of its own', () => {
    assert.equal(target('mcr.microsoft.com/windows/servercore:ltsc2019', 25398), 'ltsc2022');
    assert.equal(target('mcr.microsoft.com/windows/servercore:ltsc2019', 22621), 'ltsc2022');
    assert.equal(target('mcr.microsoft.com/windows/servercore:ltsc2022', 19045, 'hyperv'), 'ltsc2019');
    assert.equal(target('mcr.microsoft.com/windows/servercore:ltsc2022', 19045, 'process'), undefined);
  });

  it('drops the KB word with the release it belongs to', () => {
    assert.equal(target('mcr.microsoft.com/windows:1809-KB5030214-amd64', 18363), '1909-amd64');
  });

  it('moves the full windows image to windows/server from 2022 on', () => {
    assert.equal(target('mcr.microsoft.com/windows:1809', 20348), 'mcr.microsoft.com/windows/server:ltsc2022');
  });

  it('offers nothing for insider repositories', () => {
    assert.equal(target('mcr.microsoft.com/windows/servercore/insider:10.0.18334.1', 17763), undefined);
  });

  it('prefers supported LTSC releases', () => {
    assert.equal(pickTargetRelease('servercore', false, 19045, 'hyperv')?.build, 17763);
    assert.equal(pickTargetRelease('servercore', false, 18363, 'process')?.build, 18363);
    assert.equal(pickTargetRelease('server', false, 17763, 'process'), undefined);
  });
});

describe('windows hover and completion helpers', () => {
  it('describes an image against the host', () => {
    const d = describeImage('mcr.microsoft.com/windows/servercore:ltsc2019', { build: 20348, isolation: 'process' });
    assert.equal(d.lines[0], 'Windows Server 2019 (1809), build 17763, servercore');
    assert.equal(d.process?.runs, false);
    assert.equal(d.hyperv?.runs, true);
    assert.ok(d.lines.some((l) => l.includes('process isolation does not run (in use)')));
  });

  it('says build unknown for a manifest list', () => {
    const d = describeImage('mcr.microsoft.com/dotnet/framework/sdk:4.8.1', { build: 17763 });
    assert.match(d.lines[0], /build unknown/);
    assert.equal(d.process, undefined);
  });

  it('describes without a host', () => {
    const d = describeImage('mcr.microsoft.com/windows/servercore:1903');
    assert.equal(d.process, undefined);
    assert.ok(d.lines.some((l) => l.includes('out of support')));
    assert.deepEqual(describeImage('alpine').lines, ['Linux image']);
  });

  it('suggests host-matching tags first', () => {
    const s = suggestWindowsTags('mcr.microsoft.com/windows/servercore', { build: 20348 });
    assert.equal(s[0].tag, 'ltsc2022');
    assert.equal(s[0].runsOnHost, true);
    assert.equal(s.filter((x) => x.runsOnHost).length, 1);
    const nano = suggestWindowsTags('mcr.microsoft.com/windows/nanoserver', { build: 17763 });
    assert.equal(nano[0].tag, '1809');
    const hyperv = suggestWindowsTags('mcr.microsoft.com/windows/servercore', { build: 22631, isolation: 'hyperv' });
    assert.ok(hyperv.slice(0, 2).every((x) => x.runsOnHost));
    assert.equal(hyperv[0].tag, 'ltsc2022');
  });

  it('suggests newest supported first without a host, and nothing for other repositories', () => {
    const s = suggestWindowsTags('mcr.microsoft.com/windows/server');
    assert.deepEqual(
      s.map((x) => x.tag),
      ['ltsc2025', 'ltsc2022'],
    );
    assert.deepEqual(suggestWindowsTags('alpine'), []);
    assert.deepEqual(suggestWindowsTags('mcr.microsoft.com/dotnet/sdk'), []);
  });
});
