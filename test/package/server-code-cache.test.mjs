// The packaged language server on the extension host's Node (24), started as the extension starts
// it: dist/server-start.js, with DOCKER_WORKBENCH_CODE_CACHE and NODE_COMPILE_CACHE at one folder
// (client/src/serverProcess.ts). Soon after its first diagnostics the server writes the code cache
// of its whole bundle (server/src/start.ts) and Node's, while it runs, so a server ended by a
// signal still leaves them (server/src/compileCache.ts); the next start runs from the cache. A
// cache made from other bytes of the bundle, or one V8 refuses, is never used, and is made again.
// Which way each start went is read from the startup trace (shared/startupTrace.ts).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ensureTestHost, paths, root } from '../../scripts/test-host.mjs';

const packaged = path.join(root, '.cache', 'package', 'dist');
const DOCKERFILE = 'FROM mcr.microsoft.com/windows/servercore:ltsc2019\nENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]\n';

/** Files under `dir` (recursively) and their sizes. */
function cacheFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => String(name))
    .filter((name) => statSync(path.join(dir, name)).isFile())
    .map((name) => ({ name, size: statSync(path.join(dir, name)).size }));
}

/** The cache of the whole bundle in `dir` (server-<V8>-<arch>.v8cache), if any. */
function bundleCache(dir) {
  const name = existsSync(dir) ? readdirSync(dir).find((n) => /^server-.*\.v8cache$/.test(n)) : undefined;
  return name === undefined ? undefined : path.join(dir, name);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts dist/server-start.js of `dist` over stdio with the cache folder, opens a Dockerfile;
 * `published` resolves at its first publishDiagnostics with everything the server wrote by then.
 */
function startServer(cacheDir, { dist = packaged } = {}) {
  const trace = path.join(mkdtempSync(path.join(tmpdir(), 'dw-code-cache-trace-')), 'trace.jsonl');
  const env = { ...process.env, DOCKER_WORKBENCH_CODE_CACHE: cacheDir, NODE_COMPILE_CACHE: cacheDir, DOCKER_WORKBENCH_STARTUP_TRACE: trace };
  const child = spawn(paths.node24, [path.join(dist, 'server-start.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'], env });
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
  /** The way the bundle was loaded: used, absent, stale or rejected (the loader's trace mark). */
  const cacheState = () => {
    const marks = existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).what) : [];
    return marks.map((what) => /^server: code cache (\w+)$/.exec(what)?.[1]).find(Boolean);
  };
  return { child, published, cacheState, cleanup: () => rmSync(path.dirname(trace), { recursive: true, force: true }) };
}

/** Runs one server to its first diagnostics and `waitMs` past them, then kills it (SIGKILL: no exit handlers). */
async function runOnce(cacheDir, { dist, waitMs = 0 } = {}) {
  const server = startServer(cacheDir, { dist });
  try {
    const output = await server.published;
    if (waitMs > 0) await sleep(waitMs);
    assert.equal(server.child.exitCode, null, 'the server is still running');
    return { output, state: server.cacheState() };
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    server.cleanup();
  }
}

/** Waits (at most 10 s, 100 steps) until `check` holds; the server writes its caches about a second after publishing. */
async function eventually(check) {
  for (let i = 0; i < 100 && !check(); i++) await sleep(100);
  return check();
}

describe("the server's code caches on the extension host's Node, as the extension starts it", function () {
  this.timeout(120_000);
  const dirs = [];
  const tempDir = (label) => {
    const dir = mkdtempSync(path.join(tmpdir(), `dw-code-cache-${label}-`));
    dirs.push(dir);
    return dir;
  };
  let dir;

  before(() => {
    ensureTestHost({ parts: ['node24'] });
    for (const file of ['server-start.js', 'server.js']) assert.ok(existsSync(path.join(packaged, file)), `${file} is built by scripts/package.mjs (this tier's set-up)`);
    dir = tempDir('shared');
  });
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('are written while the server runs, soon after its first diagnostics, and a server killed then leaves them', async () => {
    const server = startServer(dir);
    try {
      assert.match(await server.published, /windows-host-mismatch|exec-form-invalid-json/);
      assert.equal(server.cacheState(), 'absent');
      assert.ok(await eventually(() => bundleCache(dir) !== undefined), `no cache of the bundle in ${dir}: ${JSON.stringify(cacheFiles(dir))}`);
      assert.equal(server.child.exitCode, null, 'the server is still running');
    } finally {
      server.child.kill('SIGKILL');
      server.cleanup();
    }
    // The bundle's bytes and V8's code for it: more than the bundle itself.
    assert.ok(statSync(bundleCache(dir)).size > statSync(path.join(packaged, 'server.js')).size, 'the cache holds the compiled functions');
    // Node's own, in a folder for its version (of what Node loaded itself: dist/server-start.js here).
    assert.ok(cacheFiles(dir).some((f) => f.name.startsWith('v24.') && f.name.includes(path.sep)), `no compile cache of Node's: ${JSON.stringify(cacheFiles(dir))}`);
  });

  it('a later start runs from them and writes nothing again (the same files, unchanged, after its own save)', async () => {
    const stamp = () => JSON.stringify(cacheFiles(dir).map((f) => [f.name, f.size, statSync(path.join(dir, f.name)).mtimeMs]));
    const before = stamp();
    assert.ok(bundleCache(dir), 'the first test left a cache');
    // Past the server's own save (a second after publishing).
    const { output, state } = await runOnce(dir, { waitMs: 2500 });
    assert.match(output, /exec-form-invalid-json/);
    assert.equal(state, 'used');
    assert.equal(stamp(), before, 'a start that could not use the cache would have written it again');
  });

  it('a bundle changed since, even to the same length, is compiled again: the start runs the new code, not the cached', async () => {
    const dist = tempDir('dist');
    cpSync(packaged, dist, { recursive: true });
    const cache = tempDir('changed');
    await runOnce(cache, { dist, waitMs: 2500 });
    assert.ok(bundleCache(cache), 'the first start wrote a cache');
    // The server's name in its initialize answer, changed to another of the same length: V8 alone
    // would take its old code for the new source.
    const file = path.join(dist, 'server.js');
    const text = readFileSync(file, 'utf8');
    assert.ok(text.includes('"docker-workbench"'), 'the bundle names its server');
    writeFileSync(file, text.replace(/name:"docker-workbench"/, 'name:"docker-workbenxh"'));
    assert.equal(statSync(file).size, Buffer.byteLength(text));
    const changed = await runOnce(cache, { dist, waitMs: 2500 });
    assert.equal(changed.state, 'stale');
    assert.match(changed.output, /"serverInfo":\{"name":"docker-workbenxh"/);
    // ...and the cache is made again, for the new bytes.
    const again = await runOnce(cache, { dist });
    assert.equal(again.state, 'used');
    assert.match(again.output, /"serverInfo":\{"name":"docker-workbenxh"/);
  });

  it('a damaged cache is refused by V8 and made again; the server lints as ever', async () => {
    const cache = tempDir('damaged');
    await runOnce(cache, { waitMs: 2500 });
    const file = bundleCache(cache);
    assert.ok(file, 'the first start wrote a cache');
    // The header and the bundle's bytes kept, V8's part overwritten with noise.
    const good = readFileSync(file);
    const source = statSync(path.join(packaged, 'server.js')).size;
    const damaged = Buffer.from(good);
    for (let i = 8 + source; i < damaged.length; i++) damaged[i] = (i * 131) & 0xff;
    writeFileSync(file, damaged);
    const refused = await runOnce(cache, { waitMs: 2500 });
    assert.equal(refused.state, 'rejected');
    assert.match(refused.output, /exec-form-invalid-json/);
    assert.ok(!readFileSync(file).equals(damaged), 'the damaged cache was made again');
    assert.equal((await runOnce(cache)).state, 'used');
  });

  it('a cache folder that cannot be made (a file stands in its path) costs only the cache', async () => {
    const parent = tempDir('blocked');
    writeFileSync(path.join(parent, 'file'), '');
    const cache = path.join(parent, 'file', 'cache');
    const { output, state } = await runOnce(cache, { waitMs: 2500 });
    assert.equal(state, 'absent');
    assert.match(output, /exec-form-invalid-json/);
    assert.deepEqual(readdirSync(parent), ['file']);
  });
});
