// Long lines built to make a backtracking RegExp take quadratic time: a run of spaces inside a
// parser directive, a `# check=` comment, a `# docker-workbench ignore=` comment, and the line an
// "Ignore RULE" code action extends. Each used to take about a minute at 400 KB (the default size
// limit allows 10 MB); each runs in a worker that is stopped at a deadline.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { matchDirectiveLine } from '../../server/src/dockerfile/directiveLine';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { runWithDeadline } from '../support/deadline';

const SRC = path.resolve(__dirname, '..', '..', 'server', 'src');
const SPACES = ' '.repeat(400_000);
const DEADLINE = 10_000;

interface DirectiveSummary {
  name: string;
  value: string;
  valueStart: number;
  active: boolean;
}

function directivesInWorker(text: string): Promise<DirectiveSummary[]> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { parseDockerfile } = require(workerData.parser);
    parentPort.postMessage(parseDockerfile(workerData.text).directives.map((d) => ({
      name: d.name, value: d.value, valueStart: d.valueRange.start.character, active: d.active,
    })));`;
  return runWithDeadline(source, { parser: path.join(SRC, 'dockerfile', 'parser.js'), text }, DEADLINE, 'parsing');
}

function lintInWorker(text: string): Promise<string[]> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { lint } = require(workerData.lint);
    parentPort.postMessage(lint(workerData.text).map((f) => f.rule + '@' + (f.range.start.line + 1)));`;
  return runWithDeadline(source, { lint: path.join(SRC, 'lint.js'), text }, DEADLINE, 'lint');
}

describe('long lines that a backtracking RegExp takes minutes over', function () {
  this.timeout(30_000);

  it('a parser directive with a long run of spaces in its value', async () => {
    const directives = await directivesInWorker(`# syntax=x${SPACES}y\nFROM alpine\n`);
    assert.deepEqual(directives, [{ name: 'syntax', value: `x${SPACES}y`, valueStart: 9, active: true }]);
  });

  it('a comment below the directives that looks like one', async () => {
    const directives = await directivesInWorker(`FROM alpine\n#  escape =  x${SPACES}y  \n`);
    assert.deepEqual(directives, [{ name: 'escape', value: `x${SPACES}y`, valueStart: 13, active: false }]);
  });

  it('a # check= comment above an instruction', async () => {
    // The comment is read only when a BuildKit check reports something below it.
    const findings = await lintInWorker(`FROM alpine:3.19\n# check=skip=MaintainerDeprecated${SPACES}y\nMAINTAINER me\nMAINTAINER you\n`);
    assert.deepEqual(
      findings.filter((f) => f.startsWith('MaintainerDeprecated')),
      ['MaintainerDeprecated@4'],
    );
  });

  it('a # docker-workbench ignore= comment that is not one', async () => {
    // U+2028 ends a JavaScript `.`: the comment is no ignore comment, and the RegExp retried every split of the spaces.
    const text = `FROM alpine:3.19\n# docker-workbench ignore=${SPACES}a\u2028b\nMAINTAINER me\n`;
    const findings = await lintInWorker(text);
    assert.ok(findings.includes('MaintainerDeprecated@3'), findings.join(' '));
  });

  it('the Ignore code action on a line ending in a long run of spaces and a word', async () => {
    const text = `FROM a\n# docker-workbench ignore=r1${SPACES}x\nRUN x\n`;
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { codeActions } = require(workerData.codeActions);
      const { toDiagnostic } = require(workerData.diagnostics);
      const { parseDockerfile } = require(workerData.parser);
      const { TextDocument } = require('vscode-languageserver-textdocument');
      const text = workerData.text;
      const range = { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } };
      const finding = { rule: 'r2', severity: 'warning', range, message: 'm', fixes: [] };
      const document = TextDocument.create('file:///D', 'dockerfile', 1, text);
      const params = { textDocument: { uri: document.uri }, range, context: { diagnostics: [toDiagnostic(finding, undefined)] } };
      const actions = codeActions({ document, model: parseDockerfile(text), findings: [finding], params, versionedEdits: false });
      const ignore = actions.find((a) => a.title === 'Ignore r2 for this line');
      parentPort.postMessage(ignore ? ignore.edit.changes['file:///D'] : null);`;
    const edits = await runWithDeadline<Array<{ range: { start: { line: number; character: number } }; newText: string }> | null>(
      source,
      {
        text,
        codeActions: path.join(SRC, 'features', 'codeActions.js'),
        diagnostics: path.join(SRC, 'features', 'diagnostics.js'),
        parser: path.join(SRC, 'dockerfile', 'parser.js'),
      },
      DEADLINE,
      'the code action',
    );
    assert.ok(edits);
    assert.deepEqual(
      edits.map((e) => [e.range.start.line, e.range.start.character, e.newText]),
      [[1, text.split('\n')[1].length, ',r2']],
    );
  });
});

describe('parser directives read with Go regexp classes', () => {
  // BuildKit's \s is [\t\n\f\r ]: a no-break space or a vertical tab is no white space there.
  it('a no-break space after # makes no directive', () => {
    const model = parseDockerfile('#\u00a0escape=`\nFROM a\n');
    assert.deepEqual(model.directives, []);
    assert.equal(model.escape.char, '\\');
  });

  it('a trailing no-break space stays in the value', () => {
    const model = parseDockerfile('# syntax=x\u00a0\nFROM a\n');
    assert.equal(model.directives[0]?.value, 'x\u00a0');
  });

  it('a value of spaces only is its last space, as the lazy group leaves it', () => {
    const model = parseDockerfile('# syntax=\t \nFROM a\n');
    assert.deepEqual(model.directives.map((d) => [d.value, d.valueRange.start.character]), [[' ', 10]]);
  });
});

describe('directive line matcher agrees with the Go regexp (fast-check)', () => {
  // reDirective with Go's classes spelled out: \s is [\t\n\f\r ], . is [^\n]. Small inputs only.
  const GO_DIRECTIVE = /^#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*([^\n]+?)[\t\n\f\r ]*$/d;
  const line = fc.array(fc.constantFrom('#', ' ', '\t', '\n', '\f', '\v', '\u00a0', 'a', 'B', '1', '=', 'x', '-'), { maxLength: 14 }).map((p) => p.join(''));

  it('same name, value and value offset, or no match for both', () => {
    fc.assert(
      fc.property(fc.oneof(line, line.map((l) => `#${l}`), line.map((l) => `# a=${l}`)), (text) => {
        const m = GO_DIRECTIVE.exec(text);
        const expected = m === null || m.indices === undefined ? undefined : { name: m[1], nameStart: m.indices[1][0], value: m[2], valueStart: m.indices[2][0] };
        assert.deepEqual(matchDirectiveLine(text), expected, JSON.stringify(text));
      }),
      { numRuns: 5000, seed: 21 },
    );
  });
});
