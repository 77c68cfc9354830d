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

  it('applies a # check= comment directly above an instruction to that instruction only', () => {
    const text = 'FROM scratch\n# check=skip=MaintainerDeprecated\nMAINTAINER a@b.c\nMAINTAINER d@e.f\n';
    assert.deepEqual(lint(text).map((f) => `${f.rule}@${f.range.start.line}`), ['MaintainerDeprecated@3']);
    // skip=all, several comments above (the first check comment counts), a note after the value.
    const body = 'FROM scratch\n# why: the value is public\n# check=skip=all // local to this ENV\n# check=skip=StageNameCasing\nENV password=x\nARG password\n';
    assert.deepEqual(lint(body).map((f) => `${f.rule}@${f.range.start.line}`), ['SecretsUsedInArgOrEnv@5']);
    // Only the named rule is skipped there; the others still fire on that instruction.
    assert.deepEqual(ids('FROM scratch\n# check=skip=JSONArgsRecommended\nCMD a\nCMD b\n').sort(), ['JSONArgsRecommended', 'MultipleInstructionsDisallowed']);
    // A FROM's comments govern the checks BuildKit runs on the stage line.
    assert.deepEqual(ids('FROM a\n# check=skip=RedundantTargetPlatform\nFROM --platform=$TARGETPLATFORM b\n'), []);
  });

  it('does not apply a # check= comment cut off from the instruction by a blank line or an empty #', () => {
    assert.deepEqual(ids('FROM scratch\n# check=skip=MaintainerDeprecated\n\nMAINTAINER a@b.c\n'), ['MaintainerDeprecated']);
    assert.deepEqual(ids('FROM scratch\n# check=skip=MaintainerDeprecated\n#\nMAINTAINER a@b.c\n'), ['MaintainerDeprecated']);
    // An indented comment keeps its `#` in BuildKit's PrevComment, so it is no directive there.
    assert.deepEqual(ids('FROM scratch\n  # check=skip=MaintainerDeprecated\nMAINTAINER a@b.c\n'), ['MaintainerDeprecated']);
    // Options BuildKit cannot parse configure nothing.
    assert.deepEqual(ids('FROM scratch\n# check=skip=MaintainerDeprecated;bogus\nMAINTAINER a@b.c\n'), ['MaintainerDeprecated']);
  });

  it('skips MultipleInstructionsDisallowed from the comments of the later instruction, which BuildKit is dispatching', () => {
    assert.deepEqual(ids('FROM a\nCMD ["a"]\n# check=skip=MultipleInstructionsDisallowed\nCMD ["b"]\n'), []);
    assert.deepEqual(ids('FROM a\n# check=skip=MultipleInstructionsDisallowed\nCMD ["a"]\nCMD ["b"]\n'), ['MultipleInstructionsDisallowed']);
  });

  it('keeps NoEmptyContinuation to the file-level directive, and error=true to the file', () => {
    assert.deepEqual(ids('FROM a\n# check=skip=NoEmptyContinuation\nRUN a \\\n\n  b\n'), ['NoEmptyContinuation']);
    assert.deepEqual(ids('# check=skip=NoEmptyContinuation\nFROM a\nRUN a \\\n\n  b\n'), []);
    // An error=true above one instruction does not fail the build in BuildKit: it stays a warning.
    assert.equal(lint('FROM scratch\n# check=error=true\nMAINTAINER a@b.c\n')[0].severity, 'warning');
    // The file's directive is read up to its first space, as BuildKit reads it.
    assert.deepEqual(ids('# check=skip=FromAsCasing // casing is ours\nFROM a as b\n'), []);
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
