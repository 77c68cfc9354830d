// Code actions: each diagnostic's fixes as quick fixes, "Ignore RULE for this line", and a
// "Fix all" source action that applies every preferred fix at once.
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DockerfileModel, Instruction } from '../dockerfile/model';
import type { Finding, Fix, TextEdit } from '../rules/types';
import { applyFixes, preferredFix } from '../fix';
import { diagnosticData } from './diagnostics';
import { Memo } from '../dockerfile/memo';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.docker-workbench`;
const IGNORE_PREFIX = '# docker-workbench ignore=';
const IGNORE_LINE = /^\s*#\s*docker-workbench\s+ignore\s*=/i;

export interface CodeActionInput {
  document: TextDocument;
  /** What the ignore comment and line endings need; a compose file gives the same shape. */
  model: Pick<DockerfileModel, 'directives' | 'instructions' | 'lines' | 'eol'>;
  /** Findings of exactly this document version. */
  findings: readonly Finding[];
  params: CodeActionParams;
  /** Whether the client takes versioned `documentChanges` (they refuse to apply to a newer text). */
  versionedEdits: boolean;
}

export function codeActions(input: CodeActionInput): CodeAction[] {
  const { params } = input;
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (wants(only, CodeActionKind.QuickFix)) {
    const ignoredRules = new Set<string>();
    for (const diagnostic of params.context.diagnostics) {
      const data = diagnosticData(diagnostic);
      if (data === undefined) continue;
      for (const fix of currentFixes(input.findings, diagnostic)) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred === true,
          edit: workspaceEdit(input, fix.edits),
        });
      }
      const key = `${data.rule}@${diagnostic.range.start.line}`;
      if (ignoredRules.has(key)) continue;
      ignoredRules.add(key);
      const ignore = ignoreAction(input, diagnostic, data.rule);
      if (ignore !== undefined) actions.push(ignore);
    }
  }
  if (wants(only, FIX_ALL_KIND)) {
    const edits = fixAllEdits(input);
    if (edits.length > 0) {
      actions.push({ title: 'Fix all auto-fixable problems', kind: FIX_ALL_KIND, edit: workspaceEdit(input, edits) });
    }
  }
  return actions;
}

/** `only: ['source']` asks for every source action; `['source.fixAll']` for ours too. */
function wants(only: string[] | undefined, kind: string): boolean {
  if (only === undefined || only.length === 0) return true;
  return only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

/**
 * Fixes are taken from this version's findings only. A diagnostic the client kept from an older
 * version (eglot asks with the diagnostics it has until the next publish) is not among them, and
 * the edits it carries were computed for older text: applied now they would land on the wrong
 * characters (the JSON fix's "escape backslashes" after the fix had run left `"w3svc"]]`), so it
 * gets no fix; the next publish brings the current ones.
 */
function currentFixes(findings: readonly Finding[], diagnostic: Diagnostic): Fix[] {
  const match = findings.find(
    (f) =>
      f.rule === diagnostic.code &&
      f.message === diagnostic.message &&
      f.range.start.line === diagnostic.range.start.line &&
      f.range.start.character === diagnostic.range.start.character &&
      f.range.end.line === diagnostic.range.end.line &&
      f.range.end.character === diagnostic.range.end.character,
  );
  return match?.fixes ?? [];
}

function ignoreAction(input: CodeActionInput, diagnostic: Diagnostic, rule: string): CodeAction | undefined {
  const { model } = input;
  const line = diagnostic.range.start.line;
  // A comment above an active parser directive would turn it (and those below) into plain comments.
  if (model.directives.some((d) => d.active && d.line === line)) return undefined;
  const instruction = instructionAt(model, line);
  // The linter honours a comment directly above the finding, or above the instruction it is in.
  const target = instruction?.startLine ?? line;
  const above = target > 0 ? model.lines[target - 1] ?? '' : undefined;
  let edit: TextEdit;
  if (above !== undefined && IGNORE_LINE.test(above)) {
    // trimEnd, not /\s+$/: the RegExp is quadratic on a long run of spaces before a last word.
    const end = above.trimEnd().length;
    edit = { range: { start: { line: target - 1, character: end }, end: { line: target - 1, character: end } }, newText: `,${rule}` };
  } else {
    const indent = /^[ \t]*/.exec(model.lines[target] ?? '')?.[0] ?? '';
    edit = { range: { start: { line: target, character: 0 }, end: { line: target, character: 0 } }, newText: `${indent}${IGNORE_PREFIX}${rule}${model.eol}` };
  }
  return {
    title: `Ignore ${rule} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: workspaceEdit(input, [edit]),
  };
}

/**
 * fix.ts (shared with the CLI's `--fix`) decides which preferred fixes go in together; the editor
 * gets their edits rather than a whole new text, so cursors and markers stay where they were.
 * Fixes deferred there (they clash with one taken) come back on the next "Fix all".
 */
function fixAllEdits(input: CodeActionInput): TextEdit[] {
  const kept = fixAllKept.get(input.model, () => ({ findings: input.findings, edits: findFixAllEdits(input) }));
  return kept.findings === input.findings ? kept.edits : findFixAllEdits(input);
}

// An editor asks for code actions wherever the cursor stops, and "Fix all" applies every preferred
// fix to the whole text: its edits are worked out once per version (its model) and findings.
const fixAllKept = new Memo<object, { findings: readonly Finding[]; edits: TextEdit[] }>('fixAllEdits');

function findFixAllEdits(input: CodeActionInput): TextEdit[] {
  const { applied } = applyFixes(input.document.getText(), input.findings);
  const edits: TextEdit[] = [];
  for (const finding of applied) {
    for (const edit of preferredFix(finding)?.edits ?? []) {
      edits.push({ range: edit.range, newText: edit.newText.replace(/\r?\n/g, input.model.eol) });
    }
  }
  return edits;
}

function instructionAt(model: Pick<DockerfileModel, 'instructions'>, line: number): Instruction | undefined {
  return model.instructions.find((i) => i.startLine <= line && line <= i.endLine);
}

function workspaceEdit(input: CodeActionInput, edits: readonly TextEdit[]): WorkspaceEdit {
  const lspEdits: LspTextEdit[] = edits.map((e) => ({ range: e.range, newText: e.newText }));
  const { uri, version } = input.document;
  if (input.versionedEdits) return { documentChanges: [{ textDocument: { uri, version }, edits: lspEdits }] };
  return { changes: { [uri]: lspEdits } };
}
