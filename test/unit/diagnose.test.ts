// Diagnose Windows Container Host without VS Code: the machine's checks from recorded PowerShell
// answers (test/unit/fixtures/diagnose, written from the documented formats: see its README.md)
// replayed through the injected runner, the engine's checks from the recorded engines' bodies,
// the Pester summary of Debug-ContainerHost.ps1, and the Markdown staying inert.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  PROBES,
  diagnoseHost,
  engineChecks,
  fixCommands,
  renderReport,
  summariseDebugScript,
  type Check,
  type DebugScriptDecision,
  type DiagnoseReport,
  type PowerShellResult,
  type PowerShellRunner,
  type ProbeId,
} from '../../client/src/companion/diagnose';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'unit', 'fixtures', 'diagnose');
const ENGINES = path.join(ROOT, 'test', 'engine', 'fixtures');

interface MachineRecording {
  about: string;
  sources: Record<string, string>;
  probes: Partial<Record<ProbeId, PowerShellResult>>;
  debugScript?: PowerShellResult;
}

function machine(name: string): MachineRecording {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as MachineRecording;
}

function engine(name: string): { info: unknown; version: unknown } {
  const rec = JSON.parse(fs.readFileSync(path.join(ENGINES, name), 'utf8')) as { info: unknown; version: unknown };
  return { info: rec.info, version: rec.version };
}

const LINUX_ENGINE = {
  info: { OSType: 'linux', OSVersion: '12', KernelVersion: '6.1.0-18-amd64', OperatingSystem: 'Debian GNU/Linux 12 (bookworm)', Driver: 'overlay2', Isolation: '', Plugins: { Network: ['bridge', 'host'] }, ExperimentalBuild: false },
  version: { Version: '20.10.24', ApiVersion: '1.41', Os: 'linux' },
};

/** Replays a recording; every call's arguments are kept, and an unknown script fails the test. */
function replayRunner(rec: MachineRecording, calls: Array<{ args: readonly string[]; cwd?: string }>): PowerShellRunner {
  return async (args, options) => {
    calls.push({ args, cwd: options?.cwd });
    if (args.includes('-File')) {
      assert.ok(rec.debugScript, 'the recording has no Debug-ContainerHost.ps1 output');
      return rec.debugScript;
    }
    const id = (Object.keys(PROBES) as ProbeId[]).find((k) => PROBES[k] === args[3]);
    assert.ok(id, `not a probe's script: ${args[3]}`);
    const answer = rec.probes[id];
    assert.ok(answer, `the recording does not answer ${id}`);
    return answer;
  };
}

function byId(report: DiagnoseReport): Map<string, Check> {
  return new Map(report.checks.map((c) => [c.id, c]));
}

function status(report: DiagnoseReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
}

async function diagnose(rec: MachineRecording, eng: { info: unknown; version: unknown }, debugScript?: DebugScriptDecision) {
  const calls: Array<{ args: readonly string[]; cwd?: string }> = [];
  const report = await diagnoseHost({ platform: 'win32', at: new Date(0), endpoint: 'npipe:////./pipe/docker_engine', engine: { ok: true, ...eng }, runPowerShell: replayRunner(rec, calls), debugScript: debugScript ? async () => debugScript : undefined });
  return { report, calls };
}

describe('diagnose: recorded PowerShell answers', () => {
  it('every recording says what it is and names a source for every probe it answers', () => {
    const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    assert.equal(files.length, 4);
    for (const f of files) {
      const rec = machine(f);
      assert.match(rec.about, /Written from the documented formats/, f);
      for (const id of Object.keys(rec.probes)) assert.ok(rec.sources[id], `${f}: no source for ${id}`);
      if (rec.debugScript) assert.ok(rec.sources.debugScript, `${f}: no source for debugScript`);
    }
  });

  it('runs powershell.exe with fixed argument arrays only: -NoProfile -NonInteractive -Command SCRIPT, the script file as one -File argument', async () => {
    const { calls } = await diagnose(machine('windows-server-2019-ready.json'), engine('windows-server-2019.json'), { kind: 'run', file: 'C:\\Users\\Administrator\\Downloads\\Debug-ContainerHost.ps1', cwd: 'C:\\Temp\\dwb' });
    const probes = calls.filter((c) => !c.args.includes('-File'));
    assert.deepEqual(probes.map((c) => c.args.slice(0, 3)), probes.map(() => ['-NoProfile', '-NonInteractive', '-Command']));
    assert.ok(probes.every((c) => c.args.length === 4 && Object.values(PROBES).includes(c.args[3])));
    // A server asks Get-WindowsFeature, not the client's Get-WindowsOptionalFeature.
    assert.ok(probes.some((c) => c.args[3] === PROBES.windowsFeatures));
    assert.ok(!probes.some((c) => c.args[3] === PROBES.optionalFeatures));
    const script = calls.filter((c) => c.args.includes('-File'));
    assert.deepEqual(script.map((c) => c.args), [['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', 'C:\\Users\\Administrator\\Downloads\\Debug-ContainerHost.ps1']]);
    assert.equal(script[0].cwd, 'C:\\Temp\\dwb');
  });

  it('Windows 11 with Docker Desktop on its Linux engine: machine healthy, Desktop in Linux mode, the switch to copy', async () => {
    const { report } = await diagnose(machine('windows-11-desktop-linux.json'), engine('docker-desktop-linux-engine.json'));
    assert.deepEqual(status(report), {
      'engine.reachable': 'pass',
      'engine.os': 'fail',
      'machine.virtualization': 'pass',
      'machine.hypervisor': 'pass',
      'machine.feature.containers': 'pass',
      'machine.feature.hyperv': 'pass',
      'machine.service': 'pass',
      'machine.desktop': 'fail',
      'machine.debugScript': 'unknown',
    });
    const checks = byId(report);
    assert.match(checks.get('machine.virtualization')!.detail, /hypervisor is running/);
    assert.match(checks.get('machine.desktop')!.detail, /Linux containers \(the engine that answered says so\)/);
    assert.deepEqual(checks.get('machine.desktop')!.fix!.commands, ['& "$Env:ProgramFiles\\Docker\\Docker\\DockerCli.exe" -SwitchWindowsEngine', '& "$Env:ProgramFiles\\Docker\\Docker\\DockerCli.exe" -SwitchDaemon']);
    assert.match(checks.get('engine.os')!.fix!.text, /Switch to Windows containers/);
    assert.match(checks.get('machine.debugScript')!.fix!.commands[0], /^Invoke-WebRequest -Uri https:\/\/aka\.ms\/Debug-ContainerHost\.ps1 -UseBasicParsing -OutFile /);
  });

  it('a fresh Windows Server 2019: Containers to install, the docker service to install with DockerMsftProvider, Hyper-V not needed', async () => {
    const { report } = await diagnose(machine('windows-server-2019-fresh.json'), engine('windows-server-2019.json'));
    const s = status(report);
    assert.equal(s['machine.virtualization'], 'pass');
    assert.equal(s['machine.hypervisor'], 'pass');
    assert.equal(s['machine.feature.containers'], 'fail');
    assert.equal(s['machine.feature.hyperv'], 'pass');
    assert.equal(s['machine.service'], 'fail');
    assert.equal(s['machine.desktop'], undefined, 'no Docker Desktop check on a server without it');
    const checks = byId(report);
    assert.deepEqual(checks.get('machine.feature.containers')!.fix!.commands, ['Install-WindowsFeature -Name Containers', 'Restart-Computer']);
    assert.deepEqual(checks.get('machine.service')!.fix!.commands, ['Install-Module -Name DockerMsftProvider -Repository PSGallery -Force', 'Install-Package -Name Docker -ProviderName DockerMsftProvider -Force', 'Restart-Computer']);
    assert.match(fixCommands(report), /# The Containers feature is enabled\nInstall-WindowsFeature -Name Containers/);
  });

  it('Windows 10 not elevated: firmware virtualization off, the features unknown with the reason, Desktop not running', async () => {
    const { report } = await diagnose(machine('windows-10-not-elevated.json'), engine('windows-11-desktop.json'));
    const checks = byId(report);
    assert.equal(checks.get('machine.virtualization')!.status, 'fail');
    assert.match(checks.get('machine.virtualization')!.fix!.text, /VT-x or AMD-V/);
    assert.equal(checks.get('machine.hypervisor')!.status, 'fail');
    assert.deepEqual(checks.get('machine.hypervisor')!.fix!.commands, ['Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V -All', 'Restart-Computer']);
    for (const id of ['machine.feature.containers', 'machine.feature.hyperv']) {
      assert.equal(checks.get(id)!.status, 'unknown');
      assert.match(checks.get(id)!.detail, /needs an elevated PowerShell.*requires elevation/);
    }
    assert.equal(checks.get('machine.service')!.status, 'pass');
    assert.equal(checks.get('machine.desktop')!.status, 'fail');
    assert.match(checks.get('machine.desktop')!.detail, /not running/);
  });

  it("the ready Server 2019 with Debug-ContainerHost.ps1 run: service and version match the engine, the script's one failure summarised", async () => {
    const { report } = await diagnose(machine('windows-server-2019-ready.json'), engine('windows-server-2019.json'), { kind: 'run', file: 'C:\\Users\\Administrator\\Downloads\\Debug-ContainerHost.ps1', cwd: 'C:\\Temp\\dwb' });
    const checks = byId(report);
    assert.equal(checks.get('machine.feature.containers')!.status, 'pass');
    assert.equal(checks.get('machine.service')!.status, 'pass');
    assert.equal(checks.get('machine.serviceVersion')!.status, 'pass');
    const script = checks.get('machine.debugScript')!;
    assert.equal(script.status, 'fail');
    assert.equal(script.detail, "9 of 10 of its tests passed; failed: At least one of 'microsoft/windowsservercore' or 'microsoft/nanoserver' should be installed.");
    assert.ok(script.facts!.some(([k, v]) => k.startsWith('The right container base images are installed /') && v === 'Expected: value to not be empty'));
    assert.ok(script.facts!.some(([k, v]) => k === 'Logs saved to' && v.endsWith('logs_20240115-101500.csv')));
  });

  it('a declined script is not run; off Windows no PowerShell is asked at all', async () => {
    const { report, calls } = await diagnose(machine('windows-server-2019-ready.json'), engine('windows-server-2019.json'), { kind: 'declined', file: 'C:\\x\\Debug-ContainerHost.ps1' });
    assert.equal(byId(report).get('machine.debugScript')!.status, 'unknown');
    assert.ok(!calls.some((c) => c.args.includes('-File')));
    let asked = 0;
    const linux = await diagnoseHost({ platform: 'linux', at: new Date(0), engine: { ok: true, ...LINUX_ENGINE }, runPowerShell: async () => (asked++, { code: 0, stdout: '', stderr: '' }) });
    assert.equal(asked, 0);
    assert.ok(linux.checks.every((c) => c.source === 'engine'));
    assert.match(linux.notes[0], /not Windows/);
  });

  it('a runner that cannot start powershell.exe leaves the checks unknown with the reason', async () => {
    const report = await diagnoseHost({ platform: 'win32', at: new Date(0), engine: { ok: true, ...engine('windows-11-desktop.json') }, runPowerShell: async () => Promise.reject(new Error('spawn powershell.exe ENOENT')) });
    const machineChecks = report.checks.filter((c) => c.source === 'machine');
    assert.ok(machineChecks.length >= 4);
    assert.ok(machineChecks.every((c) => c.status === 'unknown'), JSON.stringify(status(report)));
    assert.match(byId(report).get('machine.virtualization')!.detail, /ENOENT/);
  });
});

describe('diagnose: engine checks from /info and /version', () => {
  it('the recorded Server 2019 engine: Windows, 17763 with ltsc2019, process, windowsfilter, nat, experimental not reported', () => {
    const checks = engineChecks(engine('windows-server-2019.json'), 'linux');
    assert.deepEqual(Object.fromEntries(checks.map((c) => [c.id, c.status])), { 'engine.reachable': 'pass', 'engine.os': 'pass', 'engine.build': 'pass', 'engine.isolation': 'pass', 'engine.driver': 'pass', 'engine.plugins': 'pass', 'engine.experimental': 'unknown' });
    const build = checks.find((c) => c.id === 'engine.build')!;
    assert.equal(build.detail, 'Windows Server 2019 (1809), build 17763.5329. Base images for it: servercore:ltsc2019.');
    assert.match(checks.find((c) => c.id === 'engine.isolation')!.detail, /^Process isolation: containers share the host kernel/);
  });

  it('a Linux engine: one failing OS check with the switch, no Windows checks about a Linux kernel', () => {
    const checks = engineChecks(LINUX_ENGINE, 'linux');
    assert.deepEqual(checks.map((c) => [c.id, c.status]), [['engine.reachable', 'pass'], ['engine.os', 'fail']]);
    assert.match(checks[1].fix!.text, /docker context/);
  });

  it('Windows 10 in process isolation, an out-of-support release, a foreign storage driver, no nat', () => {
    const info = { OSType: 'windows', OSVersion: '10.0.19045', KernelVersion: '10.0 19045 (19041.1.amd64fre.vb_release.191206-1406)', OperatingSystem: 'Windows 10 Pro Version 2009 (OS Build 19045.3930)', Isolation: 'process', Driver: 'overlay2', Plugins: { Network: ['ics', 'l2bridge'] }, ExperimentalBuild: true };
    const checks = new Map(engineChecks({ info, version: { Version: '24.0.7', ApiVersion: '1.43' } }, 'win32').map((c) => [c.id, c]));
    assert.equal(checks.get('engine.isolation')!.status, 'fail');
    assert.deepEqual(checks.get('engine.isolation')!.fix!.commands, ['docker run --isolation=hyperv IMAGE']);
    assert.equal(checks.get('engine.driver')!.status, 'fail');
    assert.equal(checks.get('engine.plugins')!.status, 'fail');
    assert.match(checks.get('engine.experimental')!.detail, /^On/);
    const old = new Map(engineChecks({ info: { ...info, OSVersion: '10.0.18363', KernelVersion: '', OperatingSystem: 'Windows Server Datacenter Version 1909 (OS Build 18363.1)', Isolation: 'process', Driver: 'windowsfilter' }, version: {} }, 'win32').map((c) => [c.id, c]));
    assert.equal(old.get('engine.build')!.status, 'fail');
    assert.match(old.get('engine.build')!.detail, /out of support/);
  });

  it('no engine: one failing check with the typed error and its action', async () => {
    const report = await diagnoseHost({ platform: 'linux', at: new Date(0), engine: { ok: false, message: 'Docker is not running at unix:///x.sock: no such socket.', action: 'Start Docker.' } });
    assert.deepEqual(report.checks.map((c) => [c.id, c.status]), [['engine.reachable', 'fail']]);
    assert.match(report.checks[0].detail, /no such socket\. Start Docker\.$/);
  });
});

describe('diagnose: the Markdown report', () => {
  it('quotes engine values as code and fixes as fenced PowerShell; nothing from the engine renders as Markdown', async () => {
    const hostile = { info: { ...LINUX_ENGINE.info, OSType: 'linux', OperatingSystem: '![x](https://tracker.invalid/p.png)' }, version: { Version: '1.0 <img src=https://tracker.invalid/q.png>', ApiVersion: '`1.41`' } };
    const report = await diagnoseHost({ platform: 'linux', at: new Date(0), endpoint: 'unix:///run/[docker](x).sock', engine: { ok: true, ...hostile } });
    const md = renderReport(report);
    assert.match(md, /^# Windows container host diagnosis\n/);
    assert.match(md, /\*\*1 passed, 1 failed, 0 unknown\.\*\*/);
    assert.match(md, /### ✗ Fail: The engine runs Windows containers/);
    // The version reaches the detail (escaped) and the facts (code).
    // Outside code spans (a run of N backticks to the next run of exactly N) nothing of the engine's renders.
    const outside = md.replace(/(?<!`)(`+)(?!`)[^]*?(?<!`)\1(?!`)/g, '');
    assert.ok(!/<img|!\[x\]/.test(outside), 'no raw HTML or image from the engine outside code');
    assert.ok(md.includes('1.0 &lt;img src=https://tracker.invalid/q.png&gt;'), 'the detail shows it escaped');
    assert.ok(md.includes('- Version: `1.0 <img src=https://tracker.invalid/q.png>`'));
    assert.ok(md.includes('engine `unix:///run/[docker](x).sock`'));
    assert.ok(md.includes('- ApiVersion: `` `1.41` ``'));
  });

  it('a fix with commands is a fenced powershell block, a fix without is words only', async () => {
    const { report } = await diagnose(machine('windows-server-2019-fresh.json'), engine('windows-server-2019.json'));
    const md = renderReport(report);
    assert.ok(md.includes('```powershell\nInstall-WindowsFeature -Name Containers\nRestart-Computer\n```'));
    assert.ok(md.includes('check `machine.feature.containers`, from this machine (PowerShell)'));
  });

  it("Pester output: blocks, passes, failures with their first detail lines, timings in ms and s", () => {
    const s = summariseDebugScript('Describing A\r\n [+] one 12ms\r\n [-] two 1.5s\r\n   Expected: {Running}\r\n   But was:  {Stopped}\r\n   at line: 29 in x.ps1\r\n   more\r\nDescribing B\r\n [+] three 3ms\r\nLogs saved to C:\\t\\logs.csv\r\n');
    assert.deepEqual(s.tests, [
      { block: 'A', name: 'one', passed: true, detail: [] },
      { block: 'A', name: 'two', passed: false, detail: ['Expected: {Running}', 'But was:  {Stopped}'] },
      { block: 'B', name: 'three', passed: true, detail: [] },
    ]);
    assert.equal(s.logFile, 'C:\\t\\logs.csv');
  });
});
