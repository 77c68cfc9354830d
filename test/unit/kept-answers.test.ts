// Answers the server keeps per document version because editors ask for them again unchanged:
// folding ranges (and their shape for the client), and the "Fix all" edits of the code actions.
// Kept answers must be the ones a fresh computation gives, for that version, those findings and
// that client only.
import * as assert from 'node:assert/strict';
import { CodeActionKind, type ClientCapabilities, type CodeAction, type FoldingRange } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { reparseDockerfile } from '../../server/src/dockerfile/incremental';
import { foldingFor } from '../../server/src/features/clientCapabilities';
import { FIX_ALL_KIND, codeActions } from '../../server/src/features/codeActions';
import { foldingRanges } from '../../server/src/features/symbols';
import { lint } from '../../server/src/lint';

const TEXT = [
  '# one',
  '# two',
  'FROM alpine:3.19 AS build',
  'RUN apk add --no-cache curl \\',
  '    git',
  'MAINTAINER someone@example.com',
  'FROM build',
  'MAINTAINER someone@example.com',
  'CMD ["echo", "hi"]',
  '',
].join('\n');

describe('answers kept per document version', function () {
  it('folding ranges: one list per version, a new version gets its own', () => {
    const model = parseDockerfile(TEXT);
    const ranges = foldingRanges(model);
    assert.equal(foldingRanges(model), ranges);
    const edited = TEXT.replace('    git', '    git \\\n    make');
    const next = reparseDockerfile(model, edited);
    const fresh = foldingRanges(parseDockerfile(edited));
    assert.deepEqual(foldingRanges(next), fresh);
    assert.notDeepEqual(fresh, ranges, 'the edit made the RUN one line longer');
  });

  it('folding for a client: shaped once for its capabilities, never another client\'s shape', () => {
    const ranges = foldingRanges(parseDockerfile(TEXT));
    const whole: ClientCapabilities = { textDocument: { foldingRange: { lineFoldingOnly: true } } };
    const limited: ClientCapabilities = { textDocument: { foldingRange: { rangeLimit: 1 } } };
    const first = foldingFor(ranges, whole);
    assert.equal(foldingFor(ranges, whole), first, 'asked again: the same answer');
    assert.ok(first.every((r: FoldingRange) => r.startCharacter === undefined && r.endCharacter === undefined));
    assert.equal(first.length, ranges.length);
    const one = foldingFor(ranges, limited);
    assert.equal(one.length, 1, 'the second client\'s rangeLimit, not the first client\'s answer');
    assert.deepEqual(one, [ranges.reduce((a, b) => (b.endLine - b.startLine > a.endLine - a.startLine ? b : a))]);
    assert.equal(foldingFor(ranges, {}), ranges, 'a client that says nothing takes them as they are');
  });

  it('"Fix all": its edits worked out once per version and findings, from exactly those findings', () => {
    const document = TextDocument.create('file:///work/kept/Dockerfile', 'dockerfile', 1, TEXT);
    const model = parseDockerfile(TEXT);
    const findings = lint(model);
    const params = { textDocument: { uri: document.uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: [FIX_ALL_KIND] } };
    const fixAll = (f: typeof findings) => codeActions({ document, model, findings: f, params, versionedEdits: false }).find((a: CodeAction) => a.kind === FIX_ALL_KIND);
    const first = fixAll(findings);
    assert.ok(first?.edit?.changes?.[document.uri]?.length, 'the MAINTAINERs have fixes');
    assert.deepEqual(fixAll(findings), first);
    // Another list of findings for the same model (settings changed, a rule turned off) is its own.
    assert.equal(fixAll([]), undefined, 'no findings: no "Fix all"');
    const one = findings.filter((f) => f.range.start.line === 5);
    const fixed = fixAll(one)?.edit?.changes?.[document.uri] ?? [];
    assert.ok(fixed.length > 0 && fixed.every((e) => e.range.start.line === 5), JSON.stringify(fixed));
    assert.deepEqual(fixAll(findings), first, 'and the first list still gets its own edits');
    assert.ok(codeActions({ document, model, findings, params: { ...params, context: { diagnostics: [] } }, versionedEdits: false }).some((a) => a.kind === FIX_ALL_KIND && a.kind !== CodeActionKind.QuickFix));
  });
});
