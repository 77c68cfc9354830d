// What runs where, without an engine: shared/windows/runsHere (verdicts, the tags of a family that
// would run, the refusal) and the explorer's wording of it (verdicts.ts: image verdicts, the OS
// mismatch explanation for a stopped container, bounded inspects).
import * as assert from 'node:assert/strict';
import { familyOfImageName, runVerdict, tagsThatRun, cannotRunMessage } from '../../shared/windows/runsHere';
import { imageVerdict, isOsMismatchError, mapBounded, osMismatchLines, runsHere } from '../../client/src/explorer/verdicts';
import { describeImageOs } from '../../client/src/engine/platform';

const win11 = { osType: 'windows', windowsBuild: 22631, windowsRelease: 'Windows 11 23H2' };
const server2019 = { osType: 'windows', windowsBuild: 17763, windowsRevision: 5329 };
const image = (osVersion: string, os = 'windows') => ({ ...describeImageOs({ Os: os, OsVersion: osVersion }), id: 'sha256:x', architecture: 'amd64' });

describe('what runs where', () => {
  it('decides process, Hyper-V or neither by the host build', () => {
    assert.equal(runVerdict(22631, 20348).runs, 'process');
    assert.equal(runVerdict(22631, 17763).runs, 'hyperv');
    assert.equal(runVerdict(22631, 26100).runs, 'none');
    assert.equal(runVerdict(17763, 17763).runs, 'process');
    assert.equal(runVerdict(17763, 14393).runs, 'hyperv');
  });

  it('names only tags the release table publishes for the family, per isolation', () => {
    assert.deepEqual(tagsThatRun(17763, 'nanoserver').map((t) => [t.isolation, t.tags]), [['process', ['1809']]]);
    assert.deepEqual(tagsThatRun(22631, 'servercore').map((t) => [t.isolation, t.tags]), [['process', ['ltsc2022']]]);
    // Windows 10 22H2 runs nothing in process isolation; under Hyper-V the newest older release.
    assert.deepEqual(tagsThatRun(19045, 'servercore').map((t) => [t.isolation, t.tags]), [['hyperv', ['20H2']]]);
    // Server 2022's `server` image family has no tag before 2022.
    assert.deepEqual(tagsThatRun(17763, 'server'), []);
    assert.equal(familyOfImageName('mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-1809'), 'nanoserver');
    assert.equal(familyOfImageName('mcr.microsoft.com/windows/server:ltsc2022'), 'server');
    assert.equal(familyOfImageName('contoso/app:1'), undefined);
  });

  it('refuses with both builds and the tags that would run', () => {
    const m = cannotRunMessage(17763, 20348, 'mcr.microsoft.com/windows/servercore:ltsc2022');
    assert.match(m ?? '', /cannot run on this host \(build 17763, Windows Server 2019 \(1809\)\)/);
    assert.match(m ?? '', /Tags that would run here: servercore:ltsc2019 or 1809 \(Windows Server 2019 \(1809\), process isolation\)/);
    assert.equal(cannotRunMessage(17763, 17763, 'x'), undefined);
    assert.match(cannotRunMessage(17763, 20348, 'contoso/app:1') ?? '', /does not say which family/);
  });

  it('words the image verdicts, and the filter keeps what runs or is unknown', () => {
    assert.equal(imageVerdict(win11, image('10.0.20348.2849'), 'a')?.icon.id, 'pass-filled');
    assert.equal(imageVerdict(win11, image('10.0.17763.1'), 'a')?.kind, 'hyperv');
    const none = imageVerdict(win11, image('10.0.26100.1'), 'a');
    assert.equal(none?.kind, 'none');
    assert.equal(runsHere(none), false);
    assert.equal(imageVerdict(win11, image('', 'linux'), 'l')?.kind, 'none');
    assert.equal(imageVerdict({ osType: 'linux' }, image('', 'linux'), 'l'), undefined);
    assert.match(imageVerdict({ osType: 'linux' }, image('10.0.17763.1'), 'w')?.why ?? '', /runs linux containers/);
    assert.equal(imageVerdict(win11, image('10.0'), 'a')?.kind, 'unknown');
    assert.equal(runsHere(undefined), true);
  });

  it('explains a stopped container that failed with the OS mismatch, and nothing else', () => {
    const error = 'hcsshim::CreateComputeSystem abc: The container operating system does not match the host operating system.\n(extra)';
    assert.ok(isOsMismatchError(error));
    const lines = osMismatchLines({ image: 'servercore:ltsc2022' }, { error, exitCode: 128 }, server2019, image('10.0.20348.1'));
    assert.match(lines[0], /does not match the host's \(exit 128\)/);
    assert.match(lines[1], /Tags that would run here: servercore:ltsc2019/);
    assert.match(lines[2], /^Engine: hcsshim::CreateComputeSystem/);
    assert.deepEqual(osMismatchLines({ image: 'x' }, { error: 'port is already allocated', exitCode: 128 }, server2019, undefined), []);
  });

  it('inspects a few at a time, failures as undefined', async () => {
    let running = 0;
    let most = 0;
    const out = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setImmediate(r));
      running--;
      if (n === 4) throw new Error('gone');
      return n * 2;
    });
    assert.deepEqual(out, [2, 4, 6, undefined, 10, 12, 14]);
    assert.equal(most, 3);
  });
});
