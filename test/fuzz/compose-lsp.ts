// Compose files through the language server (dist/server.js over stdio), as an editor uses it on a
// `dockercompose` document: open, diagnostics, hover, completion, go to definition, outline,
// document links, folding, code lenses, a code action per diagnostic and "fix all"; each fix's
// edits applied (they must apply, stay inside the document, and leave YAML that parsed still
// parsing), one fixed text sent back and linted again; then an incremental edit and one request of
// each kind again. Every request is timed (over 1 s is a suspect, no answer in 15 s a hang); the
// server exiting or logging a failed handler is a crash.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { parseCompose } from '../../server/src/compose/model';
import { HostContextNotification } from '../../shared/protocol';
import { LspClient } from '../support/lsp-client';
import { mutateCompose } from './compose-mutate';
import { HOSTS } from './inputs';
import { Random } from './random';
import { type PathTotals, noteTime } from './report';

export const COMPOSE_REQUEST_LIMIT_MS = 1000;
const HANG_MS = 15_000;
const FIX_ALL = 'source.fixAll.docker-workbench';

export interface ComposeInput {
  seed: number;
  kind: 'generated' | 'generated-mutated' | 'schema' | 'schema-mutated' | 'alias-bomb';
  text: string;
}

export interface ComposeProblem {
  kind: 'crash' | 'hang' | 'invariant';
  seed: number;
  detail: string;
}

type Outcome = { ok: true; value: unknown } | { ok: false; why: 'hang' | 'exit' };

export class ComposeLspFuzzer {
  private client: LspClient | undefined;
  private documents = 0;
  private host = -1;
  readonly problems: ComposeProblem[] = [];
  /** Inputs with a call over the limit, with that call: run again alone before they count. */
  readonly suspects: Array<{ input: ComposeInput; what: string; ms: number; text: string }> = [];
  /** The text the server has now, kept with a slow call. */
  private text = '';
  /** Fixes applied and checked, fixed texts linted again by the server. */
  fixesApplied = 0;
  fixesRelinted = 0;

  constructor(
    private readonly workDir: string,
    readonly totals: PathTotals,
  ) {
    // The files a compose file names and a sibling override, so links, file rules and the
    // project's other services have something real to find.
    mkdirSync(workDir, { recursive: true });
    writeFileSync(path.join(workDir, 'Dockerfile'), 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\n');
    writeFileSync(path.join(workDir, 'Web.Dockerfile'), 'FROM mcr.microsoft.com/windows/nanoserver:1809\n');
    writeFileSync(path.join(workDir, 'web.env'), 'A=1\n');
    writeFileSync(path.join(workDir, 'compose.override.yaml'), 'services:\n  base:\n    image: busybox\n');
  }

  private async server(): Promise<LspClient> {
    if (this.client !== undefined && this.client.exited === undefined) return this.client;
    await this.client?.stop();
    const client = LspClient.spawn({ settings: () => ({ lint: { debounceMs: 0 } }) });
    await client.initialize({
      textDocument: {
        publishDiagnostics: { versionSupport: true },
        completion: { completionItem: { snippetSupport: true } },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      },
      workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
    });
    this.client = client;
    this.host = -1;
    return client;
  }

  async stop(): Promise<void> {
    await this.client?.stop();
    this.client = undefined;
  }

  private problem(p: ComposeProblem): void {
    this.problems.push(p);
    if (p.kind === 'crash') this.totals.crashes++;
    else if (p.kind === 'hang') this.totals.hangs++;
    else this.totals.invariants++;
  }

  /** One input; returns false when the server died or hung (it is replaced). */
  async run(input: ComposeInput): Promise<boolean> {
    const client = await this.server();
    this.totals.inputs++;
    const r = new Random(input.seed ^ 0x1b873593);
    const host = r.int(0, HOSTS.length - 1);
    if (host !== this.host) {
      client.notifyServer(HostContextNotification, HOSTS[host]);
      this.host = host;
    }
    const n = ++this.documents;
    const file = r.chance(0.5) ? path.join(this.workDir, `compose.f${n}.yaml`) : path.join(this.workDir, `p${n}`, 'docker-compose.yml');
    const uri = pathToFileURL(file).toString();
    let doc = TextDocument.create(uri, 'dockercompose', 1, input.text);
    this.text = input.text;
    let alive = true;
    const started = performance.now();
    try {
      notify(client, DidOpenTextDocumentNotification.method, { textDocument: { uri, languageId: 'dockercompose', version: 1, text: input.text } });
      const diagnostics = await this.diagnostics(client, input, doc);
      // The opened text, or the fixed text the round sent back.
      const current = diagnostics === undefined ? undefined : await this.round(client, input, doc, diagnostics, r, true);
      alive = current !== undefined;
      if (current !== undefined) {
        doc = current;
        // An incremental edit: a region replaced by a hostile mutation of itself.
        const start = r.int(0, doc.getText().length);
        const end = Math.min(doc.getText().length, start + r.size(40, 3000));
        const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
        const newText = mutateCompose(r, doc.getText().slice(start, end));
        doc = TextDocument.update(doc, [{ range, text: newText }], doc.version + 1);
        this.text = doc.getText();
        notify(client, DidChangeTextDocumentNotification.method, { textDocument: { uri, version: doc.version }, contentChanges: [{ range, text: newText }] });
        const after = await this.diagnostics(client, input, doc);
        alive = after !== undefined && (await this.round(client, input, doc, after, r, false)) !== undefined;
      }
      if (alive) notify(client, DidCloseTextDocumentNotification.method, { textDocument: { uri } });
    } finally {
      this.totals.ms += performance.now() - started;
      for (const line of client.logs.splice(0)) {
        if (/failed|uncaught|unhandled/i.test(line)) this.problem({ kind: 'crash', seed: input.seed, detail: `server log: ${line.slice(0, 2000)}` });
      }
      client.published.length = 0;
    }
    if (!alive) await this.stop();
    return alive;
  }

  private async diagnostics(client: LspClient, input: ComposeInput, doc: TextDocument): Promise<Diagnostic[] | undefined> {
    const found = await this.timed(client, input, 'diagnostics', () =>
      client.waitFor(`diagnostics of v${doc.version}`, () => client.published.find((p) => p.uri === doc.uri && p.version === doc.version)?.diagnostics, HANG_MS),
    );
    if (!found.ok) return undefined;
    const list = found.value as Diagnostic[];
    for (const d of list) this.inside(input, doc, d.range, `diagnostic ${String(d.code)}`);
    return list;
  }

  /**
   * Every request an editor makes about one version; `full` for the opened text, one of each after
   * an edit. Returns the document as the editor now has it (a fix may have been sent back), or
   * undefined when the server died or hung.
   */
  private async round(client: LspClient, input: ComposeInput, doc: TextDocument, diagnostics: Diagnostic[], r: Random, full: boolean): Promise<TextDocument | undefined> {
    const textDocument = { uri: doc.uri };
    const check = (what: string, value: unknown) => this.checkAnswer(input, doc, what, value);
    const requests: Array<[string, string, unknown]> = [];
    for (let i = full ? 3 : 1; i > 0; i--) requests.push([HoverRequest.method, 'hover', { textDocument, position: this.position(doc, r) }]);
    for (let i = full ? 3 : 1; i > 0; i--) requests.push([CompletionRequest.method, 'completion', { textDocument, position: this.position(doc, r) }]);
    for (let i = full ? 3 : 1; i > 0; i--) requests.push([DefinitionRequest.method, 'definition', { textDocument, position: this.position(doc, r) }]);
    requests.push([DocumentSymbolRequest.method, 'documentSymbol', { textDocument }]);
    requests.push([DocumentLinkRequest.method, 'documentLink', { textDocument }]);
    requests.push([FoldingRangeRequest.method, 'foldingRange', { textDocument }]);
    requests.push([CodeLensRequest.method, 'codeLens', { textDocument }]);
    const step = Math.max(1, Math.ceil(diagnostics.length / (full ? 8 : 2)));
    for (let i = 0; i < diagnostics.length; i += step) {
      requests.push([CodeActionRequest.method, 'codeAction', { textDocument, range: diagnostics[i].range, context: { diagnostics: [diagnostics[i]] } }]);
    }
    if (diagnostics.length > 0) {
      requests.push([CodeActionRequest.method, 'codeAction fixAll', { textDocument, range: { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) }, context: { diagnostics, only: [FIX_ALL] } }]);
    }
    const actions: CodeAction[] = [];
    for (const [method, what, params] of requests) {
      const answer = await this.timed(client, input, what, () => client.connection.sendRequest(method, params));
      if (!answer.ok) return undefined;
      check(what, answer.value);
      if (what.startsWith('codeAction') && Array.isArray(answer.value)) actions.push(...(answer.value as CodeAction[]));
    }
    if (!full) return doc;
    // Each fix applied; the first one that changes the text is sent back and linted again.
    const parsedBefore = parseCompose(doc.getText()).syntaxErrors.length === 0;
    let relint: string | undefined;
    for (const action of actions) {
      const edits = editsOf(action, doc.uri);
      if (edits.length === 0) continue;
      let fixed: string;
      try {
        fixed = TextDocument.applyEdits(doc, edits);
      } catch (error) {
        this.problem({ kind: 'invariant', seed: input.seed, detail: `"${action.title}": its edits do not apply: ${String(error)}` });
        continue;
      }
      this.fixesApplied++;
      if (parsedBefore) {
        const errors = parseCompose(fixed).syntaxErrors;
        if (errors.length > 0) this.problem({ kind: 'invariant', seed: input.seed, detail: `"${action.title}" turns YAML that parsed into YAML that does not: ${errors[0].message.split('\n')[0]} at ${JSON.stringify(errors[0].range.start)}` });
      }
      if (relint === undefined && fixed !== doc.getText()) relint = fixed;
    }
    if (relint !== undefined) {
      const fixedDoc = TextDocument.create(doc.uri, doc.languageId, doc.version + 1, relint);
      this.text = relint;
      notify(client, DidChangeTextDocumentNotification.method, { textDocument: { uri: doc.uri, version: fixedDoc.version }, contentChanges: [{ text: relint }] });
      if ((await this.diagnostics(client, input, fixedDoc)) === undefined) return undefined;
      this.fixesRelinted++;
      return fixedDoc;
    }
    return doc;
  }

  private position(doc: TextDocument, r: Random): { line: number; character: number } {
    if (r.chance(0.1)) return { line: doc.lineCount + r.int(0, 3), character: r.int(0, 5) };
    if (r.chance(0.1)) return { line: r.int(0, Math.max(0, doc.lineCount - 1)), character: r.int(0, 400) };
    return doc.positionAt(r.int(0, doc.getText().length));
  }

  /** Ranges in every answer lie inside the document the server was sent. */
  private checkAnswer(input: ComposeInput, doc: TextDocument, what: string, value: unknown): void {
    if (value === null || value === undefined) return;
    const items = Array.isArray(value) ? value : [value];
    if (what === 'hover') {
      const range = (value as { range?: Range }).range;
      if (range !== undefined) this.inside(input, doc, range, 'hover');
      const contents = (value as { contents?: { value?: unknown } }).contents;
      if (typeof contents?.value !== 'string' || contents.value === '') this.problem({ kind: 'invariant', seed: input.seed, detail: `hover without text: ${JSON.stringify(value).slice(0, 200)}` });
      return;
    }
    for (const item of items as Array<Record<string, unknown>>) {
      if (what === 'completion') {
        const edit = item.textEdit as { range?: Range } | undefined;
        if (edit?.range !== undefined) this.inside(input, doc, edit.range, `completion ${String(item.label)}`);
      } else if (what === 'definition') {
        const location = item as { uri: string; range: Range };
        if (location.uri === doc.uri) this.inside(input, doc, location.range, 'definition');
      } else if (what === 'documentSymbol') {
        const walk = (s: { name: string; range: Range; selectionRange: Range; children?: unknown[] }) => {
          this.inside(input, doc, s.range, `symbol ${s.name}`);
          this.inside(input, doc, s.selectionRange, `symbol ${s.name} selection`);
          for (const c of s.children ?? []) walk(c as typeof s);
        };
        walk(item as never);
      } else if (what === 'documentLink' || what === 'codeLens') {
        this.inside(input, doc, item.range as Range, what);
      } else if (what === 'foldingRange') {
        const { startLine, endLine } = item as { startLine: number; endLine: number };
        if (!(startLine >= 0 && startLine <= endLine && endLine < doc.lineCount)) this.problem({ kind: 'invariant', seed: input.seed, detail: `folding ${startLine}-${endLine} outside ${doc.lineCount} lines` });
      } else if (what.startsWith('codeAction')) {
        for (const e of editsOf(item as CodeAction, doc.uri)) this.inside(input, doc, e.range, `"${String(item.title)}" edit`);
      }
    }
  }

  private inside(input: ComposeInput, doc: TextDocument, range: Range, what: string): void {
    const lines = doc.getText().split(/\r\n|\r|\n/);
    const ok = (p: { line: number; character: number }) => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
    const ordered = range.end.line > range.start.line || (range.end.line === range.start.line && range.end.character >= range.start.character);
    if (!ok(range.start) || !ok(range.end) || !ordered) {
      this.problem({ kind: 'invariant', seed: input.seed, detail: `${what} at ${JSON.stringify(range)} is outside v${doc.version} (${lines.length} lines)` });
    }
  }

  private async timed(client: LspClient, input: ComposeInput, what: string, send: () => Promise<unknown>): Promise<Outcome> {
    this.totals.calls++;
    const start = performance.now();
    const outcome = await new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, why: 'hang' }), HANG_MS);
      const onExit = () => {
        clearTimeout(timer);
        resolve({ ok: false, why: 'exit' });
      };
      client.child.once('exit', onExit);
      send().then(
        (value) => {
          clearTimeout(timer);
          client.child.off('exit', onExit);
          resolve({ ok: true, value });
        },
        () => {
          clearTimeout(timer);
          client.child.off('exit', onExit);
          resolve({ ok: false, why: client.exited !== undefined ? 'exit' : 'hang' });
        },
      );
    });
    const ms = performance.now() - start;
    noteTime(this.totals, ms, what, input.seed);
    if (!outcome.ok) {
      this.problem(
        outcome.why === 'exit'
          ? { kind: 'crash', seed: input.seed, detail: `the server exited (code ${String(client.exited)}) during ${what}: ${client.stderr.slice(-2000)}` }
          : { kind: 'hang', seed: input.seed, detail: `${what}: no answer in ${HANG_MS / 1000} s` },
      );
    } else if (ms > COMPOSE_REQUEST_LIMIT_MS && !this.suspects.some((s) => s.input.seed === input.seed)) {
      this.suspects.push({ input, what, ms, text: this.text });
    }
    return outcome;
  }
}

function notify(client: LspClient, method: string, params: unknown): void {
  client.connection.sendNotification(method, params).catch(() => undefined);
}

/** The text edits of an action for one document, from `changes` or `documentChanges`. */
export function editsOf(action: CodeAction, uri: string): TextEdit[] {
  const edit = action.edit;
  if (edit === undefined) return [];
  const out: TextEdit[] = [...(edit.changes?.[uri] ?? [])];
  for (const change of edit.documentChanges ?? []) if ('textDocument' in change && change.textDocument.uri === uri) out.push(...(change.edits as TextEdit[]));
  return out;
}
