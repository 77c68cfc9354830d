// Document and range formatting, from the model: the layout the field's formatter (dockerfile-utils)
// gives, in one pass over the lines. An instruction's first line and every line outside an
// instruction lose their indentation; the lines Docker joins to an instruction (continuations and
// the comment lines among them) are indented by one level; a line of only blanks is emptied;
// heredoc bodies and their terminators are content and never touched. Being the model's reading,
// a line after `C:\\dir\\` (which Docker does not continue) is an instruction of its own, not a
// continuation. Time and memory are linear in the lines formatted: no size limit is needed.
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import type { DockerfileModel } from '../dockerfile/model';

/** How each line is laid out. */
const enum Layout {
  /** No indentation: an instruction's first line, a comment or directive line, a blank line. */
  Flush = 0,
  /** One level of indentation: a line joined to the instruction above it. */
  Continued = 1,
  /** Left as written: heredoc bodies and terminators. */
  Verbatim = 2,
}

export function formatDocument(model: DockerfileModel, options: FormattingOptions, range?: Range): TextEdit[] {
  const lines = model.lines;
  const first = range ? Math.max(0, range.start.line) : 0;
  const last = Math.min(lines.length - 1, range ? range.end.line : lines.length - 1);
  if (last < first) return [];
  const layout = layoutOf(model, first, last);
  const indentation = options.insertSpaces ? ' '.repeat(Math.max(0, Math.min(options.tabSize, 64))) : '\t';
  const edits: TextEdit[] = [];
  for (let line = first; line <= last; line++) {
    const kind = layout[line - first];
    if (kind === Layout.Verbatim) continue;
    const text = lines[line];
    let blank = 0;
    while (blank < text.length && (text.charCodeAt(blank) === 0x20 || text.charCodeAt(blank) === 0x09)) blank++;
    if (blank === text.length || kind === Layout.Flush) {
      // A line of blanks is emptied; any other flush line loses its indentation.
      if (blank > 0) edits.push(replace(line, blank, ''));
    } else if (blank !== indentation.length || !text.startsWith(indentation)) {
      edits.push(replace(line, blank, indentation));
    }
  }
  return edits;
}

/** The layout of lines first..last, from the instructions that reach into them. */
function layoutOf(model: DockerfileModel, first: number, last: number): Uint8Array {
  const layout = new Uint8Array(last - first + 1);
  const mark = (from: number, to: number, kind: Layout) => {
    for (let line = Math.max(from, first); line <= Math.min(to, last); line++) layout[line - first] = kind;
  };
  for (const ins of instructionsFrom(model, first)) {
    if (ins.startLine > last) break;
    // Continuation lines up to the last one holding text; comment lines among them go with them.
    mark(ins.startLine + 1, ins.range.end.line, Layout.Continued);
    if (ins.heredocs.length > 0) mark(ins.heredocs[0].bodyStartLine, ins.endLine, Layout.Verbatim);
  }
  return layout;
}

/** The instructions from the one that covers `line` (or the first after it) on, in order. */
function* instructionsFrom(model: DockerfileModel, line: number): Generator<DockerfileModel['instructions'][number]> {
  const list = model.instructions;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].endLine < line) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < list.length; k++) yield list[k];
}

function replace(line: number, end: number, newText: string): TextEdit {
  return { range: { start: { line, character: 0 }, end: { line, character: end } }, newText };
}
