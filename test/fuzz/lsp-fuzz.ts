// The language-server path: the bundled server (dist/server.js) over stdio, one process for many
// inputs. Per input, what an editor does: open, wait for diagnostics, hover, complete, outline,
// fold, format, a code action per diagnostic and "fix all", the reading; then an incremental edit
// (a range replaced, sometimes inside a CRLF or a surrogate pair) and the same again; then close.
// Every request is timed: over 1 s is slow, no answer in HANG_MS is a hang (the server is then
// replaced). The server exiting is a crash; a handler that threw shows in its log and counts too.
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentLinkRequest,
  DocumentRangeFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  SemanticTokensDeltaRequest,
  SemanticTokensRequest,
  type Diagnostic,
  type InitializeResult,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { LspClient } from '../support/lsp-client';
import { ReadingRequest } from '../../shared/protocol';
import type { FuzzInput } from './inputs';
import { mutate } from './mutate';
import { Random } from './random';
import { type Findings, type PathTotals, noteTime } from './report';

export const REQUEST_LIMIT_MS = 1000;
const HANG_MS = 15_000;
const FIX_ALL = 'source.fixAll.docker-workbench';

/** A notification to a server that may have died meanwhile: the write fails, which the request after it reports. */
function notify(client: LspClient, method: string, params: unknown): void {
  client.connection.sendNotification(method, params).catch(() => undefined);
}

/** What a request that hung or whose server died answers; the server is then replaced. */
const FAILED = Symbol('failed');
type Outcome = { ok: true; value: unknown; ms: number } | { ok: false; why: 'hang' | 'exit'; ms: number };

export class LspFuzzer {
  private client: LspClient | undefined;
  private capabilities: InitializeResult['capabilities'] = {};
  private documents = 0;
  /** The result id of the last semantic tokens, for the delta after the edit. */
  private tokensResultId: string | undefined;

  constructor(
    private readonly totals: PathTotals,
    private readonly findings: Findings,
  ) {}

  private async server(): Promise<LspClient> {
    if (this.client !== undefined && this.client.exited === undefined) return this.client;
    await this.client?.stop();
    // debounceMs 0: the edit is linted at once, so what is timed is the server's work, not a pause.
    const client = LspClient.spawn({ settings: () => ({ lint: { debounceMs: 0 } }) });
    const result = await client.initialize({
      textDocument: { publishDiagnostics: { versionSupport: true }, completion: { completionItem: { snippetSupport: true } } },
      workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
    });
    this.capabilities = result.capabilities;
    this.client = client;
    return client;
  }

  async stop(): Promise<void> {
    await this.client?.stop();
    this.client = undefined;
  }

  /** Runs one input; returns false when the server had to be replaced. */
  async run(input: FuzzInput): Promise<boolean> {
    const client = await this.server();
    this.totals.inputs++;
    const started = performance.now();
    const uri = `file:///fuzz/${++this.documents}/Dockerfile`;
    const r = new Random(input.seed ^ 0x2545f491);
    let alive = true;
    try {
      let doc = TextDocument.create(uri, 'dockerfile', 1, input.text);
      notify(client, DidOpenTextDocumentNotification.method, { textDocument: { uri, languageId: 'dockerfile', version: 1, text: input.text } });
      alive = await this.editorRound(client, input, doc, r, true);
      if (alive) {
        // An incremental edit: a range of the text replaced by a mutation of itself.
        const start = r.int(0, doc.getText().length);
        const end = Math.min(doc.getText().length, start + r.size(20, 2000));
        const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
        // positionAt never lands inside a CRLF; a raw position sometimes does, as a client may send it.
        if (r.chance(0.1)) range.start = { line: range.start.line, character: range.start.character + 1 };
        const newText = mutate(r, doc.getText().slice(start, end), input.text.slice(0, 200));
        doc = TextDocument.update(doc, [{ range, text: newText }], 2);
        notify(client, DidChangeTextDocumentNotification.method, { textDocument: { uri, version: 2 }, contentChanges: [{ range, text: newText }] });
        alive = await this.editorRound(client, input, doc, r, false);
      }
      if (alive) notify(client, DidCloseTextDocumentNotification.method, { textDocument: { uri } });
    } finally {
      this.totals.ms += performance.now() - started;
      this.checkLogs(client, input);
      client.published.length = 0;
    }
    if (!alive) await this.stop();
    return alive;
  }

  /**
   * Diagnostics of this version, then every request an editor makes about them; after an edit
   * (`full` false) one of each kind, as typing brings, which keeps the lane's volume up.
   */
  private async editorRound(client: LspClient, input: FuzzInput, doc: TextDocument, r: Random, full: boolean): Promise<boolean> {
    const uri = doc.uri;
    const diagnostics = await this.timed(client, input, `diagnostics v${doc.version}`, () =>
      client.waitFor(`diagnostics of v${doc.version}`, () => client.published.find((p) => p.uri === uri && p.version === doc.version)?.diagnostics, HANG_MS),
    );
    if (diagnostics === FAILED) return false;
    this.checkRanges(input, doc, diagnostics as Diagnostic[]);
    const textDocument = { uri };
    const requests: Array<[string, string, unknown]> = [];
    for (let i = full ? 3 : 1; i > 0; i--) requests.push([HoverRequest.method, 'hover', { textDocument, position: this.position(doc, r) }]);
    for (let i = full ? 2 : 1; i > 0; i--) requests.push([CompletionRequest.method, 'completion', { textDocument, position: this.position(doc, r) }]);
    requests.push([DocumentSymbolRequest.method, 'documentSymbol', { textDocument }]);
    if (this.capabilities.foldingRangeProvider) requests.push([FoldingRangeRequest.method, 'foldingRange', { textDocument }]);
    const tokens = this.capabilities.semanticTokensProvider;
    // After an edit, the delta against the tokens of the version before it, as an editor asks.
    if (!full && typeof tokens?.full === 'object' && tokens.full.delta === true && this.tokensResultId !== undefined) {
      requests.push([SemanticTokensDeltaRequest.method, 'semanticTokensDelta', { textDocument, previousResultId: this.tokensResultId }]);
    }
    if (tokens) requests.push([SemanticTokensRequest.method, 'semanticTokens', { textDocument }]);
    if (this.capabilities.documentLinkProvider) requests.push([DocumentLinkRequest.method, 'documentLink', { textDocument }]);
    requests.push([ReadingRequest, 'reading', { uri }]);
    const list = diagnostics as Diagnostic[];
    // A code action per diagnostic, as the light bulb asks; a long list is sampled (at most 12, or 3).
    const step = Math.max(1, Math.ceil(list.length / (full ? 12 : 3)));
    for (let i = 0; i < list.length; i += step) {
      requests.push([CodeActionRequest.method, 'codeAction', { textDocument, range: list[i].range, context: { diagnostics: [list[i]], only: ['quickfix'] } }]);
    }
    if (list.length > 0) requests.push([CodeActionRequest.method, 'codeAction fixAll', { textDocument, range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, context: { diagnostics: list, only: [FIX_ALL] } }]);
    for (const [method, what, params] of requests) {
      const value = await this.timed(client, input, what, () => client.connection.sendRequest(method, params));
      if (value === FAILED) return false;
      if (what === 'semanticTokens') this.tokensResultId = (value as { resultId?: string } | null)?.resultId;
    }
    for (const options of full ? [{ tabSize: 4, insertSpaces: true }, { tabSize: 2, insertSpaces: false }] : [{ tabSize: r.pick([2, 4, 8]), insertSpaces: r.chance(0.5) }]) {
      const edits = await this.timed(client, input, 'formatting', () => client.connection.sendRequest(DocumentFormattingRequest.method, { textDocument, options }));
      if (edits === FAILED) return false;
      this.checkEdits(input, doc, edits as TextEdit[] | null, 'formatting');
    }
    if (!full) return true;
    const a = doc.positionAt(r.int(0, doc.getText().length));
    const b = doc.positionAt(r.int(0, doc.getText().length));
    const range = a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a };
    const ranged = await this.timed(client, input, 'rangeFormatting', () => client.connection.sendRequest(DocumentRangeFormattingRequest.method, { textDocument, range, options: { tabSize: 4, insertSpaces: true } }));
    if (ranged === FAILED) return false;
    this.checkEdits(input, doc, ranged as TextEdit[] | null, 'rangeFormatting');
    return true;
  }

  /** Runs one request with the 1 s limit and the hang deadline; records its time and any failure. */
  private async timed(client: LspClient, input: FuzzInput, what: string, send: () => Promise<unknown>): Promise<unknown> {
    this.totals.calls++;
    const start = performance.now();
    const outcome = await new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, why: 'hang', ms: performance.now() - start }), HANG_MS);
      const onExit = () => {
        clearTimeout(timer);
        resolve({ ok: false, why: 'exit', ms: performance.now() - start });
      };
      client.child.once('exit', onExit);
      send().then(
        (value) => {
          clearTimeout(timer);
          client.child.off('exit', onExit);
          resolve({ ok: true, value, ms: performance.now() - start });
        },
        () => {
          clearTimeout(timer);
          client.child.off('exit', onExit);
          resolve({ ok: false, why: client.exited !== undefined ? 'exit' : 'hang', ms: performance.now() - start });
        },
      );
    });
    noteTime(this.totals, outcome.ms, what, input.seed);
    if (!outcome.ok) {
      const detail = outcome.why === 'exit' ? `the server exited (code ${String(client.exited)}) during ${what}: ${client.stderr.slice(-2000)}` : `${what}: no answer in ${HANG_MS / 1000} s`;
      this.findings.add({ path: 'lsp', kind: outcome.why === 'exit' ? 'crash' : 'hang', seed: input.seed, detail }, input, this.totals);
      return FAILED;
    }
    if (outcome.ms > REQUEST_LIMIT_MS) this.findings.suspect({ path: 'lsp', input, what, ms: outcome.ms });
    return outcome.value;
  }

  private position(doc: TextDocument, r: Random): { line: number; character: number } {
    if (r.chance(0.1)) return { line: doc.lineCount + r.int(0, 3), character: r.int(0, 5) };
    return doc.positionAt(r.int(0, doc.getText().length));
  }

  /** Diagnostics lie inside the document the server was sent (as the editor splits its lines). */
  private checkRanges(input: FuzzInput, doc: TextDocument, diagnostics: readonly Diagnostic[]): void {
    const lines = doc.getText().split(/\r\n|\r|\n/);
    for (const d of diagnostics) {
      const { start, end } = d.range;
      const inside = (p: { line: number; character: number }) => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
      if (!inside(start) || !inside(end) || end.line < start.line || (end.line === start.line && end.character < start.character)) {
        this.findings.add({ path: 'lsp', kind: 'invariant', seed: input.seed, detail: `diagnostic ${String(d.code)} at ${JSON.stringify(d.range)} is outside v${doc.version} (${lines.length} lines)` }, input, this.totals);
        return;
      }
    }
  }

  /** Edits an editor will apply: they must not overlap (applying them would throw). */
  private checkEdits(input: FuzzInput, doc: TextDocument, edits: TextEdit[] | null, what: string): void {
    if (edits === null || edits.length === 0) return;
    try {
      TextDocument.applyEdits(doc, edits);
    } catch (error) {
      this.findings.add({ path: 'lsp', kind: 'invariant', seed: input.seed, detail: `${what} edits do not apply: ${String(error)}` }, input, this.totals);
    }
  }

  /** The server logs a handler or rule that threw: each is a failure of this input. */
  private checkLogs(client: LspClient, input: FuzzInput): void {
    for (const line of client.logs.splice(0)) {
      this.findings.add({ path: 'lsp', kind: 'crash', seed: input.seed, detail: `server log: ${line.slice(0, 2000)}` }, input, this.totals);
    }
  }
}
