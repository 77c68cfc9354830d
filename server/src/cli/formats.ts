// The text and JSON faces of a lint run. Positions go out 1-based (line and UTF-16 column, end
// column exclusive), as editors and CI annotations count them.
import type { Range } from '../dockerfile/model';
import type { Finding, RuleInfo as Rule, Severity } from '../rules/types';
import { terminalSafe } from './terminal';

export interface FileReport {
  /** As shown to the user: relative to the working folder when inside it. */
  displayPath: string;
  absolutePath: string | undefined;
  findings: Finding[];
  /** Findings fixed by --fix. */
  fixed: number;
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  rule: string;
  message: string;
  fixes: Array<{ title: string; preferred: boolean; edits: JsonEdit[] }>;
}

export interface JsonEdit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

export function oneBased(range: Range): { line: number; column: number; endLine: number; endColumn: number } {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

export function formatJson(reports: readonly FileReport[]): string {
  const out: JsonFinding[] = [];
  for (const report of reports) {
    for (const f of report.findings) {
      out.push({
        file: report.displayPath,
        ...oneBased(f.range),
        severity: f.severity,
        rule: f.rule,
        message: f.message,
        fixes: f.fixes.map((fix) => ({
          title: fix.title,
          preferred: fix.preferred === true,
          edits: fix.edits.map((e) => ({ ...oneBased(e.range), newText: e.newText })),
        })),
      });
    }
  }
  return JSON.stringify(out, null, 2) + '\n';
}

const COLORS: Record<Severity | 'path' | 'dim' | 'bold', string> = {
  error: '\x1b[31m',
  warning: '\x1b[33m',
  info: '\x1b[36m',
  hint: '\x1b[2m',
  path: '\x1b[4m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
};
const RESET = '\x1b[0m';

/**
 * One finding per line, `path:line:col: severity rule: message`, files apart, then a summary.
 * Paths and messages may hold what the file holds: control characters are shown escaped.
 */
export function formatText(reports: readonly FileReport[], color: boolean): string {
  const paint = (style: keyof typeof COLORS, s: string) => (color ? COLORS[style] + s + RESET : s);
  const blocks: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let fixed = 0;
  let filesWithFindings = 0;
  for (const report of reports) {
    fixed += report.fixed;
    if (report.findings.length === 0) continue;
    filesWithFindings++;
    const lines = report.findings.map((f) => {
      counts[f.severity]++;
      const where = `${report.displayPath}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
      return `${paint('path', terminalSafe(where))}: ${paint(f.severity, f.severity)} ${paint('dim', f.rule)}: ${terminalSafe(f.message)}`;
    });
    blocks.push(lines.join('\n'));
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  const fileCount = plural(reports.length, 'file');
  let summary =
    total === 0
      ? `No problems in ${fileCount}.`
      : `${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ` +
        `${counts.info} info, ${plural(counts.hint, 'hint')}) in ${plural(filesWithFindings, 'file')} of ${reports.length} checked.`;
  if (fixed > 0) summary = `Fixed ${plural(fixed, 'problem')}. ${summary}`;
  blocks.push(paint('bold', summary));
  return blocks.join('\n\n') + '\n';
}

export function formatRulesText(rules: readonly Rule[]): string {
  if (rules.length === 0) return 'No rules are registered.\n';
  const idWidth = Math.max(...rules.map((r) => r.id.length));
  const sevWidth = Math.max(...rules.map((r) => r.severity.length));
  return rules.map((r) => `${r.id.padEnd(idWidth)}  ${r.severity.padEnd(sevWidth)}  ${r.summary}`).join('\n') + '\n';
}

export function formatRulesJson(rules: readonly Rule[]): string {
  const out = rules.map((r) => ({
    id: r.id,
    severity: r.severity,
    category: r.category,
    ...(r.buildkitName !== undefined ? { buildkitName: r.buildkitName } : {}),
    summary: r.summary,
  }));
  return JSON.stringify(out, null, 2) + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
