// Small text-edit builders the mission rules share.
import type { DockerfileModel, Range } from '../../dockerfile/model';
import type { TextEdit } from '../types';

export function at(line: number, character: number): Range {
  return { start: { line, character }, end: { line, character } };
}

/** Removes a whole line, its line break included. */
export function deleteLine(model: DockerfileModel, line: number): TextEdit {
  if (line + 1 < model.lines.length) {
    return { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' };
  }
  // The last line: take the break before it instead.
  const prev = Math.max(0, line - 1);
  return {
    range: { start: { line: prev, character: line === 0 ? 0 : model.lines[prev].length }, end: { line, character: model.lines[line].length } },
    newText: '',
  };
}

/** Inserts a line at the very top of the file. */
export function insertFirstLine(model: DockerfileModel, text: string): TextEdit {
  return { range: at(0, 0), newText: text + model.eol };
}

/** The single-line range of `line` from `start` to `end`. */
export function span(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}
