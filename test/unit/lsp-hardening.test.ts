// The language server against a client that sends absurd numbers: every numeric option is held
// to a sane range before any feature sees it, so no request can take the server down or hang it.
// Its own server process (test/support/lsp-client.ts), so a crash here cannot cascade.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import {
  CompletionRequest,
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  CodeActionRequest,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { clampClientParams, MAX_TAB_SIZE } from '../../server/src/features/clientInput';
import { LspClient } from '../support/lsp-client';
import { HostContextNotification } from '../../shared/protocol';
import { parseHostBuild } from '../../shared/settings';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TEXT = 'FROM alpine:3.19\nRUN set -eux; \\\n  apk add curl; \\\n      echo done\nCMD ["sh"]\n';
const HUGE = [4e8, 1e15, Number.MAX_SAFE_INTEGER, -1, -1e15, 2.5];

describe('language server: numbers from the client are clamped', function () {
  this.timeout(60_000);
  let client: LspClient;
  const uri = 'file:///hardening/Dockerfile';

  before(function () {
    this.timeout(120_000);
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), 'server'], { cwd: ROOT, stdio: 'pipe' });
  });

  // A server per test: one that a request killed must not fail the next test.
  beforeEach(async () => {
    client = await LspClient.start();
    client.open(uri, TEXT);
    await client.diagnostics(uri, () => true);
  });

  afterEach(async () => {
    await client?.stop();
  });

  /** The server still answers, and is still the same process. */
  async function alive(): Promise<void> {
    const symbols = await client.request<unknown[]>(DocumentSymbolRequest.method, { textDocument: { uri } });
    assert.ok(symbols.length > 0);
    assert.equal(client.exited, undefined, `the server exited: ${client.stderr}`);
  }

  it('formats with tabSize 4e8 without running out of memory, indenting by at most the clamp', async () => {
    for (const tabSize of HUGE) {
      const edits = await client.request<TextEdit[]>(DocumentFormattingRequest.method, { textDocument: { uri }, options: { tabSize, insertSpaces: true } });
      for (const e of edits) assert.ok(e.newText.length <= MAX_TAB_SIZE, `tabSize ${tabSize}: an edit of ${e.newText.length} characters`);
      await alive();
    }
  });

  it('range-formats, hovers, completes and acts on positions and ranges far outside the document', async () => {
    for (const n of HUGE) {
      const range = { start: { line: -n, character: n }, end: { line: n, character: n } };
      await client.request(DocumentRangeFormattingRequest.method, { textDocument: { uri }, range, options: { tabSize: n, insertSpaces: false } });
      await client.request(HoverRequest.method, { textDocument: { uri }, position: { line: n, character: n } });
      await client.request(CompletionRequest.method, { textDocument: { uri }, position: { line: n, character: -n } });
      await client.request(CodeActionRequest.method, { textDocument: { uri }, range, context: { diagnostics: [] } });
      await client.request(FoldingRangeRequest.method, { textDocument: { uri } });
      await alive();
    }
  });

  it('takes a host build from the client only when it is a plausible Windows build', async () => {
    // 10.0.99999999 is no Windows build; a host of that build would make every image "run".
    assert.equal(parseHostBuild(1e300), undefined);
    assert.equal(parseHostBuild(99_999_999), undefined);
    assert.equal(parseHostBuild(26100), 26100);
    client.notifyServer(HostContextNotification, { engineOs: 'windows', build: 1e300, isolation: 'process', source: 'engine' });
    const windows = 'file:///hardening/windows/Dockerfile';
    client.open(windows, 'FROM mcr.microsoft.com/windows/servercore:ltsc2019\n');
    const diagnostics = await client.diagnostics(windows, () => true);
    assert.ok(!diagnostics.some((d) => d.code === 'windows-host-mismatch'), JSON.stringify(diagnostics));
    await alive();
  });

  describe('clampClientParams', () => {
    const document = { lineCount: 5, lineLength: (line: number) => [16, 15, 15, 15, 10][line] ?? 0 };

    it('holds tabSize to 1..MAX_TAB_SIZE and integers', () => {
      const tab = (tabSize: unknown) => (clampClientParams({ options: { tabSize, insertSpaces: true } }, document) as { options: { tabSize: number } }).options.tabSize;
      assert.equal(tab(4e8), MAX_TAB_SIZE);
      assert.equal(tab(-3), 1);
      assert.equal(tab(2.7), 3);
      assert.equal(tab('8'), 4);
    });

    it('clamps positions and ranges into the document, end never before start', () => {
      const out = clampClientParams(
        { position: { line: 1e9, character: 1e9 }, range: { start: { line: 3, character: -5 }, end: { line: 1, character: 2 } } },
        document,
      ) as { position: unknown; range: unknown };
      assert.deepEqual(out.position, { line: 4, character: 10 });
      assert.deepEqual(out.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } });
    });

    it('leaves other values and objects it does not own as they are', () => {
      const params = { textDocument: { uri: 'file:///x' }, context: { triggerKind: 2, only: ['quickfix'] }, data: { rule: 'x', fixes: [] } };
      assert.deepEqual(clampClientParams(params, document), params);
    });
  });
});
