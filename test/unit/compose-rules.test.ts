// The compose rules in process: each one fires, stays silent where it must, and its preferred fix
// re-lints clean; realistic compose files (test/unit/fixtures/compose); YAML and schema errors at the
// key or value they are about; the schema the build shipped is the one ../shared names.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintCompose, type ComposeLintOptions } from '../../server/src/compose/lint';
import { parseCompose } from '../../server/src/compose/model';
import { isComposeFileName } from '../../server/src/compose/names';
import { diskFileFacts, type FileFacts } from '../../server/src/compose/files';
import { loadComposeSchema, type SchemaLoad } from '../../server/src/compose/schema';
import { applyFixes } from '../../server/src/fix';
import { composeRules, rules } from '../../server/src/rules';
import type { Finding } from '../../server/src/rules/types';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'unit', 'fixtures', 'compose');
const SHARED_SCHEMA = path.resolve(ROOT, '..', 'shared', 'schemas', 'compose-spec');
const schema: SchemaLoad = loadComposeSchema(path.join(ROOT, 'dist'));
const haveShared = fs.existsSync(path.join(SHARED_SCHEMA, 'compose-spec.json'));

/** Schema tests need the schema the build takes from ../shared; without it they say so and skip. */
function needSchema(ctx: Mocha.Context): void {
  if (schema.ok) return;
  if (haveShared) assert.fail(`../shared has the schema but dist/ does not: ${schema.reason}`);
  console.log(`      (skipped: no ../shared/schemas/compose-spec, so the build shipped no Compose schema: ${schema.reason})`);
  ctx.skip();
}

const WIN_HOST = { engineOs: 'windows' as const, build: 20348, isolation: 'process' as const };

function run(text: string, options: ComposeLintOptions = {}): Finding[] {
  return lintCompose(text, { schema: schema.ok ? schema : undefined, ...options });
}

function of(findings: Finding[], rule: string): Finding[] {
  return findings.filter((f) => f.rule === rule);
}

/** Applies the preferred fixes until none is left, then lints again. */
function fixed(text: string, options: ComposeLintOptions = {}): { text: string; findings: Finding[] } {
  let current = text;
  for (let i = 0; i < 5; i++) {
    const result = applyFixes(current, run(current, options));
    if (result.applied.length === 0) break;
    current = result.text;
  }
  return { text: current, findings: run(current, options) };
}

const files = (entries: Record<string, string | null>): FileFacts => (p) => {
  if (!(p in entries)) return { kind: 'missing' };
  const text = entries[p];
  return text === null ? { kind: 'folder' } : { kind: 'file', text };
};

describe('compose rules', () => {
  it('are in the one registry, with docs and the compose category', () => {
    for (const rule of composeRules) {
      assert.ok(rules.includes(rule), rule.id);
      assert.equal(rule.category, 'compose');
      assert.ok(rule.id.startsWith('compose-') && rule.docs.length > 100 && rule.summary.length > 10, rule.id);
    }
    assert.equal(composeRules.length, 9);
  });

  it('knows the compose file names, overrides included', () => {
    for (const name of ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml', 'compose.prod.yaml', 'docker-compose.override.yml']) assert.ok(isComposeFileName(name), name);
    for (const name of ['compose.json', 'my-compose.yaml', 'Dockerfile', 'composer.yaml']) assert.ok(!isComposeFileName(name), name);
  });

  describe('compose-yaml-syntax', () => {
    it('fires where YAML stops, on duplicate keys and bad escapes, and never throws', () => {
      const text = 'services:\n  web:\n    image: a\n    image: b\n';
      const dup = of(run(text), 'compose-yaml-syntax');
      assert.equal(dup.length, 1);
      assert.equal(dup[0].range.start.line, 3);
      assert.match(dup[0].message, /unique/i);
      assert.equal(of(run('services:\n  web:\n    image: "C:\\data"\n'), 'compose-yaml-syntax').length, 1);
      assert.equal(of(run('services:\n\tweb: {}\n'), 'compose-yaml-syntax').length >= 1, true);
      for (const junk of ['', ':', '- - - [', '{{{{', 'a: &x [*x]', 'a: !!binary zz', '\uFEFFservices: {}', 'services:\r\n  a:\r\n    image: x\r']) {
        assert.doesNotThrow(() => run(junk), JSON.stringify(junk));
      }
    });

    it('stays silent on valid YAML with anchors, merge keys and compose tags', () => {
      const text = 'x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: nginx\n    ports: !reset []\n    labels: !override {a: b}\n';
      assert.deepEqual(of(run(text), 'compose-yaml-syntax'), []);
    });

    it('bounds an alias bomb (a billion laughs) with an error, not a hang', () => {
      const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
      const findings = of(run(lines.join('\n') + '\n'), 'compose-yaml-syntax');
      assert.equal(findings.length, 1);
      assert.match(findings[0].message, /alias/i);
    });
  });

  describe('compose-schema', () => {
    it('puts an unknown key, a wrong type and a bad enum value on the key or value', function () {
      needSchema(this);
      const text = ['services:', '  web:', '    image: nginx', '    build: {contxt: .}', '    depends_on:', '      db: {condition: when_ready}', '    ports: 80', '  db:', '    image: postgres', ''].join('\n');
      const found = of(run(text), 'compose-schema');
      const at = (line: number) => found.filter((f) => f.range.start.line === line);
      assert.match(at(3)[0].message, /services\.web\.build: property `contxt` is not allowed/);
      assert.deepEqual(at(3)[0].range, { start: { line: 3, character: 12 }, end: { line: 3, character: 18 } });
      assert.equal(at(3).length, 1, 'the string branch of build is not reported too');
      assert.match(at(5)[0].message, /condition: must be one of `service_started`, `service_healthy`, `service_completed_successfully`/);
      assert.deepEqual(at(5)[0].range.start, { line: 5, character: 22 });
      assert.match(at(6)[0].message, /ports: must be a list/);
      assert.equal(found.length, 3);
    });

    it('is silent on the realistic files and on an empty one; says when it is off', function () {
      needSchema(this);
      for (const dir of ['windows-shop', 'linux-app', 'override']) {
        for (const name of fs.readdirSync(path.join(FIXTURES, dir)).filter(isComposeFileName)) {
          assert.deepEqual(of(run(fs.readFileSync(path.join(FIXTURES, dir, name), 'utf8')), 'compose-schema'), [], `${dir}/${name}`);
        }
      }
      assert.deepEqual(run(''), []);
      const off = lintCompose('services: {}\n', { schema: { ok: false, reason: 'no schema in this build' } });
      assert.equal(off.length, 1);
      assert.equal(off[0].severity, 'info');
      assert.match(off[0].message, /schema validation is off: no schema in this build/);
    });

    it('ships the schema ../shared names, unchanged, at the version its README states', function () {
      if (!haveShared) {
        console.log('      (skipped: ../shared/schemas/compose-spec is absent, so this build has no schema to compare)');
        this.skip();
      }
      needSchema(this);
      if (!schema.ok) return;
      const readme = fs.readFileSync(path.join(SHARED_SCHEMA, 'README.md'), 'utf8');
      const commit = /commit `([0-9a-f]{40})`/.exec(readme)?.[1];
      assert.ok(commit);
      assert.equal(schema.schema.version.commit, commit);
      assert.ok(readme.includes(`(${schema.schema.version.date})`));
      assert.deepEqual(schema.schema.schema, JSON.parse(fs.readFileSync(path.join(SHARED_SCHEMA, 'compose-spec.json'), 'utf8')));
      // Users see it: README names the same commit.
      assert.ok(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').includes(commit.slice(0, 7)), 'README names the schema commit');
    });
  });

  describe('compose-isolation-invalid', () => {
    const text = (v: string) => `services:\n  web:\n    image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n    isolation: ${v}\n`;
    it('fires on hyper-v with a preferred fix, and offers the three values otherwise', () => {
      const [f] = of(run(text('hyper-v')), 'compose-isolation-invalid');
      assert.deepEqual(f.range, { start: { line: 3, character: 15 }, end: { line: 3, character: 22 } });
      assert.equal(f.fixes.length, 1);
      assert.equal(f.fixes[0].preferred, true);
      const [g] = of(run(text('vm')), 'compose-isolation-invalid');
      assert.deepEqual(g.fixes.map((x) => [x.title, x.preferred]), [['Use isolation: default', false], ['Use isolation: process', false], ['Use isolation: hyperv', false]]);
    });
    it('is silent on the values the engine accepts, in any case, and on variables', () => {
      for (const v of ['default', 'process', 'hyperv', 'HyperV', '${ISO}']) assert.deepEqual(of(run(text(v)), 'compose-isolation-invalid'), [], v);
    });
    it('its fix re-lints clean', () => {
      const out = fixed(text('Hyper-V'));
      assert.match(out.text, /isolation: hyperv\n/);
      assert.deepEqual(of(out.findings, 'compose-isolation-invalid'), []);
    });
  });

  describe('compose-windows-host-mismatch', () => {
    const text = 'services:\n  web:\n    image: "mcr.microsoft.com/windows/servercore:ltsc2019"\n';
    it('fires on an image the host cannot run under the isolation in use, with the retag fix', () => {
      const [f] = of(run(text, { host: WIN_HOST }), 'compose-windows-host-mismatch');
      assert.match(f.message, /Service `web`: Image `mcr\.microsoft\.com\/windows\/servercore:ltsc2019` targets Windows Server 2019 \(1809\), build 17763, which cannot run on this host \(build 20348/);
      assert.deepEqual(f.range, { start: { line: 2, character: 11 }, end: { line: 2, character: 58 } });
      assert.equal(f.fixes[0].title, 'Use tag ltsc2022 (Windows Server 2022, runs on build 20348 with process isolation)');
      assert.equal(f.fixes[1].title, 'Run it with Hyper-V isolation (isolation: hyperv)');
    });
    it("follows the service's isolation, and is silent without a host or on a tag naming no release", () => {
      assert.deepEqual(of(run(text.replace('\n    image', '\n    isolation: hyperv\n    image'), { host: WIN_HOST }), 'compose-windows-host-mismatch'), []);
      assert.deepEqual(of(run(text), 'compose-windows-host-mismatch'), []);
      assert.deepEqual(of(run(text.replace(':ltsc2019', ''), { host: WIN_HOST }), 'compose-windows-host-mismatch'), []);
    });
    it('judges the final stage base of the build Dockerfile (or build.target), not image:', () => {
      const compose = 'services:\n  web:\n    build:\n      context: app\n      dockerfile: win.Dockerfile\n      target: base\n    image: shop/web\n';
      const dockerfile = 'FROM mcr.microsoft.com/windows/servercore:ltsc2019 AS base\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n';
      const ctx = { host: WIN_HOST, path: '/p/compose.yaml', files: files({ '/p/app/win.Dockerfile': dockerfile }) };
      const [f] = of(run(compose, ctx), 'compose-windows-host-mismatch');
      assert.match(f.message, /the base of the final stage of app\/win\.Dockerfile, line 1/);
      assert.deepEqual(f.range.start, { line: 4, character: 18 });
      assert.deepEqual(of(run(compose.replace('      target: base\n', ''), ctx), 'compose-windows-host-mismatch'), []);
    });
    it('its fix re-lints clean', () => {
      const out = fixed(text, { host: WIN_HOST });
      assert.match(out.text, /servercore:ltsc2022"/);
      assert.deepEqual(of(out.findings, 'compose-windows-host-mismatch'), []);
    });
  });

  describe('compose-windows-image-linux-engine', () => {
    it('fires on a Windows image or build base while the engine runs Linux, silent otherwise', () => {
      const text = 'services:\n  a:\n    image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n  b:\n    image: nginx:alpine\n';
      const found = of(run(text, { host: { engineOs: 'linux' } }), 'compose-windows-image-linux-engine');
      assert.deepEqual(found.map((f) => f.range.start.line), [2]);
      assert.match(found[0].message, /cannot be used on this platform/);
      assert.deepEqual(of(run(text, { host: WIN_HOST }), 'compose-windows-image-linux-engine'), []);
      assert.deepEqual(of(run(text), 'compose-windows-image-linux-engine'), []);
    });
  });

  describe('compose-platform-mismatch', () => {
    it('fires on linux/amd64 for a Windows image and windows for a Linux one, with a fix that re-lints clean', () => {
      const text = 'services:\n  a:\n    image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n    platform: linux/amd64\n  b:\n    image: redis:7-alpine\n    platform: windows/amd64\n';
      const found = of(run(text), 'compose-platform-mismatch');
      assert.deepEqual(found.map((f) => [f.range.start.line, f.fixes[0].title]), [[3, 'Use platform: windows/amd64'], [6, 'Use platform: linux/amd64']]);
      const out = fixed(text);
      assert.match(out.text, /platform: windows\/amd64\n {2}b:/);
      assert.deepEqual(of(out.findings, 'compose-platform-mismatch'), []);
    });
    it('is silent when the platform agrees or the image could be either', () => {
      assert.deepEqual(of(run('services:\n  a:\n    image: myapp:1\n    platform: windows/amd64\n  b:\n    image: redis:alpine\n    platform: linux/arm64\n'), 'compose-platform-mismatch'), []);
    });
  });

  describe('compose-windows-volume-syntax', () => {
    const text = ['services:', '  web:', '    image: x', '    volumes:', '      - C:\\data:C:\\data:ro', '      - \\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine', '      - "C:\\temp:C:\\temp"', '      - ./site:/usr/share/nginx/html', '      - data:/data', ''].join('\n');
    it('fires on drive letters (warning), a named pipe (error) and escapes in double quotes', () => {
      const found = of(run(text), 'compose-windows-volume-syntax');
      assert.deepEqual(found.map((f) => [f.range.start.line, f.severity]), [[4, 'warning'], [5, 'error'], [6, 'warning']]);
      assert.match(found[1].message, /type: npipe/);
      assert.equal(found[0].fixes[0].edits[0].newText, "type: bind\n        source: 'C:\\data'\n        target: 'C:\\data'\n        read_only: true");
    });
    it('its fixes re-lint clean, and the result is valid for the schema', () => {
      const out = fixed(text);
      assert.deepEqual(of(out.findings, 'compose-windows-volume-syntax'), []);
      assert.match(out.text, /- type: npipe\n {8}source: '\\\\\.\\pipe\\docker_engine'/);
      assert.deepEqual(of(out.findings, 'compose-schema'), []);
      assert.deepEqual(of(out.findings, 'compose-yaml-syntax'), []);
    });
    it('is silent on the long syntax and on Linux paths', () => {
      assert.deepEqual(of(run('services:\n  w:\n    image: x\n    volumes:\n      - type: npipe\n        source: \\\\.\\pipe\\docker_engine\n        target: \\\\.\\pipe\\docker_engine\n      - /srv:/srv\n'), 'compose-windows-volume-syntax'), []);
    });
  });

  describe('compose-file-missing', () => {
    const text = 'services:\n  web:\n    build: ./web\n    env_file:\n      - web.env\n      - path: local.env\n        required: false\n  api:\n    build:\n      context: api\n      dockerfile: Api.Dockerfile\n';
    it('fires on a missing Dockerfile (also the default one) and a required env_file', () => {
      const found = of(run(text, { path: '/p/compose.yaml', files: files({}) }), 'compose-file-missing');
      assert.deepEqual(found.map((f) => f.range.start.line), [2, 4, 10]);
      assert.match(found[0].message, /without `dockerfile:`, Compose looks for `Dockerfile`/);
    });
    it('is silent when the files exist, for an optional env_file, without a path, and on variables', () => {
      const all = files({ '/p/web/Dockerfile': 'FROM alpine\n', '/p/web.env': 'A=1', '/p/api/Api.Dockerfile': 'FROM alpine\n' });
      assert.deepEqual(of(run(text, { path: '/p/compose.yaml', files: all }), 'compose-file-missing'), []);
      assert.deepEqual(of(run(text), 'compose-file-missing'), []);
      assert.deepEqual(of(run('services:\n  a:\n    env_file: ${ENV}.env\n', { path: '/p/compose.yaml', files: files({}) }), 'compose-file-missing'), []);
    });
    it('counts a backslashed path as found with forward slashes', () => {
      const t = 'services:\n  a:\n    build:\n      context: .\n      dockerfile: docker\\Win.Dockerfile\n';
      assert.deepEqual(of(run(t, { path: '/p/compose.yaml', files: files({ '/p/docker/Win.Dockerfile': 'FROM x\n' }) }), 'compose-file-missing'), []);
    });
  });

  describe('compose-depends-on-unknown', () => {
    const text = 'services:\n  web:\n    image: x\n    depends_on: [Db, cache]\n  db:\n    image: y\n';
    it('fires on a name that is no service, with a fix for a close name that re-lints clean', () => {
      const found = of(run(text), 'compose-depends-on-unknown');
      assert.deepEqual(found.map((f) => [f.range.start.line, f.range.start.character, f.fixes.length]), [[3, 17, 1], [3, 21, 0]]);
      const out = fixed(text);
      assert.match(out.text, /depends_on: \[db, cache\]/);
      assert.deepEqual(of(out.findings, 'compose-depends-on-unknown').map((f) => f.message), ['Service `web` depends on `cache`, which is not a service of this project.']);
    });
    it("counts the other files' services, and leaves an override alone when they are unknown", () => {
      assert.deepEqual(of(run(text, { otherServices: new Set(['cache']) }), 'compose-depends-on-unknown').length, 1);
      assert.deepEqual(of(run(text, { path: '/p/compose.dev.yaml' }), 'compose-depends-on-unknown'), []);
    });
  });

  describe('realistic files', () => {
    const lintFixture = (rel: string, host = {}) => {
      const file = path.join(FIXTURES, rel);
      const others = new Set<string>();
      for (const name of fs.readdirSync(path.dirname(file)).filter((n) => isComposeFileName(n) && n !== path.basename(file))) {
        for (const s of parseCompose(fs.readFileSync(path.join(path.dirname(file), name), 'utf8')).services) others.add(s.name);
      }
      return run(fs.readFileSync(file, 'utf8'), { host, path: file, files: diskFileFacts(1 << 20), otherServices: others });
    };
    const brief = (findings: Finding[]) => findings.map((f) => `${f.range.start.line + 1}:${f.rule}`);

    it('the Windows project: its real mistakes, on a Windows Server 2022 host', () => {
      assert.deepEqual(brief(lintFixture('windows-shop/compose.yaml', WIN_HOST)), [
        '14:compose-windows-host-mismatch',
        '40:compose-windows-volume-syntax',
        '49:compose-windows-volume-syntax',
      ]);
    });

    it('the Windows project on a Linux engine: its Windows services', () => {
      assert.deepEqual(
        brief(lintFixture('windows-shop/compose.yaml', { engineOs: 'linux' })).filter((b) => b.includes('linux-engine')),
        ['14:compose-windows-image-linux-engine', '44:compose-windows-image-linux-engine'],
      );
    });

    it('the Linux project and an override file are clean', () => {
      assert.deepEqual(brief(lintFixture('linux-app/compose.yaml', { engineOs: 'linux' })), []);
      assert.deepEqual(brief(lintFixture('override/compose.dev.yaml')), []);
      assert.deepEqual(brief(lintFixture('override/compose.yaml')), []);
    });

    it('ignore comments and severities apply as in a Dockerfile', () => {
      const text = 'services:\n  web:\n    image: x\n    # docker-workbench ignore=compose-depends-on-unknown\n    depends_on: [nope]\n    isolation: vm\n';
      assert.deepEqual(brief(run(text)), ['6:compose-isolation-invalid']);
      assert.deepEqual(brief(run(text, { severities: { 'compose-isolation-invalid': 'off' } })), []);
      assert.equal(run(text, { severities: { 'compose-isolation-invalid': 'hint' } })[0].severity, 'hint');
    });
  });
});
