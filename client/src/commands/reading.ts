// "Show How Docker Reads This Dockerfile": a read-only document beside the Dockerfile that lists
// each instruction as Docker sees it (continuations joined, the escape character in force, exec or
// shell form, the command line that really runs). The language server renders it; this side shows
// it, follows the Dockerfile as it changes, and reveals an instruction's source when its line is
// clicked.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ReadingRequest, type ReadingParams, type ReadingResult } from '../../../shared/protocol';
import type { CommandSpec, Deps, LanguageServer } from './types';

export const READING_SCHEME = 'docker-workbench-reading';

/** Typing in the Dockerfile refreshes the view once typing pauses this long. */
const REFRESH_DELAY_MS = 150;
/** The server may not have the document (or its latest version) yet: ask again, a bounded number of times. */
const ATTEMPTS = 10;
const ATTEMPT_DELAY_MS = 100;

/** `docker-workbench-reading:/Dockerfile (as Docker reads it)?<source uri>` */
export function readingUri(source: vscode.Uri): vscode.Uri {
  const name = path.posix.basename(source.path) || 'Dockerfile';
  return vscode.Uri.from({ scheme: READING_SCHEME, path: `/${name} (as Docker reads it)`, query: source.toString() });
}

export function sourceOf(view: vscode.Uri): vscode.Uri {
  return vscode.Uri.parse(view.query, true);
}

type Links = ReadingResult['links'];

export class ReadingDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** View URI -> the source range of each of its lines, from the last rendering. */
  private readonly links = new Map<string, Links>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly server: LanguageServer) {
    this.disposables = [
      vscode.workspace.onDidChangeTextDocument((e) => this.sourceChanged(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === READING_SCHEME) this.links.delete(d.uri.toString());
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document.uri.scheme === READING_SCHEME) void this.revealSource(e.textEditor.document.uri, e.selections[0].active.line);
      }),
    ];
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    let source: vscode.Uri;
    try {
      source = sourceOf(uri);
    } catch {
      return `Not a Dockerfile reading: ${uri.toString()}\n`;
    }
    try {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.toString()) ?? (await vscode.workspace.openTextDocument(source));
      if (document.languageId !== 'dockerfile') return `${source.fsPath || source.toString()} is not a Dockerfile (its language is ${document.languageId}).\n`;
      const result = await this.read(document);
      if (result === null) return `The Docker Workbench language server has not opened ${source.toString()}.\n`;
      this.links.set(uri.toString(), result.links);
      return result.text;
    } catch (err) {
      // A document cannot fail to open nicely; say what happened inside it.
      return `Could not read ${source.toString()}: ${err instanceof Error ? err.message : String(err)}\n`;
    }
  }

  /** The reading of the document's current version (the server may be a notification behind). */
  private async read(document: vscode.TextDocument): Promise<ReadingResult | null> {
    let result: ReadingResult | null = null;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const params: ReadingParams = { uri: document.uri.toString() };
      result = await this.server.request<ReadingResult | null>(ReadingRequest, params);
      if (result !== null && result.version >= document.version) return result;
      await new Promise((resolve) => setTimeout(resolve, ATTEMPT_DELAY_MS));
    }
    return result;
  }

  private sourceChanged(document: vscode.TextDocument): void {
    if (document.uri.scheme === READING_SCHEME) return;
    const source = document.uri.toString();
    for (const view of vscode.workspace.textDocuments) {
      if (view.uri.scheme !== READING_SCHEME || view.uri.query !== source) continue;
      const key = view.uri.toString();
      clearTimeout(this.timers.get(key));
      this.timers.set(
        key,
        setTimeout(() => {
          this.timers.delete(key);
          this.changed.fire(view.uri);
        }, REFRESH_DELAY_MS),
      );
    }
  }

  /** Selects the instruction behind a line of the view in the Dockerfile, keeping focus in the view. */
  private async revealSource(view: vscode.Uri, line: number): Promise<void> {
    const link = this.links.get(view.toString())?.find((l) => l.line === line);
    if (link === undefined) return;
    const source = sourceOf(view);
    const range = new vscode.Range(link.range.start.line, link.range.start.character, link.range.end.line, link.range.end.character);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === source.toString());
    const editor =
      visible ??
      (await vscode.window.showTextDocument(source, {
        viewColumn: vscode.ViewColumn.One,
        preserveFocus: true,
        preview: false,
      }));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.changed.dispose();
  }
}

async function showReading(deps: Deps, arg0?: unknown): Promise<vscode.Uri | undefined> {
  const source = arg0 instanceof vscode.Uri ? arg0 : vscode.window.activeTextEditor?.document.uri;
  const document = source === undefined ? undefined : vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.toString()) ?? (await vscode.workspace.openTextDocument(source));
  if (document === undefined || document.languageId !== 'dockerfile') {
    await deps.ui.error('Open a Dockerfile to see how Docker reads it.');
    return undefined;
  }
  const view = await vscode.workspace.openTextDocument(readingUri(document.uri));
  await vscode.window.showTextDocument(view, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
  return view.uri;
}

export const readingCommands: readonly CommandSpec[] = [{ id: 'dockerWorkbench.showHowDockerReads', run: showReading }];
