// Diagnose Windows Container Host's engine checks through the real client and operations: the
// private engine (Linux containers, so the OS check fails and no Windows check is made about a
// Linux kernel), the recorded Windows Server 2019 and Windows 11 Docker Desktop engines on a unix
// socket and on 127.0.0.1 (test/engine/windows-replay.ts, replay-loopback.ts), and Docker
// Desktop's recorded Linux engine; a missing socket gives the typed error's message and action.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagnoseHost, renderReport, type EngineInput } from '../../client/src/companion/diagnose';
import { EngineClient, EngineError, getInfo, getVersion, parseHostUrl } from '../../client/src/engine';
import { replayOnLoopback } from './replay-loopback';
import { requireEngine, tempDir } from './support';
import { load, replay } from './windows-replay';

async function answers(c: EngineClient): Promise<EngineInput> {
  try {
    const [info, version] = await Promise.all([getInfo(c), getVersion(c)]);
    return { ok: true, info, version };
  } catch (err) {
    assert.ok(err instanceof EngineError, String(err));
    return { ok: false, message: err.detail, action: err.action };
  } finally {
    c.dispose();
  }
}

function statuses(checks: Array<{ id: string; status: string }>): Record<string, string> {
  return Object.fromEntries(checks.map((c) => [c.id, c.status]));
}

describe('engine: Diagnose Windows Container Host, the engine checks', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('diag');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the private engine: reachable with its real version, Linux containers (fail, with a fix), nothing else', async () => {
    const c = await requireEngine();
    const version = await getVersion(c);
    const report = await diagnoseHost({ platform: 'linux', at: new Date(), engine: await answers(c) });
    assert.deepEqual(statuses(report.checks), { 'engine.reachable': 'pass', 'engine.os': 'fail' });
    assert.ok(report.checks[0].detail.startsWith(`Engine ${version.Version}, API ${version.ApiVersion}`), report.checks[0].detail);
    assert.ok(report.checks[1].fix && report.checks[1].fix.text.length > 0);
    assert.match(renderReport(report), /\*\*1 passed, 1 failed, 0 unknown\.\*\*/);
  });

  it('the recorded Windows Server 2019 engine over unix socket and over 127.0.0.1: the same passing Windows checks, read by GET only', async () => {
    const rec = load('windows-server-2019.json');
    const onSocket = await replay(rec, dir);
    const onLoopback = await replayOnLoopback(rec, fs.mkdtempSync(path.join(dir, 'lo-')));
    try {
      for (const url of [onSocket.url, onLoopback.url]) {
        const report = await diagnoseHost({ platform: 'linux', at: new Date(), engine: await answers(new EngineClient(parseHostUrl(url, 'setting', 'recorded'))) });
        assert.deepEqual(statuses(report.checks), { 'engine.reachable': 'pass', 'engine.os': 'pass', 'engine.build': 'pass', 'engine.isolation': 'pass', 'engine.driver': 'pass', 'engine.plugins': 'pass', 'engine.experimental': 'unknown' }, url);
        const build = report.checks.find((c) => c.id === 'engine.build');
        assert.equal(build?.detail, 'Windows Server 2019 (1809), build 17763.5329. Base images for it: servercore:ltsc2019.');
      }
      assert.ok(onSocket.requests.every((r) => r.startsWith('GET ')), onSocket.requests.join(', '));
      assert.ok(onSocket.requests.includes('GET /info') && onSocket.requests.includes('GET /version'));
    } finally {
      await onLoopback.close();
      await onSocket.close();
    }
  });

  it('Docker Desktop on Windows 11: its Windows engine passes with Hyper-V; its Linux engine fails with the switch to Windows containers', async () => {
    const win = await replay(load('windows-11-desktop.json'), dir, 'win.sock');
    const lin = await replay(load('docker-desktop-linux-engine.json'), dir, 'lin.sock');
    try {
      const w = await diagnoseHost({ platform: 'linux', at: new Date(), engine: await answers(new EngineClient(parseHostUrl(win.url, 'setting', 'recorded'))) });
      assert.equal(statuses(w.checks)['engine.os'], 'pass');
      assert.match(w.checks.find((c) => c.id === 'engine.isolation')!.detail, /^Hyper-V isolation/);
      assert.match(w.checks[0].detail, /Docker Desktop for Windows: its Windows containers engine/);
      const l = await diagnoseHost({ platform: 'win32', at: new Date(), engine: await answers(new EngineClient(parseHostUrl(lin.url, 'setting', 'recorded'))) });
      assert.deepEqual(statuses(l.checks), { 'engine.reachable': 'pass', 'engine.os': 'fail' });
      assert.deepEqual(l.checks[1].fix?.commands, ['& "$Env:ProgramFiles\\Docker\\Docker\\DockerCli.exe" -SwitchWindowsEngine']);
      // No PowerShell runner given: the report says the machine was not checked.
      assert.match(l.notes.join(' '), /No PowerShell runner/);
    } finally {
      await win.close();
      await lin.close();
    }
  });

  it('no engine at the endpoint: one failing check carrying the typed error', async () => {
    const report = await diagnoseHost({ platform: 'linux', at: new Date(), engine: await answers(new EngineClient(parseHostUrl(`unix://${path.join(dir, 'missing.sock')}`, 'setting', 'test'))) });
    assert.deepEqual(statuses(report.checks), { 'engine.reachable': 'fail' });
    assert.match(report.checks[0].detail, /missing\.sock/);
  });
});
