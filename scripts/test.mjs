// `npm test`: builds, then runs every test tier that exists, and ends with one line that sums them:
// `N passed, N failed` (skipped tests are listed apart and never count as passed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const only = process.argv.slice(2);
const tiers = [
  {
    name: 'unit',
    about: 'model, rules, CLI and the language server over stdio',
    prepare: [['node', ['scripts/build.mjs']], ['npx', ['tsc', '-p', 'tsconfig.test.json']]],
    run: ['npx', ['mocha', '--reporter', './test/support/stats-reporter.js']],
  },
].filter((t) => only.length === 0 || only.includes(t.name));

const statsDir = mkdtempSync(join(tmpdir(), 'dw-test-'));
let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];
for (const tier of tiers) {
  console.log(`\n=== tier ${tier.name}: ${tier.about} ===`);
  let ok = true;
  for (const [cmd, args] of tier.prepare) {
    const r = spawnSync(cmd, args, { stdio: 'inherit' });
    if (r.status !== 0) {
      ok = false;
      break;
    }
  }
  const statsFile = join(statsDir, `${tier.name}.json`);
  if (ok) {
    spawnSync(tier.run[0], tier.run[1], { stdio: 'inherit', env: { ...process.env, DOCKER_WORKBENCH_STATS_FILE: statsFile } });
  }
  if (existsSync(statsFile)) {
    const s = JSON.parse(readFileSync(statsFile, 'utf8'));
    passed += s.passes;
    failed += s.failures;
    skipped += s.pending;
    lines.push(`  ${tier.name}: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`);
  } else {
    // A tier that could not build or crashed before reporting counts as one failure, never as nothing.
    failed += 1;
    lines.push(`  ${tier.name}: did not run to the end (counted as 1 failure)`);
  }
}
rmSync(statsDir, { recursive: true, force: true });
console.log('\nTest tiers:');
for (const l of lines) console.log(l);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
