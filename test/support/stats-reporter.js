// Mocha's spec reporter, plus a JSON file with the counts and the failed tests' titles, so
// scripts/test.mjs can sum every tier into one `N passed, N failed` line and name what failed
// right above it (CI keeps only the end of a run's output).
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

class StatsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failed = [];
    runner.on('fail', (test, err) => failed.push(failedEntry(test, err)));
    runner.once('end', () => {
      const file = process.env.DOCKER_WORKBENCH_STATS_FILE;
      if (!file) return;
      const { passes, failures, pending } = this.stats;
      fs.writeFileSync(file, JSON.stringify({ passes, failures, pending, failed }));
    });
  }
}

/** A failed test (or hook) as the summary prints it: its full title and its error's first line. */
function failedEntry(test, err) {
  const message = String((err && err.message) || err || '').split('\n')[0].slice(0, 300);
  return { title: test.fullTitle(), message };
}

module.exports = StatsReporter;
module.exports.failedEntry = failedEntry;
