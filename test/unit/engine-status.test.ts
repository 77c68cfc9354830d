// The status-bar item's words, from the recorded platforms' shapes: the engine's name, Windows
// build and short release, isolation, and the connection state (unverified TLS is a warning).
import * as assert from 'node:assert/strict';
import { parseHostUrl, type ResolvedEndpoint } from '../../client/src/engine/endpoint';
import { parseHostPlatform } from '../../client/src/engine/platform';
import { engineName, engineStatus, platformSummary, shortRelease } from '../../client/src/explorer/engineStatus';

const windows2022 = parseHostPlatform(
  { OSType: 'windows', OperatingSystem: 'Windows Server 2022 Datacenter Version 2009 (OS Build 20348.2227)', OSVersion: '10.0.20348', Isolation: 'process' },
  { Version: '24.0.7', ApiVersion: '1.43' },
);
const windows11 = parseHostPlatform(
  { OSType: 'windows', OperatingSystem: 'Windows 11 Pro Version 2311 (OS Build 22631.3007)', OSVersion: '10.0.22631', Isolation: 'hyperv', Labels: ['com.docker.desktop.address=npipe://\\\\.\\pipe\\docker_cli'] },
  { Version: '24.0.7', ApiVersion: '1.43', Platform: { Name: 'Docker Desktop 4.26.1 (131620)' } },
);
const linux = parseHostPlatform({ OSType: 'linux', OperatingSystem: 'Debian GNU/Linux 12 (bookworm)' }, { Version: '20.10.24', ApiVersion: '1.41' });

function context(name: string, url: string, tls?: ResolvedEndpoint['tls']): ResolvedEndpoint {
  const ep = parseHostUrl(url, 'context', `docker context "${name}"`);
  ep.contextName = name;
  if (tls) ep.tls = tls;
  return ep;
}

describe('engine status bar text', () => {
  it('short releases: LTSC for Server LTSC builds, the version otherwise, the client name for Windows 10/11', () => {
    assert.equal(shortRelease(20348, true), 'LTSC 2022');
    assert.equal(shortRelease(17763, true), 'LTSC 2019');
    assert.equal(shortRelease(25398, true), 'Server 23H2');
    assert.equal(shortRelease(26100, true), 'LTSC 2025');
    assert.equal(shortRelease(26100, false), '11 24H2');
    assert.equal(shortRelease(22631, false), '11 23H2');
    assert.equal(shortRelease(99999, true), undefined);
  });

  it('names the engine, its OS, Windows build and release and isolation', () => {
    const s = engineStatus({ kind: 'connected', endpoint: context('win-2022', 'tcp://10.0.0.22:2376', { verify: true, from: 'context' }), platform: windows2022 });
    assert.equal(s.text, '$(vm) win-2022 · Windows 20348 (LTSC 2022) · process');
    assert.equal(s.level, 'ok');
    assert.match(s.tooltip, /^Docker engine: tcp:\/\/10\.0\.0\.22:2376$/m);
    assert.match(s.tooltip, /^TLS: verified$/m);
    assert.equal(platformSummary(windows11), 'Windows 22631 (11 23H2) · hyperv');
    assert.equal(platformSummary(linux), 'Linux');
    assert.equal(engineName(parseHostUrl('unix:///var/run/docker.sock', 'default', 'the platform default')), 'default');
    assert.equal(engineName(parseHostUrl('ssh://me@box.example', 'DOCKER_HOST', 'DOCKER_HOST is set')), 'box.example');
    assert.equal(engineName(parseHostUrl('unix:///run/x.sock', 'setting', 'the setting')), 'unix:///run/x.sock');
  });

  it('shows unverified TLS as a warning, a lost connection as reconnecting, and a failure as an error', () => {
    const unverified = engineStatus({
      kind: 'connected',
      endpoint: context('lab', 'tcp://10.0.0.23:2376', { verify: false, from: 'context', unverifiedReason: 'the docker context "lab" sets SkipTLSVerify' }),
      platform: linux,
    });
    assert.equal(unverified.text, '$(warning) lab · Linux · TLS not verified');
    assert.equal(unverified.level, 'warning');
    assert.match(unverified.tooltip, /^TLS: not verified: the docker context "lab" sets SkipTLSVerify$/m);
    const again = engineStatus({ kind: 'reconnecting', endpoint: context('lab', 'tcp://10.0.0.23:2375'), platform: linux, attempt: 3 });
    assert.equal(again.text, '$(sync~spin) lab · Linux · reconnecting (attempt 3)');
    const failed = engineStatus({ kind: 'error', target: 'win-2022', message: 'Docker is not running at tcp://10.0.0.22:2376.' });
    assert.deepEqual([failed.text, failed.level], ['$(error) win-2022 · not connected', 'error']);
    assert.match(failed.tooltip, /^Docker is not running/);
    assert.equal(engineStatus({ kind: 'connecting' }).text, '$(sync~spin) Docker · connecting…');
  });
});
