// dist/server.js requires Node's crypto and child_process only when vscode-jsonrpc or
// vscode-languageserver first reads them (scripts/lib/lsp-server-trim.mjs): for a pipe transport's
// random name and for global npm and yarn folders, which our server never asks for.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/lsp-client';

interface LazyBuiltin {
  statement: string;
  variable: string;
  module: string;
  names: string[];
}
interface TrimModule {
  LAZY_BUILTINS: Record<string, LazyBuiltin>;
  lazyStatement(entry: LazyBuiltin): string;
}

describe('the language server requires crypto and child_process on first use (lsp-server-trim)', function () {
  this.timeout(60_000);
  let trim: TrimModule;

  before(async () => {
    trim = (await import(path.join(REPO_ROOT, 'scripts', 'lib', 'lsp-server-trim.mjs'))) as TrimModule;
    execFileSync(process.execPath, ['scripts/build.mjs', 'server'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 120_000 });
  });

  it('each stand-in hands out the built-in module\'s own functions', () => {
    for (const entry of Object.values(trim.LAZY_BUILTINS)) {
      const made = new Function('require', `${trim.lazyStatement(entry)}\nreturn ${entry.variable};`)(require) as Record<string, unknown>;
      const real = require(entry.module) as Record<string, unknown>;
      for (const name of entry.names) assert.equal(made[name], real[name], `${entry.module}.${name}`);
    }
  });

  it('replaces a statement each package module still has once, and every name the module reads of it is listed', () => {
    for (const [file, entry] of Object.entries(trim.LAZY_BUILTINS)) {
      const source = readFileSync(path.join(REPO_ROOT, 'node_modules', file), 'utf8');
      assert.equal(source.split(entry.statement).length, 2, file);
      const read = new Set([...source.matchAll(new RegExp(`\\b${entry.variable}\\b\\)?\\.(\\w+)`, 'g'))].map((m) => m[1]));
      assert.deepEqual([...read].sort(), [...entry.names].sort(), file);
    }
  });

  it('dist/server.js loads on stdio without loading either', async () => {
    // A script file: `node -e` loads crypto itself. The probe reports from inside the server's
    // process (stdout is the LSP channel), then ends it.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dw-trim-'));
    const probe = path.join(dir, 'probe.js');
    writeFileSync(probe, [
      'require(process.argv[2]);',
      "setImmediate(() => { require('node:fs').writeSync(2, JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (crypto|child_process)$/.test(m))) + '\\n'); process.exit(0); });",
    ].join('\n'));
    const child = spawn(process.execPath, [probe, path.join(REPO_ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stderr.trim().split('\n').pop() ?? ''), []);
  });
});
