// The language server's side of compose files (language id `dockercompose`): one model per document
// version, the compose linter with the host facts, the shipped schema, the files the compose file
// names (an open document's text first, else the disk) and the services of the project's other
// compose files; and the editor features. server.ts sends every request for such a document here.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CodeActionParams, CodeLens, CompletionItem, DocumentLink, DocumentSymbol, FoldingRange, Hover, Location, MarkupKind, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { HostContext, RuleSeverityOverrides } from '../../../../shared/protocol';
import { type FileFacts, diskFileFacts } from '../../compose/files';
import { lintCompose } from '../../compose/lint';
import { COMPOSE_LANGUAGE_ID, type ComposeModel, parseCompose } from '../../compose/model';
import { isComposeFileName } from '../../compose/names';
import { type SchemaLoad, loadComposeSchema } from '../../compose/schema';
import { SchemaNav } from '../../compose/schemaNav';
import type { Finding, RuleInfo } from '../../rules/types';
import { codeActions } from '../codeActions';
import { oversize } from '../modelCache';
import { type ComposeCompletionOptions, composeCompletion } from './completion';
import { composeHover } from './hover';
import { composeDefinition, composeFolding, composeLenses, composeLinks, composeSymbols } from './navigation';

export interface ComposeDeps {
  host(): HostContext;
  severities(uri: string): RuleSeverityOverrides | undefined;
  maxBytes(): number;
  /** An open document's text, by URI. */
  openText(uri: string): string | undefined;
  log(message: string): void;
  onRuleError(rule: RuleInfo, error: unknown, uri: string): void;
}

export class ComposeDocuments {
  private readonly models = new Map<string, { version: number; model: ComposeModel }>();
  private schemaLoad: SchemaLoad | undefined;
  private nav: SchemaNav | undefined;

  constructor(private readonly deps: ComposeDeps) {}

  handles(document: TextDocument): boolean {
    return document.languageId === COMPOSE_LANGUAGE_ID;
  }

  forget(uri: string): void {
    this.models.delete(uri);
  }

  model(document: TextDocument): ComposeModel {
    const cached = this.models.get(document.uri);
    if (cached?.version === document.version) return cached.model;
    // Above the size limit nothing is parsed (the diagnostics say the file is too large): every feature answers at once.
    const model = parseCompose(oversize(document.getText(), this.deps.maxBytes()) === undefined ? document.getText() : '');
    this.models.set(document.uri, { version: document.version, model });
    return model;
  }

  private schema(): SchemaLoad {
    if (this.schemaLoad === undefined) {
      this.schemaLoad = loadComposeSchema();
      if (this.schemaLoad.ok) this.nav = new SchemaNav(this.schemaLoad.schema.schema);
      else this.deps.log(`docker-workbench: ${this.schemaLoad.reason}`);
    }
    return this.schemaLoad;
  }

  findings(document: TextDocument): Finding[] {
    const file = filePath(document.uri);
    return lintCompose(this.model(document), {
      host: this.deps.host(),
      schema: this.schema(),
      path: file,
      files: file !== undefined ? this.files() : undefined,
      otherServices: file !== undefined ? this.otherServices(file) : undefined,
      severities: this.deps.severities(document.uri),
      onRuleError: (rule, error) => this.deps.onRuleError(rule, error, document.uri),
    });
  }

  /** Open documents first (what the user sees), the disk otherwise. */
  private files(): FileFacts {
    const disk = diskFileFacts(this.deps.maxBytes());
    return (file, read) => {
      const open = this.deps.openText(pathToFileURL(file).toString());
      return open !== undefined ? { kind: 'file', text: open } : disk(file, read);
    };
  }

  /** Services of the other compose files in the same folder (the base file of an override, its overrides). */
  private otherServices(file: string): ReadonlySet<string> | undefined {
    const dir = path.dirname(file);
    const names = new Set<string>();
    let entries: string[];
    try {
      entries = readdirSync(dir).filter((n) => isComposeFileName(n) && n !== path.basename(file));
    } catch {
      return undefined;
    }
    for (const name of entries.slice(0, 16)) {
      const sibling = path.join(dir, name);
      let text = this.deps.openText(pathToFileURL(sibling).toString());
      try {
        if (text === undefined && existsSync(sibling) && statSync(sibling).isFile() && statSync(sibling).size <= this.deps.maxBytes()) text = readFileSync(sibling, 'utf8');
      } catch {
        text = undefined;
      }
      if (text !== undefined) for (const service of parseCompose(text).services) names.add(service.name);
    }
    return names;
  }

  codeActions(document: TextDocument, findings: readonly Finding[], params: CodeActionParams, versionedEdits: boolean) {
    const model = this.model(document);
    const lines = model.text.split(/\r\n|\r|\n/);
    const eol = model.text.includes('\r\n') ? '\r\n' : '\n';
    return codeActions({ document, model: { directives: [], instructions: [], lines, eol }, findings, params, versionedEdits });
  }

  hover(document: TextDocument, position: Position, findings: readonly Finding[], format: MarkupKind): Hover | null {
    const load = this.schema();
    return composeHover({ model: this.model(document), position, nav: this.nav, version: load.ok ? load.schema.version : undefined, host: this.deps.host(), findings, format });
  }

  completion(document: TextDocument, position: Position, options: ComposeCompletionOptions): CompletionItem[] {
    this.schema();
    return composeCompletion(this.model(document), this.nav, position, options);
  }

  symbols(document: TextDocument): DocumentSymbol[] {
    return composeSymbols(this.model(document));
  }

  definition(document: TextDocument, position: Position): Location[] {
    return composeDefinition(this.model(document), document.uri, position);
  }

  links(document: TextDocument): DocumentLink[] {
    return composeLinks(this.model(document), document.uri);
  }

  lenses(document: TextDocument): CodeLens[] {
    return composeLenses(this.model(document), document.uri);
  }

  folding(document: TextDocument): FoldingRange[] {
    return composeFolding(this.model(document));
  }
}

function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
