// Numbers a client sends are held to a sane range here, once, before any handler sees them: a
// formatting request with `tabSize: 4e8` made the formatter build 400 MB strings per line until
// the process died, and a range ending at line 4e8 made it walk that many lines. Positions and
// ranges are clamped into the document (as LSP says a position past a line's end means its end);
// every other value passes through untouched.
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** The widest indent a formatting request may ask for. */
export const MAX_TAB_SIZE = 16;
const DEFAULT_TAB_SIZE = 4;
/** Below this depth nothing a handler reads is nested; deeper data is passed on as it is. */
const MAX_DEPTH = 32;
const MAX_INDEX = 2 ** 31 - 1;

/** What clamping needs of the document a request names. */
export interface DocumentExtent {
  lineCount: number;
  /** Length of the line without its line break. */
  lineLength(line: number): number;
}

interface Position {
  line: number;
  character: number;
}

/** The parameters of any request or notification, clamped into the document they name (if open). */
export function clampRequestParams(params: unknown, documentOf: (uri: string) => TextDocument | undefined): unknown {
  const uri = typeof params === 'object' && params !== null ? (params as { textDocument?: { uri?: unknown } }).textDocument?.uri : undefined;
  const document = typeof uri === 'string' ? documentOf(uri) : undefined;
  return clampClientParams(params, document === undefined ? undefined : extentOf(document));
}

function extentOf(document: TextDocument): DocumentExtent {
  return {
    lineCount: document.lineCount,
    // offsetAt stops a character past the line's end at the end, before the line break.
    lineLength: (line) => document.offsetAt({ line, character: MAX_INDEX }) - document.offsetAt({ line, character: 0 }),
  };
}

export function clampClientParams(params: unknown, document: DocumentExtent | undefined): unknown {
  return clampValue(params, document, 0);
}

function clampValue(value: unknown, document: DocumentExtent | undefined, depth: number): unknown {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => clampValue(item, document, depth + 1));
  // Only plain data from the wire: class instances (a TextDocument in an event) are not ours to copy.
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const record = value as Record<string, unknown>;
  if (isPosition(record)) return clampPosition(record, document);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    out[key] = key === 'tabSize' ? clampTabSize(item) : clampValue(item, document, depth + 1);
  }
  if (isPosition(out.start) && isPosition(out.end) && before(out.end, out.start)) out.end = { ...out.start };
  return out;
}

function isPosition(value: unknown): value is Position {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.line === 'number' && typeof v.character === 'number';
}

function clampTabSize(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return DEFAULT_TAB_SIZE;
  return Math.min(MAX_TAB_SIZE, Math.max(1, Math.round(value)));
}

function clampIndex(n: number, max: number): number {
  if (Number.isNaN(n)) return 0;
  return Math.min(max, Math.max(0, Math.trunc(n)));
}

function clampPosition(p: Position, document: DocumentExtent | undefined): Position {
  if (document === undefined) return { line: clampIndex(p.line, MAX_INDEX), character: clampIndex(p.character, MAX_INDEX) };
  const last = Math.max(0, document.lineCount - 1);
  // Past the last line means the end of the document.
  if (p.line > last) return { line: last, character: document.lineLength(last) };
  const line = clampIndex(p.line, last);
  return { line, character: clampIndex(p.character, document.lineLength(line)) };
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
