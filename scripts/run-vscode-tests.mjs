// `npm run test:vscode`: the extension-host suite (out/test/vscode) inside code-server, i.e. real
// VS Code 1.139, with the working tree's extension linked into a fresh extensions folder.
// Needs `npm run build` and `tsc -p tsconfig.vscode.json` first (scripts/test.mjs does both).
// Exit status is the suite's; the counts go to $DOCKER_WORKBENCH_STATS_FILE when set.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
// Three runs of the same suite entry: everything in a trusted folder, then the Restricted Mode
// suite (test/vscode/restricted.test.ts) in a folder VS Code does not trust, then the contexts
// suite (test/vscode/contexts.test.ts) with DOCKER_CONFIG at a fresh folder of its run (never the
// real ~/.docker) and DOCKER_HOST empty, so docker contexts decide. Each writes its own counts;
// the tier's are their sums.
const only = (process.env.DOCKER_WORKBENCH_VSCODE_FILES ?? '').split(',').filter(Boolean);
const OWN_RUNS = ['restricted', 'contexts'];
const runs = [
  { label: 'vscode', suite: 'trusted' },
  { label: 'vscode-restricted', suite: 'restricted', restricted: true },
  { label: 'vscode-contexts', suite: 'contexts' },
].filter((r) => only.length === 0 || (OWN_RUNS.includes(r.suite) ? only.includes(r.suite) : only.some((f) => !OWN_RUNS.includes(f))));
const counts = { passes: 0, failures: 0, pending: 0 };
const failedTests = [];
let failed = false;
for (const run of runs) {
  const runDir = makeRunDir(run.label);
  const statsFile = process.env.DOCKER_WORKBENCH_STATS_FILE ? `${process.env.DOCKER_WORKBENCH_STATS_FILE}.${run.label}.json` : undefined;
  const started = Date.now();
  const result = await runExtensionTests({
    runDir,
    workspace: path.join(runDir, 'ws'),
    extensionDevelopmentPath: run.restricted ? restrictedRunner(runDir) : linkExtension(runDir),
    extensionTestsPath: suite,
    env: { DOCKER_WORKBENCH_VSCODE_SUITE: run.suite, ...(run.suite === 'contexts' ? contextsEnv(runDir) : {}) },
    restricted: !!run.restricted,
    statsFile,
    timeoutMs,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.code === 0 && !keep) rmSync(runDir, { recursive: true, force: true });
  else console.log(`code-server state and log kept in ${path.relative(root, runDir)}`);
  console.log(`extension-host suite (${run.restricted ? 'Restricted Mode' : run.suite === 'contexts' ? 'contexts, own DOCKER_CONFIG' : 'trusted folder'}) ${result.code === 0 ? 'passed' : `FAILED (exit ${result.code}${result.reason ? `: ${result.reason}` : ''})`} in ${seconds} s`);
  failed ||= result.code !== 0;
  if (statsFile && existsSync(statsFile)) {
    const s = JSON.parse(readFileSync(statsFile, 'utf8'));
    for (const key of Object.keys(counts)) counts[key] += Number(s[key] ?? 0);
    for (const f of s.failed ?? []) failedTests.push({ ...f, title: `[${run.label}] ${f.title}` });
    rmSync(statsFile, { force: true });
  } else if (statsFile) {
    // A run that reported nothing (it never started) counts as one failure, never as nothing.
    counts.failures += 1;
    failedTests.push({ title: `[${run.label}] the suite`, message: `reported nothing (exit ${result.code}${result.reason ? `: ${result.reason}` : ''})` });
  }
}
if (process.env.DOCKER_WORKBENCH_STATS_FILE) writeFileSync(process.env.DOCKER_WORKBENCH_STATS_FILE, JSON.stringify({ ...counts, failed: failedTests }));
process.exit(failed ? 1 : 0);

/** The contexts run's docker config: an empty folder inside its RUN folder; no DOCKER_HOST or DOCKER_CONTEXT. */
function contextsEnv(runDir) {
  const config = path.join(runDir, 'docker-config');
  mkdirSync(config, { recursive: true });
  return { DOCKER_CONFIG: config, DOCKER_HOST: '', DOCKER_CONTEXT: '' };
}

/**
 * VS Code never restricts an extension under development, so in the Restricted Mode run ours is
 * installed like a user's (linked into RUN/ext) and the development path is an empty extension
 * that only carries the test payload in. Ours then runs in Restricted Mode only because its
 * package.json says it may.
 */
function restrictedRunner(runDir) {
  linkExtension(runDir);
  const dir = path.join(runDir, 'runner');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'restricted-suite-runner', publisher: 'docker-workbench-tests', version: '0.0.0', engines: { vscode: '*' }, capabilities: { untrustedWorkspaces: { supported: true } } }),
  );
  return dir;
}
