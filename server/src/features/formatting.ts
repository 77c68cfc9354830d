// Document formatting, from dockerfile-utils (the field's formatter: it indents continuation lines
// and strips indentation before instructions). Its parser, dockerfile-ast, continues a line ending
// in an escaped escape character (`C:\\dir\\`) where Docker does not, so an edit that would indent
// a line our model knows starts an instruction is dropped. A formatter failure formats nothing.
import { format, formatRange, type FormatterSettings } from 'dockerfile-utils';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import type { DockerfileModel } from '../dockerfile/model';

export function formatDocument(model: DockerfileModel, options: FormattingOptions, range?: Range): TextEdit[] {
  const settings: FormatterSettings = { tabSize: options.tabSize, insertSpaces: options.insertSpaces, ignoreMultilineInstructions: false };
  let edits: TextEdit[];
  try {
    edits = range ? formatRange(model.text, range, settings) : format(model.text, settings);
  } catch {
    return [];
  }
  const starts = new Set(model.instructions.map((i) => i.startLine));
  return edits.filter((e) => !(starts.has(e.range.start.line) && e.newText.length > 0 && e.newText.trim() === ''));
}
