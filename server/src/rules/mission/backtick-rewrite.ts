// Rewrites a file from the `\` escape character to the backtick, keeping what each instruction
// means to Docker: real line continuations become backticks, escapes the shell lexer gives a
// meaning to (`\$`, `\"`, `\ `, `\\`) become their backtick spelling, and literal backticks are
// escaped. A backslash Docker was silently dropping from a Windows path (`WORKDIR C:\app` is read
// as `C:app` under `\`) is left in place, where it becomes the path separator its author meant.
import type { DockerfileModel, Instruction } from '../../dockerfile/model';
import { instructionAt, KNOWN_INSTRUCTIONS } from '../../dockerfile/parser';
import type { TextEdit } from '../types';
import { insertFirstLine, span } from './edits';
import { Memo } from '../../dockerfile/memo';
import { isWindowsStage } from '../../windows/stage';

/** Instructions whose arguments go through BuildKit's shell lexer (escapes and variables). */
const LEXED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);

export type RewriteResult = { edits: TextEdit[] } | { blocked: string };

/**
 * Edits that switch the file to `# escape=`` `. `literalLines` are lines whose trailing `\` must stop
 * continuing (the Windows paths the rule found); every other continuation is kept.
 * With `backtickLineEndsContinue`, lines ending in a backtick may start continuing (the author's intent).
 */
export function rewriteToBacktick(
  model: DockerfileModel,
  literalLines: ReadonlySet<number>,
  options: { backtickLineEndsContinue?: boolean } = {},
): RewriteResult {
  if (model.escape.char !== '\\') return { blocked: 'the file already uses the backtick escape' };
  const edits: TextEdit[] = [];
  const directive = model.escape.directive;
  if (directive) edits.push({ range: directive.valueRange, newText: '`' });
  else edits.push(insertFirstLine(model, '# escape=`'));

  const heredocLines = new Set<number>();
  for (const ins of model.instructions) {
    for (const h of ins.heredocs) for (let l = h.bodyStartLine; l <= h.bodyEndLine + 1 && l <= ins.endLine; l++) heredocLines.add(l);
  }
  const commentLines = new Set(model.comments.map((c) => c.line));
  // A line ending in a backtick starts continuing under the new escape. That is a change of meaning,
  // unless it is what the author meant (a misplaced `# escape=`` ` over backtick continuations).
  for (let l = 0; l < model.lines.length && !options.backtickLineEndsContinue; l++) {
    if (heredocLines.has(l) || commentLines.has(l)) continue;
    const t = trimBlanksEnd(model.lines[l]);
    if (t.endsWith('`') && !t.endsWith('``') && !isLexedLine(model, l)) {
      return { blocked: `line ${l + 1} ends in a backtick, which would start continuing the line` };
    }
  }

  for (const ins of model.instructions) {
    for (let k = 0; k < ins.segments.length - 1; k++) {
      const seg = ins.segments[k];
      if (literalLines.has(seg.line)) continue;
      const c = seg.character + seg.length;
      edits.push({ range: span(seg.line, c, c + 1), newText: '`' });
    }
    const lexed = lexedPart(ins);
    // Not spread as arguments: one instruction can hold 100k escapes, past the stack's room for arguments.
    if (lexed) for (const e of rewriteEscapes(lexed.ins, lexed.from)) edits.push(e);
  }
  return { edits };
}

/**
 * The line without the spaces and tabs at its end. A loop, not `/[ \t]+$/`: that RegExp retries a
 * run of spaces from each of its characters when a word follows it (80 000 spaces took 2.7 s).
 */
function trimBlanksEnd(line: string): string {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 0x20 || line.charCodeAt(end - 1) === 0x09)) end--;
  return line.slice(0, end);
}

function lexedPart(ins: Instruction): { ins: Instruction; from: number } | undefined {
  const target = ins.keyword === 'ONBUILD' && ins.trigger ? ins.trigger : ins;
  if (!LEXED.has(target.keyword)) return undefined;
  if (target.exec?.form === 'exec') return undefined;
  return { ins: target, from: target.keywordRange === ins.keywordRange ? ins.rawKeyword.length : 0 };
}

function isLexedLine(model: DockerfileModel, line: number): boolean {
  const ins = instructionAt(model, line);
  return ins !== undefined && lexedPart(ins) !== undefined;
}

/** Escapes inside a lexed instruction's text, re-spelled for the backtick. */
function rewriteEscapes(ins: Instruction, from: number): TextEdit[] {
  const edits: TextEdit[] = [];
  const t = ins.text;
  let quote = '';
  for (let i = from; i < t.length; i++) {
    const ch = t[i];
    if (quote === "'") {
      if (ch === "'") quote = '';
      continue;
    }
    if (ch === '\\') {
      const next = t[i + 1];
      if (next === undefined) continue;
      const meaningful = quote === '"' ? next === '"' || next === '$' || next === '\\' : /[$"'\\ \t]/.test(next);
      if (meaningful) {
        // `\\` means one backslash; under the backtick a lone backslash already does.
        edits.push(next === '\\' ? { range: ins.rangeOf(i, i + 2), newText: '\\' } : { range: ins.rangeOf(i, i + 1), newText: '`' });
      }
      i++;
      continue;
    }
    if (ch === '`' && (quote === '' || /["$`]/.test(t[i + 1] ?? ''))) {
      edits.push({ range: ins.rangeOf(i, i + 1), newText: '``' });
      continue;
    }
    if (ch === '"') quote = quote === '"' ? '' : '"';
    else if (ch === "'" && quote === '') quote = "'";
  }
  return edits;
}

/** A continued line whose trailing `\` ends a Windows path rather than meaning "continue". */
export interface PathContinuation {
  ins: Instruction;
  line: number;
  /** The path, without the trailing backslash, and where it starts on the line. */
  word: string;
  column: number;
  /** The instruction keyword the continuation swallows, when the next line starts one. */
  swallowed?: string;
}

const windowsContinuations = new Memo<DockerfileModel, PathContinuation[]>('windowsPathContinuations');

/** pathContinuations in Windows stages, found once per model for the rule and the editor's tokens. */
export function windowsPathContinuations(model: DockerfileModel): PathContinuation[] {
  return windowsContinuations.get(model, () =>
    pathContinuations(model, (stageIndex) => {
      const stage = model.stages[stageIndex];
      return stage !== undefined && isWindowsStage(model, stage);
    }),
  );
}

/**
 * Lines, in the stages `inScope` accepts, whose `\` continuation ends a Windows path
 * (`COPY app c:\inetpub\wwwroot\`): Docker continues them, their author meant a path.
 */
export function pathContinuations(model: DockerfileModel, inScope: (stageIndex: number) => boolean): PathContinuation[] {
  const found: PathContinuation[] = [];
  for (const ins of model.instructions) {
    if (ins.segments.length < 2 || ins.stageIndex < 0) continue;
    // The lines are looked at first: most instructions have no such line, and then their stage's
    // verdict (a walk over the stage) is not needed.
    const own = instructionPathContinuations(model.lines, ins);
    if (own.length === 0 || !inScope(ins.stageIndex)) continue;
    for (const f of own) found.push(f);
  }
  return found;
}

/** The continued lines of one instruction whose trailing `\` ends a Windows path, whatever its stage. */
export function instructionPathContinuations(lines: readonly string[], ins: Instruction): PathContinuation[] {
  const found: PathContinuation[] = [];
  for (let k = 0; k < ins.segments.length - 1; k++) {
    const seg = ins.segments[k];
    const content = lines[seg.line].slice(seg.character, seg.character + seg.length);
    const word = lastWord(content);
    if (!word || !isWindowsPath(word)) continue;
    const next = ins.segments[k + 1];
    const nextText = lines[next.line].slice(next.character, next.character + next.length).trimStart();
    const keyword = /^([A-Za-z]+)(\s|$)/.exec(nextText)?.[1]?.toUpperCase();
    found.push({
      ins,
      line: seg.line,
      word,
      column: seg.character + seg.length - word.length,
      swallowed: keyword && KNOWN_INSTRUCTIONS.has(keyword) ? keyword : undefined,
    });
  }
  return found;
}

/** The last whitespace-delimited word (a regex anchored at the end backtracks from every position). */
function lastWord(text: string): string | undefined {
  let start = text.length;
  while (start > 0 && !/\s/.test(text[start - 1])) start--;
  return start < text.length ? text.slice(start) : undefined;
}

/** `c:\inetpub\wwwroot`, `C:`, `\\server\share\dir`, `app\bin` (the trailing `\` already cut off). */
function isWindowsPath(word: string): boolean {
  const w = word.replace(/^["']/, '');
  return /^[A-Za-z]:/.test(w) || w.includes('\\');
}
