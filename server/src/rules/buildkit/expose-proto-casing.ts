import type { Rule, Report } from '../types';
import { argsRange, checkDocs } from './common';

export const exposeProtoCasing: Rule = {
  id: 'ExposeProtoCasing',
  buildkitName: 'ExposeProtoCasing',
  category: 'buildkit',
  scope: 'instruction',
  severity: 'warning',
  summary: 'Protocol in EXPOSE instruction should be lowercase',
  docs: checkDocs('ExposeProtoCasing', 'Docker lower-cases the protocol of `EXPOSE 80/TCP` anyway; write `80/tcp` so the file says what the image records.'),
  check(model) {
    const reports: Report[] = [];
    for (const ins of model.instructions) {
      if (ins.keyword !== 'EXPOSE') continue;
      for (const word of ins.words) {
        const slash = word.text.indexOf('/');
        if (slash < 0 || word.text.includes('$')) continue;
        const proto = word.text.slice(slash + 1);
        if (proto === proto.toLowerCase()) continue;
        const range = argsRange(ins, word.offset + slash + 1, word.offset + word.text.length);
        reports.push({
          range: word.range,
          message: `Defined protocol '${word.text}' in EXPOSE instruction should be lowercase`,
          fixes: [{ title: `Change to ${word.text.slice(0, slash + 1)}${proto.toLowerCase()}`, preferred: true, edits: [{ range, newText: proto.toLowerCase() }] }],
        });
      }
    }
    return reports;
  },
};
