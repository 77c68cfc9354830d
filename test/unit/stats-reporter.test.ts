// The reporter every mocha tier runs with writes the counts scripts/test.mjs sums and the failed
// tests' titles it prints right above its last line (CI keeps only the end of a run's output).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/lsp-client';

describe('stats reporter: the counts and the names of what failed', function () {
  this.timeout(60_000);
  let work: string;
  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'dw-stats-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('writes passes, failures, pending and each failure with its full title and first error line', () => {
    // A sample spec run by a mocha of its own: one test of each outcome, the skipped one on purpose, so the reporter's pending count is checked.
    const spec = path.join(work, 'sample.test.js');
    writeFileSync(
      spec,
      [
        "const assert = require('node:assert');",
        "describe('outer', () => {",
        "  it('passes', () => assert.ok(true));",
        "  it('fails here', () => { throw new Error('first line\\nsecond line'); });",
        "  it.skip('skipped', () => {});",
        "  describe('inner', () => { it('also fails', () => assert.equal(1, 2)); });",
        '});',
      ].join('\n'),
    );
    const stats = path.join(work, 'stats.json');
    const r = spawnSync(process.execPath, ['node_modules/mocha/bin/mocha.js', '--no-config', '--reporter', './test/support/stats-reporter.js', spec], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, DOCKER_WORKBENCH_STATS_FILE: stats },
      timeout: 60_000,
    });
    assert.equal(r.status, 2, `mocha exits with the number of failures\n${r.stdout}${r.stderr}`);
    const s = JSON.parse(readFileSync(stats, 'utf8')) as { passes: number; failures: number; pending: number; failed: { title: string; message: string }[] };
    assert.deepEqual({ passes: s.passes, failures: s.failures, pending: s.pending }, { passes: 1, failures: 2, pending: 1 });
    assert.deepEqual(
      s.failed.map((f) => f.title),
      ['outer fails here', 'outer inner also fails'],
    );
    assert.equal(s.failed[0].message, 'first line');
    assert.match(s.failed[1].message, /1 == 2|Expected values to be loosely equal/);
  });
});
