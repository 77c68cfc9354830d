import type { DockerfileModel, Stage } from '../../dockerfile/model';
import type { Fix, LintContext, Report, Rule } from '../types';
import { checkCompat, describeBuild, parseImageName, resolveWindowsImage, retargetTag, type Isolation, type TagChange, type WindowsImageInfo } from '../../windows';
import { mapImageSource, sourceRange } from './imageSource';

const OTHER: Record<Isolation, Isolation> = { process: 'hyperv', hyperv: 'process' };
const ISOLATION_NAME: Record<Isolation, string> = { process: 'process isolation', hyperv: 'Hyper-V isolation' };
const ISOLATION_TITLE: Record<Isolation, string> = { process: 'Process isolation', hyperv: 'Hyper-V isolation' };

export const windowsHostMismatch: Rule = {
  id: 'windows-host-mismatch',
  severity: 'error',
  category: 'mission',
  summary: 'The Windows base image cannot run on the Windows host under the isolation in use.',
  docs: [
    'Windows containers share the host kernel under process isolation, so the image build must fit the host build:',
    'below Windows Server 2022 (build 20348) it must be the same build; from 20348 on it must lie between the previous',
    'LTSC and the host. Under Hyper-V isolation any image not newer than the host runs.',
    '',
    'Docker fails such a build or run with `The container operating system does not match the host operating system.`',
    '',
    'The check needs the host build (from the connected engine, the settings, or the CLI). Tags that name no release',
    '(`latest`, `4.8.1`) are manifest lists that resolve to the host build and are never reported.',
    '',
    'Fix: use the tag of a release that runs on the host, in the same image family (`ltsc2019` to `ltsc2022`),',
    'or run with `--isolation=hyperv` when the image is older than the host.',
  ].join('\n'),
  check(model: DockerfileModel, context: LintContext): Report[] {
    const host = context.host;
    // A known build is a Windows host, from the engine or named in the settings (the deployment
    // host, which a local engine in Linux mode does not change: windows-image-linux-engine says that).
    if (host.build === undefined) return [];
    const hostBuild = host.build;
    const isolation: Isolation = host.isolation ?? 'process';
    const reports: Report[] = [];
    for (const stage of model.stages) {
      // A stage built on another stage inherits that stage's base: the finding belongs there.
      if (stage.image.stageRef !== undefined) continue;
      const info = resolveWindowsImage(stage.image);
      if (info.windows !== 'yes' || info.build === undefined) continue;
      const message = hostMismatchMessage(stage.image.resolved ?? stage.image.raw, info, hostBuild, isolation);
      if (message === undefined) continue;
      reports.push({ range: stage.image.range, message, fixes: fixesFor(model, stage, info, hostBuild, isolation) });
    }
    return reports;
  },
};

/**
 * Why a Windows image of known build cannot run on the host under the isolation, or undefined when
 * it runs. The compose rule says it in the same words.
 */
export function hostMismatchMessage(image: string, info: WindowsImageInfo, hostBuild: number, isolation: Isolation, otherHint = ' (--isolation=hyperv)'): string | undefined {
  if (info.build === undefined) return undefined;
  const compat = checkCompat(hostBuild, info.build, isolation);
  if (compat.runs) return undefined;
  const other = checkCompat(hostBuild, info.build, OTHER[isolation]);
  const imageName = info.release ? `${info.release.name}, build ${info.build}` : `build ${info.build}`;
  const otherText = other.runs
    ? `${ISOLATION_TITLE[OTHER[isolation]]} would run it${OTHER[isolation] === 'hyperv' ? otherHint : ''}.`
    : `${ISOLATION_TITLE[OTHER[isolation]]} would not run it either.`;
  return (
    `Image \`${image}\` targets ${imageName}, which cannot run on this host ` +
    `(build ${hostBuild}, ${describeBuild(hostBuild)}) with ${ISOLATION_NAME[isolation]}: ${compat.reason}. ${otherText}`
  );
}

/** Whether the other isolation would run it. */
export function otherIsolationRuns(info: WindowsImageInfo, hostBuild: number, isolation: Isolation): Isolation | undefined {
  return info.build !== undefined && checkCompat(hostBuild, info.build, OTHER[isolation]).runs ? OTHER[isolation] : undefined;
}

/** The title of the retag fix: `Use tag ltsc2022 (Windows Server 2022, runs on build 20348 with process isolation)`. */
export function retagTitle(change: TagChange, hostBuild: number, isolation: Isolation): string {
  const runs = `runs on build ${hostBuild} with ${ISOLATION_NAME[isolation]}`;
  return change.repository !== undefined ? `Use ${change.repository}:${change.word} (${change.release.name}, ${runs})` : `Use tag ${change.tag} (${change.release.name}, ${runs})`;
}

function fixesFor(model: DockerfileModel, stage: Stage, info: WindowsImageInfo, hostBuild: number, isolation: Isolation): Fix[] {
  // A digest pins the image whatever the tag says; changing the tag alone would change nothing.
  if (stage.image.digest !== undefined || info.tag === undefined) return [];
  const change = retargetTag(info, hostBuild, isolation);
  const resolved = stage.image.resolved;
  if (!change || resolved === undefined) return [];
  const mapped = mapImageSource(model, stage);
  if (!mapped) return [];
  const tagOffset = parseImageName(resolved).tagOffset;
  if (tagOffset === undefined) return [];
  if (change.repository !== undefined) {
    const range = sourceRange(mapped, 0, resolved.length);
    if (!range) return [];
    const newName = `${change.repository}:${change.word}`;
    return [{ title: retagTitle(change, hostBuild, isolation), preferred: true, edits: [{ range, newText: newName }] }];
  }
  const range = sourceRange(mapped, tagOffset + change.start, tagOffset + change.end);
  if (!range) return [];
  return [{ title: retagTitle(change, hostBuild, isolation), preferred: true, edits: [{ range, newText: change.newText }] }];
}
