// What the compose fuzz (test/fuzz/compose-fuzz.test.ts) found, each as the smallest input of its
// shape: a key without a value (`{a, b}`, `? k`) crashed every rule and feature that follows aliases; YAML's
// errors in a CRLF file pointed between the `\r` and the `\n` (a column past the line's end); a line
// holding U+2028 threw in completion; a document above the size limit was parsed anyway by hover.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../server/src/compose/lines';
import { lintCompose } from '../../server/src/compose/lint';
import { parseCompose } from '../../server/src/compose/model';
import { lineContext } from '../../server/src/compose/paths';
import { ComposeDocuments } from '../../server/src/features/compose';
import { composeCompletion } from '../../server/src/features/compose/completion';
import { composeDefinition, composeLinks, composeSymbols } from '../../server/src/features/compose/navigation';

describe('compose fuzz regressions', () => {
  it('keys without values beside aliases: every rule and feature runs without throwing', () => {
    const text = 'x-set: {a, b}\n? lone\nx-img: &img nginx\nservices:\n  web:\n    image: *img\n    depends_on: [db]\n  db:\n    image: *img\n';
    const model = parseCompose(text);
    const failures: string[] = [];
    lintCompose(model, { host: { engineOs: 'windows', build: 17763, isolation: 'process' }, onRuleError: (rule, error) => failures.push(`${rule.id}: ${String(error)}`) });
    assert.deepEqual(failures, []);
    composeSymbols(model);
    composeLinks(model, 'file:///w/compose.yaml');
    for (let line = 0; line < 10; line++) composeDefinition(model, 'file:///w/compose.yaml', { line, character: 8 });
  });

  it('an offset inside a CRLF is the end of its line, so YAML errors stay inside the document', () => {
    const lines = new LineIndex('a: 1\r\nb: 2\r\n');
    assert.deepEqual(lines.position(5), { line: 0, character: 4 });
    assert.deepEqual(lines.position(6), { line: 1, character: 0 });
    const text = 'services:\r\n  web:\r\n    image: x\r\n    image: y\r\n  "db\r\n';
    const model = parseCompose(text);
    assert.ok(model.syntaxErrors.length > 0);
    const split = text.split(/\r\n|\r|\n/);
    for (const e of model.syntaxErrors) {
      for (const p of [e.range.start, e.range.end]) assert.ok(p.line < split.length && p.character <= split[p.line].length, `${e.message} at ${JSON.stringify(e.range)}`);
    }
  });

  it('completion on a line holding U+2028 or U+2029 reads the line', () => {
    const text = 'services:\n  web:\n    image: a\u2028b\n    \u2029x: y\n';
    const model = parseCompose(text);
    assert.equal(lineContext(model.lines, 2, 14).kind, 'value');
    for (const character of [0, 4, 6, 12]) composeCompletion(model, undefined, { line: 3, character }, { snippets: true });
  });

  it('a document above the size limit is not parsed', () => {
    const deps = (maxBytes: number) => ({ host: () => ({}), severities: () => undefined, maxBytes: () => maxBytes, openText: () => undefined, log: () => undefined, onRuleError: () => undefined });
    const document = TextDocument.create('file:///w/compose.yaml', 'dockercompose', 1, 'services:\n  web:\n    image: nginx\n');
    assert.deepEqual(new ComposeDocuments(deps(1 << 20)).model(document).services.map((s) => s.name), ['web']);
    assert.deepEqual(new ComposeDocuments(deps(16)).model(document).services, []);
  });
});
