// Files generated from a single source must match it: docs/rules.md and the `dockerWorkbench.rules`
// settings from the rule registry, the grammar JSON from its template. Run `npm run gen` to fix.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { rules } from '../../server/src/rules';
import { renderRulesMarkdown, ruleSettingsProperties, SEVERITY_SETTING_VALUES } from '../../server/src/rules/catalog';
import type { Rule } from '../../server/src/rules/types';

const root = path.resolve(__dirname, '..', '..', '..');
const STALE = 'out of date with the rule registry: run `npm run gen`';

interface RuleSetting {
  enum: string[];
  default: string;
  description: string;
}

function ruleSettings(): Record<string, RuleSetting> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { properties?: Record<string, RuleSetting> }> } };
  };
  const setting = pkg.contributes.configuration.properties['dockerWorkbench.rules'];
  assert.ok(setting?.properties, 'package.json lacks dockerWorkbench.rules.properties');
  return setting.properties;
}

function fakeRule(id: string, overrides: Partial<Rule> = {}): Rule {
  return { id, severity: 'warning', summary: `Summary of ${id}.`, docs: `Docs of ${id}.`, category: 'mission', check: () => [], ...overrides };
}

describe('generated files', () => {
  it('docs/rules.md matches the registry', () => {
    const file = path.join(root, 'docs', 'rules.md');
    assert.ok(fs.existsSync(file), `docs/rules.md is missing: ${STALE}`);
    assert.equal(fs.readFileSync(file, 'utf8'), renderRulesMarkdown(rules), `docs/rules.md is ${STALE}`);
  });

  it('package.json has one dockerWorkbench.rules entry per rule, with its default severity', () => {
    const settings = ruleSettings();
    assert.deepEqual(settings, ruleSettingsProperties(rules), `package.json dockerWorkbench.rules is ${STALE}`);
    // Checked directly too, so the test does not only trust the catalog it compares with.
    assert.deepEqual(Object.keys(settings).sort(), rules.map((r) => r.id).sort());
    for (const rule of rules) {
      assert.equal(settings[rule.id].default, rule.severity, rule.id);
      assert.deepEqual(settings[rule.id].enum, ['error', 'warning', 'info', 'hint', 'off']);
      assert.ok(settings[rule.id].description.includes(rule.summary.trim().split(/\s+/)[0]), rule.id);
    }
  });

  it('syntaxes/dockerfile.tmLanguage.json matches scripts/grammar/dockerfile-grammar.mjs', () => {
    const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'gen-grammar.mjs'), '--check'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(result.status, 0, result.stderr || result.stdout);
  });

  it('rule ids are unique and documented', () => {
    const ids = rules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule id');
    for (const rule of rules) {
      assert.ok(rule.summary.trim().length > 0 && rule.docs.trim().length > 0, `${rule.id} needs a summary and docs`);
    }
  });
});

describe('rule catalog rendering', () => {
  const sample = [
    fakeRule('b-rule', { severity: 'error', summary: 'Pipes | in\na summary.' }),
    fakeRule('a-rule'),
    fakeRule('CasedName', { category: 'buildkit', buildkitName: 'CasedName', severity: 'info' }),
  ];

  it('renders a table and one section per rule, grouped by category and sorted by id', () => {
    const md = renderRulesMarkdown(sample);
    assert.ok(md.includes('| [a-rule](#a-rule) | warning | mission | Summary of a-rule. |'));
    assert.ok(md.includes('| [b-rule](#b-rule) | error | mission | Pipes \\| in a summary. |'), 'a | in a summary must not break the table');
    assert.ok(md.includes('| [CasedName](#casedname) | info | buildkit |'));
    const sections = [...md.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(sections, ['a-rule', 'b-rule', 'CasedName']);
    assert.ok(md.indexOf('## Docker Workbench rules') < md.indexOf('## BuildKit build checks'));
    assert.ok(md.includes('- BuildKit check: `CasedName`'));
    assert.ok(md.includes('- Default severity: `error`'));
    assert.ok(md.includes('Docs of b-rule.'));
    assert.ok(md.endsWith('\n'));
  });

  it('renders settings entries with the rule default and every severity', () => {
    const props = ruleSettingsProperties(sample);
    assert.deepEqual(Object.keys(props), ['CasedName', 'a-rule', 'b-rule']);
    assert.deepEqual(props['b-rule'], {
      type: 'string',
      enum: [...SEVERITY_SETTING_VALUES],
      default: 'error',
      description: 'Pipes | in a summary. (mission; default: error)',
    });
    assert.equal(props.CasedName.description, 'Summary of CasedName. (buildkit, BuildKit CasedName; default: info)');
  });

  it('says so when there are no rules', () => {
    assert.ok(renderRulesMarkdown([]).includes('No rules are registered yet.'));
    assert.deepEqual(ruleSettingsProperties([]), {});
  });
});
