// One parse per document version, shared by every feature: diagnostics, hover, completion,
// symbols, folding and code actions all ask here instead of parsing again.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileModel } from '../dockerfile/model';
import { parseDockerfile } from '../dockerfile/parser';

interface Entry {
  version: number;
  model: DockerfileModel;
}

export class ModelCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly parse: (text: string) => DockerfileModel = parseDockerfile) {}

  /** The model of exactly this version of the document, parsed at most once. */
  get(document: TextDocument): DockerfileModel {
    const entry = this.entries.get(document.uri);
    if (entry !== undefined && entry.version === document.version) return entry.model;
    const model = this.parse(document.getText());
    this.entries.set(document.uri, { version: document.version, model });
    return model;
  }

  /** Parses already done (for tests and diagnostics of the cache itself). */
  has(uri: string, version: number): boolean {
    return this.entries.get(uri)?.version === version;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
