// Inputs the fuzzer (test/fuzz, `npm run bench -- fuzz`) found to hang or crash the server or the
// CLI, each kept in test/unit/fixtures/fuzz as it was saved (or built here in the same shape), and
// run in a worker stopped at a deadline: a regression shows as a timeout, not as a stuck test run.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { applyFixes } from '../../server/src/fix';
import type { Finding } from '../../server/src/rules/types';
import { runWithDeadline } from '../support/deadline';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const OUT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'unit', 'fixtures', 'fuzz');
const DEADLINE = 10_000;

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** lint, then applyFixes on its findings, in a worker: what CLI --fix and the editor's "Fix all" do. */
function lintAndFixInWorker(text: string): Promise<{ rules: string[]; applied: string[]; deferred: number; fixedLength: number }> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { lint } = require(workerData.lint);
    const { applyFixes } = require(workerData.fix);
    const findings = lint(workerData.text);
    const result = applyFixes(workerData.text, findings);
    parentPort.postMessage({
      rules: [...new Set(findings.map((f) => f.rule))].sort(),
      applied: result.applied.map((f) => f.rule).sort(),
      deferred: result.deferred.length,
      fixedLength: result.text.length,
    });`;
  return runWithDeadline(source, { lint: path.join(OUT, 'server', 'src', 'lint.js'), fix: path.join(OUT, 'server', 'src', 'fix.js'), text }, DEADLINE, 'lint and fix');
}

describe('fuzz regressions', function () {
  this.timeout(30_000);

  it('fix all on a Windows stage whose instruction continues over 77k lines (fuzz seed 3221050255)', async () => {
    // The backtick rewrite is one fix of 77k edits; checking its edits against each other pairwise
    // took 27 s in applyFixes (the editor's "Fix all" timed out, CLI --fix hung).
    const text = fixture('fix-all-77k-continuations.Dockerfile');
    const result = await lintAndFixInWorker(text);
    assert.ok(result.rules.includes('windows-backslash-continuation'), result.rules.join(' '));
    assert.ok(result.applied.includes('windows-backslash-continuation'), result.applied.join(' '));
    // Every real continuation became a backtick: one character for one, plus the directive's value.
    assert.ok(result.fixedLength > text.length, `${result.fixedLength} <= ${text.length}`);
  });

  it('thousands of misplaced escape directives above continued lines', async () => {
    // Each misplaced directive made its own pass over the file and its own backtick rewrite, and
    // named what ended the directives by searching all of them per line: 23 s for this 88 KB file,
    // 49 s for the second (4000 active directives above 4000 misplaced ones).
    const continued = '# c\n' + '# escape=`\n'.repeat(4000) + 'FROM x\n' + 'RUN a \\\n b\n'.repeat(4000);
    const result = await lintAndFixInWorker(continued);
    assert.ok(result.applied.includes('escape-directive-misplaced'), result.applied.join(' '));
    const activeFirst = '# syntax=a\n'.repeat(4000) + '\n' + '# escape=`\n'.repeat(4000) + 'FROM x\n';
    const second = await lintAndFixInWorker(activeFirst);
    assert.ok(second.rules.includes('escape-directive-misplaced'), second.rules.join(' '));
  });

  it('applyFixes takes and defers the same fixes as comparing every pair of edits', () => {
    // The pairwise definition the linear check replaced: two edits clash when their order matters.
    type Span = { start: number; end: number };
    const clash = (a: Span, b: Span) => {
      if (a.start === a.end && b.start === b.end) return a.start === b.start;
      if (a.start === a.end) return b.start < a.start && a.start < b.end;
      if (b.start === b.end) return a.start < b.start && b.start < a.end;
      return a.start < b.end && b.start < a.end;
    };
    const text = 'abcdefghij\nklmnopqrst\n';
    const at = (offset: number) => (offset <= 10 ? { line: 0, character: offset } : { line: 1, character: offset - 11 });
    const span = fc.tuple(fc.nat({ max: 21 }), fc.nat({ max: 3 })).map(([start, length]) => ({ start, end: Math.min(21, start + length) }));
    fc.assert(
      fc.property(fc.array(fc.array(span, { minLength: 1, maxLength: 4 }), { maxLength: 8 }), (fixes) => {
        const findings: Finding[] = fixes.map((spans, i) => ({
          rule: `r${i}`,
          severity: 'warning',
          range: { start: at(0), end: at(0) },
          message: 'm',
          fixes: [{ title: 't', preferred: true, edits: spans.map((e) => ({ range: { start: at(e.start), end: at(e.end) }, newText: `${i}` })) }],
        }));
        const taken: Span[] = [];
        const expected: string[] = [];
        for (const [i, spans] of fixes.entries()) {
          const self = spans.some((a, j) => spans.some((b, k) => j < k && clash(a, b)));
          if (self || spans.some((a) => taken.some((b) => clash(a, b)))) continue;
          taken.push(...spans);
          expected.push(`r${i}`);
        }
        const result = applyFixes(text, findings);
        assert.deepEqual(
          result.applied.map((f) => f.rule),
          expected,
        );
        assert.equal(result.applied.length + result.deferred.length, fixes.length);
      }),
      { numRuns: 3000, seed: 31 },
    );
  });
});
