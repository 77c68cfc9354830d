// What the compose rules share: edits inside a YAML scalar, and the services with their facts.
import type { Scalar } from 'yaml';
import type { Range } from '../../dockerfile/model';
import { type ComposeModel, scalarSpan } from '../../compose/model';
import { serviceFacts, type ServiceFacts } from '../../compose/service';
import type { TextEdit } from '../types';

export function services(model: ComposeModel): ServiceFacts[] {
  return model.services.map((entry) => serviceFacts(model, entry));
}

/** Replaces `[start, end)` of a scalar's value; undefined when its characters are not written one for one. */
export function scalarEdit(model: ComposeModel, node: Scalar, newText: string, start = 0, end?: number): TextEdit | undefined {
  const span = scalarSpan(model.text, node);
  if (span === undefined) return undefined;
  const from = span.start + start;
  const to = span.start + (end ?? span.end - span.start);
  if (to > span.end || from > to) return undefined;
  return { range: model.lines.range(from, to), newText };
}

export function rangeOfScalar(model: ComposeModel, node: Scalar): Range | undefined {
  return node.range ? model.lines.range(node.range[0], node.range[1]) : undefined;
}

/** `` `text` `` for a message, cut so one value cannot flood it (the linter bounds messages too). */
export function code(text: string): string {
  const cut = text.length > 120 ? `${text.slice(0, 119)}…` : text;
  return `\`${cut.replace(/`/g, "'")}\``;
}
