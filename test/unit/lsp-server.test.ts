// The real bundled language server (dist/server.js) as a child process, spoken to over stdio with
// the protocol library's own client connection: what an editor sees, end to end.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import {
  CodeActionKind,
  CompletionRequest,
  CodeActionRequest,
  DidChangeConfigurationNotification,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type Hover,
  type InitializeResult,
  type MarkupContent,
  type SymbolInformation,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { HostContextNotification, ReadingRequest, type HostContext, type ReadingResult } from '../../shared/protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from '../support/lsp-client';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const WINDOWS_2019 = 'mcr.microsoft.com/windows/servercore:ltsc2019';
let counter = 0;
const uri = (name: string) => `file:///work/test/${name}-${++counter}/Dockerfile`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function hoverText(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  const c = h.contents as MarkupContent;
  return c.value;
}

function completionItems(r: CompletionItem[] | CompletionList | null): CompletionItem[] {
  if (r === null) return [];
  return Array.isArray(r) ? r : r.items;
}

function editsOf(action: CodeAction, docUri: string): TextEdit[] {
  const change = action.edit?.documentChanges?.[0];
  if (change !== undefined && 'edits' in change) {
    assert.equal(change.textDocument.uri, docUri);
    return change.edits.filter((e): e is TextEdit => 'range' in e);
  }
  return action.edit?.changes?.[docUri] ?? [];
}

describe('language server over stdio (dist/server.js)', function () {
  this.timeout(120_000);
  let h: LspClient;
  /** What the client answers for the dockerWorkbench section; tests replace it. */
  let settings: Record<string, unknown> = { lint: { debounceMs: 200 } };
  let init: InitializeResult;

  before(async function () {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
    const client = LspClient.spawn({ settings: () => settings });
    h = client;
    init = await client.initialize({
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true } },
      textDocument: { completion: { completionItem: { snippetSupport: true } }, documentSymbol: { hierarchicalDocumentSymbolSupport: true }, publishDiagnostics: { versionSupport: true } },
    });
  });

  after(async function () {
    if (h !== undefined) await h.stop();
  });

  it('announces its capabilities', function () {
    const caps = init.capabilities;
    assert.equal(caps.hoverProvider, true);
    assert.equal(caps.documentSymbolProvider, true);
    assert.equal(caps.foldingRangeProvider, true);
    assert.ok(caps.completionProvider);
    assert.ok(typeof caps.codeActionProvider === 'object');
    assert.deepEqual(caps.codeActionProvider.codeActionKinds, [CodeActionKind.QuickFix, 'source.fixAll.docker-workbench']);
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
  });

  it('publishes diagnostics for an opened document, with rule id and source, and their fixes as code actions', async function () {
    const u = uri('open');
    h.open(u, `FROM ${WINDOWS_2019}\nCOPY --chown=app:app site C:/site\n`);
    const diagnostics = await h.diagnosticsFor(u, 1);
    const d = diagnostics.find((x) => x.code === 'windows-unsupported-flag');
    assert.ok(d, JSON.stringify(diagnostics));
    assert.equal(d.source, 'docker-workbench');
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 20 } });
    assert.deepEqual(d.data, { rule: 'windows-unsupported-flag' });
    const actions = await h.request<CodeAction[]>(CodeActionRequest.method, { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } });
    assert.ok(actions.some((a) => a.title === 'Remove --chown'), JSON.stringify(actions.map((a) => a.title)));
  });

  it('publishes only the final version of a rapid sequence of edits', async function () {
    const u = uri('rapid');
    h.open(u, `FROM ${WINDOWS_2019}\n`);
    assert.deepEqual(await h.diagnosticsFor(u, 1), []);
    const startIndex = h.published.length;
    const textFor = (k: number) => `FROM ${WINDOWS_2019}\n${'RUN echo step\n'.repeat(k)}COPY --chmod=755 run.cmd C:/run.cmd\n`;
    let last = 1;
    for (let k = 1; k <= 25; k++) last = h.change(u, textFor(k));
    assert.equal(last, 26);
    const final = await h.diagnosticsFor(u, last);
    // Give a late stale publication the chance to show up before asserting there is none.
    await sleep(600);
    const after = h.published.slice(startIndex).filter((p) => p.uri === u);
    assert.deepEqual(after.map((p) => p.version), [last]);
    const d = final.find((x) => x.code === 'windows-unsupported-flag');
    assert.ok(d);
    // Version 26 has 25 RUN lines, so its COPY is on line 26.
    assert.equal(d.range.start.line, 26);
    assert.equal(final.length, 1);
  });

  it('clears diagnostics when a document closes, and a pending lint of it publishes nothing', async function () {
    const u = uri('close');
    h.open(u, `FROM ${WINDOWS_2019}\nCOPY --chown=a b C:/b\n`);
    assert.equal((await h.diagnosticsFor(u, 1)).length, 1);
    h.change(u, `FROM ${WINDOWS_2019}\nCOPY --chown=a b C:/b\nCOPY --chmod=1 c C:/c\n`);
    h.close(u);
    const cleared = await h.waitFor('cleared diagnostics', () => h.published.find((p) => p.uri === u && p.version === undefined));
    assert.deepEqual(cleared.diagnostics, []);
    await sleep(500);
    assert.equal(h.published.filter((p) => p.uri === u && p.version === 2).length, 0);
  });

  it('offers quick fixes that remove the diagnostic when applied, an ignore comment, and fix-all', async function () {
    const u = uri('fix');
    const text = `FROM ${WINDOWS_2019}\nCOPY --chown=app:app --chmod=644 site C:/site\n`;
    h.open(u, text);
    const diagnostics = await h.diagnosticsFor(u, 1);
    assert.equal(diagnostics.length, 2);
    const actions = await h.request<CodeAction[]>(CodeActionRequest.method, {
      textDocument: { uri: u },
      range: diagnostics[0].range,
      context: { diagnostics: [diagnostics[0]] },
    });
    const quick = actions.find((a) => a.kind === CodeActionKind.QuickFix && a.isPreferred === true);
    assert.ok(quick, JSON.stringify(actions));
    assert.equal(quick.title, 'Remove --chown');
    const fixed = TextDocument.applyEdits(h.document(u), editsOf(quick, u));
    assert.equal(fixed, `FROM ${WINDOWS_2019}\nCOPY --chmod=644 site C:/site\n`);
    const v2 = h.change(u, fixed);
    const after = await h.diagnosticsFor(u, v2);
    assert.deepEqual(after.map((d) => d.message.includes('--chmod')), [true]);

    const ignore = actions.find((a) => a.title === 'Ignore windows-unsupported-flag for this line');
    assert.ok(ignore);
    const ignored = TextDocument.applyEdits(TextDocument.create(u, 'dockerfile', 1, text), editsOf(ignore, u));
    assert.equal(ignored, `FROM ${WINDOWS_2019}\n# docker-workbench ignore=windows-unsupported-flag\nCOPY --chown=app:app --chmod=644 site C:/site\n`);
    const v3 = h.change(u, ignored);
    assert.deepEqual(await h.diagnosticsFor(u, v3), []);

    const v4 = h.change(u, text);
    await h.diagnosticsFor(u, v4);
    const source = await h.request<CodeAction[]>(CodeActionRequest.method, {
      textDocument: { uri: u },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: [CodeActionKind.SourceFixAll] },
    });
    assert.deepEqual(source.map((a) => a.kind), ['source.fixAll.docker-workbench']);
    const all = TextDocument.applyEdits(h.document(u), editsOf(source[0], u));
    assert.equal(all, `FROM ${WINDOWS_2019}\nCOPY site C:/site\n`);
    const v5 = h.change(u, all);
    assert.deepEqual(await h.diagnosticsFor(u, v5), []);
  });

  it('reports an exec form that is not JSON (Windows path) and its preferred fix makes it exec form', async function () {
    const u = uri('exec');
    const text = `FROM ${WINDOWS_2019}\nENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]\n`;
    h.open(u, text);
    const diagnostics = await h.diagnosticsFor(u, 1);
    const d = diagnostics.find((x) => x.code === 'exec-form-invalid-json');
    assert.ok(d, JSON.stringify(diagnostics));
    assert.equal(d.range.start.line, 1);
    const actions = await h.request<CodeAction[]>(CodeActionRequest.method, { textDocument: { uri: u }, range: d.range, context: { diagnostics: [d] } });
    const preferred = actions.filter((a) => a.isPreferred === true);
    assert.equal(preferred.length, 1);
    const fixed = TextDocument.applyEdits(h.document(u), editsOf(preferred[0], u));
    assert.equal(fixed, `FROM ${WINDOWS_2019}\nENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]\n`);
    const v2 = h.change(u, fixed);
    const after = await h.diagnosticsFor(u, v2);
    assert.ok(!after.some((x) => x.code === 'exec-form-invalid-json'), JSON.stringify(after));
  });

  it('hovers instruction keywords and the FROM image with its Windows release', async function () {
    const u = uri('hover');
    h.open(u, `FROM ${WINDOWS_2019} AS build\nRUN echo hi\n`);
    await h.diagnosticsFor(u, 1);
    const keyword = hoverText(await h.request<Hover | null>(HoverRequest.method, { textDocument: { uri: u }, position: { line: 0, character: 2 } }));
    assert.match(keyword, /\*\*FROM\*\*/);
    const image = hoverText(await h.request<Hover | null>(HoverRequest.method, { textDocument: { uri: u }, position: { line: 0, character: 30 } }));
    assert.match(image, /Windows Server 2019 \(1809\), build 17763/);
    assert.match(image, /Host build unknown/);
    const run = hoverText(await h.request<Hover | null>(HoverRequest.method, { textDocument: { uri: u }, position: { line: 1, character: 1 } }));
    assert.match(run, /\*\*RUN\*\*/);
    const nothing = await h.request<Hover | null>(HoverRequest.method, { textDocument: { uri: u }, position: { line: 1, character: 8 } });
    assert.equal(nothing, null);
  });

  it('completes instructions, directives, flags and Windows tags without the network', async function () {
    const u = uri('complete');
    const text = `#\nFROM ${WINDOWS_2019} AS build\nCOPY --\n\nFROM mcr.microsoft.com/windows/servercore:\n`;
    h.open(u, text);
    await h.diagnosticsFor(u, 1);
    const at = async (line: number, character: number) =>
      completionItems(await h.request<CompletionItem[] | CompletionList | null>(CompletionRequest.method, { textDocument: { uri: u }, position: { line, character } }));
    const instructions = (await at(3, 0)).map((i) => i.label);
    for (const k of ['FROM', 'RUN', 'COPY', 'ENTRYPOINT', 'SHELL', 'HEALTHCHECK']) assert.ok(instructions.includes(k), k);
    const directives = (await at(0, 1)).map((i) => i.label);
    assert.ok(directives.includes('escape=`'), directives.join());
    const flags = (await at(2, 7)).map((i) => i.label);
    assert.ok(flags.includes('--from') && flags.includes('--chown') && !flags.includes('--interval'), flags.join());
    const tags = (await at(4, 42)).sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    const labels = tags.map((i) => i.label);
    assert.ok(labels.includes('ltsc2022') && labels.includes('ltsc2019') && labels.includes('ltsc2025'), labels.join());
  });

  it('lists stages with their instructions as document symbols, and folds', async function () {
    const u = uri('symbols');
    h.open(u, `ARG TAG=ltsc2022\nFROM mcr.microsoft.com/windows/servercore:$TAG AS build\nRUN echo a \\\n  b\nFROM build\nCMD ["x"]\n`);
    await h.diagnosticsFor(u, 1);
    const symbols = await h.request<DocumentSymbol[] | SymbolInformation[]>(DocumentSymbolRequest.method, { textDocument: { uri: u } });
    const docSymbols = symbols as DocumentSymbol[];
    assert.deepEqual(docSymbols.map((s) => s.name), ['ARG', 'build', 'build']);
    assert.deepEqual(docSymbols[1].children?.map((c) => c.name), ['RUN']);
    assert.deepEqual(docSymbols[2].children?.map((c) => c.name), ['CMD']);
    const folds = await h.request<Array<{ startLine: number; endLine: number }>>(FoldingRangeRequest.method, { textDocument: { uri: u } });
    assert.ok(folds.some((f) => f.startLine === 2 && f.endLine === 3), JSON.stringify(folds));
  });

  it('re-lints when the host changes, and lets explicit settings win over the engine', async function () {
    const u = uri('host');
    h.open(u, `FROM ${WINDOWS_2019}\n`);
    assert.deepEqual(await h.diagnosticsFor(u, 1), []);
    const mark = h.published.length;
    const host: HostContext = { engineOs: 'windows', build: 20348, isolation: 'process', source: 'engine' };
    void h.connection.sendNotification(HostContextNotification, host);
    const mismatch = await h.waitFor('host mismatch', () =>
      h.published.slice(mark).find((p) => p.uri === u && p.diagnostics.some((d) => d.code === 'windows-host-mismatch')),
    );
    assert.equal(mismatch.version, 1);
    const tags = completionItems(
      await h.request<CompletionItem[] | CompletionList | null>(CompletionRequest.method, { textDocument: { uri: u }, position: { line: 0, character: 42 } }),
    ).sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.equal(tags[0].label, 'ltsc2022', 'a tag that runs on the 2022 host comes first');
    const hoverNow = hoverText(await h.request<Hover | null>(HoverRequest.method, { textDocument: { uri: u }, position: { line: 0, character: 30 } }));
    assert.match(hoverNow, /process isolation does not run/);
    assert.match(hoverNow, /Hyper-V isolation runs/);

    // The user says the target host is 2019: that overrides the engine, and the mismatch goes.
    const mark2 = h.published.length;
    settings = { lint: { debounceMs: 200 }, windows: { hostBuild: '10.0.17763', isolation: '' } };
    void h.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const cleared = await h.waitFor('mismatch cleared', () => h.published.slice(mark2).find((p) => p.uri === u && p.diagnostics.length === 0));
    assert.equal(cleared.version, 1);

    // Back to the engine's facts, with the rule turned off by the user.
    const mark3 = h.published.length;
    settings = { lint: { debounceMs: 200 }, rules: { 'windows-host-mismatch': 'off' }, windows: { hostBuild: '' } };
    void h.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await h.waitFor('re-lint after settings', () => h.published.slice(mark3).find((p) => p.uri === u));
    await sleep(300);
    assert.ok(h.published.slice(mark3).every((p) => p.uri !== u || p.diagnostics.length === 0));

    settings = { lint: { debounceMs: 200 }, rules: { 'windows-host-mismatch': 'warning' } };
    const mark4 = h.published.length;
    void h.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const warned = await h.waitFor('severity override', () =>
      h.published.slice(mark4).find((p) => p.uri === u && p.diagnostics.some((d) => d.code === 'windows-host-mismatch')),
    );
    assert.equal(warned.diagnostics[0].severity, 2);
    void h.connection.sendNotification(HostContextNotification, {});
  });

  it('answers how Docker reads an open document, at its latest version, and null for one it does not have', async function () {
    const u = uri('reading');
    h.open(u, `# escape=\`\nFROM ${WINDOWS_2019}\nRUN dir C:\\\nENTRYPOINT ["C:\\app.exe"]\n`);
    const first = await h.request<ReadingResult | null>(ReadingRequest, { uri: u });
    assert.ok(first !== null);
    assert.equal(first.version, 1);
    assert.match(first.text, /escape character ` \(set by the escape directive on line 1\)/);
    assert.match(first.text, /runs: cmd \/S \/C dir C:\\/);
    const runLine = first.text.split('\n').findIndex((l) => l.startsWith('L3'));
    assert.deepEqual(first.links.find((l) => l.line === runLine)?.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 11 } });
    const version = h.change(u, `FROM ${WINDOWS_2019}\nSHELL ["powershell", "-Command"]\nRUN dir\n`);
    const second = await h.request<ReadingResult | null>(ReadingRequest, { uri: u });
    assert.equal(second?.version, version);
    assert.match(second?.text ?? '', /runs: powershell -Command dir/);
    assert.equal(await h.request<ReadingResult | null>(ReadingRequest, { uri: 'file:///not/open/Dockerfile' }), null);
    assert.equal(await h.request<ReadingResult | null>(ReadingRequest, { nonsense: true }), null);
    h.close(u);
  });

  it('gives an empty document one diagnostic (no instructions), answers on it, and drops the diagnostic once a FROM is typed', async function () {
    const u = uri('empty');
    h.open(u, '');
    const diagnostics = await h.diagnosticsFor(u, 1);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]),
      [['parse-error', 1, 0, 0]],
    );
    const origin = { line: 0, character: 0 };
    assert.match(hoverText(await h.request<Hover | null>(HoverRequest.method, { textDocument: { uri: u }, position: origin })), /parse-error/);
    const completion = await h.request<CompletionItem[] | CompletionList | null>(CompletionRequest.method, { textDocument: { uri: u }, position: origin });
    const items = Array.isArray(completion) ? completion : (completion?.items ?? []);
    assert.ok(items.some((i) => i.label === 'FROM'), 'FROM is offered in an empty document');
    assert.deepEqual(await h.request(DocumentSymbolRequest.method, { textDocument: { uri: u } }), []);
    assert.deepEqual(await h.request(FoldingRangeRequest.method, { textDocument: { uri: u } }), []);
    const typed = h.change(u, 'FROM alpine\n');
    assert.deepEqual(await h.diagnosticsFor(u, typed), []);
    assert.equal(h.exited, undefined, h.stderr);
  });

  it('survives malformed, huge and random documents and still answers', async function () {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = ['FROM', 'RUN', 'COPY', '--', '[', ']', '"', '\\', '`', '\r', '\n', ' ', '$', '{', '}', '<<EOF', 'EOF', '#', 'escape=`', 'ONBUILD', 'ARG', '=', ':', '@', '\u0000', '\uFEFF', 'é'];
    const docs: string[] = [
      '  RUN echo $HOME',
      'FROM alpine\nRUN echo hi\\\rworld\n',
      'FROM scratch\nRUN <<EOF\nno terminator',
      '# escape=`\n# escape=\\\nFROM a:b AS \nCOPY --from= \\\n',
      `FROM ${WINDOWS_2019}\n` + 'RUN echo x \\\n'.repeat(20_000) + 'done\n',
      Array.from({ length: 30_000 }, (_, i) => `RUN echo ${i}`).join('\n'),
    ];
    for (let n = 0; n < 12; n++) {
      let s = '';
      const len = Math.floor(rand() * 400);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
      docs.push(s);
    }
    const uris: string[] = [];
    for (const text of docs) {
      const u = uri('chaos');
      uris.push(u);
      h.open(u, text);
    }
    for (const u of uris) {
      const doc = h.document(u);
      const line = Math.min(doc.lineCount - 1, 2);
      const position = { line, character: 3 };
      await h.request(HoverRequest.method, { textDocument: { uri: u }, position });
      await h.request(CompletionRequest.method, { textDocument: { uri: u }, position });
      await h.request(DocumentSymbolRequest.method, { textDocument: { uri: u } });
      await h.request(FoldingRangeRequest.method, { textDocument: { uri: u } });
      await h.request(CodeActionRequest.method, {
        textDocument: { uri: u },
        range: { start: position, end: position },
        context: { diagnostics: [{ range: { start: position, end: position }, message: 'x', source: 'docker-workbench', data: { bogus: true } }] },
      });
    }
    // Positions past the end and unknown documents get empty answers, not errors.
    assert.equal(await h.request(HoverRequest.method, { textDocument: { uri: uris[0] }, position: { line: 999, character: 999 } }), null);
    assert.equal(await h.request(HoverRequest.method, { textDocument: { uri: 'file:///nowhere' }, position: { line: 0, character: 0 } }), null);
    for (const u of uris) await h.diagnosticsFor(u, 1, );
    for (const u of uris) h.close(u);
    assert.equal(h.exited, undefined, h.stderr);
    if (process.env.LSP_TEST_SHOW_LOGS) console.log(h.logs.join('\n'));
    const u = uri('alive');
    h.open(u, `FROM ${WINDOWS_2019}\nCOPY --chown=a b C:/b\n`);
    assert.equal((await h.diagnosticsFor(u, 1)).length, 1);
    const alive = hoverText(await h.request<Hover | null>(HoverRequest.method, { textDocument: { uri: u }, position: { line: 1, character: 1 } }));
    assert.match(alive, /COPY/);
  });
});
