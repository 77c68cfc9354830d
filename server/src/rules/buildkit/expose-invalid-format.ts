import type { Rule, Report } from '../types';
import { checkDocs } from './common';

export const exposeInvalidFormat: Rule = {
  id: 'ExposeInvalidFormat',
  buildkitName: 'ExposeInvalidFormat',
  category: 'buildkit',
  scope: 'instruction',
  severity: 'warning',
  summary: 'IP address and host-port mapping should not be used in EXPOSE instruction',
  docs: checkDocs(
    'ExposeInvalidFormat',
    '`EXPOSE` only documents the ports the container listens on. An IP address or a host port (`EXPOSE 127.0.0.1:80:80`, `EXPOSE 8080:80`) is ignored by Docker and will become an error; publish ports with `docker run -p` instead.',
  ),
  check(model) {
    const reports: Report[] = [];
    for (const ins of model.instructions) {
      if (ins.keyword !== 'EXPOSE') continue;
      for (const word of ins.words) {
        if (!word.text.includes(':') || word.text.includes('$')) continue;
        // Docker keeps only the container port: the part after the last colon.
        const containerPort = word.text.slice(word.text.lastIndexOf(':') + 1);
        reports.push({
          range: word.range,
          message: `EXPOSE instruction should not define an IP address or host-port mapping, found '${word.text}'`,
          fixes: containerPort ? [{ title: `Expose only ${containerPort}`, preferred: true, edits: [{ range: word.range, newText: containerPort }] }] : [],
        });
      }
    }
    return reports;
  },
};
