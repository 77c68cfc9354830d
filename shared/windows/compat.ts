// Which image build runs on which host build, as hcsshim's osversion.CheckHostAndContainerCompat
// decides for process isolation, and as Hyper-V isolation behaves (any image not newer than the host).
import { LTSC2022_BUILD, STABLE_ABI_LTSC_BUILDS, describeBuild, isWindows10ClientBuild } from './releases';

export type Isolation = 'process' | 'hyperv';

export interface CompatResult {
  runs: boolean;
  /** One sentence, usable inside a diagnostic or hover. */
  reason: string;
}

export interface CompatOptions {
  /** Only Server 2016 (14393) compares revisions, and only when both are known. */
  hostRevision?: number;
  imageRevision?: number;
}

/**
 * The oldest image build a host at or above build 20348 runs in process isolation: the previous
 * LTSC (an LTSC host also runs its own build, and the one before it).
 */
export function oldestProcessCompatibleBuild(hostBuild: number): number {
  let oldest = LTSC2022_BUILD;
  for (let i = STABLE_ABI_LTSC_BUILDS.length - 1; i >= 0; i--) {
    if (hostBuild > STABLE_ABI_LTSC_BUILDS[i]) {
      oldest = STABLE_ABI_LTSC_BUILDS[i];
      break;
    }
  }
  return oldest;
}

export function checkProcessCompat(hostBuild: number, imageBuild: number, options: CompatOptions = {}): CompatResult {
  if (hostBuild < LTSC2022_BUILD) {
    if (imageBuild !== hostBuild) {
      const client = isWindows10ClientBuild(hostBuild) ? ' (Windows 10 hosts have no images of their own build, so in practice they need Hyper-V isolation)' : '';
      return {
        runs: false,
        reason: `process isolation on a host below build ${LTSC2022_BUILD} needs the image build to equal the host build ${hostBuild}${client}`,
      };
    }
    const { hostRevision, imageRevision } = options;
    if (hostBuild === 14393 && hostRevision !== undefined && imageRevision !== undefined && hostRevision !== imageRevision) {
      return {
        runs: false,
        reason: `Windows Server 2016 runs process-isolated containers only of its own revision (host 14393.${hostRevision}, image 14393.${imageRevision})`,
      };
    }
    return { runs: true, reason: `process isolation runs images of the host's own build ${hostBuild}` };
  }
  const oldest = oldestProcessCompatibleBuild(hostBuild);
  const window = oldest === hostBuild ? `build ${hostBuild} only` : `builds ${oldest} (${describeBuild(oldest)}) to ${hostBuild}`;
  if (imageBuild < oldest) {
    return { runs: false, reason: `process isolation on build ${hostBuild} runs images of ${window}; the image is older` };
  }
  if (imageBuild > hostBuild) {
    return { runs: false, reason: `process isolation on build ${hostBuild} runs images of ${window}; the image is newer than the host` };
  }
  return { runs: true, reason: `process isolation on build ${hostBuild} runs images of ${window}` };
}

export function checkHypervCompat(hostBuild: number, imageBuild: number): CompatResult {
  if (imageBuild > hostBuild) {
    return { runs: false, reason: `Hyper-V isolation never runs an image newer than the host (image ${imageBuild}, host ${hostBuild})` };
  }
  return { runs: true, reason: `Hyper-V isolation runs any image of the host's build ${hostBuild} or older` };
}

export function checkCompat(hostBuild: number, imageBuild: number, isolation: Isolation, options: CompatOptions = {}): CompatResult {
  return isolation === 'process' ? checkProcessCompat(hostBuild, imageBuild, options) : checkHypervCompat(hostBuild, imageBuild);
}

export type IsolationChoice = { ok: true; isolation: Isolation; reason: string } | { ok: false; message: string };

/**
 * The isolation to run an image with when none was asked for: process where the image runs in
 * process isolation on this host, else Hyper-V where it runs under Hyper-V, else no choice at all,
 * with the reasons of both (so nothing is created only to fail with 0xc0370101).
 */
export function chooseIsolation(hostBuild: number, imageBuild: number, options: CompatOptions = {}): IsolationChoice {
  const process = checkProcessCompat(hostBuild, imageBuild, options);
  if (process.runs) return { ok: true, isolation: 'process', reason: process.reason };
  const hyperv = checkHypervCompat(hostBuild, imageBuild);
  if (hyperv.runs) return { ok: true, isolation: 'hyperv', reason: `${process.reason}, so Hyper-V isolation: ${hyperv.reason}` };
  return {
    ok: false,
    message:
      `The image (Windows build ${imageBuild}, ${describeBuild(imageBuild)}) cannot run on this host (build ${hostBuild}, ${describeBuild(hostBuild)}) ` +
      `under either isolation: ${process.reason}; ${hyperv.reason}. Use an image of build ${hostBuild} or older (a tag naming ${describeBuild(hostBuild)}).`,
  };
}
