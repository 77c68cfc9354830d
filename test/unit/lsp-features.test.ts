// The server's features as pure functions (no process): scheduling, settings, code actions,
// completion, hover and symbols on parsed models.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeActionParams, Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { mergeHost, parseHostBuild, parseSettings } from '../../shared/settings';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { codeActions } from '../../server/src/features/codeActions';
import { completion } from '../../server/src/features/completion';
import { LintScheduler, diagnosticData, toDiagnostic } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { ModelCache } from '../../server/src/features/modelCache';
import { documentSymbols, foldingRanges, MAX_OUTLINE_INSTRUCTIONS } from '../../server/src/features/symbols';
import { lint } from '../../server/src/lint';
import type { Finding } from '../../server/src/rules/types';
import type { Rule } from '../../server/src/rules/types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('lsp features', function () {
  describe('settings', function () {
    it('reads host builds in both spellings and rejects the rest', function () {
      assert.equal(parseHostBuild('17763'), 17763);
      assert.equal(parseHostBuild('10.0.17763'), 17763);
      assert.equal(parseHostBuild('10.0.17763.437'), 17763);
      assert.equal(parseHostBuild(20348), 20348);
      assert.equal(parseHostBuild(''), undefined);
      assert.equal(parseHostBuild('ltsc2019'), undefined);
      assert.equal(parseHostBuild(-1), undefined);
    });

    it('parses the section, dropping unknown severities and clamping the debounce', function () {
      const s = parseSettings({ rules: { a: 'off', b: 'Warning', c: 'loud' }, windows: { hostBuild: '', isolation: 'hyperv' }, lint: { debounceMs: -5 } });
      assert.deepEqual(s.rules, { a: 'off', b: 'warning' });
      assert.deepEqual(s.hostOverride, { isolation: 'hyperv', source: 'settings' });
      assert.equal(s.debounceMs, 0);
      assert.equal(parseSettings(null).debounceMs, 200);
    });

    it('lets non-empty settings win over engine facts, field by field', function () {
      const engine = { engineOs: 'windows' as const, build: 20348, isolation: 'process' as const, source: 'engine' as const };
      assert.deepEqual(mergeHost(engine, {}), engine);
      assert.deepEqual(mergeHost(engine, { build: 17763, engineOs: 'windows', source: 'settings' }), { engineOs: 'windows', build: 17763, isolation: 'process', source: 'settings' });
      assert.deepEqual(mergeHost({}, { isolation: 'hyperv', source: 'settings' }), { isolation: 'hyperv', source: 'settings' });
    });
  });

  describe('LintScheduler', function () {
    function setup(diagnose: (doc: TextDocument) => Diagnostic[]) {
      const docs = new Map<string, TextDocument>();
      const published: Array<{ uri: string; version: number | undefined; count: number }> = [];
      const logs: string[] = [];
      const scheduler = new LintScheduler({
        document: (uri) => docs.get(uri),
        diagnose,
        publish: (uri, version, diagnostics) => published.push({ uri, version, count: diagnostics.length }),
        debounceMs: () => 20,
        log: (m) => logs.push(m),
      });
      return { docs, published, logs, scheduler };
    }

    it('debounces to the last version', async function () {
      const t = setup(() => []);
      for (let v = 1; v <= 5; v++) {
        t.docs.set('u', TextDocument.create('u', 'dockerfile', v, 'FROM a'));
        t.scheduler.schedule('u');
      }
      await sleep(60);
      assert.deepEqual(t.published, [{ uri: 'u', version: 5, count: 0 }]);
    });

    it('never publishes a version that changed while linting', async function () {
      const t = setup((doc) => {
        // The document moves on while this version is being linted.
        t.docs.set(doc.uri, TextDocument.create(doc.uri, 'dockerfile', doc.version + 1, ''));
        return [];
      });
      t.docs.set('u', TextDocument.create('u', 'dockerfile', 1, ''));
      t.scheduler.schedule('u', 0);
      await sleep(20);
      assert.deepEqual(t.published, []);
    });

    it('logs a throwing lint and publishes nothing new', async function () {
      const t = setup(() => {
        throw new RangeError('Maximum call stack size exceeded');
      });
      t.docs.set('u', TextDocument.create('u', 'dockerfile', 1, ''));
      t.scheduler.schedule('u', 0);
      await sleep(20);
      assert.deepEqual(t.published, []);
      assert.equal(t.logs.length, 1);
      assert.match(t.logs[0], /RangeError: Maximum call stack/);
    });

    it('lints an edit after a pause at once, and waits while typing by what a lint of the document costs', async function () {
      // A clock of the test's own: each lint "costs" 4 s of it, and the debounce setting is 10 s.
      let clock = 0;
      const docs = new Map<string, TextDocument>();
      const published: Array<number | undefined> = [];
      const scheduler = new LintScheduler(
        {
          document: (uri) => docs.get(uri),
          diagnose: () => {
            clock += 4000;
            return [];
          },
          publish: (_uri, version) => published.push(version),
          debounceMs: () => 10_000,
          log: () => undefined,
        },
        () => clock,
      );
      docs.set('u', TextDocument.create('u', 'dockerfile', 1, 'FROM a'));
      scheduler.changed('u');
      await sleep(30);
      assert.deepEqual(published, [1], 'the first edit is linted at once, not after the 10 s debounce');
      clock += 100;
      docs.set('u', TextDocument.create('u', 'dockerfile', 2, 'FROM ab'));
      scheduler.changed('u');
      await sleep(30);
      // 100 ms after the last edit is typing: this one waits twice the 4 s a lint costs.
      assert.deepEqual(published, [1]);
      scheduler.close('u');
      assert.deepEqual(published, [1, undefined]);
    });

    it('lints a burst of typing once, at its last version, never a stale one', async function () {
      const t = setup(() => []);
      t.docs.set('u', TextDocument.create('u', 'dockerfile', 1, 'FROM a'));
      t.scheduler.changed('u');
      for (let v = 2; v <= 5; v++) {
        t.docs.set('u', TextDocument.create('u', 'dockerfile', v, 'FROM a'.padEnd(6 + v, 'b')));
        t.scheduler.changed('u');
      }
      for (let i = 0; i < 100 && t.published.length < 1; i++) await sleep(20);
      await sleep(100);
      // The first edit's lint ran after the burst had already moved the document on: it linted v5.
      assert.deepEqual(t.published, [{ uri: 'u', version: 5, count: 0 }]);
      t.scheduler.dispose();
    });

    it('clears a closed document and drops its pending lint', async function () {
      const t = setup(() => []);
      t.docs.set('u', TextDocument.create('u', 'dockerfile', 1, ''));
      t.scheduler.schedule('u');
      t.docs.delete('u');
      t.scheduler.close('u');
      await sleep(50);
      assert.deepEqual(t.published, [{ uri: 'u', version: undefined, count: 0 }]);
    });
  });

  it('parses once per document version', function () {
    let parses = 0;
    const cache = new ModelCache((text) => {
      parses++;
      return parseDockerfile(text);
    });
    const v1 = TextDocument.create('u', 'dockerfile', 1, 'FROM a');
    cache.get(v1);
    cache.get(v1);
    assert.equal(parses, 1);
    cache.get(TextDocument.update(v1, [{ text: 'FROM b' }], 2));
    assert.equal(parses, 2);
  });

  describe('diagnostics', function () {
    const finding: Finding = {
      rule: 'maintainer-deprecated',
      severity: 'info',
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 10 } },
      message: 'MAINTAINER is deprecated',
      fixes: [{ title: 'Use LABEL', preferred: true, edits: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 10 } }, newText: 'LABEL' }] }],
    };
    const rule = { id: 'maintainer-deprecated', buildkitName: 'MaintainerDeprecated' } as Rule;

    it('maps severity, code, source, tags, and carries the rule in data but not the fixes', function () {
      const d = toDiagnostic(finding, rule);
      assert.equal(d.severity, 3);
      assert.equal(d.code, 'maintainer-deprecated');
      assert.equal(d.source, 'docker-workbench');
      assert.deepEqual(d.tags, [2]);
      assert.deepEqual(diagnosticData(d), { rule: 'maintainer-deprecated' });
      // The client echoes data back with every code action request; the fixes come from the server's findings.
      assert.deepEqual(d.data, { rule: 'maintainer-deprecated' });
      assert.equal(toDiagnostic({ ...finding, severity: 'hint' }, undefined).severity, 4);
      assert.equal(toDiagnostic(finding, undefined).tags, undefined);
    });

    it('ignores data that is not ours', function () {
      assert.equal(diagnosticData({ ...toDiagnostic(finding, rule), source: 'other' }), undefined);
      assert.equal(diagnosticData({ ...toDiagnostic(finding, rule), data: { rule: 1 } }), undefined);
    });
  });

  describe('code actions', function () {
    function actionsFor(text: string, finding: Finding) {
      const document = TextDocument.create('file:///D', 'dockerfile', 3, text);
      const diagnostic = toDiagnostic(finding, undefined);
      const params: CodeActionParams = { textDocument: { uri: document.uri }, range: finding.range, context: { diagnostics: [diagnostic] } };
      return codeActions({ document, model: parseDockerfile(text), findings: [finding], params, versionedEdits: false });
    }
    const at = (line: number, c0: number, c1: number) => ({ start: { line, character: c0 }, end: { line, character: c1 } });

    it('puts the ignore comment above a multi-line instruction, indented like it', function () {
      const text = 'FROM a\n  RUN echo \\\n    two\n';
      const actions = actionsFor(text, { rule: 'r1', severity: 'warning', range: at(2, 4, 7), message: 'm', fixes: [] });
      const ignore = actions.find((a) => a.title === 'Ignore r1 for this line');
      assert.ok(ignore);
      const edits = ignore.edit?.changes?.['file:///D'] ?? [];
      assert.equal(TextDocument.applyEdits(TextDocument.create('u', 'd', 1, text), edits), 'FROM a\n  # docker-workbench ignore=r1\n  RUN echo \\\n    two\n');
    });

    it('offers no fix for a diagnostic of an older version: its edits were made for the older text', function () {
      // The exec-form JSON fix has run; a client that still holds the old diagnostic asks again.
      const before = 'FROM a\nENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]\n';
      const stale = lint(parseDockerfile(before), {}).find((f) => f.rule === 'exec-form-invalid-json');
      assert.ok(stale !== undefined && stale.fixes.length > 0, 'the old text has a fix');
      const after = TextDocument.applyEdits(TextDocument.create('file:///D', 'dockerfile', 3, before), stale.fixes[0].edits);
      const document = TextDocument.create('file:///D', 'dockerfile', 4, after);
      const model = parseDockerfile(after);
      const params: CodeActionParams = { textDocument: { uri: document.uri }, range: stale.range, context: { diagnostics: [toDiagnostic(stale, undefined)] } };
      const actions = codeActions({ document, model, findings: lint(model, {}), params, versionedEdits: false });
      assert.deepEqual(actions.map((a) => a.title), ['Ignore exec-form-invalid-json for this line']);
    });

    it('extends an ignore comment that is already there', function () {
      const text = 'FROM a\n# docker-workbench ignore=r1\nRUN x\n';
      const actions = actionsFor(text, { rule: 'r2', severity: 'warning', range: at(2, 0, 3), message: 'm', fixes: [] });
      const edits = actions.find((a) => a.title === 'Ignore r2 for this line')?.edit?.changes?.['file:///D'] ?? [];
      assert.equal(TextDocument.applyEdits(TextDocument.create('u', 'd', 1, text), edits), 'FROM a\n# docker-workbench ignore=r1,r2\nRUN x\n');
    });

    it('offers no ignore comment above an active parser directive', function () {
      const actions = actionsFor('# escape=`\nFROM a\n', { rule: 'r', severity: 'warning', range: at(0, 0, 10), message: 'm', fixes: [] });
      assert.equal(actions.filter((a) => a.title.startsWith('Ignore')).length, 0);
    });

    it('keeps the CRLF line ending of the file', function () {
      const text = 'FROM a\r\nRUN x\r\n';
      const actions = actionsFor(text, { rule: 'r', severity: 'warning', range: at(1, 0, 3), message: 'm', fixes: [] });
      const edit = actions.find((a) => a.title === 'Ignore r for this line')?.edit?.changes?.['file:///D']?.[0];
      assert.equal(edit?.newText, '# docker-workbench ignore=r\r\n');
    });
  });

  describe('completion', function () {
    const labels = (text: string, line: number, character: number) =>
      completion(parseDockerfile(text), { line, character }, { host: {}, snippets: true }).map((i) => i.label);

    it('offers directives only in the directive run at the top', function () {
      assert.ok(labels('# escape=`\n#\nFROM a\n', 1, 1).includes('syntax=docker/dockerfile:1'));
      assert.deepEqual(labels('FROM a\n#\n', 1, 1), []);
    });

    it('offers nothing inside a continuation and instructions (no FROM) after ONBUILD', function () {
      assert.deepEqual(labels('FROM a\nRUN echo \\\n\n', 2, 0), []);
      const onbuild = labels('FROM a\nONBUILD \n', 1, 8);
      assert.ok(onbuild.includes('RUN') && !onbuild.includes('FROM') && !onbuild.includes('ONBUILD'));
    });

    it('leaves out flags already given and completes stage names after --from=', function () {
      const flags = labels('FROM a\nCOPY --chown=x --\n', 1, 17);
      assert.ok(flags.includes('--from') && !flags.includes('--chown'));
      assert.deepEqual(labels('FROM a AS build\nFROM b\nCOPY --from=\n', 2, 12), ['build']);
    });

    it('orders Windows tags by what runs on the host', function () {
      const items = completion(parseDockerfile('FROM mcr.microsoft.com/windows/nanoserver:\n'), { line: 0, character: 42 }, { host: { build: 17763, isolation: 'process' }, snippets: false });
      const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
      assert.equal(sorted[0].label, '1809');
      assert.ok(sorted.every((i) => i.textEdit !== undefined));
    });
  });

  it('hovers a flag and an inactive directive', function () {
    const model = parseDockerfile('FROM a\n# escape=`\nCOPY --from=a x y\n');
    const flag = hover(model, { line: 2, character: 7 }, {});
    assert.match(JSON.stringify(flag?.contents), /stage/);
    const directive = hover(model, { line: 1, character: 3 }, {});
    assert.match(JSON.stringify(directive?.contents), /Not active/);
    // A check comment lower down is not dead: BuildKit applies it to the instruction below.
    const check = hover(parseDockerfile('FROM a\n# check=skip=JSONArgsRecommended\nCMD x\n'), { line: 1, character: 3 }, {});
    assert.doesNotMatch(JSON.stringify(check?.contents), /Not active/);
    assert.match(JSON.stringify(check?.contents), /applies its `skip=` to the instruction right below it/);
  });

  it('folds comment blocks, continuations and stages', function () {
    const model = parseDockerfile('# one\n# two\nFROM a\nRUN x \\\n  y\nFROM b\n');
    const folds = foldingRanges(model).map((f) => `${f.startLine}-${f.endLine}${f.kind ? ':' + f.kind : ''}`);
    assert.deepEqual(folds.sort(), ['0-1:comment', '3-4', '2-4'].sort());
    assert.deepEqual(documentSymbols(model).map((s) => s.name), ['a', 'b']);
  });

  it('lists instructions under their stage, and only the stages past MAX_OUTLINE_INSTRUCTIONS instructions', function () {
    const small = documentSymbols(parseDockerfile('ARG V=1\nFROM a AS one\nRUN x \\\n  y\nENV A=1\nFROM one\nCMD z\n'));
    assert.deepEqual(small.map((s) => [s.name, (s.children ?? []).map((c) => `${c.name} ${c.detail}`)]), [['ARG', []], ['one', ['RUN x y', 'ENV A=1']], ['one', ['CMD z']]]);
    const stages = Math.ceil(MAX_OUTLINE_INSTRUCTIONS / 2);
    const big = documentSymbols(parseDockerfile('ARG V=1\n' + 'FROM a\nRUN x\n'.repeat(stages)));
    assert.equal(big.length, stages + 1);
    assert.ok(big.every((s) => s.children === undefined));
    // A long RUN's detail is its start, whitespace collapsed, cut at 57 characters.
    const long = documentSymbols(parseDockerfile(`FROM a\nRUN ${'word   '.repeat(5000)}\n`))[0].children?.[0];
    assert.equal(long?.detail, `${'word '.repeat(11)}wo...`);
  });

  describe('on the real corpus', function () {
    const corpus = process.env.DOCKER_WORKBENCH_CORPUS ?? path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
    const manifest = path.join(corpus, 'manifest.json');

    it('answers hover, completion, symbols, folding and code actions on every file without throwing', function () {
      if (!fs.existsSync(manifest)) {
        console.log(`      corpus not found at ${corpus} (set DOCKER_WORKBENCH_CORPUS): skipped`);
        this.skip();
      }
      this.timeout(120_000);
      const entries = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Array<{ file: string }>;
      let files = 0;
      let symbols = 0;
      let hovers = 0;
      let withFindings = 0;
      for (const entry of entries) {
        const text = fs.readFileSync(path.join(corpus, entry.file), 'utf8');
        const model = parseDockerfile(text);
        const outline = documentSymbols(model);
        // Every stage, and every instruction before the first FROM, is a top-level symbol.
        assert.equal(outline.length, model.stages.length + model.instructions.filter((i) => i.stageIndex === -1).length, entry.file);
        symbols += outline.length;
        for (const fold of foldingRanges(model)) assert.ok(fold.startLine < fold.endLine && fold.endLine < model.lines.length, entry.file);
        for (const instruction of model.instructions) {
          const keywordHover = hover(model, instruction.keywordRange.start, { build: 20348, isolation: 'process' });
          if (instruction.known && keywordHover !== null) hovers++;
          completion(model, instruction.range.end, { host: { build: 17763 }, snippets: true });
        }
        for (const stage of model.stages) hover(model, stage.image.range.end, {});
        const findings = lint(model, { host: { engineOs: 'windows', build: 20348, isolation: 'process' } });
        if (findings.length > 0) {
          const document = TextDocument.create('file:///c', 'dockerfile', 1, model.text);
          const diagnostics = findings.map((f) => toDiagnostic(f, undefined));
          const actions = codeActions({
            document,
            model,
            findings,
            params: { textDocument: { uri: document.uri }, range: findings[0].range, context: { diagnostics } },
            versionedEdits: false,
          });
          for (const action of actions) {
            // Every offered edit set applies to the text as it is (TextDocument throws on overlaps).
            TextDocument.applyEdits(document, action.edit?.changes?.[document.uri] ?? []);
          }
          assert.ok(actions.length >= findings.length, entry.file);
          withFindings++;
        }
        files++;
      }
      assert.equal(files, entries.length);
      assert.ok(symbols > files, `${symbols} symbols`);
      assert.ok(hovers > files, `${hovers} keyword hovers`);
      assert.ok(withFindings > 0);
    });
  });
});
