// The isolation a container gets when the caller named none, on a Windows engine: the image's
// OsVersion against the host's build, decided by the one Windows rule set (shared/windows/compat).
// Process where the image runs in process isolation, else Hyper-V where it runs there, else a clear
// refusal before anything is created, naming the tags of the image's family that would run. No 'vscode' here.
import { chooseIsolation } from '../../../shared/windows/compat';
import { cannotRunMessage } from '../../../shared/windows/runsHere';
import type { EngineClient } from './client';
import { getImageOs } from './operations';
import type { HostPlatform, ImageOsDisplay } from './platform';

export type RunIsolationDecision = { ok: true; isolation?: 'process' | 'hyperv'; note: string } | { ok: false; message: string };

/** Pure: the decision from the host's facts and the image's Os/OsVersion. */
export function decideRunIsolation(host: Pick<HostPlatform, 'osType' | 'windowsBuild' | 'windowsRevision'>, image: Pick<ImageOsDisplay, 'os' | 'build' | 'revision' | 'osVersion'>, imageName = 'the image'): RunIsolationDecision {
  if (host.osType !== 'windows') return { ok: true, note: '' };
  if (image.os !== 'windows') return { ok: true, note: `${imageName} is not a Windows image (${image.os || 'OS unknown'}): the engine's default isolation` };
  if (image.build === undefined) return { ok: true, note: `${imageName} does not say its Windows build (OsVersion "${image.osVersion}"): the engine's default isolation` };
  if (host.windowsBuild === undefined) return { ok: true, note: "the engine does not say its Windows build: the engine's default isolation" };
  const choice = chooseIsolation(host.windowsBuild, image.build, { hostRevision: host.windowsRevision, imageRevision: image.revision });
  if (!choice.ok) return { ok: false, message: cannotRunMessage(host.windowsBuild, image.build, imageName, { hostRevision: host.windowsRevision, imageRevision: image.revision }) ?? `${imageName}: ${choice.message}` };
  return { ok: true, isolation: choice.isolation, note: `${choice.isolation} isolation for ${imageName} (image build ${image.build}, host build ${host.windowsBuild}): ${choice.reason}` };
}

/** Inspects the image (it must be local: nothing is pulled) and decides. */
export async function runIsolationFor(c: EngineClient, host: HostPlatform, image: string): Promise<RunIsolationDecision> {
  if (host.osType !== 'windows') return { ok: true, note: '' };
  return decideRunIsolation(host, await getImageOs(c, image), image);
}
