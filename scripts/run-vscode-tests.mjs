// `npm run test:vscode`: the extension-host suite (out/test/vscode) inside code-server, i.e. real
// VS Code 1.139, with the working tree's extension linked into a fresh extensions folder.
// Needs `npm run build` and `tsc -p tsconfig.vscode.json` first (scripts/test.mjs does both).
// Exit status is the suite's; the counts go to $DOCKER_WORKBENCH_STATS_FILE when set.
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { ensureTestHost, root } from './test-host.mjs';
import { linkExtension, makeRunDir } from './lib/code-server.mjs';
import { runExtensionTests } from './lib/extension-tests.mjs';

const suite = path.join(root, 'out', 'test', 'vscode', 'index.js');
const keep = process.argv.includes('--keep');
const timeoutMs = Number(process.env.DOCKER_WORKBENCH_VSCODE_TIMEOUT_MS ?? 300_000);

ensureTestHost({ parts: ['code-server', 'playwright'] });
if (!existsSync(suite)) {
  console.error(`${path.relative(root, suite)} is missing: run \`npx tsc -p tsconfig.vscode.json\` first`);
  process.exit(1);
}
// The explorer suite talks to the private engine of scripts/engine-host.sh (the tier starts it);
// code-server's environment reaches the extension host, so DOCKER_HOST is how it finds it. Always
// that engine, never one from the caller's shell: the suite stops and restarts it.
process.env.DOCKER_HOST = `unix://${path.join(process.env.DOCKER_WORKBENCH_ENGINE_DIR || path.join(root, '.cache', 'engine'), 'docker.sock')}`;
const runDir = makeRunDir('vscode');
const started = Date.now();
const result = await runExtensionTests({
  runDir,
  workspace: path.join(runDir, 'ws'),
  extensionDevelopmentPath: linkExtension(runDir),
  extensionTestsPath: suite,
  statsFile: process.env.DOCKER_WORKBENCH_STATS_FILE,
  timeoutMs,
});
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (result.code === 0 && !keep) rmSync(runDir, { recursive: true, force: true });
else console.log(`code-server state and log kept in ${path.relative(root, runDir)}`);
console.log(`extension-host suite ${result.code === 0 ? 'passed' : `FAILED (exit ${result.code}${result.reason ? `: ${result.reason}` : ''})`} in ${seconds} s`);
process.exit(result.code === 0 ? 0 : 1);
