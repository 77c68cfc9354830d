// Document formatting, from dockerfile-utils (the field's formatter: it indents continuation lines
// and strips indentation before instructions). Its parser, dockerfile-ast, continues a line ending
// in an escaped escape character (`C:\\dir\\`) where Docker does not, so an edit that would indent
// a line our model knows starts an instruction is dropped. A formatter failure formats nothing.
import { format, formatRange, type FormatterSettings } from 'dockerfile-utils';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import type { DockerfileModel } from '../dockerfile/model';

/**
 * dockerfile-utils takes about a second per 500 KB on some ordinary shapes (continued exec form),
 * and on two shapes that a hostile document can take its time grows with the product of two
 * counts: dockerfile-ast hands each comment to its stage by testing every stage (about 80 ns a
 * pair: 4000 `FROM a` / `# c` pairs, 44 KB, took 1.5 s, and 1 MB would take minutes), and the
 * formatter looks each line up in the list of heredoc lines (about 0.6 ns a pair). Past these
 * bounds the document is not formatted, as when the formatter fails, so that a formatting request
 * stays well under a second (found by the fuzzer, seed 180189104).
 */
export const MAX_FORMAT_LENGTH = 128 * 1024;
const MAX_COMMENT_STAGE_PAIRS = 2_500_000;
const MAX_LINE_HEREDOC_PAIRS = 300_000_000;

function formatterAffords(model: DockerfileModel): boolean {
  if (model.text.length > MAX_FORMAT_LENGTH) return false;
  if (model.comments.length * model.stages.length > MAX_COMMENT_STAGE_PAIRS) return false;
  let heredocLines = 0;
  for (const ins of model.instructions) for (const h of ins.heredocs) heredocLines += h.bodyEndLine - h.bodyStartLine + 2;
  return model.lines.length * heredocLines <= MAX_LINE_HEREDOC_PAIRS;
}

export function formatDocument(model: DockerfileModel, options: FormattingOptions, range?: Range): TextEdit[] {
  if (!formatterAffords(model)) return [];
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
