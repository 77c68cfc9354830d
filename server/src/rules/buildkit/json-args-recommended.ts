import type { DockerfileModel, Instruction } from '../../dockerfile/model';
import type { Fix, Rule, Report } from '../types';
import { checkDocs } from './common';
import { foldStages } from './stages';

// Characters that mean something to /bin/sh or cmd.exe: with any of them the shell form does work
// that exec form would not, so no mechanical rewrite is safe.
const SHELL_SPECIAL = /[$`'"\\|&;<>(){}*?[\]~#%!^\n\r]/;

/** `CMD node server.js` -> `CMD ["node", "server.js"]`, when the words need no shell at all. */
function execFormFix(model: DockerfileModel, ins: Instruction): Fix | undefined {
  if (ins.startLine !== ins.endLine || ins.heredocs.length > 0) return undefined;
  const text = ins.argsText;
  // In a backtick-escape (Windows) file a backslash is a path separator, not an escape: keep it.
  const windowsPaths = model.escape.char === '`';
  const special = windowsPaths ? /[$`'"|&;<>(){}*?[\]~#%!^\n\r]/ : SHELL_SPECIAL;
  if (text.length === 0 || special.test(text)) return undefined;
  const words = text.split(/[ \t]+/).filter(Boolean);
  return {
    title: `Use exec form: ${ins.rawKeyword} [${words.map((w) => JSON.stringify(w)).join(', ')}]`,
    edits: [{ range: ins.argsRange, newText: `[${words.map((w) => JSON.stringify(w)).join(', ')}]` }],
  };
}

export const jsonArgsRecommended: Rule = {
  id: 'JSONArgsRecommended',
  buildkitName: 'JSONArgsRecommended',
  category: 'buildkit',
  severity: 'warning',
  summary: 'JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals',
  docs: checkDocs(
    'JSONArgsRecommended',
    'In shell form, `CMD` and `ENTRYPOINT` run under `/bin/sh -c` (`cmd /S /C` on Windows): the shell becomes PID 1 and does not pass `SIGTERM` on, so `docker stop` waits and then kills. Use exec form (`CMD ["app", "--flag"]`), or set `SHELL` explicitly if you really want a shell. Docker does not report this once a `SHELL` instruction has set the shell for the stage.',
  ),
  check(model) {
    const reports: Report[] = [];
    foldStages(
      model,
      () => ({ shellSet: false }),
      (s) => ({ ...s }),
      (stage, state) => {
        for (const ins of stage.instructions) {
          if (ins.keyword === 'SHELL') state.shellSet = true;
          if (ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') continue;
          if (ins.exec?.form !== 'shell' || state.shellSet) continue;
          // Text that starts with `[` but is not valid JSON is shell form too, but "use JSON" would
          // mislead there: the exec-form rules explain what is wrong with the JSON.
          if (ins.exec.jsonError) continue;
          // An empty `CMD` is another rule's business (missing-arguments).
          if (ins.argsText.length === 0 && ins.heredocs.length === 0) continue;
          const fix = execFormFix(model, ins);
          reports.push({
            range: ins.argsRange,
            message: `JSON arguments recommended for ${ins.keyword} to prevent unintended behavior related to OS signals`,
            fixes: fix ? [fix] : [],
          });
        }
      },
    );
    return reports;
  },
};
