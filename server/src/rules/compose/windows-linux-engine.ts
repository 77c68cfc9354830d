import { serviceImage, whereFrom } from '../../compose/image';
import { linuxEngineMessage } from '../windows/linuxEngine';
import type { ComposeRule, Report } from '../types';
import { code, services } from './common';

export const composeWindowsImageLinuxEngine: ComposeRule = {
  id: 'compose-windows-image-linux-engine',
  language: 'compose',
  severity: 'error',
  category: 'compose',
  summary: 'A service runs a Windows image while the Docker engine runs Linux containers.',
  docs: [
    'As `windows-image-linux-engine`, for a compose service: its `image:`, or the base image of its build Dockerfile,',
    'is a Windows image and the engine runs Linux containers, so `docker compose up` fails',
    '(`no matching manifest for linux/amd64`, or `image operating system "windows" cannot be used on this platform`).',
    '',
    'Fix: switch Docker Desktop to Windows containers, or run the project on a Windows host. Silent while the engine',
    'is unknown.',
  ].join('\n'),
  check(model, context) {
    if (context.host.engineOs !== 'linux') return [];
    const reports: Report[] = [];
    for (const service of services(model)) {
      const image = serviceImage(model, service, context);
      if (image === undefined || image.windows !== 'yes') continue;
      reports.push({ range: image.range, message: `Service ${code(service.entry.name)}${whereFrom(image, context.path)}: ${linuxEngineMessage(image.display)}` });
    }
    return reports;
  },
};
