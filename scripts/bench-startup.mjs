// The `startup` group of `npm run bench`: how long the language server takes to answer
// `initialize` (plain Node, LSP over stdio), and how long activation takes in real VS Code
// (code-server 4.139, Node 24 extension host) from opening a Dockerfile until activate() resolved
// (client bundle loaded, server started and initialized) and until its first diagnostics.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_RUNS = 10;
const VSCODE_RUNS = 3;

export async function benchStartup() {
  const out = [];
  for (const [cmd, args] of [
    [process.execPath, ['scripts/build.mjs']],
    [process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.vscode.json']],
  ]) {
    if (spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status !== 0) return ['build failed; nothing measured'];
  }

  const init = [];
  const firstDiag = [];
  for (let i = 0; i < SERVER_RUNS; i++) {
    const r = await serverStart(process.execPath);
    init.push(r.initializeMs);
    firstDiag.push(r.diagnosticsMs);
  }
  out.push(`server (node ${process.version}, ${SERVER_RUNS} runs): spawn -> initialize answered ${stats(init)}; -> first publishDiagnostics ${stats(firstDiag)}`);

  const { ensureTestHost, paths } = await import('./test-host.mjs');
  try {
    ensureTestHost({ parts: ['code-server', 'playwright'] });
  } catch (error) {
    out.push(`activation: test host not installed (${error.message}); run node scripts/test-host.mjs`);
    return out;
  }
  const n24 = await serverStart(paths.node24);
  out.push(`server on the extension host's Node (node24, 1 run): initialize ${n24.initializeMs.toFixed(0)} ms`);

  const { linkExtension, makeRunDir } = await import('./lib/code-server.mjs');
  const { runExtensionTests } = await import('./lib/extension-tests.mjs');
  const activate = [];
  const diagnostics = [];
  for (let i = 0; i < VSCODE_RUNS; i++) {
    const runDir = makeRunDir('bench');
    const benchFile = path.join(runDir, 'bench.json');
    process.env.DOCKER_WORKBENCH_BENCH_FILE = benchFile;
    const result = await runExtensionTests({
      runDir,
      workspace: path.join(runDir, 'ws'),
      extensionDevelopmentPath: linkExtension(runDir),
      extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'bench', 'index.js'),
      timeoutMs: 180_000,
      log: () => undefined,
    });
    delete process.env.DOCKER_WORKBENCH_BENCH_FILE;
    if (result.code !== 0 || !existsSync(benchFile)) {
      out.push(`activation run ${i + 1} failed (${result.reason ?? `exit ${result.code}`}); see ${path.relative(root, runDir)}`);
      continue;
    }
    const r = JSON.parse(readFileSync(benchFile, 'utf8'));
    activate.push(r.activateMs);
    diagnostics.push(r.firstDiagnosticsMs);
    rmSync(runDir, { recursive: true, force: true });
  }
  if (activate.length > 0) {
    out.push(`activation in VS Code 1.139 (code-server, ${activate.length} fresh windows): open Dockerfile -> activate() resolved ${stats(activate)}; -> first diagnostics ${stats(diagnostics)}`);
    const bundle = (name) => `${(readFileSync(path.join(root, 'dist', name)).length / 1024).toFixed(0)} KiB`;
    out.push(`bundles: client ${bundle('client.js')}, server ${bundle('server.js')}; activation events: ${JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).activationEvents.join(', ')}`);
  }
  return out;
}

/** Spawns the server over stdio, sends initialize, then opens a document and waits for diagnostics. */
function serverStart(node) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(node, [path.join(root, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the server did not answer within 30 s'));
    }, 30_000);
    let buffer = Buffer.alloc(0);
    let initializeMs;
    const send = (message) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
      child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      child.stdin.write(body);
    };
    child.stdout.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
        if (buffer.length < headerEnd + 4 + length) return;
        const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
        buffer = buffer.subarray(headerEnd + 4 + length);
        if (message.id === 1 && initializeMs === undefined) {
          initializeMs = performance.now() - start;
          send({ method: 'initialized', params: {} });
          send({
            method: 'textDocument/didOpen',
            params: { textDocument: { uri: 'file:///bench/Dockerfile', languageId: 'dockerfile', version: 1, text: 'FROM alpine:3.19\nMAINTAINER x\n' } },
          });
        } else if (message.method === 'textDocument/publishDiagnostics' && initializeMs !== undefined) {
          clearTimeout(timer);
          const diagnosticsMs = performance.now() - start;
          child.kill();
          resolve({ initializeMs, diagnosticsMs });
          return;
        }
      }
    });
    send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
  });
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `median ${median.toFixed(0)} ms (min ${sorted[0].toFixed(0)}, max ${sorted[sorted.length - 1].toFixed(0)})`;
}
