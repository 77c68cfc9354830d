// Where a position is in a compose file, as a path of keys (`*` for a list item): from the parsed
// tree for hover and definition, and from the lines themselves for completion, where the text being
// typed is seldom valid YAML yet.
import { type Document, type Node, isMap, isPair, isScalar, isSeq } from 'yaml';
import { deref, isMergeKey } from './model';
import type { LineIndex } from './lines';

export interface TreeHit {
  path: string[];
  /** The scalar under the position: a key (onKey) or a value. */
  node: Node;
  onKey: boolean;
}

/** The key or scalar value at `offset`, with the path of keys leading to it. */
export function hitAt(doc: Document, offset: number): TreeHit | undefined {
  const path: string[] = [];
  let node: unknown = doc.contents;
  for (let depth = 0; depth < 200; depth++) {
    node = deref(doc, node);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && within(p.key as Node, p.value as Node, offset));
      if (!pair || !isPair(pair) || isMergeKey(pair.key)) return undefined;
      const key = pair.key as Node;
      if (isScalar(key) && key.range && offset >= key.range[0] && offset <= key.range[1]) return { path: [...path, String(key.value)], node: key, onKey: true };
      if (!isScalar(key)) return undefined;
      path.push(String(key.value));
      node = pair.value;
      continue;
    }
    if (isSeq(node)) {
      const item = node.items.find((i) => within(i as Node, undefined, offset));
      if (item === undefined) return undefined;
      path.push('*');
      node = item;
      continue;
    }
    if (isScalar(node) && node.range && offset >= node.range[0] && offset <= node.range[1]) return { path, node, onKey: false };
    return undefined;
  }
  return undefined;
}

function within(a: Node | null | undefined, b: Node | null | undefined, offset: number): boolean {
  const start = a?.range?.[0] ?? b?.range?.[0];
  const end = b?.range?.[1] ?? a?.range?.[1];
  return start !== undefined && end !== undefined && offset >= start && offset <= end;
}

export interface LineContext {
  /** Keys from the root to the mapping (or list) the position is in; `*` for a list item. */
  path: string[];
  kind: 'key' | 'value';
  /** For a value: the key it belongs to (undefined for a list item). */
  key?: string;
  /** Whether the position is in a list item (`- |`). */
  listItem: boolean;
  /** The word being typed: its start column and text. */
  start: number;
  typed: string;
  /** Keys already written in the same mapping. */
  siblings: Set<string>;
}

// `s`: a line may hold U+2028 or U+2029, which `.` alone does not match (the editor does not break lines there).
const LINE = /^(\s*)((?:-\s+)*)(.*)$/s;

interface Shape {
  indent: number;
  dashes: number;
  keyColumn: number;
  key?: string;
  rest: string;
}

function shape(text: string): Shape | undefined {
  if (/^\s*(#.*)?$/.test(text)) return undefined;
  const m = LINE.exec(text)!;
  const keyColumn = m[1].length + m[2].length;
  const key = /^([^\s:#'"][^:#]*?|"[^"]*"|'[^']*'):(\s|$)/.exec(m[3])?.[1];
  return { indent: m[1].length, dashes: m[2].length, keyColumn, key: key?.replace(/^["']|["']$/g, ''), rest: m[3] };
}

/** What is being typed at a position, read from the indentation of the lines above. */
export function lineContext(lines: LineIndex, line: number, character: number): LineContext {
  const text = lines.lineText(line);
  const before = text.slice(0, character);
  const m = LINE.exec(before)!;
  const listItem = m[2].length > 0;
  let column = m[1].length + m[2].length;
  const body = m[3];
  let kind: 'key' | 'value' = 'key';
  let key: string | undefined;
  let typedStart = column;
  const valueMatch = /^([^\s:#'"][^:#]*?|"[^"]*"|'[^']*'):\s+(.*)$/.exec(body);
  if (valueMatch) {
    kind = 'value';
    key = valueMatch[1].replace(/^["']|["']$/g, '');
    typedStart = before.length - valueMatch[2].length;
  } else if (/[:#]/.test(body)) {
    kind = 'value';
    typedStart = before.length;
  }
  const path: string[] = [];
  // Keys written beside the position in the same mapping, for completion to leave out.
  const siblings = new Set<string>();
  let indent = column;
  let inItem = listItem;
  for (let l = line - 1; l >= 0 && (indent > 0 || inItem); l--) {
    const s = shape(lines.lineText(l));
    if (s === undefined) continue;
    if (s.keyColumn === indent && s.key !== undefined && !inItem) siblings.add(s.key);
    if (s.keyColumn < indent || (s.keyColumn === indent && inItem && s.dashes === 0 && s.key !== undefined)) {
      if (inItem) {
        path.unshift('*');
        inItem = false;
      }
      if (s.key !== undefined && s.keyColumn < indent) {
        path.unshift(s.key);
        indent = s.keyColumn;
        if (s.dashes > 0) {
          path.unshift('*');
          indent = s.indent;
        }
      } else if (s.dashes > 0 && s.indent < indent) {
        path.unshift('*');
        indent = s.indent;
      } else if (s.keyColumn < indent) {
        indent = s.keyColumn;
      }
    } else if (s.dashes > 0 && s.indent < indent && s.keyColumn >= indent) {
      // `- key: v` above a sibling `key2:` of the same list item.
      path.unshift('*');
      if (s.key !== undefined && s.keyColumn === column) siblings.add(s.key);
      indent = s.indent;
    }
  }
  if (inItem) path.unshift('*');
  // Keys below the position, at the same column, are siblings too.
  for (let l = line + 1; l < lines.lineCount; l++) {
    const s = shape(lines.lineText(l));
    if (s === undefined) continue;
    if (s.keyColumn < column || (s.dashes > 0 && s.indent < column)) break;
    if (s.keyColumn === column && s.key !== undefined && s.dashes === 0) siblings.add(s.key);
  }
  if (listItem && kind === 'key') column = m[1].length;
  return { path, kind, key, listItem, start: typedStart, typed: before.slice(typedStart), siblings };
}
