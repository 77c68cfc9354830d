import type { Fix } from '../types';
import type { ComposeRule, Report } from '../types';
import { code, rangeOfScalar, scalarEdit, services } from './common';
import { interpolated } from '../../compose/service';

const VALID = ['default', 'process', 'hyperv'];

export const composeIsolationInvalid: ComposeRule = {
  id: 'compose-isolation-invalid',
  language: 'compose',
  severity: 'error',
  category: 'compose',
  summary: 'A service `isolation` other than `default`, `process` or `hyperv`.',
  docs: [
    'The Compose schema takes any string for `isolation`, but a Windows engine accepts only `default`, `process` and',
    '`hyperv` (in any case) and refuses the container otherwise (`invalid isolation`); `hyper-v`, the product\'s name,',
    'is the usual slip.',
    '',
    'Fix: when the value is one of the three spelled another way (`hyper-v`, `Hyper_V`), the quick fix writes it as the',
    'engine expects; otherwise pick one of the three.',
  ].join('\n'),
  check(model) {
    const reports: Report[] = [];
    for (const service of services(model)) {
      const isolation = service.isolation;
      if (isolation === undefined || interpolated(isolation.text)) continue;
      if (VALID.includes(isolation.text.toLowerCase())) continue;
      const range = rangeOfScalar(model, isolation.node);
      if (range === undefined) continue;
      const meant = VALID.find((v) => v === isolation.text.toLowerCase().replace(/[-_\s]/g, ''));
      const fixes: Fix[] = [];
      for (const value of meant !== undefined ? [meant] : VALID) {
        const edit = scalarEdit(model, isolation.node, value);
        if (edit) fixes.push({ title: `Use isolation: ${value}`, preferred: meant !== undefined, edits: [edit] });
      }
      reports.push({
        range,
        message: `Service ${code(service.entry.name)}: isolation ${code(isolation.text)} is not one the engine accepts (\`default\`, \`process\` or \`hyperv\`)${meant !== undefined ? `; did you mean \`${meant}\`?` : '.'}`,
        fixes,
      });
    }
    return reports;
  },
};
