// Checks of the Windows machine VS Code runs on, from the probes' JSON (powershell.ts). Each
// probe that cannot answer (not elevated, a cmdlet missing) makes its checks `unknown` with the
// reason, never a guess.
import type { HostPlatform } from '../../engine/platform';
import {
  DOCKER_CLI,
  ENABLE_CONTAINERS_CLIENT,
  ENABLE_CONTAINERS_SERVER,
  ENABLE_HYPERV_CLIENT,
  ENABLE_HYPERV_SERVER,
  ENABLE_VIRTUALIZATION,
  INSTALL_DOCKER_DESKTOP,
  INSTALL_DOCKER_SERVER,
  START_SERVICE,
  SWITCH_TO_WINDOWS,
} from './fixes';
import type { ProbeAnswer, ProbeId } from './powershell';
import type { Check, Fix } from './types';

export type ProbeAnswers = Partial<Record<ProbeId, ProbeAnswer>>;

function fieldText(v: unknown): string {
  return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
}

function unknownBecause(answer: ProbeAnswer | undefined, what: string): string {
  if (answer === undefined) return `${what} was not asked.`;
  if (answer.ok) return `${what} gave no answer.`;
  return answer.elevation ? `${what} needs an elevated PowerShell (run VS Code as administrator, or run the command yourself): ${answer.reason}` : `${what} failed: ${answer.reason}`;
}

/** Windows Server (ProductType 2 domain controller, 3 server) rather than a Windows 10/11 client (1). */
export function isServer(answers: ProbeAnswers): boolean | undefined {
  const os = answers.os;
  if (!os?.ok || os.items.length === 0) return undefined;
  const t = os.items[0].ProductType;
  return typeof t === 'number' ? t !== 1 : undefined;
}

function virtualizationChecks(answers: ProbeAnswers, server: boolean | undefined): Check[] {
  const cpu = answers.processor;
  const sys = answers.computerSystem;
  const hypervisor = sys?.ok && sys.items.length > 0 ? sys.items[0].HypervisorPresent : undefined;
  const firmware = cpu?.ok && cpu.items.length > 0 ? cpu.items.map((c) => c.VirtualizationFirmwareEnabled) : undefined;
  const facts: Array<[string, string]> = [
    ['Win32_ComputerSystem.HypervisorPresent', fieldText(hypervisor)],
    ['Win32_Processor.VirtualizationFirmwareEnabled', firmware ? firmware.map(fieldText).join(', ') : ''],
  ];
  const virt: Check = { id: 'machine.virtualization', source: 'machine', title: 'Hardware virtualization is enabled in the firmware', status: 'unknown', detail: '', facts };
  if (hypervisor === true) {
    virt.status = 'pass';
    // Under a running hypervisor Win32_Processor reports these flags as False: the hypervisor is the proof.
    virt.detail = 'A hypervisor is running, so the firmware has virtualization on (Win32_Processor reads False under a running hypervisor; that is expected).';
  } else if (firmware !== undefined && firmware.every((f) => f === true)) {
    virt.status = 'pass';
    virt.detail = 'On in the firmware.';
  } else if (firmware !== undefined && firmware.some((f) => f === false)) {
    virt.status = 'fail';
    virt.detail = 'Off in the firmware: Hyper-V, Hyper-V isolation and Docker Desktop cannot start without it.';
    virt.fix = ENABLE_VIRTUALIZATION;
  } else virt.detail = unknownBecause(cpu?.ok ? sys : cpu, 'Get-CimInstance Win32_Processor / Win32_ComputerSystem');

  const hv: Check = { id: 'machine.hypervisor', source: 'machine', title: 'Hyper-V is running', status: 'unknown', detail: '', facts: [['Win32_ComputerSystem.HypervisorPresent', fieldText(hypervisor)]] };
  if (hypervisor === true) {
    hv.status = 'pass';
    hv.detail = 'The hypervisor is present: Hyper-V isolation (and Docker Desktop) can run.';
  } else if (hypervisor === false) {
    hv.status = server ? 'pass' : 'fail';
    hv.detail = server ? 'No hypervisor: fine for process isolation, which Windows Server uses by default; Hyper-V isolation would need it.' : 'No hypervisor: Windows 10/11 run containers under Hyper-V isolation, and Docker Desktop needs Hyper-V (or WSL 2 for Linux containers).';
    if (!server) hv.fix = ENABLE_HYPERV_CLIENT;
  } else hv.detail = unknownBecause(sys, 'Get-CimInstance Win32_ComputerSystem');
  return [virt, hv];
}

type FeatureState = 'on' | 'pending' | 'off' | 'unknown';

function featureState(raw: string): FeatureState {
  if (/^(Enabled|Installed)$/i.test(raw)) return 'on';
  if (/pending/i.test(raw)) return 'pending';
  if (/^(Disabled|Available|DisabledWithPayloadRemoved|Removed)$/i.test(raw)) return 'off';
  return 'unknown';
}

function featureChecks(answers: ProbeAnswers, server: boolean | undefined): Check[] {
  const answer = server ? answers.windowsFeatures : answers.optionalFeatures;
  const cmdlet = server ? 'Get-WindowsFeature' : 'Get-WindowsOptionalFeature';
  const rows = [
    { id: 'machine.feature.containers', title: 'The Containers feature is enabled', name: 'Containers', fix: server ? ENABLE_CONTAINERS_SERVER : ENABLE_CONTAINERS_CLIENT },
    { id: 'machine.feature.hyperv', title: 'The Hyper-V feature is enabled', name: server ? 'Hyper-V' : 'Microsoft-Hyper-V', fix: server ? ENABLE_HYPERV_SERVER : ENABLE_HYPERV_CLIENT },
  ];
  return rows.map((row): Check => {
    const base = { id: row.id, source: 'machine' as const, title: row.title };
    if (server === undefined) return { ...base, status: 'unknown', detail: 'Whether this is Windows Server or a client is unknown (Win32_OperatingSystem did not answer), so the feature was not asked.' };
    if (!answer?.ok) return { ...base, status: 'unknown', detail: unknownBecause(answer, cmdlet), fix: { text: `See for yourself in an elevated PowerShell.`, commands: [server ? `Get-WindowsFeature -Name ${row.name}` : `Get-WindowsOptionalFeature -Online -FeatureName ${row.name}`] } };
    const item = answer.items.find((i) => i.FeatureName === row.name || i.Name === row.name);
    const raw = fieldText(item?.State ?? item?.InstallState);
    const facts: Array<[string, string]> = [[`${cmdlet} ${row.name}`, raw || '(not listed)']];
    const state = item ? featureState(raw) : 'unknown';
    if (state === 'on') return { ...base, status: 'pass', detail: 'Enabled.', facts };
    if (state === 'pending') return { ...base, status: 'fail', detail: 'Enabled, waiting for a restart.', facts, fix: { text: 'Restart Windows to finish enabling it.', commands: ['Restart-Computer'] } };
    if (state === 'off') {
      // Server with process isolation needs no Hyper-V.
      if (server && row.name === 'Hyper-V') return { ...base, status: 'pass', detail: 'Not installed: needed only for Hyper-V isolation; process isolation (the Server default) runs without it.', facts, fix: row.fix };
      return { ...base, status: 'fail', detail: 'Not enabled.', facts, fix: row.fix };
    }
    return { ...base, status: 'unknown', detail: item ? `State "${raw}" is not one this report knows.` : `${cmdlet} did not list ${row.name} (this Windows edition may not offer it).`, facts };
  });
}

function serviceChecks(answers: ProbeAnswers, server: boolean | undefined, engine: HostPlatform | undefined): Check[] {
  const answer = answers.service;
  const base = { id: 'machine.service', source: 'machine' as const, title: 'The docker service runs' };
  if (!answer?.ok) return [{ ...base, status: 'unknown', detail: unknownBecause(answer, 'Get-Service docker') }];
  const docker = answer.items.find((i) => String(i.Name).toLowerCase() === 'docker');
  const desktopService = answer.items.find((i) => String(i.Name).toLowerCase() === 'com.docker.service');
  const facts: Array<[string, string]> = answer.items.map((i): [string, string] => [`Get-Service ${fieldText(i.Name)}`, `${fieldText(i.Status)}, ${fieldText(i.StartType)}${i.ProductVersion ? `, ${fieldText(i.ProductVersion)}` : ''}`]);
  const checks: Check[] = [];
  if (docker) {
    const running = docker.Status === 'Running';
    checks.push({ ...base, status: running ? 'pass' : 'fail', detail: running ? 'Running.' : `Installed but ${fieldText(docker.Status) || 'not running'}.`, facts, fix: running ? undefined : START_SERVICE('docker') });
    const fileVersion = fieldText(docker.ProductVersion);
    if (fileVersion && engine?.engineVersion) {
      const same = fileVersion.startsWith(engine.engineVersion) || engine.engineVersion.startsWith(fileVersion.split(/[ +]/)[0]);
      checks.push({
        id: 'machine.serviceVersion',
        source: 'machine',
        title: "The service's dockerd is the engine that answered",
        status: same ? 'pass' : 'unknown',
        detail: same ? 'The same version.' : 'The versions differ: the engine that answered may be another one (Docker Desktop, a remote context) than this service.',
        facts: [['dockerd.exe ProductVersion', fileVersion], ['engine /version', engine.engineVersion]],
      });
    }
  } else if (desktopService) {
    checks.push({ ...base, status: 'pass', detail: `No docker service; Docker Desktop's com.docker.service is ${fieldText(desktopService.Status) || 'there'} (Docker Desktop runs the engine).`, facts });
  } else {
    checks.push({ ...base, status: 'fail', detail: 'Neither the docker service (Windows Server) nor Docker Desktop\'s com.docker.service is installed.', fix: server ? INSTALL_DOCKER_SERVER : INSTALL_DOCKER_DESKTOP });
  }
  return checks;
}

function desktopCheck(answers: ProbeAnswers, server: boolean | undefined, engine: HostPlatform | undefined): Check | undefined {
  const answer = answers.desktop;
  const base = { id: 'machine.desktop', source: 'machine' as const, title: "Docker Desktop's mode is Windows containers" };
  if (!answer?.ok || answer.items.length === 0) return { ...base, status: 'unknown', detail: unknownBecause(answer, 'The Docker Desktop probe') };
  const d = answer.items[0];
  const facts: Array<[string, string]> = [
    ['DockerCli.exe present', fieldText(d.DockerCli)],
    ['Docker Desktop running', fieldText(d.Running)],
    ['pipe dockerDesktopWindowsEngine', fieldText(d.WindowsEnginePipe)],
    ['pipe dockerDesktopLinuxEngine', fieldText(d.LinuxEnginePipe)],
  ];
  if (d.DockerCli !== true) {
    // Not installed: on a server that is the usual case, nothing to say.
    return server ? undefined : { ...base, status: 'unknown', detail: 'Docker Desktop is not installed (no DockerCli.exe).', facts, fix: INSTALL_DOCKER_DESKTOP };
  }
  if (d.Running !== true) return { ...base, status: 'fail', detail: 'Installed but not running.', facts, fix: { text: 'Start Docker Desktop (Start menu), then switch it to Windows containers if it is on Linux.', commands: ['Start-Process -FilePath "$Env:ProgramFiles\\Docker\\Docker\\Docker Desktop.exe"'] } };
  // The engine that answered says best which mode Desktop is in; else which engine's pipe exists.
  const mode = engine?.dockerDesktop && engine.desktopEngine ? engine.desktopEngine : d.WindowsEnginePipe === true && d.LinuxEnginePipe !== true ? 'windows' : d.LinuxEnginePipe === true && d.WindowsEnginePipe !== true ? 'linux' : undefined;
  const from = engine?.dockerDesktop && engine.desktopEngine ? ' (the engine that answered says so)' : ' (from the engine pipes that exist)';
  if (mode === 'windows') return { ...base, status: 'pass', detail: `Windows containers${from}.`, facts };
  if (mode === 'linux') return { ...base, status: 'fail', detail: `Linux containers${from}: Windows images will not run until it is switched.`, facts, fix: { ...SWITCH_TO_WINDOWS, commands: [`${DOCKER_CLI} -SwitchWindowsEngine`, `${DOCKER_CLI} -SwitchDaemon`] } };
  return { ...base, status: 'unknown', detail: 'Running, but which engine it runs could not be told (both or neither pipe exists).', facts };
}

/** Every machine check from the probes' answers (and the engine's facts, where it answered). */
export function machineChecks(answers: ProbeAnswers, engine: HostPlatform | undefined): Check[] {
  const server = isServer(answers);
  const checks = [...virtualizationChecks(answers, server), ...featureChecks(answers, server), ...serviceChecks(answers, server, engine)];
  const desktop = desktopCheck(answers, server, engine);
  if (desktop) checks.push(desktop);
  return checks;
}
