// `docker-workbench engine`: which engine the extension (or `lint --engine`) would use, why, and
// what it runs on; resolved and connected by the engine bundle, the same code as the extension's.
import type { EngineCommand } from './args';
import { loadEngineModule, type EngineFailure, type EngineInspection, type EngineReport, type LintEngineModule } from './engine';
import { EXIT_OK, EXIT_TROUBLE } from './exit';

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export async function runEngine(command: EngineCommand, io: Io, load: () => LintEngineModule = () => loadEngineModule(undefined, 'inspectEngine', 'engine')): Promise<number> {
  let inspection: EngineInspection;
  try {
    inspection = await load().inspectEngine({ target: command.target });
  } catch (error) {
    io.stderr(`docker-workbench: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_TROUBLE;
  }
  if (!inspection.ok) {
    io.stderr(command.format === 'json' ? `${JSON.stringify({ error: inspection.error }, null, 2)}\n` : formatFailure(inspection.error));
    return EXIT_TROUBLE;
  }
  io.stdout(command.format === 'json' ? `${JSON.stringify(inspection.report, null, 2)}\n` : formatReport(inspection.report));
  return EXIT_OK;
}

export function formatFailure(e: EngineFailure): string {
  const lines = [`docker-workbench: cannot use the engine at ${e.endpoint}${e.source ? ` (chosen by ${SOURCE_NAMES[e.source] ?? e.source})` : ''}`, `  error: ${e.message}`, `  kind:  ${e.kind}${e.tlsProblem ? ` (${e.tlsProblem})` : ''}${e.sshProblem ? ` (${e.sshProblem})` : ''}`];
  if (e.fix) lines.push(`  fix:   ${e.fix}`);
  return `${lines.join('\n')}\n`;
}

const SOURCE_NAMES: Record<string, string> = { flag: 'the command line', setting: 'the host setting', DOCKER_HOST: 'DOCKER_HOST', context: 'a docker context', default: 'the default' };

export function formatReport(r: EngineReport): string {
  const rows: Array<[string, string]> = [];
  rows.push(['Endpoint', r.endpoint.url]);
  rows.push(['Chosen by', `${SOURCE_NAMES[r.endpoint.source] ?? r.endpoint.source}: ${r.endpoint.reason}`]);
  if (r.endpoint.note) rows.push(['Read as', r.endpoint.note]);
  if (r.ssh) rows.push(['SSH host key', `${r.ssh.hostKeyType} ${r.ssh.fingerprint}, verified by ${r.ssh.verifiedBy}`]);
  if (r.tls) {
    const tls = !r.tls.enabled ? 'off (plain HTTP)' : r.tls.verified ? `verified${r.tls.certDir ? ` (${r.tls.certDir})` : ''}` : `NOT VERIFIED: ${r.tls.unverifiedReason ?? 'verification is turned off'}`;
    rows.push(['TLS', tls]);
  }
  const e = r.engine;
  rows.push(['OS', `${e.osType || 'unknown'}${e.operatingSystem ? `: ${e.operatingSystem}` : ''}${e.architecture ? ` (${e.architecture})` : ''}`]);
  if (e.dockerDesktop) rows.push(['Desktop', e.desktopEngine === 'windows' ? "Docker Desktop's Windows containers engine" : e.desktopEngine === 'linux' ? "Docker Desktop's Linux engine" : 'Docker Desktop']);
  if (e.windows) {
    const build = e.windows.build === null ? 'unknown build' : `build ${e.windows.build}${e.windows.revision !== null ? `.${e.windows.revision}` : ''}`;
    rows.push(['Windows', `${build}${e.windows.release ? `, ${e.windows.release}` : ''}${e.windows.server ? ' (Server)' : ''}`]);
    rows.push(['Isolation', e.isolation ? `${e.isolation} (the default for containers)` : 'unknown']);
  }
  rows.push(['Engine', `${e.engineVersion || 'unknown'}, API ${e.apiVersion || '?'}${e.minApiVersion ? ` (minimum ${e.minApiVersion})` : ''}`]);
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  return rows.map(([k, v]) => `${k.padEnd(width)}${v}\n`).join('');
}
