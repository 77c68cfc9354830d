// "How Docker reads this file": what Docker makes of each instruction, as data. The mistakes this
// product exists for are invisible in the text (a line Docker continues that the author thought
// ended, an ENTRYPOINT that silently became shell form); this spells out Docker's reading.
// Pure: model and host in, description out. The editor view and `docker-workbench parse` render it.
import type { HostContext } from '../../../shared/protocol';
import type { DockerfileModel, ImageReference, Instruction, Range, Stage } from '../dockerfile/model';
import { KNOWN_INSTRUCTIONS } from '../dockerfile/parser';
import { describeImage, isWindowsStage } from '../windows';

export type OsKind = 'windows' | 'linux';

export interface ReadDirective {
  name: string;
  value: string;
  /** 0-based. */
  line: number;
  /** False: directive-shaped, but Docker reads it as a plain comment. */
  active: boolean;
}

export interface ReadBaseImage {
  raw: string;
  /** After substituting global ARG defaults; undefined when it needs a build argument. */
  resolved?: string;
  /** Index of the earlier stage it names. */
  stage?: number;
  registry?: string;
  repository?: string;
  tag?: string;
  digest?: string;
  /** Windows release and build, where the tag says. */
  windows?: { release?: string; build?: number; family?: string };
  /** The first line of the Windows description (`Windows Server 2019 (1809), build 17763, servercore`). */
  description?: string;
}

export interface ReadStage {
  index: number;
  name?: string;
  /** 0-based line of its FROM. */
  line: number;
  platform?: string;
  os: OsKind;
  base: ReadBaseImage;
}

/** How the command of RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD reaches the OS. */
export type ReadForm =
  | { kind: 'exec'; argv: string[] }
  | {
      kind: 'shell';
      /** The shell in force: SHELL of this stage or the stages it builds on, else the OS default. */
      shell: readonly string[];
      shellFrom: 'default' | 'SHELL';
      /** Set when the text began with `[` but is not a JSON array of strings. */
      jsonError?: string;
    }
  | { kind: 'invalid'; reason: string };

export interface ReadInstruction {
  keyword: string;
  /** 0-based physical lines, heredoc bodies included. */
  startLine: number;
  endLine: number;
  /** From the keyword to the end of its text, for revealing in the editor. */
  range: Range;
  /** -1 before the first FROM. */
  stage: number;
  /** The logical line as Docker joins it: continuations removed, skipped lines gone. */
  text: string;
  /** Exec or shell form, where the instruction has one (COPY/ADD/VOLUME: exec or plain words). */
  form?: ReadForm;
  /** For shell form: the command line that really runs. */
  runs?: string;
  /** Things the reader should know: lines continued into this one, skipped lines, heredocs. */
  notes: string[];
}

export interface Reading {
  escape: { char: string; source: 'default' | 'directive'; line?: number };
  directives: ReadDirective[];
  stages: ReadStage[];
  instructions: ReadInstruction[];
}

const COMMAND_INSTRUCTIONS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK']);
const LINUX_SHELL = ['/bin/sh', '-c'];
const WINDOWS_SHELL = ['cmd', '/S', '/C'];

export function readDockerfile(model: DockerfileModel, host: HostContext = {}): Reading {
  const stageOs = model.stages.map((stage) => (isWindowsStage(model, stage) ? 'windows' : 'linux') as OsKind);
  const stages = model.stages.map((stage) => readStage(stage, stageOs[stage.index], host));
  const shells = shellsInForce(model);
  const instructions = model.instructions.map((ins) => readInstruction(model, ins, stageOs, shells.get(ins)));
  return {
    escape: { char: model.escape.char, source: model.escape.source, line: model.escape.directive?.line },
    directives: model.directives.map((d) => ({ name: d.name, value: d.value, line: d.line, active: d.active })),
    stages,
    instructions,
  };
}

function readStage(stage: Stage, os: OsKind, host: HostContext): ReadStage {
  return {
    index: stage.index,
    name: stage.name,
    line: stage.from.startLine,
    platform: stage.platform,
    os,
    base: readBase(stage.image, host),
  };
}

function readBase(image: ImageReference, host: HostContext): ReadBaseImage {
  const base: ReadBaseImage = { raw: image.raw };
  if (image.stageRef !== undefined) return { ...base, stage: image.stageRef };
  if (image.resolved === undefined) return base;
  Object.assign(base, { resolved: image.resolved, registry: image.registry, repository: image.repository, tag: image.tag, digest: image.digest });
  for (const key of ['registry', 'repository', 'tag', 'digest'] as const) if (base[key] === undefined) delete base[key];
  const description = describeImage(image, host);
  if (description.info.windows === 'yes') {
    const info = description.info;
    base.windows = {};
    if (info.release !== undefined) base.windows.release = info.release.name;
    if (info.build !== undefined) base.windows.build = info.build;
    if (info.family !== undefined) base.windows.family = info.family;
    base.description = description.lines[0];
  }
  return base;
}

function readInstruction(model: DockerfileModel, ins: Instruction, stageOs: readonly OsKind[], inForce: readonly string[] | undefined): ReadInstruction {
  const esc = model.escape.char;
  const read: ReadInstruction = {
    keyword: ins.keyword,
    startLine: ins.startLine,
    endLine: ins.endLine,
    range: ins.range,
    stage: ins.stageIndex,
    text: ins.text.trim(),
    notes: [],
  };
  if (!ins.known) read.notes.push(`unknown instruction ${ins.rawKeyword}: Docker stops the build here`);
  noteContinuations(model, ins, esc, read.notes);
  for (const heredoc of ins.heredocs) {
    const count = heredoc.bodyEndLine - heredoc.bodyStartLine + 1;
    read.notes.push(
      `heredoc <<${heredoc.name}: ${count} line${count === 1 ? '' : 's'} (${heredoc.bodyStartLine + 1}-${heredoc.bodyEndLine + 1})${heredoc.terminated ? '' : ', never terminated: it runs to the end of the file'}`,
    );
  }
  const exec = ins.exec;
  if (exec === undefined) return read;
  if (exec.form === 'invalid') {
    read.form = { kind: 'invalid', reason: exec.reason };
    return read;
  }
  if (exec.form === 'exec') {
    read.form = { kind: 'exec', argv: exec.values };
    return read;
  }
  if (!COMMAND_INSTRUCTIONS.has(ins.keyword)) {
    // COPY, ADD, VOLUME and SHELL without JSON are plain words, not a command line.
    if (exec.jsonError !== undefined) read.notes.push(`not valid JSON (${exec.jsonError.message}), so read as plain words`);
    return read;
  }
  const os = ins.stageIndex >= 0 ? stageOs[ins.stageIndex] : 'linux';
  const shell = inForce ?? (os === 'windows' ? WINDOWS_SHELL : LINUX_SHELL);
  read.form = { kind: 'shell', shell, shellFrom: inForce === undefined ? 'default' : 'SHELL' };
  if (exec.jsonError !== undefined) read.form.jsonError = exec.jsonError.message;
  const command = ins.keyword === 'HEALTHCHECK' ? ins.argsText.slice(ins.execOffset ?? 0) : ins.argsText;
  read.runs = commandLine(shell, command, os);
  return read;
}

/**
 * The SHELL in force at each instruction, in one pass: the last SHELL before it in its stage, else
 * the final one of the stage it builds on (SHELL is image configuration, so `FROM base` inherits it).
 */
function shellsInForce(model: DockerfileModel): Map<Instruction, readonly string[] | undefined> {
  const atInstruction = new Map<Instruction, readonly string[] | undefined>();
  const finalOfStage: Array<readonly string[] | undefined> = [];
  for (const stage of model.stages) {
    const parent = stage.image.stageRef;
    let shell = parent !== undefined && parent < stage.index ? finalOfStage[parent] : undefined;
    for (const ins of stage.instructions) {
      atInstruction.set(ins, shell);
      if (ins.keyword === 'SHELL' && ins.exec?.form === 'exec' && ins.exec.values.length > 0) shell = ins.exec.values;
    }
    finalOfStage[stage.index] = shell;
  }
  return atInstruction;
}

/**
 * Windows gets one command line: the shell's words and the command text joined by spaces, the text
 * passed as written (Docker marks it ArgsEscaped). Linux gets an argument vector; it is shown quoted.
 */
function commandLine(shell: readonly string[], command: string, os: OsKind): string {
  if (os === 'windows') return [...shell, command].join(' ');
  return [...shell.map(quoteArg), quoteArg(command)].join(' ');
}

function quoteArg(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Where the instruction took in more lines than its first, say so; and where a continued line
 * starts with an instruction keyword, say that Docker read that instruction as part of this one.
 */
function noteContinuations(model: DockerfileModel, ins: Instruction, esc: string, notes: string[]): void {
  const segments = ins.segments;
  if (segments.length > 1) {
    const first = segments[0].line + 1;
    const last = segments[segments.length - 1].line + 1;
    notes.push(`lines ${first}-${last} joined: each line before the last ends in the escape character ${esc}`);
    for (let i = 1; i < segments.length; i++) {
      const line = model.lines[segments[i].line];
      const word = /^\s*([A-Za-z]+)(\s|$)/.exec(line)?.[1];
      if (word !== undefined && KNOWN_INSTRUCTIONS.has(word.toUpperCase())) {
        notes.push(`line ${segments[i].line + 1} starts with ${word.toUpperCase()}, but Docker reads it as part of this ${ins.keyword}: line ${segments[i - 1].line + 1} ends in ${esc}`);
      }
    }
  }
  if (ins.emptyContinuationLines.length > 0) notes.push(`empty line${plural(ins.emptyContinuationLines)} ${lineList(ins.emptyContinuationLines)} inside the continuation skipped`);
  if (ins.commentLines.length > 0) notes.push(`comment line${plural(ins.commentLines)} ${lineList(ins.commentLines)} inside the continuation skipped`);
}

function plural(list: readonly number[]): string {
  return list.length === 1 ? '' : 's';
}

function lineList(lines: readonly number[]): string {
  return lines.map((l) => l + 1).join(', ');
}
