import { serviceImage, whereFrom } from '../../compose/image';
import { interpolated } from '../../compose/service';
import type { ComposeRule, Fix, Report } from '../types';
import { code, rangeOfScalar, scalarEdit, services } from './common';

export const composePlatformMismatch: ComposeRule = {
  id: 'compose-platform-mismatch',
  language: 'compose',
  severity: 'error',
  category: 'compose',
  summary: "A service's `platform:` names another operating system than its image.",
  docs: [
    '`platform: linux/amd64` on a service whose image (or build Dockerfile\'s base) is a Windows image, or',
    '`platform: windows/amd64` on a Linux image: the engine finds no variant of the image for that platform and',
    'the pull or the build fails (`no matching manifest for windows/amd64`).',
    '',
    'The image\'s operating system is known from its name and tag (the Windows base images and the images built',
    'on them, tags such as `alpine` or `bookworm`) or from its Dockerfile\'s signs (a Windows `SHELL`, `C:\\` paths);',
    'an image that could be either is never reported.',
    '',
    'Fix: write the operating system of the image in `platform:`, keeping the architecture.',
  ].join('\n'),
  check(model, context) {
    const reports: Report[] = [];
    for (const service of services(model)) {
      const platform = service.platform;
      if (platform === undefined || interpolated(platform.text)) continue;
      const os = platform.text.split('/')[0].toLowerCase();
      if (os !== 'linux' && os !== 'windows') continue;
      const image = serviceImage(model, service, context);
      if (image === undefined) continue;
      const imageOs = image.windows === 'yes' ? 'windows' : image.windows === 'no' ? 'linux' : undefined;
      if (imageOs === undefined || imageOs === os) continue;
      const range = rangeOfScalar(model, platform.node);
      if (range === undefined) continue;
      const fixes: Fix[] = [];
      const edit = scalarEdit(model, platform.node, imageOs, 0, platform.text.split('/')[0].length);
      const rest = platform.text.slice(platform.text.split('/')[0].length);
      if (edit) fixes.push({ title: `Use platform: ${imageOs}${rest}`, preferred: true, edits: [edit] });
      reports.push({
        range,
        message: `Service ${code(service.entry.name)}: platform ${code(platform.text)} contradicts its image ${code(image.display)}${whereFrom(image, context.path)}, a ${imageOs === 'windows' ? 'Windows' : 'Linux'} image; the engine would find no variant of it for ${os}.`,
        fixes,
      });
    }
    return reports;
  },
};
