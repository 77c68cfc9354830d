import type { DockerfileModel, Flag, Instruction, Position } from '../../dockerfile/model';
import type { LintContext, Report, Rule } from '../types';
import { isWindowsStage } from '../../windows';

const UNSUPPORTED = new Set(['chmod', 'chown']);

export const windowsUnsupportedFlag: Rule = {
  id: 'windows-unsupported-flag',
  severity: 'error',
  category: 'mission',
  summary: 'COPY or ADD with --chmod or --chown in a Windows stage.',
  docs: [
    'Windows containers have no Unix owners or permission bits: `COPY --chown` and `--chmod` (and the same on `ADD`)',
    'are not supported when the stage builds a Windows image, and the build fails.',
    '',
    'Fix: remove the flag; set file ACLs with `icacls` in a RUN instruction if the files need them.',
  ].join('\n'),
  check(model: DockerfileModel, _context: LintContext): Report[] {
    const reports: Report[] = [];
    for (const stage of model.stages) {
      const candidates = stage.instructions.map((i) => (i.keyword === 'ONBUILD' ? i.trigger : i));
      if (!candidates.some((i) => i !== undefined && isCopy(i) && i.flags.some((f) => UNSUPPORTED.has(f.name)))) continue;
      if (!isWindowsStage(model, stage)) continue;
      for (const ins of candidates) {
        if (!ins || !isCopy(ins)) continue;
        ins.flags.forEach((flag, index) => {
          if (!UNSUPPORTED.has(flag.name)) return;
          reports.push({
            range: flag.range,
            message: `${ins.keyword} --${flag.name} is not supported for Windows containers; this stage builds a Windows image.`,
            fixes: [{ title: `Remove --${flag.name}`, preferred: true, edits: [{ range: { start: flag.range.start, end: removalEnd(ins, index) }, newText: '' }] }],
          });
        });
      }
    }
    return reports;
  },
};

function isCopy(ins: Instruction): boolean {
  return ins.keyword === 'COPY' || ins.keyword === 'ADD';
}

/** Up to the next flag or the arguments, so the whitespace after the flag goes with it. */
function removalEnd(ins: Instruction, index: number): Position {
  const next: Flag | undefined = ins.flags[index + 1];
  if (next) return next.range.start;
  if (ins.argsText.length > 0) return ins.argsRange.start;
  return ins.flags[index].range.end;
}
