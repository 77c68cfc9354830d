// BuildKit's own parser tests (frontend/dockerfile/parser/testfiles*, kept as data outside the
// repository). For every positive file, the model printed in BuildKit's dump format must equal the
// `result` file line for line, and the syntax rules must report exactly the findings judged right in
// expectations.json (failures BuildKit's parser lets through and its instruction parser raises at
// build). Every negative file must get an error, as BuildKit's parser.Parse fails on each.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { dumpBuildkit } from '../../server/src/dockerfile/dump';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { lint } from '../../server/src/lint';
import { conformanceAvailable, conformanceMissingMessage, conformancePath, describeFinding, multisetDiff, readConformanceJson, tally } from './support';

interface SyntaxFinding {
  rule: string;
  line: number;
}

interface ParserExpectations {
  syntaxRules: string[];
  positive: Record<string, { syntaxFindings: SyntaxFinding[]; reason?: string }>;
  negative: Record<string, { expect: string }>;
}

/** The parser half's share of the tier's 2 s budget (dump and lint of every file). */
const PARSER_BUDGET_MS = 800;

const available = conformanceAvailable();
const expectations = available ? readConformanceJson<ParserExpectations>('parser', 'expectations.json') : undefined;

function folders(kind: 'testfiles' | 'testfiles-negative'): string[] {
  return readdirSync(conformancePath('parser', kind), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

function readCase(kind: 'testfiles' | 'testfiles-negative', name: string, file: string): string {
  return readFileSync(conformancePath('parser', kind, name, file), 'utf8');
}

/** The `result` file as lines: BuildKit compares it with `Dump() + "\n"`, CRLF read as LF. */
function resultLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Where two dumps first differ, and the lines around it, for a failure message a person can read. */
function dumpDiff(ours: string[], theirs: string[]): string {
  const out: string[] = [];
  const n = Math.max(ours.length, theirs.length);
  for (let i = 0; i < n && out.length < 12; i++) {
    if (ours[i] === theirs[i]) continue;
    out.push(`line ${i + 1}:`, `  ours:     ${ours[i] ?? '(none)'}`, `  BuildKit: ${theirs[i] ?? '(none)'}`);
  }
  return out.join('\n');
}


describe('conformance: BuildKit parser files', function () {
  let spentMs = 0;

  if (!expectations) {
    it('needs the BuildKit conformance data', function () {
      console.log(`    ${conformanceMissingMessage}`);
      this.skip();
    });
    return;
  }
  const syntaxRules = new Set(expectations.syntaxRules);

  it('has a judgement for every file, and a file for every judgement', () => {
    assert.deepEqual(folders('testfiles'), Object.keys(expectations.positive).sort());
    assert.deepEqual(folders('testfiles-negative'), Object.keys(expectations.negative).sort());
  });

  describe('positive files: the dump equals `result`, the syntax findings equal the judged ones', () => {
    for (const name of folders('testfiles')) {
      it(name, () => {
        tally.parser.total++;
        const text = readCase('testfiles', name, 'Dockerfile');
        const expected = resultLines(readCase('testfiles', name, 'result'));
        const started = performance.now();
        const model = parseDockerfile(text);
        const dump = dumpBuildkit(model);
        const findings = lint(model).filter((f) => syntaxRules.has(f.rule));
        spentMs += performance.now() - started;

        assert.ok(dump.length === expected.length && dump.every((l, i) => l === expected[i]), `${name}: the dump differs from BuildKit's result\n${dumpDiff(dump, expected)}`);
        const judged = expectations.positive[name]?.syntaxFindings ?? [];
        const diff = multisetDiff(
          findings.map((f) => `${f.rule}@${f.range.start.line + 1}`),
          judged.map((f) => `${f.rule}@${f.line}`),
          'judged right, not reported',
        );
        assert.ok(diff.length === 0, `${name}: syntax findings differ from the judged ones\n  ${diff.join('\n  ')}\nour findings:\n  ${findings.map(describeFinding).join('\n  ')}`);
        tally.parser.agree++;
      });
    }
  });

  describe('negative files: BuildKit fails to parse each, and we report an error', () => {
    for (const name of folders('testfiles-negative')) {
      it(name, () => {
        tally.parser.total++;
        const text = readCase('testfiles-negative', name, 'Dockerfile');
        const started = performance.now();
        const findings = lint(text);
        spentMs += performance.now() - started;
        const errors = findings.filter((f) => f.severity === 'error');
        assert.ok(errors.length > 0, `${name}: no error reported; our findings:\n  ${findings.map(describeFinding).join('\n  ') || '(none)'}`);
        tally.parser.agree++;
      });
    }
  });

  // A suite of its own so it runs after the files (mocha runs a suite's own tests before its children).
  describe('speed', () => {
    it('reads every file within its time budget', () => {
      assert.ok(tally.parser.total > 0, 'no file was read');
      console.log(`    parsing, dumping and linting ${tally.parser.total} files took ${spentMs.toFixed(0)} ms`);
      assert.ok(spentMs < PARSER_BUDGET_MS, `the parser files took ${spentMs.toFixed(0)} ms (budget ${PARSER_BUDGET_MS} ms)`);
    });
  });
});
