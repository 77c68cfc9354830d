// BuildKit's own lint tests (dockerfile_check_test.go, kept as data outside the repository): for every
// included case, our findings of BuildKit checks must equal BuildKit's (rule, line) multiset, and we
// must report an error exactly where BuildKit's lint result carries one. The README beside the data
// says how the cases were extracted and why the excluded ones are left out.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { lint } from '../../server/src/lint';
import { findRule, rules } from '../../server/src/rules';
import type { Finding } from '../../server/src/rules/types';
import { conformanceAvailable, conformanceMissingMessage, conformancePath, describeFinding, multisetDiff, readConformanceJson, tally } from './support';

interface ExpectedWarning {
  rule: string;
  line: number;
}

interface LintCase {
  name: string;
  expected: ExpectedWarning[];
  dockerignore?: boolean;
  buildArgs?: Record<string, string>;
  buildkitLintError?: string;
  included: boolean;
  excludeClass?: string;
  excludeReason?: string;
}

interface LintExpectations {
  buildkitRules: string[];
  cases: LintCase[];
}

/** The whole lint half must stay far below the tier's 2 s budget; this is its share. */
const LINT_BUDGET_MS = 1000;

const available = conformanceAvailable();
const expectations: LintExpectations | undefined = available ? readConformanceJson<LintExpectations>('lint', 'expectations.json') : undefined;

function key(rule: string, line: number): string {
  return `${rule}@${line}`;
}

/** Every way our lint of one case differs from BuildKit's; empty when they agree. */
function disagreements(c: LintCase, findings: Finding[]): string[] {
  const ours: string[] = [];
  for (const f of findings) {
    const name = findRule(f.rule)?.buildkitName;
    if (name !== undefined) ours.push(key(name, f.range.start.line + 1));
  }
  const out = multisetDiff(
    ours,
    c.expected.map((w) => key(w.rule, w.line)),
    'BuildKit only',
  );
  const errors = findings.filter((f) => f.severity === 'error');
  if (c.buildkitLintError === undefined) {
    for (const f of errors) out.push(`error where BuildKit's lint result has none: ${describeFinding(f)}`);
  } else if (errors.length === 0) {
    out.push(`no error of ours, but BuildKit's lint result fails: ${c.buildkitLintError}`);
  }
  return out;
}

describe('conformance: BuildKit lint cases', function () {
  let lintMs = 0;

  if (!expectations) {
    it('needs the BuildKit conformance data', function () {
      console.log(`    ${conformanceMissingMessage}`);
      this.skip();
    });
    return;
  }

  it('implements every BuildKit check the included cases expect', () => {
    const implemented = new Set(rules.flatMap((r) => (r.buildkitName !== undefined ? [r.buildkitName] : [])));
    const named = new Set(expectations.cases.filter((c) => c.included).flatMap((c) => c.expected.map((w) => w.rule)));
    assert.ok(named.size > 0, 'no included case expects a warning');
    for (const name of named) {
      assert.ok(expectations.buildkitRules.includes(name), `${name} is not one of BuildKit's rules`);
      assert.ok(implemented.has(name), `no rule of ours is BuildKit's ${name}`);
    }
  });

  describe('excluded cases keep their reason', () => {
    for (const c of expectations.cases.filter((x) => !x.included)) {
      it(c.name, () => {
        assert.equal(typeof c.excludeReason, 'string', `${c.name} is excluded without an excludeReason`);
        assert.ok((c.excludeReason ?? '').trim().length > 0, `${c.name} is excluded with an empty excludeReason`);
      });
    }
  });

  describe('included cases agree', () => {
    for (const c of expectations.cases.filter((x) => x.included)) {
      it(c.name, () => {
        tally.lint.total++;
        const dir = ['lint', 'cases', c.name];
        const text = readFileSync(conformancePath(...dir, 'Dockerfile'), 'utf8');
        const ignorePath = conformancePath(...dir, '.dockerignore');
        const dockerignore = existsSync(ignorePath) ? readFileSync(ignorePath, 'utf8') : undefined;
        if (c.dockerignore) assert.ok(dockerignore !== undefined, `${c.name} should have a .dockerignore`);
        // Build args are not an input of ours: BuildKit's checks that the cases exercise use the
        // Dockerfile's ARG defaults only (InvalidDefaultArgInFrom), and the two cases whose build
        // args change the checks (BUILDKIT_DOCKERFILE_CHECK) are excluded.
        const started = performance.now();
        const findings = lint(text, { dockerignore });
        lintMs += performance.now() - started;
        const diff = disagreements(c, findings);
        assert.ok(diff.length === 0, `${c.name} disagrees with BuildKit:\n  ${diff.join('\n  ')}\nour findings:\n  ${findings.map(describeFinding).join('\n  ')}`);
        tally.lint.agree++;
      });
    }
  });

  // A suite of its own so it runs after the cases (mocha runs a suite's own tests before its children).
  describe('speed', () => {
    it('lints every included case within its time budget', () => {
      assert.ok(tally.lint.total > 0, 'no case was linted');
      console.log(`    linting ${tally.lint.total} cases took ${lintMs.toFixed(0)} ms`);
      assert.ok(lintMs < LINT_BUDGET_MS, `linting the cases took ${lintMs.toFixed(0)} ms (budget ${LINT_BUDGET_MS} ms)`);
    });
  });
});
