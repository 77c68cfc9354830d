// The server answers in the shapes the client announced it takes, through the real server over
// stdio: hover as Markdown or plain text (contentFormat), completion with or without snippets,
// document symbols nested or flat (hierarchicalDocumentSymbolSupport), folding within rangeLimit
// and as whole lines (lineFoldingOnly), document links with tooltips only for tooltipSupport; for
// Dockerfiles and for compose files (language id dockercompose) alike.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { ClientCapabilities, CompletionItem, CompletionList, DocumentLink, DocumentSymbol, FoldingRange, Hover, MarkupContent, SymbolInformation } from 'vscode-languageserver-protocol/node';
import { needComposeSchema } from '../support/compose-schema';
import { LspClient, REPO_ROOT } from '../support/lsp-client';
import { markdownToPlainText } from '../../server/src/features/clientCapabilities';

const URI = 'file:///ws/caps/Dockerfile';
const TEXT = [
  'ARG BASE=ltsc2022',
  'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS build',
  'RUN powershell -Command \\',
  '    Write-Host one; \\',
  '    Write-Host two',
  '',
  'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022',
  'COPY --from=build C:/app C:/app',
  'CMD ["C:\\\\app\\\\run.exe"]',
  '',
].join('\n');

/**
 * In the calling describe: builds the server once, and gives `open`, which starts a server with
 * these capabilities (host build 17763 in the initialization options), opens the document and
 * waits for its first diagnostics; every server started is stopped after the block.
 */
function serverOpening(uri: string, text: string, languageId?: string): (textDocument: ClientCapabilities['textDocument']) => Promise<LspClient> {
  const clients: LspClient[] = [];
  before(() => {
    execFileSync(process.execPath, ['scripts/build.mjs', 'server'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 120_000 });
  });
  after(async () => {
    for (const c of clients) await c.stop();
  });
  return async (textDocument) => {
    const c = LspClient.spawn();
    clients.push(c);
    await c.initialize({ textDocument: { publishDiagnostics: { versionSupport: true }, ...textDocument } }, { dockerWorkbench: { windows: { hostBuild: '17763' } } });
    c.open(uri, text, languageId);
    await c.diagnosticsFor(uri, 1);
    return c;
  };
}

/**
 * The document's links as a client with `tooltipSupport` gets them, after checking that a client
 * without it (false, then not said) gets the same links without their tooltips.
 */
async function linksByTooltipSupport(open: ReturnType<typeof serverOpening>, uri: string): Promise<DocumentLink[]> {
  const links = async (tooltipSupport: boolean | undefined) => {
    const c = await open(tooltipSupport === undefined ? {} : { documentLink: { tooltipSupport } });
    return c.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
  };
  const shown = await links(true);
  for (const without of [await links(false), await links(undefined)]) {
    assert.deepEqual(without, shown.map(({ tooltip: _tooltip, ...link }) => link));
    assert.ok(without.every((l) => !('tooltip' in l)));
  }
  return shown;
}

describe('answers shaped by the client capabilities, over stdio', function () {
  this.timeout(60_000);
  const open = serverOpening(URI, TEXT);
  const at = (line: number, character: number) => ({ textDocument: { uri: URI }, position: { line, character } });

  it('hover: Markdown when the client prefers it (or says nothing), plain text when plaintext comes first', async () => {
    for (const contentFormat of [undefined, ['markdown', 'plaintext']]) {
      const c = await open(contentFormat === undefined ? {} : { hover: { contentFormat: contentFormat as never } });
      const hover = await c.request<Hover>('textDocument/hover', at(1, 10));
      assert.equal((hover.contents as MarkupContent).kind, 'markdown');
      assert.match((hover.contents as MarkupContent).value, /\*\*`mcr\.microsoft\.com\/windows\/servercore:ltsc2022`\*\*/);
    }
    const c = await open({ hover: { contentFormat: ['plaintext', 'markdown'] } });
    const image = await c.request<Hover>('textDocument/hover', at(1, 10));
    const contents = image.contents as MarkupContent;
    assert.equal(contents.kind, 'plaintext');
    assert.match(contents.value, /^mcr\.microsoft\.com\/windows\/servercore:ltsc2022$/m);
    assert.doesNotMatch(contents.value, /\*\*|`/);
    const keyword = (await c.request<Hover>('textDocument/hover', at(2, 1))).contents as MarkupContent;
    assert.equal(keyword.kind, 'plaintext');
    assert.match(keyword.value, /^RUN: /);
    assert.doesNotMatch(keyword.value, /```/);
  });

  it('completion: snippets only for a client with snippetSupport', async () => {
    const items = async (snippetSupport: boolean | undefined) => {
      const c = await open(snippetSupport === undefined ? {} : { completion: { completionItem: { snippetSupport } } });
      c.change(URI, `${TEXT}CO`);
      const answer = await c.request<CompletionItem[] | CompletionList>('textDocument/completion', at(10, 2));
      return Array.isArray(answer) ? answer : answer.items;
    };
    const withSnippets = await items(true);
    const copy = withSnippets.find((i) => i.label === 'COPY');
    assert.equal(copy?.insertTextFormat, 2);
    assert.match(copy?.textEdit?.newText ?? '', /\$\{?\d/);
    for (const without of [await items(false), await items(undefined)]) {
      assert.ok(without.length > 0);
      assert.ok(without.every((i) => i.insertTextFormat !== 2 && !/\$\{?\d/.test(i.textEdit?.newText ?? i.insertText ?? '')), JSON.stringify(without.find((i) => i.insertTextFormat === 2)));
    }
  });

  it('document symbols: nested for hierarchicalDocumentSymbolSupport, flat SymbolInformation with containers otherwise', async () => {
    const nested = await (await open({ documentSymbol: { hierarchicalDocumentSymbolSupport: true } })).request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
    assert.deepEqual(nested.map((s) => s.name), ['ARG', 'build', 'mcr.microsoft.com/windows/nanoserver:ltsc2022']);
    assert.deepEqual(nested[1].children?.map((s) => s.name), ['RUN']);
    const flat = await (await open({})).request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
    assert.deepEqual(flat.map((s) => [s.name, s.containerName]), [['ARG', undefined], ['build', undefined], ['RUN', 'build'], ['mcr.microsoft.com/windows/nanoserver:ltsc2022', undefined], ['COPY', 'mcr.microsoft.com/windows/nanoserver:ltsc2022'], ['CMD', 'mcr.microsoft.com/windows/nanoserver:ltsc2022']]);
    assert.ok(flat.every((s) => s.location.uri === URI && 'range' in s.location && !('children' in s)));
    assert.deepEqual(flat[2].location.range.start, { line: 2, character: 0 });
  });

  it('folding: at most rangeLimit ranges (the widest kept), whole lines for lineFoldingOnly', async () => {
    const all = await (await open({})).request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: URI } });
    assert.ok(all.length >= 3, JSON.stringify(all));
    const limited = await (await open({ foldingRange: { rangeLimit: 1, lineFoldingOnly: true } })).request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: URI } });
    assert.deepEqual(limited, [{ startLine: 1, endLine: 4 }]);
    const two = await (await open({ foldingRange: { rangeLimit: 2 } })).request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: URI } });
    assert.equal(two.length, 2);
    assert.ok(two.every((r) => !('startCharacter' in r) && !('endCharacter' in r)));
  });

  it('document links: a tooltip naming the repository and its site for tooltipSupport, none otherwise', async () => {
    const shown = await linksByTooltipSupport(open, URI);
    assert.deepEqual(shown.map((l) => [l.range.start.line, l.target, l.tooltip]), [
      [1, 'https://mcr.microsoft.com/artifact/mar/windows/servercore', 'Open windows/servercore on Microsoft Artifact Registry'],
      [6, 'https://mcr.microsoft.com/artifact/mar/windows/nanoserver', 'Open windows/nanoserver on Microsoft Artifact Registry'],
    ]);
  });

  it('plain text from Markdown keeps code spans exactly and drops the markup', () => {
    assert.equal(markdownToPlainText('**`a**b`** and `` x`y ``, *Windows:* see [docs](https://docs.docker.com/x) \\*'), 'a**b and x`y, Windows: see docs (https://docs.docker.com/x) *');
    assert.equal(markdownToPlainText('**RUN**: runs\n\n```dockerfile\nRUN *x* `y`\n```\n- `--mount`: m'), 'RUN: runs\n\nRUN *x* `y`\n- --mount: m');
    assert.equal(markdownToPlainText('an `unclosed span'), 'an `unclosed span');
  });
});

const COMPOSE_URI = 'file:///ws/caps/compose.yaml';
const COMPOSE = [
  'services:', //                                                 0
  '  web:', //                                                    1
  '    image: mcr.microsoft.com/windows/servercore:ltsc2019', //  2
  '    isolation: hyper-v', //                                    3
  '    depends_on:', //                                           4
  '      - db', //                                                5
  '    ', //                                                      6
  '  db:', //                                                     7
  '    image: mcr.microsoft.com/mssql/server:2022-latest', //     8
  'networks:', //                                                 9
  '  front:', //                                                  10
  '    driver: nat', //                                           11
  '',
].join('\n');

describe('compose answers shaped by the client capabilities, over stdio', function () {
  this.timeout(60_000);
  const open = serverOpening(COMPOSE_URI, COMPOSE, 'dockercompose');
  const at = (line: number, character: number) => ({ textDocument: { uri: COMPOSE_URI }, position: { line, character } });

  it('hover on a finding: Markdown by default, plain text when plaintext comes first', async () => {
    const markdown = (await (await open({})).request<Hover>('textDocument/hover', at(3, 17))).contents as MarkupContent;
    assert.equal(markdown.kind, 'markdown');
    assert.match(markdown.value, /^\*\*compose-isolation-invalid\*\* \(docker-workbench\): /);
    const plain = (await (await open({ hover: { contentFormat: ['plaintext', 'markdown'] } })).request<Hover>('textDocument/hover', at(3, 17))).contents as MarkupContent;
    assert.equal(plain.kind, 'plaintext');
    assert.match(plain.value, /^compose-isolation-invalid \(docker-workbench\): /);
    assert.doesNotMatch(plain.value, /\*\*|`|---/);
  });

  it('hover on a key: the schema text and version as plain text, no rules or emphasis', async function () {
    needComposeSchema(this);
    const markdown = (await (await open({})).request<Hover>('textDocument/hover', at(3, 6))).contents as MarkupContent;
    assert.equal(markdown.kind, 'markdown');
    assert.match(markdown.value, /^`isolation`: Container isolation/);
    assert.match(markdown.value, /\n---\n\n\*Compose Specification schema [0-9a-f]{7}[^*]*\*$/);
    const plain = (await (await open({ hover: { contentFormat: ['plaintext'] } })).request<Hover>('textDocument/hover', at(3, 6))).contents as MarkupContent;
    assert.equal(plain.kind, 'plaintext');
    assert.match(plain.value, /^isolation: Container isolation/);
    assert.match(plain.value, /\n\nCompose Specification schema [0-9a-f]{7}[^*]*$/);
    assert.doesNotMatch(plain.value, /---|`|\*/);
  });

  it('completion: a choice snippet of the enumerated values only with snippetSupport', async function () {
    needComposeSchema(this);
    const items = async (snippetSupport: boolean | undefined) => {
      const c = await open(snippetSupport === undefined ? {} : { completion: { completionItem: { snippetSupport } } });
      const answer = await c.request<CompletionItem[] | CompletionList>('textDocument/completion', at(6, 4));
      return Array.isArray(answer) ? answer : answer.items;
    };
    const withSnippets = await items(true);
    const cgroup = withSnippets.find((i) => i.label === 'cgroup');
    assert.equal(cgroup?.insertTextFormat, 2);
    assert.equal(cgroup?.textEdit?.newText, 'cgroup: ${1|host,private|}');
    assert.equal(withSnippets.find((i) => i.label === 'hostname')?.textEdit?.newText, 'hostname: ');
    for (const without of [await items(false), await items(undefined)]) {
      assert.ok(without.some((i) => i.label === 'cgroup'));
      assert.equal(without.find((i) => i.label === 'cgroup')?.textEdit?.newText, 'cgroup: ');
      assert.ok(without.every((i) => i.insertTextFormat !== 2 && !/\$\{?\d/.test(i.textEdit?.newText ?? '')), JSON.stringify(without.find((i) => i.insertTextFormat === 2)));
    }
  });

  it('document symbols: nested for hierarchicalDocumentSymbolSupport, flat SymbolInformation with containers otherwise', async () => {
    const nested = await (await open({ documentSymbol: { hierarchicalDocumentSymbolSupport: true } })).request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: COMPOSE_URI } });
    assert.deepEqual(nested.map((s) => [s.name, s.children?.map((c) => c.name)]), [['services', ['web', 'db']], ['networks', ['front']]]);
    const flat = await (await open({})).request<SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri: COMPOSE_URI } });
    assert.deepEqual(flat.map((s) => [s.name, s.containerName]), [['services', undefined], ['web', 'services'], ['db', 'services'], ['networks', undefined], ['front', 'networks']]);
    assert.ok(flat.every((s) => s.location.uri === COMPOSE_URI && !('children' in s) && !('selectionRange' in s)));
    assert.deepEqual(flat[1].location.range.start, { line: 1, character: 2 });
  });

  it('folding: at most rangeLimit ranges, the widest kept', async () => {
    const all = await (await open({})).request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: COMPOSE_URI } });
    assert.ok(all.length >= 4, JSON.stringify(all));
    const one = await (await open({ foldingRange: { rangeLimit: 1, lineFoldingOnly: true } })).request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: COMPOSE_URI } });
    assert.deepEqual(one, [{ startLine: 0, endLine: 8 }]);
    const two = await (await open({ foldingRange: { rangeLimit: 2 } })).request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: COMPOSE_URI } });
    assert.deepEqual(two.map((r) => r.startLine), [0, 1]);
    assert.ok([...all, ...one, ...two].every((r) => !('startCharacter' in r) && !('endCharacter' in r)));
  });
});

const COMPOSE_LINKS_URI = 'file:///ws/caps/links/compose.yaml';
const COMPOSE_LINKS = [
  'services:', //                      0
  '  web:', //                         1
  '    build:', //                     2
  '      context: .', //               3
  '      dockerfile: Dockerfile.win', // 4
  '    env_file: web.env', //          5
  '',
].join('\n');

describe('compose links shaped by the client capabilities, over stdio', function () {
  this.timeout(60_000);
  const open = serverOpening(COMPOSE_LINKS_URI, COMPOSE_LINKS, 'dockercompose');

  it('the Dockerfile and the env file, with tooltips only for tooltipSupport', async () => {
    const shown = await linksByTooltipSupport(open, COMPOSE_LINKS_URI);
    assert.deepEqual(shown.map((l) => [l.range.start.line, l.target, l.tooltip]), [
      [4, 'file:///ws/caps/links/Dockerfile.win', 'Open the Dockerfile'],
      [5, 'file:///ws/caps/links/web.env', 'Open the env file'],
    ]);
  });
});
