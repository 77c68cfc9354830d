import type { Rule, Report } from '../types';

export const instructionBeforeFrom: Rule = {
  id: 'instruction-before-from',
  category: 'syntax',
  scope: 'instruction',
  severity: 'error',
  summary: 'Only ARG may come before the first FROM',
  docs: 'Everything but `ARG` needs a build stage, and a stage starts with `FROM`. Docker fails with `no build stage in current context` at the first other instruction before the first `FROM`. Move it below `FROM` (parser directives such as `# escape=` and `# syntax=` are comments and may stay at the top).',
  check(model) {
    const reports: Report[] = [];
    for (const ins of model.instructions) {
      if (ins.stageIndex >= 0 || !ins.known || ins.keyword === 'ARG' || ins.keyword === 'FROM') continue;
      reports.push({ range: ins.keywordRange, message: `${ins.keyword} before the first FROM: Docker fails with "no build stage in current context"` });
    }
    return reports;
  },
};
