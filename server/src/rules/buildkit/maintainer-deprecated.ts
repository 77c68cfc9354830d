import type { Rule, Report } from '../types';
import { checkDocs } from './common';

// MAINTAINER takes its argument verbatim; LABEL runs it through the shell lexer, so quote it and
// escape what the lexer would otherwise eat.
function quoteForLabel(value: string, escape: string): string {
  let out = '';
  for (const ch of value) {
    if (ch === '"' || ch === '$' || ch === escape) out += escape;
    out += ch;
  }
  return `"${out}"`;
}

export const maintainerDeprecated: Rule = {
  id: 'MaintainerDeprecated',
  buildkitName: 'MaintainerDeprecated',
  category: 'buildkit',
  scope: 'instruction',
  severity: 'warning',
  summary: 'The MAINTAINER instruction is deprecated, use a label instead to define an image author',
  docs: checkDocs(
    'MaintainerDeprecated',
    '`MAINTAINER` is deprecated. Record the author with `LABEL org.opencontainers.image.authors="..."`, which tools that read OCI annotations understand.',
  ),
  check(model) {
    const reports: Report[] = [];
    for (const ins of model.instructions) {
      if (ins.keyword !== 'MAINTAINER' || ins.stageIndex < 0) continue;
      const fixes = [];
      if (ins.argsText.length > 0 && ins.startLine === ins.endLine) {
        const label = ins.rawKeyword === ins.rawKeyword.toLowerCase() ? 'label' : 'LABEL';
        fixes.push({
          title: 'Replace with LABEL org.opencontainers.image.authors',
          preferred: true,
          edits: [{ range: ins.range, newText: `${label} org.opencontainers.image.authors=${quoteForLabel(ins.argsText, model.escape.char)}` }],
        });
      }
      reports.push({ range: ins.keywordRange, message: 'Maintainer instruction is deprecated in favor of using label', fixes });
    }
    return reports;
  },
};
