// `docker-workbench engine`, in the engine bundle: resolve the endpoint exactly as the extension does
// (resolveEndpoint, with --host and --context as the docker CLI's -H and --context), connect, and
// report which source won and what the engine runs on, or the typed error. Never throws.
import type { EngineFailure, EngineInspection, EngineReport, EngineTarget } from '../../../server/src/cli/engine';
import { EngineClient } from './client';
import { resolveEndpoint, type ResolvedEndpoint } from './endpoint';
import { EngineError, toEngineError } from './errors';
import { getHostPlatform } from './operations';
import type { HostPlatform } from './platform';
import type { SshVerification } from './ssh/session';

/** The same resolution for `engine` and `lint --engine`: the command line's choice, else the extension's order without its setting. */
export function resolveTarget(target: EngineTarget = {}): ResolvedEndpoint {
  return resolveEndpoint({ hostFlag: target.host, contextFlag: target.context });
}

export function engineReport(ep: ResolvedEndpoint, p: HostPlatform, ssh?: SshVerification): EngineReport {
  return {
    formatVersion: 1,
    endpoint: { url: ep.url, source: ep.source, reason: ep.reason, transport: ep.transport, context: ep.contextName ?? null, note: ep.note ?? null },
    tls:
      ep.transport !== 'tcp'
        ? null
        : ep.tls
          ? { enabled: true, verified: ep.tls.verify, certDir: ep.tls.certDir ?? null, unverifiedReason: ep.tls.verify ? null : (ep.tls.unverifiedReason ?? 'verification is turned off') }
          : { enabled: false, verified: false, certDir: null, unverifiedReason: null },
    ssh: ep.transport === 'ssh' && ssh ? { hostKeyType: ssh.keyType, fingerprint: ssh.fingerprint, verifiedBy: ssh.by } : null,
    engine: {
      osType: p.osType,
      operatingSystem: p.operatingSystem,
      architecture: p.architecture,
      engineVersion: p.engineVersion,
      apiVersion: p.apiVersion,
      minApiVersion: p.minApiVersion ?? null,
      dockerDesktop: p.dockerDesktop,
      desktopEngine: p.desktopEngine ?? null,
      windows: p.osType === 'windows' ? { build: p.windowsBuild ?? null, revision: p.windowsRevision ?? null, release: p.windowsRelease ?? null, server: p.windowsServer === true } : null,
      isolation: p.osType === 'windows' ? (p.isolation ?? null) : null,
    },
  };
}

export function engineFailure(error: EngineError, ep: ResolvedEndpoint | undefined): EngineFailure {
  return { kind: error.kind, tlsProblem: error.tlsProblem ?? null, sshProblem: error.sshProblem ?? null, message: error.detail, endpoint: error.endpoint, source: ep?.source ?? null, fix: error.action };
}

export interface TargetOptions {
  timeoutMs?: number;
  target?: EngineTarget;
}

/**
 * Both commands' first step: resolve the command line's target, connect, and hand the connected
 * client to `use`. Any failure, in resolving, connecting or in `use`, comes back as the typed
 * error with the endpoint that was tried (when one was resolved).
 */
export async function withTarget<T>(
  options: TargetOptions,
  use: (client: EngineClient, ep: ResolvedEndpoint) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: EngineError; ep?: ResolvedEndpoint }> {
  let ep: ResolvedEndpoint | undefined;
  try {
    ep = resolveTarget(options.target);
    const client = new EngineClient(ep, { timeoutMs: options.timeoutMs });
    try {
      await client.connect();
      return { ok: true, value: await use(client, ep) };
    } finally {
      client.dispose();
    }
  } catch (error) {
    return { ok: false, error: error instanceof EngineError ? error : toEngineError(error, ep ?? { url: 'unknown' }), ep };
  }
}

export async function inspectEngine(options: TargetOptions = {}): Promise<EngineInspection> {
  const r = await withTarget(options, async (client, ep) => engineReport(ep, await getHostPlatform(client), client.ssh?.verification));
  return r.ok ? { ok: true, report: r.value } : { ok: false, error: engineFailure(r.error, r.ep) };
}
