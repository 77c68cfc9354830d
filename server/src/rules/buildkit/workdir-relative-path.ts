import type { Rule, Report } from '../types';
import { checkDocs } from './common';
import { foldStages } from './stages';
import { processWord } from '../../dockerfile/lexer';

function isAbsolute(path: string): boolean {
  // Linux and Windows forms alike: the target OS is not known offline.
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:([\\/]|$)/.test(path);
}

export const workdirRelativePath: Rule = {
  id: 'WorkdirRelativePath',
  buildkitName: 'WorkdirRelativePath',
  category: 'buildkit',
  severity: 'warning',
  summary: 'Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes',
  docs: checkDocs(
    'WorkdirRelativePath',
    "A relative `WORKDIR` is resolved against the base image's working directory, which the Dockerfile does not control. Set an absolute `WORKDIR` first in the stage (or in the stage it builds on).",
  ),
  check(model) {
    const reports: Report[] = [];
    foldStages(
      model,
      () => ({ workdirSet: false }),
      (s) => ({ ...s }),
      (stage, state) => {
        for (const ins of stage.instructions) {
          if (ins.keyword !== 'WORKDIR' || ins.argsText.length === 0) continue;
          const wasSet = state.workdirSet;
          state.workdirSet = true;
          if (wasSet) continue;
          // A variable could hold an absolute path: only judge literal paths.
          const expanded = processWord(ins.argsText, model.escape.char, () => undefined);
          if (expanded.error || expanded.uses.length > 0 || isAbsolute(expanded.result)) continue;
          reports.push({
            range: ins.argsRange,
            message: `Relative workdir "${expanded.result}" can have unexpected results if the base image changes`,
            fixes: [{ title: `Make it absolute: /${expanded.result}`, edits: [{ range: ins.argsRange, newText: `/${ins.argsText}` }] }],
          });
        }
      },
    );
    return reports;
  },
};
