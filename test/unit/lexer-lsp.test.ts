// The language server (dist/server.js over stdio) on the hostile files of lexer-patterns.test.ts
// and hostile-lines.test.ts: it answers in time and stays up. A hung server is a child process,
// so waiting for it times out here instead of holding the test run.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { HoverRequest, type Hover } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../support/lsp-client';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('language server on hostile expansions and lines', function () {
  this.timeout(60_000);
  let h: LspClient;

  before(async function () {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
    h = await LspClient.start();
  });

  after(async function () {
    if (h !== undefined) await h.stop();
  });

  const files: Array<[string, string]> = [
    ['backtracking pattern', `ARG X=${'a'.repeat(40)}\nFROM alpine:\${X#${'*a'.repeat(11)}*b}\n`],
    ['squaring ARG chain', `ARG A=aaaaaaaaaa\n${[...'BCDEFGHI'].map((n, i) => `ARG ${n}=\${${'ABCDEFGH'[i]}//?/$${'ABCDEFGH'[i]}}\n`).join('')}FROM alpine:$I\n`],
    ['long directive line', `# syntax=x${' '.repeat(200_000)}y\nFROM alpine\n`],
  ];

  for (const [name, text] of files) {
    it(`publishes diagnostics and answers a hover: ${name}`, async () => {
      const uri = `file:///work/test/lexer-lsp/${name.replace(/ /g, '-')}/Dockerfile`;
      h.open(uri, text);
      const diagnostics = await h.diagnosticsFor(uri, 1);
      assert.ok(Array.isArray(diagnostics));
      const hover = await h.request<Hover | null>(HoverRequest.method, { textDocument: { uri }, position: { line: 1, character: 2 } });
      assert.notEqual(hover, undefined);
      assert.equal(h.exited, undefined, h.stderr);
    });
  }
});
