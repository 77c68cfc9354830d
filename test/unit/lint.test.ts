// The linter around the rules: ignore comments, BuildKit's check directive, severities, rule failures.
import * as assert from 'node:assert/strict';
import { lint } from '../../server/src/lint';
import { rules } from '../../server/src/rules';
import type { Rule } from '../../server/src/rules/types';

const ids = (text: string) => lint(text).map((f) => f.rule);

describe('lint', () => {
  it('silences a rule inside a multi-line instruction from the comment above the instruction', () => {
    const text = 'FROM a\n# docker-workbench ignore=JSONArgsRecommended\nCMD echo \\\n  hi\n';
    assert.ok(ids('FROM a\nCMD echo \\\n  hi\n').includes('JSONArgsRecommended'));
    assert.equal(ids(text).includes('JSONArgsRecommended'), false);
  });

  it('honours # check=skip=... for BuildKit checks, and skip=all', () => {
    const body = 'FROM a as b\nMAINTAINER me\n';
    assert.deepEqual(ids(body).sort(), ['FromAsCasing', 'MaintainerDeprecated']);
    assert.deepEqual(ids(`# check=skip=FromAsCasing\n${body}`), ['MaintainerDeprecated']);
    assert.deepEqual(ids(`# check=skip=all\n${body}`), []);
  });

  it('makes BuildKit checks errors under # check=error=true, unless a setting says otherwise', () => {
    const text = '# check=error=true\nFROM a as b\n';
    assert.equal(lint(text).find((f) => f.rule === 'FromAsCasing')?.severity, 'error');
    assert.equal(lint(text, { severities: { FromAsCasing: 'hint' } }).find((f) => f.rule === 'FromAsCasing')?.severity, 'hint');
  });

  it('ignores a check directive that is not at the top, as Docker does', () => {
    assert.ok(ids('FROM a as b\n# check=skip=all\n').includes('FromAsCasing'));
  });

  it('keeps going when one rule throws, and says which', () => {
    const broken: Rule = { ...rules[0], id: 'broken', check: () => { throw new Error('boom'); } };
    const seen: string[] = [];
    const findings = lint('FROM a as b\n', { rules: [broken, ...rules], onRuleError: (r) => seen.push(r.id) });
    assert.deepEqual(seen, ['broken']);
    assert.ok(findings.some((f) => f.rule === 'FromAsCasing'));
  });

  it('has unique rule ids, each with a summary and docs', () => {
    assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
    for (const r of rules) assert.ok(r.summary.length > 10 && r.docs.length > 20, r.id);
  });
});
