import type { DockerfileModel } from '../../dockerfile/model';
import type { LintContext, Report, Rule } from '../types';
import { resolveWindowsImage } from '../../windows';

export const windowsImageLinuxEngine: Rule = {
  id: 'windows-image-linux-engine',
  severity: 'error',
  category: 'mission',
  summary: 'A Windows base image while the Docker engine runs Linux containers.',
  docs: [
    'A Windows image runs only on an engine in Windows-containers mode. On an engine that runs Linux containers',
    '(Docker Desktop switched to Linux containers, or a Linux host) the pull fails with',
    '`no matching manifest for linux/amd64` or the build with `image operating system "windows" cannot be used on this platform`.',
    '',
    'Fix: in Docker Desktop choose "Switch to Windows containers..." (or run `DockerCli.exe -SwitchWindowsEngine`),',
    'or build on a Windows host. The rule is silent while the engine is unknown.',
  ].join('\n'),
  check(model: DockerfileModel, context: LintContext): Report[] {
    if (context.host.engineOs !== 'linux') return [];
    const reports: Report[] = [];
    for (const stage of model.stages) {
      if (stage.image.stageRef !== undefined) continue;
      const info = resolveWindowsImage(stage.image);
      if (info.windows !== 'yes') continue;
      reports.push({ range: stage.image.range, message: linuxEngineMessage(stage.image.resolved ?? stage.image.raw) });
    }
    return reports;
  },
};

/** Said the same way for a compose service's image. */
export function linuxEngineMessage(image: string): string {
  return (
    `image operating system "windows" cannot be used on this platform: \`${image}\` is a Windows image ` +
    'and the Docker engine runs Linux containers. Switch Docker Desktop to Windows containers ("Switch to Windows containers..." ' +
    'in its menu, or DockerCli.exe -SwitchWindowsEngine).'
  );
}
