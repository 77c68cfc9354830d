// SARIF 2.1.0, the shape code-scanning services (GitHub, Azure DevOps) ingest. Every registered
// rule is listed in the driver so a result's ruleIndex stays valid whatever fired.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Range } from '../dockerfile/model';
import type { RuleInfo as Rule, Severity } from '../rules/types';
import type { FileReport } from './formats';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

export interface ToolInfo {
  name: string;
  version: string;
  informationUri: string;
}

type SarifLevel = 'error' | 'warning' | 'note';

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
  index?: number;
}

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

export function formatSarif(reports: readonly FileReport[], rules: readonly Rule[], tool: ToolInfo, cwd: string): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = [];
  // Every file linted is an artifact, clean ones included: the log then says what was checked.
  const artifacts = reports.map((report) => ({ location: locate(report, cwd), roles: ['analysisTarget'] }));
  for (const [index, report] of reports.entries()) {
    const artifactLocation = { ...locate(report, cwd), index };
    for (const f of report.findings) {
      const rule = ruleIndex.get(f.rule);
      results.push({
        ruleId: f.rule,
        ...(rule !== undefined ? { ruleIndex: rule } : {}),
        level: sarifLevel(f.severity),
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation, region: region(f.range) } }],
        ...(f.fixes.length > 0
          ? {
              fixes: f.fixes.map((fix) => ({
                description: { text: fix.title },
                artifactChanges: [
                  {
                    artifactLocation,
                    replacements: fix.edits.map((e) => ({
                      deletedRegion: region(e.range),
                      insertedContent: { text: e.newText },
                    })),
                  },
                ],
              })),
            }
          : {}),
      });
    }
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: tool.name,
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: tool.informationUri,
            rules: rules.map(describeRule),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        artifacts,
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function describeRule(rule: Rule) {
  return {
    id: rule.id,
    ...(rule.buildkitName !== undefined ? { name: rule.buildkitName } : {}),
    shortDescription: { text: rule.summary },
    fullDescription: { text: firstParagraph(rule.docs) || rule.summary },
    help: { text: rule.docs || rule.summary, markdown: rule.docs || rule.summary },
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: { category: rule.category },
  };
}

/** Files under the working folder get a relative URI against %SRCROOT%, so the log is portable. */
function locate(report: FileReport, cwd: string): ArtifactLocation {
  if (report.absolutePath === undefined) return { uri: 'stdin' };
  const relative = path.relative(cwd, report.absolutePath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return { uri: pathToFileURL(report.absolutePath).href };
  }
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(range: Range): SarifRegion {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** Plain text of the docs' first paragraph (headings skipped): the part a code-scanning list shows. */
function firstParagraph(markdown: string): string {
  const paragraphs = markdown.trim().split(/\n\s*\n/);
  const prose = paragraphs.find((p) => !/^\s*#/.test(p)) ?? '';
  return prose
    .replace(/`/g, '')
    .replace(/\*\*/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
