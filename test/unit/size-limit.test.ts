// Files above the size limit get one file-too-large finding instead of an attempt: the CLI does
// not read them (a sparse file far larger than memory is answered at once), the language server
// does not parse them. The limit is --max-file-size on the command line and
// dockerWorkbench.lint.maxFileSize (MiB) in the editor.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DocumentSymbolRequest, HoverRequest, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { DEFAULT_MAX_FILE_SIZE_MIB, parseSettings } from '../../shared/settings';
import { parseArgs, UsageError } from '../../server/src/cli/args';
import { buildCli, runCli, type CliResult } from '../support/cli';
import { LspClient } from '../support/lsp-client';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const MiB = 1024 * 1024;

interface JsonFinding {
  file: string;
  line: number;
  severity: string;
  rule: string;
  message: string;
}

function run(args: string[], cwd: string, input = ''): Promise<CliResult> {
  return runCli(args, { cwd, input, timeoutMs: 20_000 });
}

/** A Dockerfile with a finding on every stage, `lines` lines long. */
function dockerfile(lines: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) out.push(`FROM alpine:3.19 AS build`, `RUN echo ${i}`);
  return out.join('\n') + '\n';
}

describe('file size limit', function () {
  this.timeout(60_000);

  describe('settings and flags', () => {
    it('dockerWorkbench.lint.maxFileSize is MiB, defaulted and clamped', () => {
      assert.equal(parseSettings(undefined).maxFileSizeBytes, DEFAULT_MAX_FILE_SIZE_MIB * MiB);
      assert.equal(DEFAULT_MAX_FILE_SIZE_MIB, 1);
      assert.equal(parseSettings({ lint: { maxFileSize: 2 } }).maxFileSizeBytes, 2 * MiB);
      assert.equal(parseSettings({ lint: { maxFileSize: 0.5 } }).maxFileSizeBytes, 512 * 1024);
      for (const bad of [-1, 0, Number.NaN, '5', null]) assert.equal(parseSettings({ lint: { maxFileSize: bad } }).maxFileSizeBytes, DEFAULT_MAX_FILE_SIZE_MIB * MiB, String(bad));
      // More than one string can hold is never asked for, whatever the setting says.
      assert.equal(parseSettings({ lint: { maxFileSize: 1e12 } }).maxFileSizeBytes, 64 * MiB);
      assert.equal(parseSettings({ lint: { maxFileSize: 1e-9 } }).maxFileSizeBytes, 1024);
    });

    it('--max-file-size takes bytes with a unit, or MiB bare', () => {
      const size = (value: string) => {
        const c = parseArgs(['lint', '--max-file-size', value, 'x']);
        assert.equal(c.kind, 'lint');
        return c.kind === 'lint' ? c.maxFileSize : undefined;
      };
      assert.equal(size('10'), 10 * MiB);
      assert.equal(size('512KiB'), 512 * 1024);
      assert.equal(size('2k'), 2048);
      assert.equal(size('1.5M'), 1.5 * MiB);
      assert.equal(size('100b'), 100);
      assert.equal(parseArgs(['lint', 'x']).kind === 'lint' && (parseArgs(['lint', 'x']) as { maxFileSize: number }).maxFileSize, DEFAULT_MAX_FILE_SIZE_MIB * MiB);
      for (const bad of ['0', '-1', 'ten', '5 MB', '1T', '65M']) assert.throws(() => parseArgs(['lint', '--max-file-size', bad, 'x']), UsageError, bad);
    });
  });

  describe('CLI', () => {
    let tmp: string;
    before(function () {
      this.timeout(120_000);
      buildCli();
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-size-'));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it('reports a file above the limit with one error finding, without reading it (a 4 GiB sparse file)', async () => {
      const file = path.join(tmp, 'huge.Dockerfile');
      fs.writeFileSync(file, 'FROM alpine:3.19\n');
      fs.truncateSync(file, 4 * 1024 * MiB);
      const r = await run(['lint', '--format', 'json', 'huge.Dockerfile'], tmp);
      assert.equal(r.code, 1, r.stderr);
      const findings = JSON.parse(r.stdout) as JsonFinding[];
      assert.deepEqual(findings.map((f) => [f.file, f.line, f.rule, f.severity]), [['huge.Dockerfile', 1, 'file-too-large', 'error']]);
      assert.match(findings[0].message, /4096 MiB.*1 MiB/);
      assert.match(findings[0].message, /--max-file-size/);
    });

    it('lints below the limit and reports above it, in the same run', async () => {
      fs.writeFileSync(path.join(tmp, 'small.Dockerfile'), dockerfile(10));
      fs.writeFileSync(path.join(tmp, 'big.Dockerfile'), dockerfile(1000));
      const r = await run(['lint', '--format', 'json', '--max-file-size', '4KiB', 'small.Dockerfile', 'big.Dockerfile'], tmp);
      assert.equal(r.code, 1, r.stderr);
      const findings = JSON.parse(r.stdout) as JsonFinding[];
      assert.deepEqual(findings.filter((f) => f.file === 'big.Dockerfile').map((f) => f.rule), ['file-too-large']);
      assert.ok(findings.some((f) => f.file === 'small.Dockerfile' && f.rule === 'DuplicateStageName'));
    });

    it('bounds standard input the same way', async () => {
      const r = await run(['lint', '--format', 'json', '--max-file-size', '1KiB', '-'], tmp, dockerfile(200));
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual((JSON.parse(r.stdout) as JsonFinding[]).map((f) => [f.file, f.rule]), [['<stdin>', 'file-too-large']]);
    });

    it('parse refuses a file above the limit with exit 2', async () => {
      fs.writeFileSync(path.join(tmp, 'parse.Dockerfile'), dockerfile(1000));
      const r = await run(['parse', '--max-file-size', '1KiB', 'parse.Dockerfile'], tmp);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /parse\.Dockerfile is larger than the 1 KiB limit/);
    });
  });

  describe('language server', () => {
    let client: LspClient | undefined;
    before(function () {
      this.timeout(120_000);
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), 'server'], { cwd: ROOT, stdio: 'pipe' });
    });
    afterEach(async () => {
      await client?.stop();
      client = undefined;
    });

    it('publishes one file-too-large diagnostic for a document above dockerWorkbench.lint.maxFileSize, and parses nothing', async () => {
      client = await LspClient.start({ dockerWorkbench: { lint: { maxFileSize: 0.004 } } });
      const big = 'file:///size/big/Dockerfile';
      const small = 'file:///size/small/Dockerfile';
      client.open(big, dockerfile(1000));
      client.open(small, dockerfile(10));
      const bigDiagnostics = await client.diagnostics(big, () => true);
      assert.deepEqual(bigDiagnostics.map((d: Diagnostic) => [d.code, d.range.start.line, d.severity]), [['file-too-large', 0, 1]]);
      const smallDiagnostics = await client.diagnostics(small, () => true);
      assert.ok(smallDiagnostics.some((d) => d.code === 'DuplicateStageName'));
      // No model for the big one: no symbols, no hover; the server is still there.
      assert.deepEqual(await client.request(DocumentSymbolRequest.method, { textDocument: { uri: big } }), []);
      assert.equal(await client.request(HoverRequest.method, { textDocument: { uri: big }, position: { line: 2, character: 1 } }), null);
      assert.ok((await client.request<unknown[]>(DocumentSymbolRequest.method, { textDocument: { uri: small } })).length > 0);
    });
  });
});
