// Document outline: one symbol per stage (its name, or its image), its instructions as children;
// instructions before the first FROM (global ARGs) stand at the top level. A document of more than
// MAX_OUTLINE_INSTRUCTIONS instructions gets its stages only: an outline of thousands of lines helps
// nobody, and every symbol costs about 240 bytes of JSON each way (7 000 of them, 1.6 MB, took the
// client longer to read than anything else the server answers).
import { SymbolKind, type DocumentSymbol, type FoldingRange, FoldingRangeKind } from 'vscode-languageserver';
import type { DockerfileModel, Instruction, Range } from '../dockerfile/model';
import { Memo } from '../dockerfile/memo';
import { keepJson } from '../transport';

/** Above this many instructions the stages have no children (global ARGs are still listed). */
export const MAX_OUTLINE_INSTRUCTIONS = 2000;

// The outline is asked for again for the same version (the outline view, breadcrumbs): made once,
// and over a stream its JSON text is kept with it after the first answer.
const outlines = new Memo<DockerfileModel, DocumentSymbol[]>('documentSymbols');

export function documentSymbols(model: DockerfileModel): DocumentSymbol[] {
  return outlines.get(model, outline);
}

function outline(model: DockerfileModel): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  const withChildren = model.instructions.length <= MAX_OUTLINE_INSTRUCTIONS;
  for (const instruction of model.instructions) {
    if (instruction.stageIndex === -1) symbols.push(instructionSymbol(instruction));
  }
  for (const stage of model.stages) {
    const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
    const range: Range = { start: stage.from.range.start, end: last.range.end };
    const label = stage.name ?? (stage.image.raw || `stage ${stage.index}`);
    symbols.push({
      name: label,
      detail: stage.name !== undefined ? stage.image.raw : `stage ${stage.index}`,
      kind: SymbolKind.Class,
      range: maxRange(range, lastLineRange(model, stage.from, last)),
      selectionRange: stage.nameRange ?? stage.image.range,
      ...(withChildren ? { children: stage.instructions.filter((i) => i !== stage.from).map(instructionSymbol) } : {}),
    });
  }
  return keepJson(symbols);
}

function instructionSymbol(instruction: Instruction): DocumentSymbol {
  // Only the start is shown: a RUN of thousands of lines is not copied to be cut (unless its start
  // is mostly blanks, where the cut could show).
  const text = instruction.argsText;
  let args = (text.length > 240 ? text.slice(0, 240) : text).replace(/\s+/g, ' ');
  if (text.length > 240 && args.length <= 60) args = text.replace(/\s+/g, ' ');
  return {
    name: instruction.rawKeyword || instruction.keyword,
    detail: args.length > 60 ? `${args.slice(0, 57)}...` : args,
    kind: instruction.keyword === 'ARG' || instruction.keyword === 'ENV' ? SymbolKind.Variable : SymbolKind.Method,
    range: instruction.range,
    selectionRange: instruction.keywordRange,
  };
}

/** Heredoc bodies lie past `range.end`; the outline should cover them. */
function lastLineRange(model: DockerfileModel, first: Instruction, last: Instruction): Range {
  const line = Math.max(last.endLine, last.range.end.line);
  return { start: first.range.start, end: { line, character: (model.lines[line] ?? '').length } };
}

function maxRange(a: Range, b: Range): Range {
  const end = a.end.line > b.end.line || (a.end.line === b.end.line && a.end.character >= b.end.character) ? a.end : b.end;
  return { start: a.start, end };
}

const folds = new Memo<DockerfileModel, FoldingRange[]>('foldingRanges');

/** Multi-line instructions, whole stages and runs of two or more comment lines (once per version; not to be changed). */
export function foldingRanges(model: DockerfileModel): FoldingRange[] {
  return folds.get(model, findFoldingRanges);
}

function findFoldingRanges(model: DockerfileModel): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  for (const instruction of model.instructions) {
    if (instruction.endLine > instruction.startLine) ranges.push({ startLine: instruction.startLine, endLine: instruction.endLine });
  }
  for (const stage of model.stages) {
    const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
    if (last.endLine > stage.from.startLine) ranges.push({ startLine: stage.from.startLine, endLine: last.endLine });
  }
  // Comment lines inside a continuation belong to the instruction's fold, not to a block of their own.
  const continuationComments = new Set(model.instructions.flatMap((i) => i.commentLines));
  let blockStart = -1;
  let previous = -2;
  const flush = () => {
    if (blockStart >= 0 && previous > blockStart) ranges.push({ startLine: blockStart, endLine: previous, kind: FoldingRangeKind.Comment });
  };
  for (const comment of model.comments) {
    if (continuationComments.has(comment.line)) continue;
    if (comment.line !== previous + 1) {
      flush();
      blockStart = comment.line;
    }
    previous = comment.line;
  }
  flush();
  return ranges;
}
