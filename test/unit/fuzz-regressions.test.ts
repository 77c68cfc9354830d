// Inputs the fuzzer (test/fuzz, `npm run bench -- fuzz`) found to hang or crash the server or the
// CLI, each kept in test/unit/fixtures/fuzz as it was saved (or built here in the same shape), and
// run in a worker stopped at a deadline: a regression shows as a timeout, not as a stuck test run.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { applyFixes } from '../../server/src/fix';
import { lint } from '../../server/src/lint';
import { MAX_MESSAGE_LENGTH, maxFixEdits } from '../../server/src/messages';
import { suggest } from '../../server/src/rules/buildkit/common';
import { findRule } from '../../server/src/rules';
import { toDiagnostic } from '../../server/src/features/diagnostics';
import { codeActions } from '../../server/src/features/codeActions';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Rule } from '../../server/src/rules/types';
import { buildCli, runCli } from '../support/cli';
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

  describe('a fix shared by many findings', () => {
    // 200 Windows paths ending in \\ and one RUN continued over 20k lines: each of the 200 findings
    // carried the whole-file backtick rewrite (20k edits), so 124 KB made 4M edits: the CLI's JSON
    // hit V8's string limit (exit 2 after 8 s and 2 GB) and the server's diagnostics were 388 MB.
    const lines = ['FROM mcr.microsoft.com/windows/servercore:ltsc2019'];
    for (let i = 0; i < 200; i++) lines.push('COPY a C:\\x\\', 'EXPOSE 80');
    lines.push('RUN a \\', ...Array.from({ length: 20_000 }, () => '  b \\'), '  c');
    const text = lines.join('\n') + '\n';
    const edits = (findings: readonly Finding[]) => findings.reduce((n, f) => n + f.fixes.reduce((k, fix) => k + fix.edits.length, 0), 0);

    it('lists fixes until their edits reach the budget, and says so in the findings past it', () => {
      const findings = lint(text).filter((f) => f.rule === 'windows-backslash-continuation');
      assert.equal(findings.length, 200);
      const largest = Math.max(...findings.map((f) => edits([f])));
      assert.ok(largest > 20_000, `the rewrite has ${largest} edits`);
      assert.ok(edits(lint(text)) <= maxFixEdits(text.length) + largest, `${edits(lint(text))} edits listed`);
      assert.ok(findings[0].fixes.length > 0, 'the first finding keeps its fix');
      const dropped = findings.filter((f) => f.fixes.length === 0);
      assert.ok(dropped.length > 150, `${dropped.length} findings without their fix`);
      for (const f of dropped) assert.match(f.message, /fix is not listed/);
    });

    it('keeps a long message within its bound when it adds that its fix is not listed (fuzz seed 2366974002)', () => {
      // A NoEmptyContinuation message already at MAX_MESSAGE_LENGTH grew by the note to 1096
      // characters. The rule's fix is one edit per run of lines now, so a rule made for the test
      // stands in: a small fix first, then a long message whose fix is past the budget.
      const source = 'FROM a\n';
      const edit = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'x' };
      const rule: Rule = {
        id: 'test-budget',
        severity: 'warning',
        summary: 's',
        docs: 'd',
        category: 'mission',
        check: () => [
          { range: edit.range, message: 'small', fixes: [{ title: 't', preferred: true, edits: [edit] }] },
          { range: edit.range, message: 'word '.repeat(400), fixes: [{ title: 't', preferred: true, edits: Array.from({ length: maxFixEdits(source.length) }, () => edit) }] },
        ],
      };
      const [, second] = lint(source, { rules: [rule] });
      assert.deepEqual(second.fixes, []);
      assert.match(second.message, /fix is not listed/);
      assert.ok(second.message.length <= MAX_MESSAGE_LENGTH, `a message of ${second.message.length} characters`);
    });

    it('the CLI reports it in JSON', async function () {
      this.timeout(120_000);
      buildCli();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-fuzz-shared-fix-'));
      try {
        fs.writeFileSync(path.join(dir, 'Dockerfile'), text);
        const result = await runCli(['lint', '--format', 'json', 'Dockerfile'], { cwd: dir, timeoutMs: 60_000 });
        assert.equal(result.code, 1, result.stderr.slice(0, 500));
        const listed = JSON.parse(result.stdout) as Array<{ rule: string; fixes: Array<{ edits: unknown[] }> }>;
        assert.equal(listed.filter((f) => f.rule === 'windows-backslash-continuation').length, 200);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('thousands of invalid escape directives at the top (fuzz seed 1381219248)', async () => {
    // Each one counted the escape characters at the ends of all lines again: 3 s for the 7800 of
    // the saved input, more than the deadline for these 32 000 (700 KB).
    const text = '# escape=\\ trailing\r\n'.repeat(32_000) + 'FROM x\r\n';
    const result = await lintAndFixInWorker(text);
    assert.ok(result.rules.includes('escape-directive-invalid'), result.rules.join(' '));
  });

  it('thousands of stages named in mixed case (fuzz seed 2177421204)', async () => {
    // Each such stage looked through every stage and instruction for references to it: 0.6 s for
    // the 4240 of the saved input, more than the deadline for these 20 000 (560 KB).
    const text = 'FROM alpine:3.19 AS Build\nCOPY --from=Build a b\n'.repeat(20_000);
    const result = await lintAndFixInWorker(text);
    assert.ok(result.applied.includes('StageNameCasing'), result.applied.join(' '));
  });

  it('formatting a document of many stages with a comment each, or over the formatter\'s length (fuzz seed 180189104)', async () => {
    // dockerfile-ast (the formatter's parser once) tested every comment against every stage: 16 000
    // of each (176 KB) took 20 s. The model's formatter is one pass over the lines.
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { parseDockerfile } = require(workerData.parser);
      const { formatDocument } = require(workerData.formatting);
      parentPort.postMessage(workerData.texts.map((text) => formatDocument(parseDockerfile(text), { tabSize: 4, insertSpaces: true }).length));`;
    const texts = ['FROM a\n# c\n'.repeat(16_000), 'FROM a\n' + 'CMD ["a", \\\n  "b"]\n'.repeat(40_000), 'FROM a\n  RUN x\n'];
    const edits = await runWithDeadline<number[]>(
      source,
      { parser: path.join(OUT, 'server', 'src', 'dockerfile', 'parser.js'), formatting: path.join(OUT, 'server', 'src', 'features', 'formatting.js'), texts },
      DEADLINE,
      'formatting',
    );
    // The comments stay flush; each of the 40 000 continuation lines is indented; so is the ordinary one.
    assert.deepEqual(edits, [0, 40_000, 1]);
  });

  describe('"did you mean" on a huge variable name (fuzz seeds 4189928200, 1439171230, 2737026699)', () => {
    it('answers at once for a name of 200 000 characters', async () => {
      // The whole edit-distance table of a 150 000-character name against each declared ARG took
      // 1.4 s per finding (UndefinedArgInFrom, UndefinedVar); against a name as long, a 4e10-cell table.
      const source = `
        const { parentPort, workerData } = require('node:worker_threads');
        const { suggest } = require(workerData.common);
        const name = 'x'.repeat(200000);
        parentPort.postMessage([suggest(name, [name + 'y', 'PATH', 'TARGETARCH'], false) === name + 'y', suggest(name, ['y' + name.slice(3)]) === undefined]);`;
      const answers = await runWithDeadline<boolean[]>(source, { common: path.join(OUT, 'server', 'src', 'rules', 'buildkit', 'common.js') }, DEADLINE, 'suggest');
      assert.deepEqual(answers, [true, true]);
    });

    it('suggests what the full table of edit distances suggests', () => {
      // The table the band replaced: optimal string alignment over every cell.
      const full = (a: string, b: string) => {
        const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
        for (let i = 1; i <= a.length; i++) {
          for (let j = 1; j <= b.length; j++) {
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
          }
        }
        return d[a.length][b.length];
      };
      const reference = (value: string, options: string[]) => {
        let best: string | undefined;
        let bestDistance = Infinity;
        for (const option of options) {
          if (option === value) continue;
          const dist = option.toLowerCase() === value.toLowerCase() ? 0.5 : full(value, option);
          if (dist < bestDistance) [best, bestDistance] = [option, dist];
        }
        return best !== undefined && bestDistance <= Math.min(2, Math.max(1, Math.floor(value.length / 4))) ? best : undefined;
      };
      const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', '_'), maxLength: 12 });
      fc.assert(
        fc.property(word, fc.array(word, { maxLength: 6 }), (value, options) => assert.equal(suggest(value, options), reference(value, options))),
        { numRuns: 5000, seed: 17 },
      );
    });
  });

  describe('shapes that overflowed the stack (fuzz seeds 1216086586, 2116905091, 1236970297)', () => {
    // Each threw RangeError: Maximum call stack size exceeded: the CLI exited 2 ("internal error"),
    // the server's fix-all answered nothing. All four fit under the default 1 MiB size limit.
    it('fix all with a fix of 150 000 edits (a misplaced escape directive over a long continuation)', () => {
      // The fix's edits were spread as arguments into one push.
      const text = '# syntax=\r\n# ESCAPE = `\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2019\n' + ' \\\n'.repeat(150_000) + ' x\n';
      const findings = lint(text);
      const result = applyFixes(text, findings);
      assert.ok(result.applied.some((f) => f.rule === 'escape-directive-misplaced'), result.applied.map((f) => f.rule).join(' '));
    });

    it('100 000 ONBUILDs in a row', () => {
      // Each ONBUILD's trigger was parsed by a recursive call.
      const findings = lint('FROM a\n' + 'ONBUILD '.repeat(100_000) + 'RUN x\n');
      assert.ok(findings.some((f) => f.rule === 'parse-error' && /Chaining ONBUILD/.test(f.message)), findings.map((f) => f.rule).join(' '));
    });

    it('one ARG declaring 150 000 names', () => {
      // The declarations were spread as arguments into the stage's list.
      const text = 'FROM a\nARG ' + Array.from({ length: 150_000 }, (_, i) => `a${i.toString(36)}`).join(' ') + '\n';
      assert.ok(text.length < 1024 * 1024);
      const errors: string[] = [];
      lint(text, { onRuleError: (rule, error) => errors.push(`${rule.id}: ${String(error)}`) });
      assert.deepEqual(errors, []);
    });

    it('an ENV of 150 000 escapes in a Windows stage whose path continues the line', () => {
      // The backtick rewrite spread the instruction's escape edits as arguments into one push.
      const text = 'FROM mcr.microsoft.com/windows/servercore:ltsc2019\nCOPY a C:\\x\\\nENV A=' + '\\$'.repeat(150_000) + '\n';
      const errors: string[] = [];
      const findings = lint(text, { onRuleError: (rule, error) => errors.push(`${rule.id}: ${String(error)}`) });
      assert.deepEqual(errors, []);
      assert.ok(findings.some((f) => f.rule === 'windows-backslash-continuation' && f.fixes.length > 0));
    });
  });

  describe('a continuation over 100 000 empty lines (fuzz seed 1701813922)', () => {
    // NoEmptyContinuation's fix deleted each empty line in its own edit, and each diagnostic carried
    // its fixes: the light bulb sent 10 MB back and forth and took 5 s.
    const text = 'FROM a\nRUN a \\\n' + '\n'.repeat(100_000) + ' b\n';

    it('removes a run of empty lines in one edit', () => {
      const [finding] = lint(text).filter((f) => f.rule === 'NoEmptyContinuation');
      assert.equal(finding.fixes[0].edits.length, 1);
      assert.equal(applyFixes(text, [finding]).text, 'FROM a\nRUN a \\\n b\n');
    });

    it('removes empty lines that end the file, which one edit per line made overlap', () => {
      // The last line, blank but for spaces, has no line break of its own: its deletion took the
      // break before it, which the deletion of the line above took too, so the fix never applied.
      const end = 'FROM a\nRUN a \\\n\n  ';
      const findings = lint(end).filter((f) => f.rule === 'NoEmptyContinuation');
      const result = applyFixes(end, findings);
      assert.deepEqual(result.applied.map((f) => f.rule), ['NoEmptyContinuation']);
      assert.equal(result.text, 'FROM a\nRUN a \\');
    });

    it('keeps a large fix out of the diagnostic, and the code action still offers it', () => {
      const model = parseDockerfile(text);
      // A large fix: the backtick rewrite of 5000 continued lines in a Windows stage.
      const windows = parseDockerfile('FROM mcr.microsoft.com/windows/servercore:ltsc2019\nCOPY a C:\\x\\\nRUN a \\\n' + ' b \\\n'.repeat(5000) + ' c\n');
      const findings = lint(windows);
      const big = findings.find((f) => f.rule === 'windows-backslash-continuation');
      assert.ok(big !== undefined && big.fixes[0].edits.length > 1000);
      const diagnostic = toDiagnostic(big, findRule(big.rule));
      assert.ok(JSON.stringify(diagnostic).length < 2000, `a diagnostic of ${JSON.stringify(diagnostic).length} characters`);
      const document = TextDocument.create('file:///Dockerfile', 'dockerfile', 1, windows.text);
      const actions = codeActions({ document, model: windows, findings, params: { textDocument: { uri: document.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }, versionedEdits: false });
      const fix = actions.find((a) => a.isPreferred === true);
      assert.equal(fix?.edit?.changes?.[document.uri].length, big.fixes[0].edits.length);
      assert.ok(model.lines.length > 100_000);
    });
  });

  it('a .dockerignore pattern with a long run of Unicode spaces inside it (fuzz seed 662310609)', async () => {
    // The trailing-space RegExp retried the run from each of its characters: 13 000 U+2029 took
    // 0.37 s; these 300 000 (a 900 KB file, under the size limit) would take minutes.
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { parseDockerignore } = require(workerData.dockerignore);
      parentPort.postMessage(parseDockerignore(workerData.text).map((p) => p.pattern.length));`;
    const text = 'a\n?/..\u00d2' + '\u2029'.repeat(300_000) + '\ufffd\n \u3000b\u2028\n';
    const lengths = await runWithDeadline<number[]>(source, { dockerignore: path.join(OUT, 'shared', 'dockerignore.js'), text }, DEADLINE, 'parseDockerignore');
    // The spaces inside the pattern stay; those around `b` go, as Go's strings.TrimSpace takes them.
    assert.deepEqual(lengths, [1, 300_006, 1]);
  });

  it('a long run of spaces inside a line of a Windows stage that the backtick rewrite reads', async () => {
    // Found beside the one above: the rewrite trimmed each line with /[ \t]+$/, quadratic in a run
    // of spaces followed by a word (80 000 took 2.7 s; these 300 000 would take about 40 s).
    const text = 'FROM mcr.microsoft.com/windows/servercore:ltsc2019\nCOPY a C:\\x\\\nEXPOSE 80\nRUN a' + ' '.repeat(300_000) + 'b\n';
    const result = await lintAndFixInWorker(text);
    assert.ok(result.applied.includes('windows-backslash-continuation'), result.applied.join(' '));
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
