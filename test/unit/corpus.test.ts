// The whole corpus of real Dockerfiles: every file parses and lints under several hosts without an
// exception, and the mission rules' findings match the pinned list, each checked by hand once
// (see test/unit/fixtures/corpus-mission-pins.json and the README's "Corpus" section).
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { lint } from '../../server/src/lint';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { rules } from '../../server/src/rules';
import type { HostContext } from '../../shared/protocol';
import { corpusAvailable, corpusEntries, corpusMissingMessage, readCorpusFile } from '../support/corpus';

const PINS = path.resolve(__dirname, '..', '..', '..', 'test', 'unit', 'fixtures', 'corpus-mission-pins.json');
const PIN_HOST: HostContext = { build: 17763, isolation: 'process', engineOs: 'windows' };
const missionIds = new Set(rules.filter((r) => r.category === 'mission').map((r) => r.id));

describe('corpus', function () {
  before(function () {
    if (!corpusAvailable()) {
      console.log(`    skipped: ${corpusMissingMessage}`);
      this.skip();
    }
  });

  const hosts: [string, HostContext][] = [
    ['no host known', {}],
    ['Server 2019 host, process isolation', PIN_HOST],
    ['Windows 11 host, Hyper-V isolation', { build: 22631, isolation: 'hyperv', engineOs: 'windows' }],
    ['Linux engine', { engineOs: 'linux' }],
  ];
  for (const [name, host] of hosts) {
    it(`lints every file with every rule and no exception (${name})`, () => {
      const failures: string[] = [];
      let files = 0;
      for (const entry of corpusEntries()) {
        const text = readCorpusFile(entry.file);
        lint(text, { host, onRuleError: (rule, error) => failures.push(`${entry.file}: ${rule.id}: ${String(error)}`) });
        files++;
      }
      assert.deepEqual(failures, []);
      assert.ok(files > 1000, `expected the whole corpus, read ${files} files`);
    });
  }

  it('reads the escape directive of every file as the manifest records it', () => {
    const wrong: string[] = [];
    for (const entry of corpusEntries()) {
      const model = parseDockerfile(readCorpusFile(entry.file));
      const expected = entry.escapeDirective ?? '\\';
      if (model.escape.char !== expected) wrong.push(`${entry.file}: ${model.escape.char} vs ${expected}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('finds exactly the pinned mission-rule findings (Server 2019 host, process isolation)', () => {
    const found: string[] = [];
    for (const entry of corpusEntries()) {
      for (const f of lint(readCorpusFile(entry.file), { host: PIN_HOST })) {
        if (missionIds.has(f.rule)) found.push(`${entry.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.rule}`);
      }
    }
    found.sort();
    if (process.env.DOCKER_WORKBENCH_UPDATE_PINS === '1') writeFileSync(PINS, JSON.stringify(found, null, 1) + '\n');
    const pinned = JSON.parse(readFileSync(PINS, 'utf8')) as string[];
    const added = found.filter((f) => !pinned.includes(f));
    const gone = pinned.filter((f) => !found.includes(f));
    assert.deepEqual({ added, gone }, { added: [], gone: [] }, 'review the change by hand, then re-pin with DOCKER_WORKBENCH_UPDATE_PINS=1');
  });
});
