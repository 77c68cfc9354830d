// Checks read from the engine's own answers: GET /info (OSType, OSVersion, KernelVersion,
// OperatingSystem, Isolation, Driver, Plugins, ExperimentalBuild) and GET /version. Pure: the
// bodies in, checks out, so the recorded Windows engines and the private Linux engine give the
// same code the same shapes.
import { describeBuild, isWindows10ClientBuild, releaseByBuild, WINDOWS_CLIENT_BUILDS } from '../../../../shared/windows/releases';
import { desktopEngineName, parseHostPlatform, type HostPlatform } from '../../engine/platform';
import { SWITCH_TO_WINDOWS } from './fixes';
import type { Check } from './types';

export interface EngineAnswers {
  info: unknown;
  version: unknown;
}

export interface EngineFailureInput {
  message: string;
  /** The one action that would fix it, from the engine layer's typed error. */
  action?: string;
}

function field(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null ? (obj as Record<string, unknown>)[key] : undefined;
}

function text(obj: unknown, key: string): string {
  const v = field(obj, key);
  return typeof v === 'string' ? v : '';
}

/** Network plugins the engine lists (`Plugins.Network`). */
function networkPlugins(info: unknown): string[] | undefined {
  const list = field(field(info, 'Plugins'), 'Network');
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : undefined;
}

export function engineUnreachable(failure: EngineFailureInput, platform: string): Check[] {
  return [
    {
      id: 'engine.reachable',
      source: 'engine',
      title: 'A Docker engine answers',
      status: 'fail',
      detail: `No engine answered: ${failure.message}${failure.action ? ` ${failure.action}` : ''}`,
      fix: platform === 'win32' ? { text: 'Start Docker Desktop, or on Windows Server start (or install) the docker service; or pick a context whose engine runs.', commands: ['Start-Service -Name docker'] } : { text: failure.action ?? 'Start the engine or pick another endpoint (the Contexts view, or dockerWorkbench.host).', commands: [] },
    },
  ];
}

function buildCheck(p: HostPlatform): Check {
  const facts: Array<[string, string]> = [
    ['OSVersion', p.osVersion],
    ['KernelVersion', p.kernelVersion],
    ['OperatingSystem', p.operatingSystem],
  ];
  const base = { id: 'engine.build', source: 'engine' as const, title: 'The host has a known Windows build', facts };
  if (p.windowsBuild === undefined) return { ...base, status: 'unknown', detail: 'Neither OSVersion, KernelVersion nor OperatingSystem names a Windows build, so which base images run here cannot be told.' };
  const release = releaseByBuild(p.windowsBuild);
  const client = WINDOWS_CLIENT_BUILDS.some((c) => c.build === p.windowsBuild);
  const name = `${describeBuild(p.windowsBuild)}, build ${p.windowsBuild}${p.windowsRevision !== undefined ? `.${p.windowsRevision}` : ''}`;
  if (release && !release.supported) {
    return {
      ...base,
      status: 'fail',
      detail: `${name}: a semi-annual release out of support. Its base images are no longer updated, and newer images will not run on it.`,
      fix: { text: 'Move the host to a long-term release (Windows Server 2019, 2022 or 2025) and use the base image tag of that release (ltsc2019, ltsc2022, ltsc2025).', commands: [] },
    };
  }
  if (!release && !client) return { ...base, status: 'unknown', detail: `${name}: not a release this extension knows (an Insider build?). The Windows rules cannot say which images run here.` };
  const tags = release && release.tags.servercore.length > 0 ? ` Base images for it: servercore:${release.tags.servercore[0]}.` : '';
  return { ...base, status: 'pass', detail: `${name}.${tags}` };
}

function isolationCheck(p: HostPlatform): Check {
  const facts: Array<[string, string]> = [['Isolation', p.isolationReported || '(empty)']];
  const base = { id: 'engine.isolation', source: 'engine' as const, title: 'Default isolation fits the host', facts };
  if (p.isolation === undefined) return { ...base, status: 'unknown', detail: 'The engine names no isolation and its OperatingSystem does not say whether this is Windows Server or a Windows 10/11 client.' };
  if (p.isolation === 'process' && p.windowsBuild !== undefined && isWindows10ClientBuild(p.windowsBuild)) {
    return {
      ...base,
      status: 'fail',
      detail: 'Process isolation on Windows 10: in practice no base image runs process-isolated there (the builds never match a published image).',
      fix: { text: 'Run containers under Hyper-V isolation: per container with --isolation=hyperv, or for the whole engine with "exec-opts": ["isolation=hyperv"] in its daemon.json (Docker Desktop: Settings > Docker Engine).', commands: ['docker run --isolation=hyperv IMAGE'] },
    };
  }
  const why = p.isolationReported.toLowerCase() === 'default' || p.isolationReported === '' ? ` (the engine says "${p.isolationReported || 'nothing'}": ${p.windowsServer ? 'Windows Server defaults to process' : 'Windows 10/11 default to Hyper-V'})` : '';
  const meaning = p.isolation === 'process' ? 'containers share the host kernel, so an image must match the host build (Server 2022 on: the same or the previous LTSC window).' : 'each container gets a utility VM, so any image of the host build or older runs.';
  return { ...base, status: 'pass', detail: `${p.isolation === 'process' ? 'Process' : 'Hyper-V'} isolation${why}: ${meaning}` };
}

/** Checks from a connected engine's /info and /version bodies. */
export function engineChecks(answers: EngineAnswers, platform: string): Check[] {
  const p = parseHostPlatform(answers.info, answers.version);
  const desktop = desktopEngineName(p);
  const checks: Check[] = [
    {
      id: 'engine.reachable',
      source: 'engine',
      title: 'A Docker engine answers',
      status: 'pass',
      detail: `Engine ${p.engineVersion || '(version not given)'}, API ${p.apiVersion || '(not given)'}${desktop ? `; ${desktop}` : ''}.`,
      facts: [
        ['Version', p.engineVersion],
        ['ApiVersion', p.apiVersion],
        ['MinAPIVersion', p.minApiVersion ?? ''],
        ['Platform.Name', text(field(answers.version, 'Platform'), 'Name')],
      ],
    },
  ];
  const osCheck: Check = { id: 'engine.os', source: 'engine', title: 'The engine runs Windows containers', status: 'pass', detail: '', facts: [['OSType', p.osType || '(empty)']] };
  checks.push(osCheck);
  if (p.osType !== 'windows') {
    osCheck.status = 'fail';
    osCheck.detail = `The engine runs ${p.osType === 'linux' ? 'Linux' : p.osType || 'unknown'} containers: a Windows base image fails there ("no matching manifest for linux/amd64", "image operating system \"windows\" cannot be used on this platform").`;
    osCheck.fix = p.dockerDesktop && p.desktopHost !== 'other' ? SWITCH_TO_WINDOWS : platform === 'win32' ? { ...SWITCH_TO_WINDOWS, text: `${SWITCH_TO_WINDOWS.text} On Windows Server without Docker Desktop, install the engine as a service.` } : { text: 'Use an engine on a Windows host: a docker context (ssh:// or tcp:// with TLS) whose engine runs Windows containers, from the Contexts view or docker context use NAME.', commands: ['docker context ls'] };
    // The Windows facts below would all be about a Linux kernel.
    return checks;
  }
  osCheck.detail = 'Windows containers.';
  checks.push(buildCheck(p), isolationCheck(p));
  const driver = text(answers.info, 'Driver');
  checks.push(
    driver === 'windowsfilter'
      ? { id: 'engine.driver', source: 'engine', title: 'Storage driver is windowsfilter', status: 'pass', detail: 'The Windows container storage driver.', facts: [['Driver', driver]] }
      : { id: 'engine.driver', source: 'engine', title: 'Storage driver is windowsfilter', status: driver ? 'fail' : 'unknown', detail: driver ? 'A Windows engine stores layers with windowsfilter; another driver here is a misconfigured daemon.json ("storage-driver").' : 'The engine names no storage driver.', facts: [['Driver', driver]], fix: driver ? { text: 'Remove "storage-driver" from the engine\'s daemon.json (C:\\ProgramData\\docker\\config\\daemon.json) and restart the service.', commands: ['Restart-Service -Name docker'] } : undefined },
  );
  const networks = networkPlugins(answers.info);
  checks.push(
    networks === undefined
      ? { id: 'engine.plugins', source: 'engine', title: 'The nat network driver is there', status: 'unknown', detail: 'The engine lists no plugins.' }
      : networks.includes('nat')
        ? { id: 'engine.plugins', source: 'engine', title: 'The nat network driver is there', status: 'pass', detail: 'Containers get the default nat network.', facts: [['Plugins.Network', networks.join(', ')]] }
        : { id: 'engine.plugins', source: 'engine', title: 'The nat network driver is there', status: 'fail', detail: 'Without nat, containers get no default network (the Host Network Service may be missing or broken).', facts: [['Plugins.Network', networks.join(', ')]], fix: { text: 'Check the Host Network Service (hns) and restart the engine; the Containers feature brings it.', commands: ['Get-Service -Name hns', 'Restart-Service -Name docker'] } },
  );
  const experimental = field(answers.info, 'ExperimentalBuild');
  checks.push({
    id: 'engine.experimental',
    source: 'engine',
    title: 'Experimental features',
    status: experimental === undefined ? 'unknown' : 'pass',
    detail: experimental === true ? 'On: experimental flags (such as --platform=linux on a Windows engine, LCOW) are accepted; nothing else needs them.' : experimental === false ? 'Off, as nothing here needs them.' : 'The engine does not say.',
    facts: [['ExperimentalBuild', String(experimental ?? '(absent)')]],
  });
  if (!p.dockerDesktop && p.windowsServer === false && platform === 'win32') {
    // A Windows client without Docker Desktop: the engine is someone's own dockerd.
    checks[0].detail += ' Not Docker Desktop: on Windows 10/11 Docker Desktop is the supported way to run the engine.';
  }
  if (p.windowsServer && /docker ee|mirantis/i.test(`${text(field(answers.version, 'Platform'), 'Name')}`)) {
    checks[0].detail += ' Docker EE / Mirantis Container Runtime, as the DockerMsftProvider package installs it.';
  }
  return checks;
}
