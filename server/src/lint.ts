// The linter: one parse, every rule, then the user's severities and ignore comments.
// Pure: text and context in, findings out. The language server and the CLI both call this.
import { instructionAt, parseDockerfile } from './dockerfile/parser';
import { expansionBudget, withExpansionBudget } from './dockerfile/lexer';
import type { DockerfileModel } from './dockerfile/model';
import { dockerfileRules } from './rules/dockerfileRules';
import { FIX_NOT_LISTED, MAX_FINDINGS_PER_RULE, boundMessage, maxFixEdits, moreFindingsMessage } from './messages';
import { type AnyRule, type Finding, type Fix, type LintContext, type Rule, type Severity, isComposeRule } from './rules/types';
import type { RuleSeverityOverrides } from '../../shared/protocol';
import { fileCheckConfig, instructionCheckConfigs, type CheckConfig } from './check-directive';
import type { LintMemory } from './lintMemory';
import { runToEnd } from './steps';

export interface LintOptions extends Partial<LintContext> {
  /** Rule id -> severity or `off`. */
  severities?: RuleSeverityOverrides;
  /** Defaults to the registry's Dockerfile rules; compose rules in the list are passed over. */
  rules?: readonly AnyRule[];
  /**
   * The document's memory of its last lint: rules of scope `instruction` then check only the
   * instructions that changed since (lintMemory.ts). The findings are the same either way.
   */
  memory?: LintMemory;
  /** Called when a rule throws; the other rules still run. */
  onRuleError?: (rule: Rule, error: unknown) => void;
}

// The group starts at the first non-space, or is the one character `\s*` gives back: the same match
// as `\s*(.+)$`, without retrying every split of a long run of spaces (quadratic).
export const IGNORE = /^docker-workbench\s+ignore\s*=\s*(\S.*|.)$/i;

export function lint(input: string | DockerfileModel, options: LintOptions = {}): Finding[] {
  return runToEnd(lintSteps(input, options));
}

/**
 * The lint, one rule per step (a rule with `steps`, one step per part): it yields after each and
 * returns the findings. lint() runs the steps in one go; the language server runs a large
 * document's steps in slices, so that requests are answered between them and a lint made stale by
 * a newer edit is dropped part-way.
 */
export function* lintSteps(input: string | DockerfileModel, options: LintOptions = {}): Generator<void, Finding[]> {
  const model = typeof input === 'string' ? parseDockerfile(input) : input;
  const context: LintContext = { host: options.host ?? {}, dockerignore: options.dockerignore, imageEnv: options.imageEnv };
  const ignored = ignoreComments(model);
  const checks = fileCheckConfig(model);
  let local: Map<number, CheckConfig> | undefined;
  const findings: Finding[] = [];
  // The rules' expansions share one budget of work, linear in the file's length (see budget.ts).
  const budget = expansionBudget(model.text.length);
  options.memory?.begin(model);
  for (const rule of options.rules ?? dockerfileRules) {
    if (isComposeRule(rule)) continue;
    const buildkitName = rule.category === 'buildkit' ? (rule.buildkitName ?? rule.id) : undefined;
    if (buildkitName !== undefined && skips(checks, buildkitName)) continue;
    // `error=true` above one instruction changes nothing: BuildKit asks only the file's
    // configuration whether violations fail the build.
    const override = options.severities?.[rule.id] ?? (buildkitName !== undefined && checks.error ? 'error' : undefined);
    if (override === 'off') continue;
    let reports;
    try {
      const memory = rule.scope === 'instruction' ? options.memory : undefined;
      if (memory === undefined && rule.steps !== undefined) {
        // A rule that works in parts: a lint step each (the budget is the lint's, across them).
        const parts = rule.steps(model, context);
        for (;;) {
          const part = withExpansionBudget(budget, () => parts.next());
          if (part.done === true) {
            reports = part.value;
            break;
          }
          yield;
        }
      } else {
        reports = withExpansionBudget(budget, () => (memory !== undefined ? memory.check(rule, model, context) : rule.check(model, context)));
      }
    } catch (error) {
      // A rule bug must never take a document (or the server) down with it.
      options.onRuleError?.(rule, error);
      continue;
    }
    const ofRule: Finding[] = [];
    for (const report of reports) {
      if (isIgnored(model, ignored, rule.id, report.range.start.line)) continue;
      if (buildkitName !== undefined && !FILE_LEVEL_CHECKS.has(buildkitName)) {
        local ??= instructionCheckConfigs(model);
        const config = local.size > 0 ? local.get(instructionAt(model, report.checkScopeLine ?? report.range.start.line)?.startLine ?? -1) : undefined;
        if (config && skips(config, buildkitName)) continue;
      }
      ofRule.push({
        rule: rule.id,
        severity: override ?? report.severity ?? rule.severity,
        range: report.range,
        message: report.message,
        fixes: report.fixes ?? [],
      });
    }
    for (const finding of capped(ofRule)) {
      // Made just above, so ours to change.
      finding.message = boundMessage(finding.message);
      finding.fixes = boundTitles(finding.fixes);
      findings.push(finding);
    }
    yield;
  }
  options.memory?.commit();
  return boundFixEdits(findings.sort(byPosition), model.text.length);
}

/** Drops the fixes of findings past the file's budget of edits (see maxFixEdits). */
export function boundFixEdits(findings: Finding[], textLength: number): Finding[] {
  const budget = maxFixEdits(textLength);
  let listed = 0;
  for (const finding of findings) {
    const edits = finding.fixes.reduce((n, fix) => n + fix.edits.length, 0);
    if (edits === 0) continue;
    if (listed > 0 && listed + edits > budget) {
      finding.fixes = [];
      // Bound again: the note must not take a long message past MAX_MESSAGE_LENGTH (the end, where it sits, is kept).
      finding.message = boundMessage(finding.message + FIX_NOT_LISTED);
      continue;
    }
    listed += edits;
  }
  return findings;
}

export function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/**
 * One rule's findings in a file: the first MAX_FINDINGS_PER_RULE by position, then one finding,
 * where the rest begin and as severe as the worst of them, that counts them.
 */
export function capped(ofRule: Finding[]): Finding[] {
  if (ofRule.length <= MAX_FINDINGS_PER_RULE) return ofRule;
  const sorted = [...ofRule].sort(byPosition);
  const rest = sorted.slice(MAX_FINDINGS_PER_RULE);
  const severity = rest.reduce<Severity>((worst, f) => (SEVERITY_RANK[f.severity] < SEVERITY_RANK[worst] ? f.severity : worst), 'hint');
  return [
    ...sorted.slice(0, MAX_FINDINGS_PER_RULE),
    { rule: rest[0].rule, severity, range: rest[0].range, message: moreFindingsMessage(rest[0].rule, rest.length), fixes: [] },
  ];
}

/** Fix titles quote the file as messages do; the array is kept when nothing needs cutting. */
export function boundTitles(fixes: Fix[]): Fix[] {
  return fixes.some((f) => boundMessage(f.title) !== f.title) ? fixes.map((f) => ({ ...f, title: boundMessage(f.title) })) : fixes;
}

/** BuildKit runs these with the file's configuration only, never an instruction's comments. */
const FILE_LEVEL_CHECKS: ReadonlySet<string> = new Set(['NoEmptyContinuation']);

function skips(config: CheckConfig, name: string): boolean {
  return config.skipAll || config.skip.has(name);
}

/** Line -> rule ids silenced by a `# docker-workbench ignore=...` comment on that line. */
function ignoreComments(model: DockerfileModel): Map<number, Set<string>> {
  const map = new Map<number, Set<string>>();
  for (const comment of model.comments) {
    const m = IGNORE.exec(comment.text);
    if (m) map.set(comment.line, new Set(m[1].split(/[\s,]+/).filter(Boolean)));
  }
  return map;
}

function isIgnored(model: DockerfileModel, ignored: Map<number, Set<string>>, id: string, line: number): boolean {
  if (ignored.size === 0) return false;
  const silences = (l: number) => {
    const ids = ignored.get(l);
    return ids !== undefined && (ids.has(id) || ids.has('*') || ids.has('all'));
  };
  if (silences(line - 1)) return true;
  // A finding inside a multi-line instruction is silenced by the comment above the instruction.
  const instruction = instructionAt(model, line);
  return instruction !== undefined && instruction.startLine !== line && silences(instruction.startLine - 1);
}
