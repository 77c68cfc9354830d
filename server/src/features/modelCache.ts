// One parse per document version, shared by every feature: diagnostics, hover, completion,
// symbols, folding and code actions all ask here instead of parsing again. A new version is
// re-parsed from the previous one's model (dockerfile/incremental.ts: only the lines the edit
// touched are read again). A document above the size limit is not parsed: its model is the empty
// file's, so every feature answers at once.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileModel } from '../dockerfile/model';
import { parseDockerfile } from '../dockerfile/parser';
import { reparseDockerfile, reparseLineEdit } from '../dockerfile/incremental';
import { PieceDocument } from './pieceDocument';

interface Entry {
  version: number;
  /** The limit the entry was made under: a changed setting decides again. */
  limit: number;
  model: DockerfileModel;
  /** The model is of the document's text (not the empty one of a document above the limit). */
  whole: boolean;
}

/** oversize() of a document's text; the server's own document knows its size without joining its text. */
export function documentOversize(document: TextDocument, limitBytes: number): number | undefined {
  if (document instanceof PieceDocument) return document.utf8Bytes > limitBytes ? document.utf8Bytes : undefined;
  return oversize(document.getText(), limitBytes);
}

/** The UTF-8 size of `text` when it is above `limitBytes`; undefined when within it. */
export function oversize(text: string, limitBytes: number): number | undefined {
  // A UTF-16 unit is at most 3 UTF-8 bytes, so most documents are answered without counting.
  if (text.length * 3 <= limitBytes) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > limitBytes ? bytes : undefined;
}

export class ModelCache {
  private readonly entries = new Map<string, Entry>();

  private readonly reparse: ((previous: DockerfileModel, text: string) => DockerfileModel) | undefined;

  constructor(
    private readonly parse: (text: string) => DockerfileModel = parseDockerfile,
    private readonly limitBytes: () => number = () => Number.POSITIVE_INFINITY,
    /** Builds the new version's model from the previous one's; by default the incremental re-parse when `parse` is the parser. */
    reparse?: (previous: DockerfileModel, text: string) => DockerfileModel,
  ) {
    this.reparse = reparse ?? (parse === parseDockerfile ? reparseDockerfile : undefined);
  }

  /** The model of exactly this version of the document, parsed at most once. */
  get(document: TextDocument): DockerfileModel {
    const limit = this.limitBytes();
    const entry = this.entries.get(document.uri);
    if (entry !== undefined && entry.version === document.version && entry.limit === limit) return entry.model;
    const whole = documentOversize(document, limit) === undefined;
    const fromLine = whole && entry !== undefined && entry.limit === limit && entry.whole ? this.fromLineEdit(document, entry) : undefined;
    if (fromLine !== undefined) {
      this.lineEdits++;
      this.entries.set(document.uri, { version: document.version, limit, model: fromLine, whole: true });
      return fromLine;
    }
    const text = whole ? document.getText() : '';
    const model = entry !== undefined && entry.limit === limit && this.reparse !== undefined ? this.reparse(entry.model, text) : this.parse(text);
    this.entries.set(document.uri, { version: document.version, limit, model, whole });
    return model;
  }

  /** Re-parses made from a one-line edit, without the text (for the tests). */
  lineEdits = 0;

  /**
   * The model from the previous version's and the one line a keystroke changed, when the document
   * is the server's own (it remembers that edit) and the parser is Docker's.
   */
  private fromLineEdit(document: TextDocument, entry: Entry): DockerfileModel | undefined {
    if (!(document instanceof PieceDocument) || this.parse !== parseDockerfile) return undefined;
    const edit = document.lineEditFrom(entry.version);
    if (edit === undefined) return undefined;
    return reparseLineEdit(entry.model, edit.line, edit.text, document.snapshot());
  }

  /** Parses already done (for tests and diagnostics of the cache itself). */
  has(uri: string, version: number): boolean {
    return this.entries.get(uri)?.version === version;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
