// The packaged language server on the extension host's Node (24): with NODE_COMPILE_CACHE, which
// the extension sets to a folder in its global storage (client/src/serverProcess.ts), the server
// writes Node's code cache of its bundle soon after its first diagnostics, while it runs, so a
// server ended by a signal still leaves it for the next start (server/src/compileCache.ts).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ensureTestHost, paths, root } from '../../scripts/test-host.mjs';

const server = path.join(root, '.cache', 'package', 'dist', 'server.js');
const DOCKERFILE = 'FROM mcr.microsoft.com/windows/servercore:ltsc2019\nENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]\n';

/** Files under `dir` and their sizes. */
function cacheFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => ({ name: String(name), size: statSync(path.join(dir, String(name))).size }))
    .filter((_, i, all) => statSync(path.join(dir, all[i].name)).isFile());
}

/** Starts the server over stdio with the cache folder, opens a Dockerfile and resolves at its first publishDiagnostics. */
function startServer(cacheDir) {
  const child = spawn(paths.node24, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, NODE_COMPILE_CACHE: cacheDir } });
  const send = (message) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  const published = new Promise((resolve, reject) => {
    let seen = '';
    let initialized = false;
    const timer = setTimeout(() => reject(new Error('no diagnostics within 30 s')), 30_000);
    child.on('exit', (code, signal) => reject(new Error(`the server ended before publishing (${code ?? signal})`)));
    child.stdout.on('data', (chunk) => {
      seen += chunk.toString('utf8');
      if (!initialized && seen.includes('"id":1')) {
        initialized = true;
        send({ method: 'initialized', params: {} });
        send({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///ws/Dockerfile', languageId: 'dockerfile', version: 1, text: DOCKERFILE } } });
      }
      if (seen.includes('textDocument/publishDiagnostics')) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
  send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  return { child, published };
}

function stop(child) {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

describe("the server's code cache (NODE_COMPILE_CACHE) on the extension host's Node", function () {
  this.timeout(120_000);
  let dir;

  before(() => {
    ensureTestHost({ parts: ['node24'] });
    assert.ok(existsSync(server), `${server} is built by scripts/package.mjs (this tier's set-up)`);
    dir = mkdtempSync(path.join(tmpdir(), 'dw-compile-cache-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is written while the server runs, soon after its first diagnostics, and a server killed then leaves it', async () => {
    const { child, published } = startServer(dir);
    try {
      assert.match(await published, /windows-host-mismatch|exec-form-invalid-json/);
      // Polled for at most 10 s (100 steps): the server writes it about a second after publishing.
      let files = [];
      for (let i = 0; i < 100 && files.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        files = cacheFiles(dir);
      }
      assert.equal(child.exitCode, null, 'the server is still running');
      assert.ok(files.length > 0 && files.some((f) => f.size > 10_000), `no code cache in ${dir}: ${JSON.stringify(files)}`);
    } finally {
      stop(child);
    }
    assert.ok(cacheFiles(dir).some((f) => f.size > 10_000), 'the cache outlives a server killed by a signal');
  });

  it('a later start reads it and writes nothing again (the same files, unchanged, after its own flush)', async () => {
    const stamp = () => JSON.stringify(cacheFiles(dir).map((f) => [f.name, f.size, statSync(path.join(dir, f.name)).mtimeMs]));
    const before = stamp();
    assert.notEqual(before, '[]', 'the first test left a cache');
    const { child, published } = startServer(dir);
    try {
      assert.match(await published, /exec-form-invalid-json/);
      // Past the server's own flush (a second after publishing).
      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.equal(child.exitCode, null, 'the server is still running');
    } finally {
      stop(child);
    }
    assert.equal(stamp(), before, 'a start that could not use the cache would have written it again');
  });
});
