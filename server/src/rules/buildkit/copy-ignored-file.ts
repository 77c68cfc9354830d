import type { Rule, Report } from '../types';
import { checkDocs, flagValue } from './common';
import { cleanPath, isIgnored, parseDockerignore, type IgnorePattern } from '../../../../shared/dockerignore';

/**
 * The context root is no file a pattern names: `.*` excludes dotfiles inside it, not the root.
 * Only a catch-all pattern leaves `COPY . .` nothing to copy (BuildKit 3c2df0f50).
 */
function ignoresContextRoot(patterns: readonly IgnorePattern[]): boolean {
  return patterns.some((p) => !p.exclusion && (p.pattern === '*' || p.pattern === '**' || p.pattern === '**/*'));
}

export const copyIgnoredFile: Rule = {
  id: 'CopyIgnoredFile',
  buildkitName: 'CopyIgnoredFile',
  category: 'buildkit',
  severity: 'warning',
  summary: 'Attempting to Copy file that is excluded by .dockerignore',
  docs: checkDocs(
    'CopyIgnoredFile',
    'A `COPY` or `ADD` source that `.dockerignore` excludes is not in the build context, so the instruction fails or silently copies less than intended. Like Docker, the check is skipped when `.dockerignore` has `!` exceptions, since a directory may be excluded while files inside it are re-included. (Experimental in BuildKit; Docker Workbench runs it when the context has a `.dockerignore`.)',
  ),
  check(model, context) {
    if (context.dockerignore === undefined) return [];
    const patterns = parseDockerignore(context.dockerignore);
    if (patterns.length === 0 || patterns.some((p) => p.exclusion)) return [];
    const reports: Report[] = [];
    for (const ins of model.instructions) {
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.stageIndex < 0) continue;
      if (flagValue(ins, 'from') !== undefined) continue;
      const cmd = ins.keyword === 'ADD' ? 'Add' : 'Copy';
      const sources =
        ins.exec?.form === 'exec'
          ? ins.exec.values.slice(0, -1).map((text) => ({ text, range: ins.argsRange }))
          : ins.words.slice(0, -1).map((w) => ({ text: w.text, range: w.range }));
      for (const src of sources) {
        if (src.text.includes('$') || /^\d*<</.test(src.text) || /^[a-z][a-z0-9+.-]*:\/\//i.test(src.text) || src.text.startsWith('git@')) continue;
        let path = cleanPath(src.text.replace(/\\/g, '/'));
        if (path.length > 1 && path.startsWith('/')) path = path.slice(1);
        if (path === '.' || path === '/' ? !ignoresContextRoot(patterns) : !isIgnored(patterns, path)) continue;
        reports.push({ range: src.range, message: `Attempting to ${cmd} file "${path}" that is excluded by .dockerignore` });
      }
    }
    return reports;
  },
};
