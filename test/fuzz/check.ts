// The in-process path: one input through lint() and the editor features as plain functions (the
// same code the server runs, without the protocol), checking what must hold whatever the text:
// nothing throws, no rule fails, every finding's range lies inside the document, messages are
// non-empty and bounded, the preferred fixes apply and re-lint cleanly, and the .dockerignore
// matcher answers. Each step is timed; the caller judges the times.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from '../../server/src/features/codeActions';
import { completion } from '../../server/src/features/completion';
import { toDiagnostic } from '../../server/src/features/diagnostics';
import { formatDocument } from '../../server/src/features/formatting';
import { hover } from '../../server/src/features/hover';
import { readingOf } from '../../server/src/features/reading';
import { documentSymbols, foldingRanges } from '../../server/src/features/symbols';
import { documentLinks } from '../../server/src/features/documentLinks';
import { semanticTokens, TOKEN_TYPES } from '../../server/src/features/semanticTokens';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import type { DockerfileModel, Range } from '../../server/src/dockerfile/model';
import { applyFixes } from '../../server/src/fix';
import { lint } from '../../server/src/lint';
import { MAX_FINDINGS_PER_RULE, MAX_MESSAGE_LENGTH } from '../../server/src/messages';
import { findRule } from '../../server/src/rules';
import type { Finding } from '../../server/src/rules/types';
import { isIgnored, matchInWalk, parseDockerignore, type ParentMatches } from '../../shared/dockerignore';
import type { HostContext } from '../../shared/protocol';
import { HOSTS, type FuzzInput } from './inputs';
import { Random } from './random';

export interface CheckResult {
  /** What broke an invariant or threw, one line each; empty when all held. */
  problems: string[];
  /** The slowest step and its time. */
  slowest: { step: string; ms: number };
}

/** Positions the features are asked about: starts and ends of lines, inside words, past the end. */
export function probePositions(lines: readonly string[], seed: number, count: number): Array<{ line: number; character: number }> {
  const r = new Random(seed ^ 0x5bd1e995);
  const out = [];
  for (let i = 0; i < count; i++) {
    const line = lines.length === 0 ? 0 : r.int(0, lines.length - 1);
    const len = lines[line]?.length ?? 0;
    out.push({ line, character: r.pick([0, len, r.int(0, len), Math.min(len, 1), len + 3]) });
  }
  return out;
}

export type Timings = Record<string, { count: number; ms: number; max: number }>;

/** Checks one input; `timings`, when given, gathers the time of each step. */
export function checkInput(input: FuzzInput, timings?: Timings): CheckResult {
  const problems: string[] = [];
  let slowest = { step: '', ms: 0 };
  const step = <T>(name: string, fn: () => T): T | undefined => {
    const start = performance.now();
    try {
      return fn();
    } catch (error) {
      problems.push(`${name} threw: ${describe(error)}`);
      return undefined;
    } finally {
      const ms = performance.now() - start;
      if (ms > slowest.ms) slowest = { step: name, ms };
      if (timings !== undefined) {
        const t = (timings[name] ??= { count: 0, ms: 0, max: 0 });
        t.count++;
        t.ms += ms;
        t.max = Math.max(t.max, ms);
      }
    }
  };
  const host = HOSTS[input.host] as HostContext;
  const ruleErrors: string[] = [];
  const onRuleError = (rule: { id: string }, error: unknown) => ruleErrors.push(`rule ${rule.id} threw: ${describe(error)}`);

  const model = step('parse', () => parseDockerfile(input.text));
  if (model === undefined) return { problems, slowest };
  const findings = step('lint', () => lint(model, { host, dockerignore: input.dockerignore, onRuleError })) ?? [];
  problems.push(...ruleErrors.splice(0), ...findingProblems(model, findings));

  const fixed = step('applyFixes', () => applyFixes(input.text, findings).text);
  if (fixed !== undefined && fixed !== input.text) {
    step('lint after fixes', () => lint(fixed, { host, dockerignore: input.dockerignore, onRuleError }));
    problems.push(...ruleErrors.splice(0).map((e) => `after fixes: ${e}`));
  }

  const document = TextDocument.create('file:///fuzz/Dockerfile', 'dockerfile', 1, input.text);
  for (const position of probePositions(model.lines, input.seed, 3)) {
    step('hover', () => hover(model, position, host, findings));
    step('completion', () => completion(model, position, { host, snippets: true }));
  }
  step('documentSymbols', () => documentSymbols(model));
  step('foldingRanges', () => foldingRanges(model));
  step('formatting', () => formatDocument(model, { tabSize: 4, insertSpaces: true }));
  const tokens = step('semanticTokens', () => semanticTokens(model));
  if (tokens !== undefined) problems.push(...tokenProblems(model, tokens));
  const links = step('documentLinks', () => documentLinks(model));
  for (const link of links ?? []) {
    const { start, end } = link.range;
    if (start.line !== end.line || end.character > (model.lines[start.line]?.length ?? -1) || start.character >= end.character) problems.push(`document link ${JSON.stringify(link.range)} is not one span of one line`);
    if (!/^https:\/\/[a-z.]+\/\S+$/.test(link.target ?? '')) problems.push(`document link target ${JSON.stringify(link.target)} is not an https page`);
  }
  step('reading', () => readingOf(document, model, host));
  const diagnostics = findings.slice(0, 20).map((f) => toDiagnostic(f, findRule(f.rule)));
  step('codeActions', () =>
    codeActions({
      document,
      model,
      findings,
      params: { textDocument: { uri: document.uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics } },
      versionedEdits: true,
    }),
  );

  if (input.dockerignore !== undefined) {
    const patterns = step('parseDockerignore', () => parseDockerignore(input.dockerignore as string));
    if (patterns !== undefined) {
      for (const p of input.contextPaths ?? []) {
        step('isIgnored', () => isIgnored(patterns, p));
        // The walk's way: each folder's matches handed down to its entries.
        step('matchInWalk', () => {
          let parent: ParentMatches | undefined;
          const parts = p.split('/');
          for (let i = 1; i <= parts.length; i++) parent = matchInWalk(patterns, parts.slice(0, i).join('/'), parent).matches;
        });
      }
    }
  }
  return { problems, slowest };
}

/** Semantic tokens: whole tokens, in order, each inside one line, none over another, types of the legend. */
export function tokenProblems(model: DockerfileModel, data: readonly number[]): string[] {
  if (data.length % 5 !== 0) return [`semantic tokens: ${data.length} numbers is not whole tokens`];
  let line = 0;
  let character = 0;
  let end = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [dl, dc, length, type] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
    if (dl < 0 || dc < 0 || length <= 0 || type < 0 || type >= TOKEN_TYPES.length) return [`semantic token ${i / 5}: ${data.slice(i, i + 5).join(',')} is malformed`];
    if (dl === 0 && dc + character < end) return [`semantic token ${i / 5} overlaps the one before it`];
    line += dl;
    character = dl === 0 ? character + dc : dc;
    end = character + length;
    if (end > (model.lines[line]?.length ?? -1)) return [`semantic token ${i / 5} at ${line}:${character} (length ${length}) runs past its line`];
  }
  return [];
}

/** What every finding must satisfy, as the editor and the CLI's readers rely on it. */
export function findingProblems(model: DockerfileModel, findings: readonly Finding[]): string[] {
  const problems: string[] = [];
  const perRule = new Map<string, number>();
  const inside = (range: Range) => {
    const { start, end } = range;
    const ok = (p: { line: number; character: number }) =>
      Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0 && p.line < Math.max(1, model.lines.length) && p.character <= (model.lines[p.line]?.length ?? 0);
    return ok(start) && ok(end) && (end.line > start.line || (end.line === start.line && end.character >= start.character));
  };
  for (const f of findings) {
    perRule.set(f.rule, (perRule.get(f.rule) ?? 0) + 1);
    const at = `${f.rule} at ${f.range.start.line}:${f.range.start.character}`;
    if (!inside(f.range)) problems.push(`${at}: range ${JSON.stringify(f.range)} is not inside the document (${model.lines.length} lines)`);
    if (f.message.trim() === '') problems.push(`${at}: empty message`);
    if (f.message.length > MAX_MESSAGE_LENGTH) problems.push(`${at}: message of ${f.message.length} characters (bound ${MAX_MESSAGE_LENGTH})`);
    for (const fix of f.fixes) {
      if (fix.title.length > MAX_MESSAGE_LENGTH) problems.push(`${at}: fix title of ${fix.title.length} characters`);
      for (const e of fix.edits) if (!inside(e.range)) problems.push(`${at}: fix "${fix.title.slice(0, 60)}" edits outside the document ${JSON.stringify(e.range)}`);
    }
  }
  for (const [rule, n] of perRule) {
    // The cap lists MAX findings and one more that counts the rest.
    if (n > MAX_FINDINGS_PER_RULE + 1) problems.push(`${rule}: ${n} findings (cap ${MAX_FINDINGS_PER_RULE} + 1)`);
  }
  return problems;
}

export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 300)}${error.stack ? `\n${error.stack.split('\n').slice(1, 6).join('\n')}` : ''}`;
  return String(error).slice(0, 300);
}
