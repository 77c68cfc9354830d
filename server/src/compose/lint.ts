// The compose linter: one parse, every compose rule, then the user's severities and ignore comments
// (`# docker-workbench ignore=RULE` on the line above, as in a Dockerfile; YAML comments start
// with `#` too). Pure: text and context in, findings out; the server and the CLI both call it.
import { composeRules } from '../rules/compose';
import { type AnyRule, type ComposeLintContext, type Finding, isComposeRule, type RuleInfo } from '../rules/types';
import type { RuleSeverityOverrides } from '../../../shared/protocol';
import { IGNORE, boundFixEdits, boundTitles, byPosition, capped } from '../lint';
import { boundMessage } from '../messages';
import { type ComposeModel, parseCompose } from './model';

export interface ComposeLintOptions extends Partial<ComposeLintContext> {
  severities?: RuleSeverityOverrides;
  /** Defaults to the registry's compose rules; Dockerfile rules in the list are passed over. */
  rules?: readonly AnyRule[];
  onRuleError?: (rule: RuleInfo, error: unknown) => void;
}

export function lintCompose(input: string | ComposeModel, options: ComposeLintOptions = {}): Finding[] {
  const model = typeof input === 'string' ? parseCompose(input) : input;
  const context: ComposeLintContext = { host: options.host ?? {}, schema: options.schema, path: options.path, files: options.files, otherServices: options.otherServices };
  const ignored = ignoreComments(model);
  const findings: Finding[] = [];
  for (const rule of options.rules ?? composeRules) {
    if (!isComposeRule(rule)) continue;
    const override = options.severities?.[rule.id];
    if (override === 'off') continue;
    let reports;
    try {
      reports = rule.check(model, context);
    } catch (error) {
      options.onRuleError?.(rule, error);
      continue;
    }
    const ofRule: Finding[] = [];
    for (const report of reports) {
      const ids = ignored.get(report.range.start.line - 1);
      if (ids !== undefined && (ids.has(rule.id) || ids.has('*') || ids.has('all'))) continue;
      ofRule.push({ rule: rule.id, severity: override ?? report.severity ?? rule.severity, range: report.range, message: report.message, fixes: report.fixes ?? [] });
    }
    for (const finding of capped(ofRule)) {
      finding.message = boundMessage(finding.message);
      finding.fixes = boundTitles(finding.fixes);
      findings.push(finding);
    }
  }
  return boundFixEdits(findings.sort(byPosition), model.text.length);
}

function ignoreComments(model: ComposeModel): Map<number, Set<string>> {
  const map = new Map<number, Set<string>>();
  for (const comment of model.comments) {
    const m = IGNORE.exec(comment.text);
    if (m) map.set(comment.line, new Set(m[1].split(/[\s,]+/).filter(Boolean)));
  }
  return map;
}
