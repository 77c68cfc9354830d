// Mocha's spec reporter, plus a JSON file with the counts, so scripts/test.mjs can sum every tier
// into one `N passed, N failed` line.
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

class StatsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const file = process.env.DOCKER_WORKBENCH_STATS_FILE;
      if (!file) return;
      const { passes, failures, pending } = this.stats;
      fs.writeFileSync(file, JSON.stringify({ passes, failures, pending }));
    });
  }
}

module.exports = StatsReporter;
