// `npm test`: builds, then runs every test tier that exists, and ends with one line that sums them:
// `N passed, N failed` (skipped tests are listed apart and never count as passed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNpmPackages } from './lib/npm-packages.mjs';

// A fresh clone: `npm test` alone installs the npm packages first.
const setupStarted = Date.now();
ensureNpmPackages();
console.log(`Set-up (npm packages): ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);

const only = process.argv.slice(2);
const tiers = [
  {
    name: 'unit',
    about: 'model, rules, CLI and the language server over stdio',
    prepare: [['node', ['scripts/build.mjs']], ['node', ['scripts/tsc.mjs', 'tsconfig.test.json']]],
    run: ['npx', ['mocha', '--reporter', './test/support/stats-reporter.js']],
  },
  {
    name: 'editors',
    about: "Debian's Neovim 0.7 and Emacs 28 + eglot as LSP clients of docker-workbench lsp --stdio: diagnostics, a quick fix, formatting",
    prepare: [['node', ['scripts/test-host.mjs', 'apt']], ['node', ['scripts/build.mjs', 'server', 'cli']]],
    run: ['node', ['node_modules/mocha/bin/mocha.js', '--no-config', '--timeout', '120000', '--reporter', './test/support/stats-reporter.js', 'test/editors/*.test.mjs']],
  },
  {
    name: 'fuzz',
    about: 'a short fuzz run (test/fuzz, fixed seed): lint() in a worker, the language server over stdio, the CLI in batches',
    prepare: [['node', ['scripts/build.mjs', 'server', 'cli']], ['node', ['scripts/tsc.mjs', 'tsconfig.test.json']]],
    run: ['npx', ['mocha', '--no-config', '--timeout', '600000', '--reporter', './test/support/stats-reporter.js', 'out/test/fuzz/**/*.test.js']],
    timeoutMs: 10 * 60_000,
  },
  {
    name: 'conformance',
    about: "BuildKit's own lint and parser tests (../shared/conformance/buildkit): every case must agree",
    prepare: [['node', ['scripts/tsc.mjs', 'tsconfig.test.json']]],
    run: ['npx', ['mocha', '--no-config', '--timeout', '60000', '--reporter', './test/support/stats-reporter.js', 'out/test/conformance/**/*.test.js']],
  },
  {
    name: 'engine',
    about: 'engine layer against a private Docker Engine (scripts/engine-host.sh) and a recorded Windows engine',
    prepare: [['bash', ['scripts/engine-host.sh', 'start']], ['node', ['scripts/tsc.mjs', 'tsconfig.engine.json']]],
    run: ['npx', ['mocha', '--no-config', '--timeout', '120000', '--reporter', './test/support/stats-reporter.js', 'out/test/engine/**/*.test.js']],
    // Runs whatever happened before it: the private dockerd is stopped by the PID in its pid file.
    cleanup: [['bash', ['scripts/engine-host.sh', 'stop']]],
    timeoutMs: 15 * 60_000,
  },
  // The three tiers below need the test host (Node 24, code-server = VS Code 1.139, Chromium,
  // playwright-core, vsce) that scripts/test-host.mjs installs once into .cache/test-host.
  {
    name: 'vscode',
    about: 'extension-host suite (test/vscode) in real VS Code: code-server with the smoke-test driver',
    // The explorer tests run against the private engine (DOCKER_HOST is set by run-vscode-tests.mjs).
    prepare: [['node', ['scripts/test-host.mjs']], ['bash', ['scripts/engine-host.sh', 'start']], ['node', ['scripts/build.mjs']], ['node', ['scripts/tsc.mjs', 'tsconfig.vscode.json']]],
    run: ['node', ['scripts/run-vscode-tests.mjs']],
    cleanup: [['bash', ['scripts/engine-host.sh', 'stop']]],
    timeoutMs: 10 * 60_000,
  },
  {
    name: 'e2e',
    about: 'browser end-to-end (test/e2e): Chromium drives VS Code like a person; screenshots in test-results/e2e',
    // Both files run code-server with DOCKER_HOST at the private engine (started once for both).
    prepare: [['node', ['scripts/test-host.mjs']], ['bash', ['scripts/engine-host.sh', 'start']], ['node', ['scripts/build.mjs']]],
    run: ['node', ['node_modules/mocha/bin/mocha.js', '--no-config', '--timeout', '90000', '--reporter', './test/support/stats-reporter.js', 'test/e2e/*.e2e.mjs']],
    cleanup: [['bash', ['scripts/engine-host.sh', 'stop']]],
    timeoutMs: 10 * 60_000,
  },
  {
    name: 'package',
    about: 'the .vsix: contents, size, and install + activation in code-server',
    // package.mjs builds the bundles minified, as they ship.
    prepare: [
      ['node', ['scripts/test-host.mjs']],
      ['node', ['scripts/tsc.mjs', 'tsconfig.vscode.json']],
      ['node', ['scripts/package.mjs']],
    ],
    run: ['node', ['node_modules/mocha/bin/mocha.js', '--no-config', '--timeout', '60000', '--reporter', './test/support/stats-reporter.js', 'test/package/*.test.mjs']],
    timeoutMs: 10 * 60_000,
  },
].filter((t) => only.length === 0 || only.includes(t.name));

const statsDir = mkdtempSync(join(tmpdir(), 'dw-test-'));
let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];
const failedTests = [];
for (const tier of tiers) {
  console.log(`\n=== tier ${tier.name}: ${tier.about} ===`);
  const started = Date.now();
  let ok = true;
  for (const [cmd, args] of tier.prepare) {
    const r = spawnSync(cmd, args, { stdio: 'inherit' });
    if (r.status !== 0) {
      ok = false;
      break;
    }
  }
  console.log(`tier ${tier.name}: set-up ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const statsFile = join(statsDir, `${tier.name}.json`);
  if (ok) {
    spawnSync(tier.run[0], tier.run[1], { stdio: 'inherit', timeout: tier.timeoutMs, env: { ...process.env, DOCKER_WORKBENCH_STATS_FILE: statsFile } });
  }
  for (const [cmd, args] of tier.cleanup ?? []) {
    const r = spawnSync(cmd, args, { stdio: 'inherit', timeout: 120_000 });
    if (r.status !== 0) console.error(`cleanup step failed: ${cmd} ${args.join(' ')}`);
  }
  console.log(`tier ${tier.name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (existsSync(statsFile)) {
    const s = JSON.parse(readFileSync(statsFile, 'utf8'));
    passed += s.passes;
    failed += s.failures;
    skipped += s.pending;
    lines.push(`  ${tier.name}: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`);
    for (const f of s.failed ?? []) failedTests.push(`  ${tier.name}: ${f.title}\n      ${f.message}`);
  } else {
    // A tier that could not build or crashed before reporting counts as one failure, never as nothing.
    failed += 1;
    lines.push(`  ${tier.name}: did not run to the end (counted as 1 failure)`);
    failedTests.push(`  ${tier.name}: did not run to the end (its set-up failed or it crashed before reporting; see its section above)`);
  }
}
rmSync(statsDir, { recursive: true, force: true });
// Named here, at the end, because CI keeps only the tail of a run's output.
if (failedTests.length > 0) {
  console.log('\nFailed:');
  for (const f of failedTests) console.log(f);
}
console.log('\nTest tiers:');
for (const l of lines) console.log(l);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
