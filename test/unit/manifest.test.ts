// package.json `contributes`: what VS Code reads before any of our code runs. A wrong path or
// pattern here fails silently in the editor, so it is checked here.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseHostBuild } from '../../shared/settings';

const root = path.resolve(__dirname, '..', '..', '..');

interface Manifest {
  activationEvents: string[];
  contributes: {
    languages: { id: string; filenames: string[]; filenamePatterns: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string; embeddedLanguages?: Record<string, string> }[];
    snippets: { language: string; path: string }[];
    configuration: { properties: Record<string, { type: string; default: unknown; enum?: unknown[]; scope?: string; pattern?: string }> };
  };
}

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const readJson = (rel: string): unknown => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8'));

describe('extension manifest', () => {
  it('activates lazily, on a Dockerfile, a compose file or when a Docker Workbench view is opened', () => {
    const views = ['engine', 'contexts', 'containers', 'images', 'networks', 'volumes'].map((v) => `onView:dockerWorkbench.${v}`);
    assert.deepEqual(pkg.activationEvents, ['onLanguage:dockerfile', 'onLanguage:dockercompose', ...views]);
  });

  it('declares the dockercompose language for the names Compose reads, over the YAML grammar', () => {
    const language = pkg.contributes.languages.find((l) => l.id === 'dockercompose');
    assert.ok(language);
    assert.deepEqual(language.filenames, ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml']);
    assert.deepEqual(language.filenamePatterns, ['compose.*.yaml', 'compose.*.yml', 'docker-compose.*.yml', 'docker-compose.*.yaml']);
    const config = readJson(language.configuration) as { comments: { lineComment: string } };
    assert.equal(config.comments.lineComment, '#');
    const grammar = pkg.contributes.grammars.find((g) => g.language === 'dockercompose');
    assert.ok(grammar);
    const read = readJson(grammar.path) as { scopeName: string; patterns: Array<{ include: string }> };
    assert.equal(read.scopeName, grammar.scopeName);
    // VS Code's own YAML grammar does the colouring.
    assert.deepEqual(read.patterns, [{ include: 'source.yaml' }]);
    const selector = fs.readFileSync(path.join(root, 'client', 'src', 'ctx.ts'), 'utf8');
    assert.match(selector, /\['dockerfile', 'dockercompose'\]/, 'the language client serves compose documents');
  });

  it('declares the dockerfile language with its file names and a readable configuration', () => {
    const language = pkg.contributes.languages.find((l) => l.id === 'dockerfile');
    assert.ok(language);
    assert.deepEqual(language.filenames, ['Dockerfile', 'Containerfile']);
    for (const pattern of ['*.Dockerfile', 'Dockerfile.*', '*.dockerfile']) assert.ok(language.filenamePatterns.includes(pattern), pattern);
    const config = readJson(language.configuration) as { comments: { lineComment: string }; autoClosingPairs: { open: string }[]; onEnterRules: { beforeText: string }[] };
    assert.equal(config.comments.lineComment, '#');
    assert.ok(config.autoClosingPairs.some((p) => p.open === '"'));
    // The indent-after-continuation rule: an instruction line ending in \ or `, not a comment, not `\\`.
    const continues = new RegExp(config.onEnterRules[0].beforeText);
    assert.ok(continues.test('RUN apt-get update && \\'));
    assert.ok(continues.test('RUN Write-Host hi; `'));
    assert.ok(!continues.test('# a comment \\'));
    assert.ok(!continues.test('    && apt-get install \\'), 'continuation lines keep their indent');
    assert.ok(!continues.test('COPY a C:\\\\'));
  });

  it('points the grammar and the snippets at files that exist and parse', () => {
    const grammar = pkg.contributes.grammars.find((g) => g.language === 'dockerfile');
    assert.ok(grammar);
    assert.equal(grammar.scopeName, 'source.dockerfile');
    assert.equal((readJson(grammar.path) as { scopeName: string }).scopeName, 'source.dockerfile');
    const text = fs.readFileSync(path.join(root, grammar.path), 'utf8');
    for (const scope of Object.keys(grammar.embeddedLanguages ?? {})) assert.ok(text.includes(scope), `${scope} is not used by the grammar`);
    const snippets = pkg.contributes.snippets.find((s) => s.language === 'dockerfile');
    assert.ok(snippets);
    assert.ok(Object.keys(readJson(snippets.path) as object).length >= 5);
  });

  it('declares the settings the client and the server read, with their defaults', () => {
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['dockerWorkbench.rules'].type, 'object');
    assert.equal(props['dockerWorkbench.lint.debounceMs'].default, 200);
    assert.deepEqual(props['dockerWorkbench.trace.server'].enum, ['off', 'messages', 'verbose']);
    assert.deepEqual(props['dockerWorkbench.windows.isolation'].enum, ['', 'process', 'hyperv']);
    assert.equal(props['dockerWorkbench.windows.hostBuild'].scope, 'machine-overridable');
    assert.equal(props['dockerWorkbench.windows.isolation'].scope, 'machine-overridable');
  });

  it('accepts in the hostBuild setting exactly what the settings parser understands', () => {
    const pattern = new RegExp(pkg.contributes.configuration.properties['dockerWorkbench.windows.hostBuild'].pattern ?? '');
    for (const value of ['17763', '10.0.17763', '20348', '10.0.26100', '10.0.17763.437']) {
      assert.ok(pattern.test(value), value);
      assert.ok(parseHostBuild(value) !== undefined, value);
    }
    assert.ok(pattern.test(''));
    for (const value of ['ltsc2019', '1809x', '10.1.17763', ' 17763']) assert.ok(!pattern.test(value), value);
  });
});
