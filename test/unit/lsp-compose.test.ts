// Compose files through the real bundled server (dist/server.js, and the compose half it loads for
// them, dist/server-compose.js) over stdio, as the editor opens them (language id dockercompose):
// diagnostics with the host facts, quick fixes, completion and hover from the schema, symbols, go to
// definition, document links, the Up/Logs code lenses, a malformed file that never takes the server
// down; and the CLI as a process on compose files.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  HoverRequest,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type Diagnostic,
  type DocumentLink,
  type DocumentSymbol,
  type Hover,
  type Location,
} from 'vscode-languageserver-protocol/node';
import { HostContextNotification } from '../../shared/protocol';
import { applyEdits } from '../support/apply-edits';
import { runCli } from '../support/cli';
import { needComposeSchema } from '../support/compose-schema';
import { LspClient, REPO_ROOT } from '../support/lsp-client';


const COMPOSE = [
  'services:', //                                                 0
  '  web:', //                                                    1
  '    image: mcr.microsoft.com/windows/servercore:ltsc2019', //  2
  '    isolation: hyper-v', //                                    3
  '    depends_on:', //                                           4
  '      - db', //                                                5
  '    networks: [front]', //                                     6
  '    volumes:', //                                              7
  '      - data:C:\\data', //                                     8
  '    build:', //                                                9
  '      context: .', //                                          10
  '      dockerfile: Web.Dockerfile', //                          11
  '    env_file: web.env', //                                     12
  '  db:', //                                                     13
  '    image: mcr.microsoft.com/mssql/server:2022-latest', //     14
  '    restart: always', //                                       15
  'networks:', //                                                 16
  '  front: {}', //                                               17
  'volumes:', //                                                  18
  '  data: {}', //                                                19
  '',
].join('\n');

describe('language server: compose files', function () {
  this.timeout(30_000);
  let client: LspClient;
  let dir: string;
  let uri: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-compose-'));
    fs.writeFileSync(path.join(dir, 'web.env'), 'A=1\n');
    fs.writeFileSync(path.join(dir, 'Web.Dockerfile'), 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\n');
    uri = pathToFileURL(path.join(dir, 'compose.yaml')).toString();
    // As VS Code announces: nested symbols (lsp-client-capabilities.test.ts covers the flat ones).
    client = LspClient.spawn();
    await client.initialize({ textDocument: { publishDiagnostics: { versionSupport: true }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } } });
    client.notifyServer(HostContextNotification, { engineOs: 'windows', build: 20348, isolation: 'process', source: 'engine' });
    client.open(uri, COMPOSE, 'dockercompose');
  });

  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const diagnostics = () => client.diagnostics(uri, (d) => d.some((x) => x.code === 'compose-isolation-invalid'));

  it('publishes the compose rules with the host facts; the Dockerfile rules never run on YAML', async () => {
    const found = await diagnostics();
    const codes = found.map((d) => `${d.range.start.line}:${String(d.code)}`).sort();
    // web builds from Web.Dockerfile (ltsc2022 runs on 20348): image: only names the result.
    assert.deepEqual(codes, ['3:compose-isolation-invalid', '8:compose-windows-volume-syntax']);
    assert.ok(found.every((d) => d.source === 'docker-workbench'));
  });

  it('takes them from the compose half, dist/server-compose.js, which dist/server.js loads now: dist/server.js holds no yaml and no compose rule', () => {
    const server = fs.readFileSync(path.join(REPO_ROOT, 'dist', 'server.js'), 'utf8');
    const part = fs.readFileSync(path.join(REPO_ROOT, 'dist', 'server-compose.js'), 'utf8');
    // yaml's own error code and a compose rule's id, each checked to be in the compose half.
    for (const marker of ['BAD_INDENT', 'compose-isolation-invalid']) {
      assert.ok(part.includes(marker), `dist/server-compose.js lacks ${marker}`);
      assert.ok(!server.includes(marker), `dist/server.js holds ${marker}`);
    }
  });

  it('offers the preferred quick fix and the ignore comment, which re-lint clean', async () => {
    const found = await diagnostics();
    const isolation = found.find((d) => d.code === 'compose-isolation-invalid')!;
    const actions = await client.request<CodeAction[]>(CodeActionRequest.method, { textDocument: { uri }, range: isolation.range, context: { diagnostics: [isolation] } });
    const fix = actions.find((a) => a.isPreferred)!;
    assert.equal(fix.title, 'Use isolation: hyperv');
    assert.ok(actions.some((a) => a.title === 'Ignore compose-isolation-invalid for this line'));
    const edits = fix.edit?.changes?.[uri] ?? fix.edit?.documentChanges?.flatMap((c) => ('edits' in c ? c.edits : [])) ?? [];
    const fixedText = applyEdits(COMPOSE, edits);
    const other = pathToFileURL(path.join(dir, 'compose.fixed.yaml')).toString();
    client.open(other, fixedText, 'dockercompose');
    const after = await client.diagnostics(other, () => true);
    assert.deepEqual(after.filter((d) => d.code === 'compose-isolation-invalid'), []);
    client.close(other);
  });

  it('completes keys from the schema (leaving out those written) and enumerated values', async function () {
    needComposeSchema(this);
    const keys = await client.request<CompletionItem[]>(CompletionRequest.method, { textDocument: { uri }, position: { line: 15, character: 4 } });
    const labels = keys.map((k) => k.label);
    for (const key of ['healthcheck', 'ports', 'platform', 'isolation']) assert.ok(labels.includes(key), key);
    assert.ok(!labels.includes('image'), 'image is written already');
    // An enumeration: cgroup is host or private.
    const text = COMPOSE.replace('    restart: always', '    cgroup: ');
    const other = pathToFileURL(path.join(dir, 'compose.values.yaml')).toString();
    client.open(other, text, 'dockercompose');
    const values = await client.request<CompletionItem[]>(CompletionRequest.method, { textDocument: { uri: other }, position: { line: 15, character: 12 } });
    assert.deepEqual(values.map((v) => v.label), ['host', 'private']);
    client.close(other);
  });

  it('completes service names under depends_on', async () => {
    const text = COMPOSE.replace('      - db', '      - ');
    const other = pathToFileURL(path.join(dir, 'compose.deps.yaml')).toString();
    client.open(other, text, 'dockercompose');
    const items = await client.request<CompletionItem[]>(CompletionRequest.method, { textDocument: { uri: other }, position: { line: 5, character: 8 } });
    assert.deepEqual(items.map((i) => i.label), ['db']);
    client.close(other);
  });

  it('hovers a key with its schema description and version, and an image with its Windows facts', async function () {
    needComposeSchema(this);
    const key = await client.request<Hover>(HoverRequest.method, { textDocument: { uri }, position: { line: 3, character: 6 } });
    const value = (key.contents as { value: string }).value;
    assert.match(value, /`isolation`: Container isolation technology/);
    assert.match(value, /Compose Specification schema 170098b|Compose Specification schema [0-9a-f]{7}/);
    assert.deepEqual(key.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 13 } });
    const image = await client.request<Hover>(HoverRequest.method, { textDocument: { uri }, position: { line: 2, character: 30 } });
    assert.match((image.contents as { value: string }).value, /Windows Server 2019 \(1809\), build 17763/);
  });

  it('lists services, networks and volumes as symbols', async () => {
    const symbols = await client.request<DocumentSymbol[]>(DocumentSymbolRequest.method, { textDocument: { uri } });
    assert.deepEqual(
      symbols.map((s) => [s.name, (s.children ?? []).map((c) => c.name)]),
      [
        ['services', ['web', 'db']],
        ['networks', ['front']],
        ['volumes', ['data']],
      ],
    );
  });

  it('goes to the definition of what depends_on, networks and volumes name', async () => {
    const at = async (line: number, character: number) => (await client.request<Location[]>(DefinitionRequest.method, { textDocument: { uri }, position: { line, character } })).map((l) => l.range.start.line);
    assert.deepEqual(await at(5, 9), [13]);
    assert.deepEqual(await at(6, 16), [17]);
    assert.deepEqual(await at(8, 10), [19]);
    assert.deepEqual(await at(2, 10), []);
  });

  it('links build.dockerfile and env_file to the files', async () => {
    const links = await client.request<DocumentLink[]>(DocumentLinkRequest.method, { textDocument: { uri } });
    assert.deepEqual(
      links.map((l) => [l.range.start.line, l.target]),
      [
        [11, pathToFileURL(path.join(dir, 'Web.Dockerfile')).toString()],
        [12, pathToFileURL(path.join(dir, 'web.env')).toString()],
      ],
    );
  });

  it('puts Up and Logs above each service, with the document and the service as arguments', async () => {
    const lenses = await client.request<CodeLens[]>(CodeLensRequest.method, { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]),
      [
        [1, 'Up', 'dockerWorkbench.compose.upService', [uri, 'web']],
        [1, 'Logs', 'dockerWorkbench.compose.logsService', [uri, 'web']],
        [13, 'Up', 'dockerWorkbench.compose.upService', [uri, 'db']],
        [13, 'Logs', 'dockerWorkbench.compose.logsService', [uri, 'db']],
      ],
    );
  });

  it('reports YAML errors and keeps serving on malformed files', async () => {
    const bad = pathToFileURL(path.join(dir, 'docker-compose.yml')).toString();
    const junk = ['services:\n  web:\n    image: [\n', '{{{{', 'a: &a [*a, *a]\n', ': : :\n- -\n\t\t', '\u0000\u0001services'];
    client.open(bad, junk[0], 'dockercompose');
    const found: Diagnostic[] = await client.diagnostics(bad, (d) => d.some((x) => x.code === 'compose-yaml-syntax'));
    assert.ok(found.length >= 1);
    for (const text of junk.slice(1)) {
      client.change(bad, text);
      for (const method of [CompletionRequest.method, HoverRequest.method, DefinitionRequest.method]) {
        await client.request(method, { textDocument: { uri: bad }, position: { line: 0, character: 2 } });
      }
      await client.request(DocumentSymbolRequest.method, { textDocument: { uri: bad } });
      await client.request(CodeLensRequest.method, { textDocument: { uri: bad } });
    }
    assert.equal(client.exited, undefined, 'the server is still running');
    assert.ok(!client.logs.some((l) => /failed|uncaught/.test(l)), client.logs.join('\n'));
  });
});

describe('CLI: compose files', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-compose-cli-'));
    fs.mkdirSync(path.join(dir, 'app'));
    fs.writeFileSync(path.join(dir, 'app', 'compose.yaml'), 'services:\n  web:\n    image: mcr.microsoft.com/windows/servercore:ltsc2019\n    isolation: hyper-v\n    env_file: missing.env\n');
    fs.writeFileSync(path.join(dir, 'app', 'Dockerfile'), 'FROM alpine\n');
    fs.writeFileSync(path.join(dir, 'app', 'notes.yaml'), 'not: [a compose file\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the folder walk finds compose files beside Dockerfiles; text names each finding', async () => {
    const r = await runCli(['lint', '--host-build', '20348', '.'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /app\/compose\.yaml:3:12: error compose-windows-host-mismatch: /);
    assert.match(r.stdout, /app\/compose\.yaml:4:16: error compose-isolation-invalid: /);
    assert.match(r.stdout, /app\/compose\.yaml:5:15: error compose-file-missing: /);
    assert.ok(!r.stdout.includes('notes.yaml'), 'a YAML file with another name is not walked into');
  });

  it('lint compose.yaml works, and json and sarif carry the findings', async () => {
    const json = await runCli(['lint', '--format', 'json', 'app/compose.yaml'], { cwd: dir });
    const findings = JSON.parse(json.stdout) as Array<{ rule: string; line: number; fixes: unknown[] }>;
    assert.deepEqual(findings.map((f) => [f.rule, f.line]), [['compose-isolation-invalid', 4], ['compose-file-missing', 5]]);
    const sarif = await runCli(['lint', '--format', 'sarif', 'app/compose.yaml'], { cwd: dir });
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ ruleId: string }>; tool: { driver: { rules: Array<{ id: string }> } } }> };
    assert.deepEqual(log.runs[0].results.map((r) => r.ruleId), ['compose-isolation-invalid', 'compose-file-missing']);
    assert.ok(log.runs[0].tool.driver.rules.some((r) => r.id === 'compose-schema'));
  });

  it('--fix rewrites the compose file with the preferred fixes', async () => {
    const file = path.join(dir, 'fix', 'compose.yaml');
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, 'services:\n  web:\n    image: x\n    isolation: Hyper-V\n    platform: linux/amd64\n');
    const r = await runCli(['lint', '--fix', 'fix/compose.yaml'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), 'services:\n  web:\n    image: x\n    isolation: hyperv\n    platform: linux/amd64\n');
  });

  it('--help names the Compose schema it checks against', async function () {
    needComposeSchema(this);
    const r = await runCli(['--help']);
    assert.match(r.stdout, /Compose files are checked against the Compose Specification schema [0-9a-f]{7} \(\d{4}-\d{2}-\d{2}\)/);
  });
});
