// The short fuzz run of `npm test` (tier `fuzz`): a few thousand generated and mutated Dockerfiles
// and .dockerignore files through lint() and the editor features in a worker, through the language
// server over stdio and through the CLI, with a fixed seed so a failure here is the same failure
// on any machine. `npm run bench -- fuzz` runs the long one. A failing input is saved to
// .cache/fuzz/test with its seed (replay: node scripts/bench-fuzz.mjs replay SEED).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { defaultCorpusDir, loadCorpus } from './inputs';
import { describeReport, runFuzz } from './run';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SEED = process.env.DOCKER_WORKBENCH_FUZZ_SEED !== undefined ? Number(process.env.DOCKER_WORKBENCH_FUZZ_SEED) >>> 0 : 20261130;
const COUNTS = { 'in-process': 3000, lsp: 400, cli: 2000 };
// A bound on the run, not a figure under test: the lanes stop here even if their counts are not done.
const LANE_LIMIT_MS = 240_000;

describe('fuzz: generated and mutated Dockerfiles through lint(), the language server and the CLI', function () {
  this.timeout(LANE_LIMIT_MS + 120_000);

  before(function () {
    this.timeout(120_000);
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), 'server', 'cli'], { cwd: ROOT, stdio: 'pipe' });
  });

  it(`seed ${SEED}: no crash, no hang, no call over 1 s, no broken invariant`, async () => {
    const corpusDir = defaultCorpusDir(ROOT);
    const corpus = loadCorpus(corpusDir);
    if (corpus.note) console.log(`      ${corpus.note}`);
    const report = await runFuzz({
      seed: SEED,
      counts: COUNTS,
      cliBatch: 1000,
      repoRoot: ROOT,
      corpus,
      corpusDir,
      failuresDir: path.join(ROOT, '.cache', 'fuzz', 'test'),
      deadline: Date.now() + LANE_LIMIT_MS,
      log: (line) => console.log(`      ${line}`),
    });
    for (const line of describeReport(report)) console.log(`      ${line}`);
    assert.deepEqual(
      report.failures.map((f) => `${f.path} ${f.kind} seed=${f.seed}: ${f.detail.split('\n')[0]}${f.saved ? ` (saved ${f.saved})` : ''}`),
      [],
    );
    // Every lane ran: a lane that checked nothing would pass the line above by doing nothing.
    for (const [lane, totals] of Object.entries(report.totals)) assert.ok(totals.inputs > 0 && totals.calls > 0, `the ${lane} lane checked no input`);
  });
});
