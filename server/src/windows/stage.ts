// Whether a stage builds a Windows image: from its base image when that says so, otherwise
// (a variable without default, a private image) from signs in the stage and the stages it builds on.
import { Memo } from '../dockerfile/memo';
import type { DockerfileModel, Instruction, Stage } from '../dockerfile/model';
import { resolveWindowsImage } from './tags';

const WINDOWS_SHELL = /(^|[\\/])(powershell(\.exe)?|pwsh\.exe|cmd(\.exe)?)$/i;
// pwsh runs on Linux too: by itself it only tips an image that could be either.
const CROSS_PLATFORM_SHELL = /(^|[\\/])pwsh$/i;
const DRIVE_PATH = /^["']?[A-Za-z]:[\\/]/;

export interface WindowsSign {
  text: string;
  /** False for signs that Linux images show too (SHELL ["pwsh"]). */
  strong: boolean;
}

/**
 * SHELL with a Windows shell; a drive-letter path as WORKDIR, as COPY/ADD destination, or as the
 * program a RUN, CMD or ENTRYPOINT starts.
 */
export function windowsSigns(instructions: readonly Instruction[]): WindowsSign[] {
  const signs: WindowsSign[] = [];
  for (const ins of instructions) {
    const sign = signs_.get(ins, signOf);
    if (sign !== NO_SIGN) signs.push(sign);
  }
  return signs;
}

const NO_SIGN: WindowsSign = { text: '', strong: false };
// Kept on the instruction object: a lint after an edit reads only the instructions the re-parse made anew.
const signs_ = new Memo<Instruction, WindowsSign>('windowsSign');

function signOf(ins: Instruction): WindowsSign {
  if (ins.keyword === 'SHELL' && ins.exec?.form === 'exec') {
    const shell = ins.exec.values[0] ?? '';
    if (WINDOWS_SHELL.test(shell)) return { text: `SHELL ${shell}`, strong: true };
    if (CROSS_PLATFORM_SHELL.test(shell)) return { text: `SHELL ${shell}`, strong: false };
  } else if (ins.keyword === 'WORKDIR' && DRIVE_PATH.test(ins.argsText)) {
    return { text: `WORKDIR ${ins.argsText}`, strong: true };
  } else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
    const dest = ins.exec?.form === 'exec' ? ins.exec.values[ins.exec.values.length - 1] : ins.words[ins.words.length - 1]?.text;
    if (dest !== undefined && ins.words.length >= 2 && DRIVE_PATH.test(dest)) return { text: `${ins.keyword} to ${dest}`, strong: true };
  } else if (ins.keyword === 'RUN' || ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT') {
    const first = ins.exec?.form === 'exec' ? ins.exec.values[0] : /^\S*/.exec(ins.argsText)?.[0];
    if (first && DRIVE_PATH.test(first)) return { text: `${ins.keyword} ${first}`, strong: true };
  }
  return NO_SIGN;
}

/** The stages a stage builds on, itself first, following stage references back to an external image. */
export function stageChain(model: DockerfileModel, stage: Stage): Stage[] {
  const chain: Stage[] = [];
  let s: Stage | undefined = stage;
  while (s && !chain.includes(s)) {
    chain.push(s);
    const ref: number | undefined = s.image.stageRef;
    s = ref !== undefined && ref < s.index ? model.stages[ref] : undefined;
  }
  return chain;
}

// Several rules ask about every stage of the same model: decide each stage once.
const verdicts = new Memo<DockerfileModel, Map<number, boolean>>('windowsStageVerdicts');

export function isWindowsStage(model: DockerfileModel, stage: Stage): boolean {
  const known = verdicts.get(model, () => new Map());
  let verdict = known.get(stage.index);
  if (verdict === undefined) known.set(stage.index, (verdict = decideWindowsStage(model, stage)));
  return verdict;
}

function decideWindowsStage(model: DockerfileModel, stage: Stage): boolean {
  const chain = stageChain(model, stage);
  const last = chain[chain.length - 1];
  const root = stage.rootImage ?? (last.image.stageRef === undefined ? last.image : undefined);
  const verdict = root === undefined ? 'maybe' : resolveWindowsImage(root).windows;
  if (verdict === 'yes') return true;
  const signs = chain.flatMap((s) => windowsSigns(s.instructions));
  // A Linux verdict comes from names alone (`ruby` may be a local Windows image): clear Windows signs win.
  if (verdict === 'no') return signs.some((s) => s.strong);
  return model.escape.char === '`' || signs.length > 0;
}
