import * as path from 'node:path';
import { dockerfilePath, envFilePath, factOf } from '../../compose/files';
import { rangeOf } from '../../compose/model';
import type { ComposeRule, Report } from '../types';
import { code, services } from './common';

export const composeFileMissing: ComposeRule = {
  id: 'compose-file-missing',
  language: 'compose',
  severity: 'error',
  category: 'compose',
  summary: 'A `build` Dockerfile or an `env_file` that does not exist.',
  docs: [
    'Compose reads `build.dockerfile` (default `Dockerfile`) inside `build.context` (default the compose file\'s folder),',
    'and each `env_file` from the compose file\'s folder; a file that is not there fails `up`',
    '(`failed to read dockerfile`, `env file ... not found`). An `env_file` entry with `required: false` may be absent.',
    '',
    'Paths with variables (`${ENV}`), remote build contexts (git or HTTP URLs) and, outside Windows, Windows absolute',
    'paths are not checked; a path written with backslashes also counts as found with forward slashes. The check needs',
    'the file on disk: an unsaved compose file, or one in a virtual workspace, is not judged.',
  ].join('\n'),
  check(model, context) {
    if (context.path === undefined || context.files === undefined) return [];
    const dir = path.dirname(context.path);
    const reports: Report[] = [];
    for (const service of services(model)) {
      const dockerfile = dockerfilePath(service, dir);
      if (dockerfile !== undefined) {
        const fact = factOf(context.files, dockerfile, true);
        const build = service.build!;
        const range = rangeOf(model, build.dockerfile?.node) ?? rangeOf(model, build.context?.node) ?? rangeOf(model, build.key);
        if (range !== undefined && (fact?.kind === 'missing' || fact?.kind === 'folder')) {
          const named = build.dockerfile?.text ?? 'Dockerfile';
          reports.push({
            range,
            message: `Service ${code(service.entry.name)}: the Dockerfile ${code(named)} ${fact.kind === 'folder' ? 'is a folder' : 'does not exist'} (${code(dockerfile)})${build.dockerfile === undefined ? ': without `dockerfile:`, Compose looks for `Dockerfile` in the build context' : ''}.`,
          });
        }
      }
      for (const env of service.envFiles) {
        if (!env.required) continue;
        const file = envFilePath(env.text, dir);
        if (file === undefined) continue;
        const fact = factOf(context.files, file, false);
        const range = rangeOf(model, env.node);
        if (range === undefined || (fact?.kind !== 'missing' && fact?.kind !== 'folder')) continue;
        reports.push({
          range,
          message: `Service ${code(service.entry.name)}: the env_file ${code(env.text)} ${fact.kind === 'folder' ? 'is a folder' : 'does not exist'} (${code(file)}); mark it \`required: false\` if it is optional.`,
        });
      }
    }
    return reports;
  },
};
