// Every BuildKit and syntax rule over the real Dockerfiles of the corpus: nothing throws, every
// fix applies and leaves no finding of its rule at the same place. Counts are printed for review.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lint } from '../../server/src/lint';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { buildkitRules } from '../../server/src/rules/buildkit';
import { syntaxRules } from '../../server/src/rules/syntax';
import type { Finding, Rule } from '../../server/src/rules/types';
import { applyEdits } from '../support/apply-edits';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const corpusDir = process.env.DOCKER_WORKBENCH_CORPUS ?? path.resolve(repoRoot, '..', 'shared', 'corpus');
const manifestPath = path.join(corpusDir, 'manifest.json');
const RULES: Rule[] = [...buildkitRules, ...syntaxRules];

interface ManifestEntry {
  file: string;
  windows: boolean;
}

describe('buildkit and syntax rules over the corpus', function () {
  this.timeout(120000);
  let entries: ManifestEntry[] = [];
  before(function () {
    if (!fs.existsSync(manifestPath)) {
      console.log(`    corpus not found at ${corpusDir} (set DOCKER_WORKBENCH_CORPUS): skipping`);
      this.skip();
    }
    entries = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as ManifestEntry[];
  });

  it('lints every file without a rule throwing, and every preferred fix clears its finding', () => {
    assert.ok(entries.length > 1000, `expected the full corpus, got ${entries.length} files`);
    const counts = new Map<string, number>(RULES.map((r) => [r.id, 0]));
    const samples = new Map<string, string[]>();
    const errors: string[] = [];
    let fixesTried = 0;
    for (const entry of entries) {
      const text = fs.readFileSync(path.join(corpusDir, entry.file), 'utf8');
      const model = parseDockerfile(text);
      const findings = lint(model, { rules: RULES, dockerignore: 'node_modules\n*.log\n', onRuleError: (rule, e) => errors.push(`${rule.id} on ${entry.file}: ${String(e)}`) });
      for (const f of findings) {
        counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
        const list = samples.get(f.rule) ?? [];
        if (list.length < 4) list.push(`${entry.file}:${f.range.start.line + 1}: ${f.message}`);
        samples.set(f.rule, list);
      }
      // Apply each preferred fix alone; its finding must be gone afterwards.
      const byRule = new Map<string, Finding[]>();
      for (const f of findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
      for (const [ruleId, list] of byRule) {
        const first = list.find((f) => f.fixes.some((x) => x.preferred));
        if (!first) continue;
        const fix = first.fixes.find((x) => x.preferred)!;
        const after = applyEdits(text, fix.edits);
        fixesTried++;
        const rule = RULES.find((r) => r.id === ruleId)!;
        const again = lint(after, { rules: [rule], dockerignore: 'node_modules\n*.log\n' });
        assert.ok(again.length < list.length, `${ruleId} fix "${fix.title}" on ${entry.file} did not remove a finding`);
      }
    }
    assert.deepEqual(errors, []);
    console.log(`    ${entries.length} files, ${fixesTried} preferred fixes re-linted`);
    for (const [id, n] of counts) console.log(`    ${id.padEnd(32)} ${n}`);
    if (process.env.SHOW_SAMPLES) for (const [id, list] of samples) console.log(`\n    ${id}\n      ${list.join('\n      ')}`);
  });
});
