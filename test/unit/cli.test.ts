// The real `docker-workbench` bundle (dist/cli.js), run as a child process on temporary folders.
// Expected positions come from calling lint() in process on the same text, so these tests check
// the CLI's faces (formats, discovery, exit codes, --fix) rather than any one rule's wording.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lint } from '../../server/src/lint';
import { rules } from '../../server/src/rules';
import type { Finding } from '../../server/src/rules/types';
import type { HostContext } from '../../shared/protocol';
import { buildCli, runCli, type CliResult } from '../support/cli';

const ROOT = findRoot(__dirname);
const CLI = path.join(ROOT, 'dist', 'cli.js');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const IIS =
  '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2019\nRUN powershell -Command `\n' +
  '    Add-WindowsFeature Web-Server\nEXPOSE 80\nENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]\n';
const CLEAN = 'FROM alpine:3.19\nRUN echo hello\nCMD ["sh"]\n';
const HOST_2022: HostContext = { engineOs: 'windows', build: 20348, isolation: 'process', source: 'cli' };

function run(args: string[], options: { cwd?: string; input?: string } = {}): Promise<CliResult> {
  return runCli(args, options);
}

function findRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 10; i++) {
    if (fs.existsSync(path.join(dir, 'scripts', 'build.mjs'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`repository root not found above ${start}`);
}

/** Rule-dependent cases need the rules the issue lists; say which are missing rather than pass. */
function needRules(ctx: Mocha.Context, ...ids: string[]): void {
  const missing = ids.filter((id) => !rules.some((r) => r.id === id));
  if (missing.length > 0) {
    console.log(`      (skipped: rules not registered yet: ${missing.join(', ')})`);
    ctx.skip();
  }
}

function write(dir: string, rel: string, text: string): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  rule: string;
  message: string;
  fixes: Array<{ title: string; preferred: boolean; edits: Array<{ line: number; column: number; endLine: number; endColumn: number; newText: string }> }>;
}

function expectedJson(file: string, findings: Finding[]): JsonFinding[] {
  return findings.map((f) => ({
    file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    severity: f.severity,
    rule: f.rule,
    message: f.message,
    fixes: f.fixes.map((fix) => ({
      title: fix.title,
      preferred: fix.preferred === true,
      edits: fix.edits.map((e) => ({
        line: e.range.start.line + 1,
        column: e.range.start.character + 1,
        endLine: e.range.end.line + 1,
        endColumn: e.range.end.character + 1,
        newText: e.newText,
      })),
    })),
  }));
}

describe('docker-workbench CLI', function () {
  let tmp: string;

  before(function () {
    this.timeout(120_000);
    buildCli();
    assert.ok(fs.existsSync(CLI), 'dist/cli.js was not built');
  });

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-cli-'));
  });

  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('help, version and rules', () => {
    it('prints the package version', async () => {
      for (const flag of ['--version', '-v']) {
        const r = await run([flag]);
        assert.equal(r.code, 0);
        assert.equal(r.stdout.trim(), VERSION);
      }
    });

    it('prints usage naming both commands and every lint option', async () => {
      const r = await run(['--help']);
      assert.equal(r.code, 0);
      for (const word of ['lint', 'rules', '--format', '--host-build', '--isolation', '--engine-os', '--fix']) {
        assert.ok(r.stdout.includes(word), `help lacks ${word}`);
      }
    });

    it('lists every registered rule with its default severity and summary', async () => {
      const text = await run(['rules']);
      assert.equal(text.code, 0);
      const lines = text.stdout.trimEnd().split('\n');
      if (rules.length === 0) assert.match(text.stdout, /No rules/);
      else assert.equal(lines.length, rules.length);
      for (const rule of rules) {
        const line = lines.find((l) => l.split(/\s+/)[0] === rule.id);
        assert.ok(line, `rule ${rule.id} not listed`);
        assert.equal(line.split(/\s+/)[1], rule.severity);
        assert.ok(line.includes(rule.summary), `summary of ${rule.id} missing`);
      }
      const json = await run(['rules', '--format', 'json']);
      assert.equal(json.code, 0);
      const listed = JSON.parse(json.stdout) as Array<{ id: string; severity: string; summary: string; category: string }>;
      assert.deepEqual(
        listed.map((r) => [r.id, r.severity, r.summary, r.category]),
        rules.map((r) => [r.id, r.severity, r.summary, r.category]),
      );
    });
  });

  describe('usage and I/O problems exit 2', () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /no command/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['lint'], /at least one PATH/],
      [['lint', '--bogus', 'x'], /unknown option '--bogus'/],
      [['lint', '--format', 'xml', 'x'], /--format must be one of text, json, sarif, got 'xml'/],
      [['lint', '--format'], /needs a value/],
      [['lint', '--isolation', 'vm', 'x'], /--isolation must be process or hyperv/],
      [['lint', '--engine-os', 'mac', 'x'], /--engine-os must be windows or linux/],
      [['lint', '--fix', '-'], /cannot be used with - \(stdin\)/],
      [['lint', '--fix=yes', 'x'], /takes no value/],
    ];
    for (const [args, message] of cases) {
      it(`rejects: ${args.join(' ') || '(nothing)'}`, async () => {
        const r = await run(args, { cwd: tmp });
        assert.equal(r.code, 2);
        assert.match(r.stderr, message);
        assert.equal(r.stdout, '');
      });
    }

    it('names a missing file, even next to a good one, and lints nothing', async () => {
      write(tmp, 'Dockerfile', CLEAN);
      const r = await run(['lint', 'Dockerfile', 'nope/Dockerfile.missing'], { cwd: tmp });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no such file or folder: nope\/Dockerfile\.missing/);
      assert.equal(r.stdout, '');
    });

    it('says so when a folder holds no Dockerfile', async () => {
      write(tmp, 'empty/README.md', 'hi');
      const r = await run(['lint', 'empty'], { cwd: tmp });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no Dockerfiles or compose files found in empty/);
    });
  });

  describe('--host-build', () => {
    for (const garbage of ['abc', '17763x', '10.1.17763', '1.2', '', '-5']) {
      it(`rejects '${garbage}' with a message naming the option`, async () => {
        write(tmp, 'Dockerfile', CLEAN);
        const r = await run(['lint', `--host-build=${garbage}`, 'Dockerfile'], { cwd: tmp });
        assert.equal(r.code, 2);
        assert.match(r.stderr, /--host-build must be a Windows build number such as 17763 or 10\.0\.17763/);
      });
    }

    it('reads 20348, 10.0.20348 and 10.0.20348.169 as the same host', async function () {
      needRules(this, 'windows-host-mismatch');
      write(tmp, 'Dockerfile', IIS);
      const outputs = [];
      for (const build of ['20348', '10.0.20348', '10.0.20348.169']) {
        const r = await run(['lint', '--format', 'json', '--host-build', build, 'Dockerfile'], { cwd: tmp });
        assert.equal(r.code, 1);
        const findings = JSON.parse(r.stdout) as JsonFinding[];
        assert.ok(findings.some((f) => f.rule === 'windows-host-mismatch' && f.line === 2));
        outputs.push(r.stdout);
      }
      assert.equal(outputs[1], outputs[0]);
      assert.equal(outputs[2], outputs[0]);
    });

    it('judges against the given build and isolation (process by default)', async function () {
      needRules(this, 'windows-host-mismatch');
      write(tmp, 'Dockerfile', IIS);
      const mismatch = async (...args: string[]) => {
        const r = await run(['lint', '--format', 'json', ...args, 'Dockerfile'], { cwd: tmp });
        assert.notEqual(r.code, 2, r.stderr);
        return (JSON.parse(r.stdout) as JsonFinding[]).some((f) => f.rule === 'windows-host-mismatch');
      };
      assert.equal(await mismatch('--host-build', '17763'), false);
      assert.equal(await mismatch('--host-build', '20348'), true);
      assert.equal(await mismatch('--host-build', '20348', '--isolation', 'process'), true);
      // Hyper-V isolation runs older images on a newer host.
      assert.equal(await mismatch('--host-build', '20348', '--isolation', 'hyperv'), false);
      assert.equal(await mismatch(), false);
    });
  });

  describe('formats', () => {
    it('text: one `path:line:col: severity rule: message` line per finding, a summary, no colour off a TTY', async function () {
      needRules(this, 'windows-host-mismatch', 'exec-form-invalid-json');
      write(tmp, 'Dockerfile', IIS);
      write(tmp, 'ok/Dockerfile', CLEAN);
      const r = await run(['lint', '--host-build', '20348', '.'], { cwd: tmp });
      const expected = lint(IIS, { host: HOST_2022 });
      assert.equal(r.code, expected.some((f) => f.severity === 'error') ? 1 : 0);
      assert.ok(!r.stdout.includes('\x1b['), 'colour codes in piped output');
      const findingLines = r.stdout.split('\n').filter((l) => l.startsWith('Dockerfile:'));
      assert.deepEqual(
        findingLines,
        expected.map((f) => `Dockerfile:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.rule}: ${f.message}`),
      );
      const errors = expected.filter((f) => f.severity === 'error').length;
      assert.match(r.stdout, new RegExp(`${expected.length} problems? \\(${errors} errors?, .*\\) in 1 file of 2 checked\\.\\n$`));
    });

    it('text: colours with --color, and a clean run says so', async () => {
      write(tmp, 'Dockerfile', CLEAN);
      const clean = await run(['lint', 'Dockerfile'], { cwd: tmp });
      assert.deepEqual(lint(CLEAN, {}), [], 'the clean sample has findings; pick another');
      assert.equal(clean.stdout, 'No problems in 1 file.\n');
      assert.equal(clean.code, 0);
      const colored = await run(['lint', '--color', 'Dockerfile'], { cwd: tmp });
      assert.ok(colored.stdout.includes('\x1b['), 'no colour codes with --color');
    });

    it('json: the documented fields, 1-based, matching lint() in process', async function () {
      needRules(this, 'windows-host-mismatch', 'exec-form-invalid-json');
      write(tmp, 'app/Dockerfile', IIS);
      const r = await run(['lint', '--format', 'json', '--host-build', '10.0.20348', 'app'], { cwd: tmp });
      assert.equal(r.code, 1);
      const actual = JSON.parse(r.stdout) as JsonFinding[];
      assert.deepEqual(actual, expectedJson(path.join('app', 'Dockerfile'), lint(IIS, { host: HOST_2022 })));
      const invalidJson = actual.find((f) => f.rule === 'exec-form-invalid-json');
      assert.ok(invalidJson);
      // ENTRYPOINT is the 6th line and its arguments start in the 12th column.
      assert.equal(invalidJson.line, 6);
      assert.equal(invalidJson.column, 12);
      assert.ok(invalidJson.fixes.some((f) => f.preferred && f.edits.length > 0));
    });

    it('json: a clean file matches lint() in process, and - reads stdin', async function () {
      needRules(this, 'exec-form-invalid-json');
      write(tmp, 'Dockerfile', CLEAN);
      const clean = await run(['lint', '-f', 'json', 'Dockerfile'], { cwd: tmp });
      assert.deepEqual(JSON.parse(clean.stdout), expectedJson('Dockerfile', lint(CLEAN, {})));
      const piped = await run(['lint', '--format=json', '-'], { cwd: tmp, input: IIS });
      const fromStdin = JSON.parse(piped.stdout) as JsonFinding[];
      assert.deepEqual(fromStdin, expectedJson('<stdin>', lint(IIS, {})));
      assert.ok(fromStdin.some((f) => f.rule === 'exec-form-invalid-json'));
    });

    it('sarif: a 2.1.0 log with the driver, every rule, and 1-based relative results', async function () {
      needRules(this, 'windows-host-mismatch', 'exec-form-invalid-json');
      write(tmp, 'web site/Dockerfile', IIS);
      const r = await run(['lint', '--format', 'sarif', '--host-build', '20348', 'web site'], { cwd: tmp });
      assert.equal(r.code, 1);
      const log = JSON.parse(r.stdout);
      assert.equal(log.version, '2.1.0');
      assert.match(log.$schema, /sarif-2\.1\.0/);
      assert.equal(log.runs.length, 1);
      const run0 = log.runs[0];
      const driver = run0.tool.driver;
      assert.equal(driver.name, 'docker-workbench');
      assert.equal(driver.version, VERSION);
      assert.match(driver.informationUri, /^https:\/\//);
      assert.deepEqual(
        driver.rules.map((d: { id: string }) => d.id),
        rules.map((rule) => rule.id),
      );
      for (const [i, d] of driver.rules.entries()) {
        assert.equal(typeof d.shortDescription.text, 'string');
        assert.ok(d.fullDescription.text.length > 0, `${d.id} has no full description`);
        assert.ok(d.help.text.length > 0);
        const severity = rules[i].severity;
        assert.equal(d.defaultConfiguration.level, severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note');
      }
      assert.match(run0.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/.*\/$/);
      assert.deepEqual(run0.artifacts.map((a: { location: { uri: string } }) => a.location.uri), ['web%20site/Dockerfile']);

      const expected = lint(IIS, { host: HOST_2022 });
      assert.equal(run0.results.length, expected.length);
      for (const [i, result] of run0.results.entries()) {
        const f = expected[i];
        assert.equal(result.ruleId, f.rule);
        assert.equal(driver.rules[result.ruleIndex].id, f.rule);
        assert.equal(result.level, f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'note');
        assert.equal(result.message.text, f.message);
        const location = result.locations[0].physicalLocation;
        assert.equal(location.artifactLocation.uri, 'web%20site/Dockerfile');
        assert.equal(location.artifactLocation.uriBaseId, '%SRCROOT%');
        assert.deepEqual(location.region, {
          startLine: f.range.start.line + 1,
          startColumn: f.range.start.character + 1,
          endLine: f.range.end.line + 1,
          endColumn: f.range.end.character + 1,
        });
        assert.equal((result.fixes ?? []).length, f.fixes.length);
        for (const [j, fix] of (result.fixes ?? []).entries()) {
          assert.equal(fix.description.text, f.fixes[j].title);
          const change = fix.artifactChanges[0];
          assert.equal(change.artifactLocation.uri, 'web%20site/Dockerfile');
          assert.deepEqual(
            change.replacements.map((rep: { deletedRegion: { startLine: number; startColumn: number }; insertedContent: { text: string } }) => [
              rep.deletedRegion.startLine,
              rep.deletedRegion.startColumn,
              rep.insertedContent.text,
            ]),
            f.fixes[j].edits.map((e) => [e.range.start.line + 1, e.range.start.character + 1, e.newText]),
          );
        }
      }
      const entrypoint = run0.results.find((x: { ruleId: string }) => x.ruleId === 'exec-form-invalid-json');
      assert.equal(entrypoint.locations[0].physicalLocation.region.startLine, 6);
      assert.equal(entrypoint.locations[0].physicalLocation.region.startColumn, 12);
    });
  });

  describe('folder discovery', () => {
    it('finds every naming pattern in any case, skips node_modules and .git, survives a symlink loop, stays inside the folder', async () => {
      const wanted = [
        'Dockerfile',
        'api.Dockerfile',
        'Dockerfile.prod',
        'Containerfile',
        'sub/DOCKERFILE',
        'sub/containerFILE',
        'sub/deep/web.dockerfile',
        'sub/deep/dockerfile.Windows',
      ];
      const unwanted = [
        'README.md',
        'Dockerfile-old',
        'mydockerfile',
        '.dockerignore',
        'Dockerfile.dockerignore',
        'node_modules/pkg/Dockerfile',
        '.git/Dockerfile',
        'sub/node_modules/Dockerfile',
        'Containerfile.d/notes.txt',
      ];
      for (const rel of [...wanted, ...unwanted]) write(tmp, path.join('repo', rel), CLEAN);
      fs.symlinkSync(path.join(tmp, 'repo'), path.join(tmp, 'repo', 'sub', 'loop'), 'dir');
      write(tmp, 'elsewhere/Containerfile', CLEAN);
      fs.symlinkSync(path.join(tmp, 'elsewhere'), path.join(tmp, 'repo', 'linked'), 'dir');

      const r = await run(['lint', '--format', 'sarif', 'repo'], { cwd: tmp });
      assert.notEqual(r.code, 2, r.stderr);
      const uris = (JSON.parse(r.stdout).runs[0].artifacts as Array<{ location: { uri: string } }>).map((a) => a.location.uri);
      // `linked` leads outside the folder named, so it is not followed (and said so).
      assert.match(r.stderr, /not following repo\/linked/);
      const expected = wanted.map((rel) => `repo/${rel}`);
      assert.deepEqual([...uris].sort(), [...expected].sort());
    });

    it('lints a named file whatever its name, and each file once', async () => {
      write(tmp, 'build.txt', CLEAN);
      write(tmp, 'Dockerfile', CLEAN);
      const r = await run(['lint', '--format', 'sarif', 'build.txt', 'Dockerfile', '.'], { cwd: tmp });
      assert.notEqual(r.code, 2, r.stderr);
      const uris = (JSON.parse(r.stdout).runs[0].artifacts as Array<{ location: { uri: string } }>).map((a) => a.location.uri);
      assert.deepEqual(uris, ['build.txt', 'Dockerfile']);
    });
  });

  describe('.dockerignore', () => {
    it('reads the one next to the Dockerfile, preferring <name>.dockerignore', async function () {
      needRules(this, 'CopyIgnoredFile');
      const text = 'FROM alpine:3.19\nCOPY secret.txt /app/\nCOPY public.txt /app/\n';
      write(tmp, 'plain/Dockerfile', text);
      write(tmp, 'ignored/Dockerfile', text);
      write(tmp, 'ignored/.dockerignore', 'secret.txt\n');
      write(tmp, 'specific/Dockerfile', text);
      write(tmp, 'specific/.dockerignore', 'secret.txt\n');
      write(tmp, 'specific/Dockerfile.dockerignore', 'public.txt\n');
      const r = await run(['lint', '--format', 'json', '.'], { cwd: tmp });
      assert.notEqual(r.code, 2, r.stderr);
      const hits = (JSON.parse(r.stdout) as JsonFinding[]).filter((f) => f.rule === 'CopyIgnoredFile').map((f) => `${f.file}:${f.line}`);
      assert.deepEqual(hits.sort(), [path.join('ignored', 'Dockerfile') + ':2', path.join('specific', 'Dockerfile') + ':3']);
    });
  });

  describe('exit codes', () => {
    it('0 without errors, 1 with errors', async function () {
      needRules(this, 'exec-form-invalid-json');
      write(tmp, 'good/Dockerfile', CLEAN);
      write(tmp, 'bad/Dockerfile', IIS);
      assert.ok(!lint(CLEAN, {}).some((f) => f.severity === 'error'), 'the clean sample has an error finding');
      assert.equal((await run(['lint', 'good'], { cwd: tmp })).code, 0);
      assert.equal((await run(['lint', 'bad'], { cwd: tmp })).code, 1);
      assert.equal((await run(['lint', 'good', 'bad'], { cwd: tmp })).code, 1);
    });
  });

  describe('--fix', () => {
    it('applies the preferred fixes, rewrites the file, and what remains has no preferred fix', async function () {
      needRules(this, 'windows-host-mismatch', 'exec-form-invalid-json');
      const file = write(tmp, 'Dockerfile', IIS);
      const before = lint(IIS, { host: HOST_2022 });
      const fixable = new Set(before.filter((f) => f.fixes.some((x) => x.preferred)).map((f) => f.rule));
      assert.ok(fixable.has('exec-form-invalid-json'));

      const r = await run(['lint', '--fix', '--host-build', '20348', 'Dockerfile'], { cwd: tmp });
      assert.notEqual(r.code, 2, r.stderr);
      assert.match(r.stdout, /^Fixed \d+ problems?\./m);
      const fixed = fs.readFileSync(file, 'utf8');
      assert.notEqual(fixed, IIS);
      const entrypoint = fixed.split('\n').find((l) => l.startsWith('ENTRYPOINT '));
      assert.ok(entrypoint);
      assert.deepEqual(JSON.parse(entrypoint.slice('ENTRYPOINT '.length)), ['C:\\ServiceMonitor.exe', 'w3svc']);

      const after = lint(fixed, { host: HOST_2022 });
      assert.deepEqual(
        after.filter((f) => f.fixes.some((x) => x.preferred)),
        [],
      );
      for (const rule of fixable) assert.ok(!after.some((f) => f.rule === rule), `${rule} still reported after --fix`);
      // The report is the re-lint of the written file, and the exit code follows it.
      const relint = await run(['lint', '--format', 'json', '--host-build', '20348', 'Dockerfile'], { cwd: tmp });
      assert.deepEqual(JSON.parse(relint.stdout), expectedJson('Dockerfile', after));
      assert.equal(r.code, after.some((f) => f.severity === 'error') ? 1 : 0);
      assert.equal(relint.code, r.code);
    });

    it('settles several fixable rules in one run, edits of one line included', async function () {
      needRules(this, 'windows-unsupported-flag', 'exec-form-control-escape', 'exec-form-invalid-json');
      const text =
        'FROM mcr.microsoft.com/windows/servercore:ltsc2019\nCOPY --chown=app app C:/app/\n' +
        'CMD ["C:\\temp\\run.exe"]\nENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]\n';
      const before = lint(text, {});
      for (const rule of ['windows-unsupported-flag', 'exec-form-control-escape', 'exec-form-invalid-json']) {
        assert.ok(before.some((f) => f.rule === rule), `sample does not trigger ${rule}`);
      }
      const file = write(tmp, 'Dockerfile', text);
      const r = await run(['lint', '--fix', 'Dockerfile'], { cwd: tmp });
      assert.notEqual(r.code, 2, r.stderr);
      const fixed = fs.readFileSync(file, 'utf8');
      const after = lint(fixed, {});
      assert.deepEqual(after.filter((f) => f.fixes.some((x) => x.preferred)), []);
      const lines = fixed.split('\n');
      const execValues = (keyword: string) => {
        const line = lines.find((l) => l.startsWith(keyword + ' '));
        assert.ok(line, `${keyword} line lost`);
        return (JSON.parse(line.slice(keyword.length + 1)) as string[]).map((v) => v.replace(/\//g, '\\'));
      };
      assert.deepEqual(execValues('CMD'), ['C:\\temp\\run.exe']);
      assert.deepEqual(execValues('ENTRYPOINT'), ['C:\\ServiceMonitor.exe', 'w3svc']);
      assert.ok(!/--chown/.test(fixed), '--chown still there');
      const fixedCount = Number(/^Fixed (\d+) problems?\./m.exec(r.stdout)?.[1]);
      assert.ok(fixedCount >= 3, `only ${fixedCount} fixed`);
    });

    it('keeps CRLF line endings and the BOM', async function () {
      needRules(this, 'windows-host-mismatch', 'exec-form-invalid-json');
      const lfFile = write(tmp, 'lf/Dockerfile', IIS);
      const crlfFile = write(tmp, 'crlf/Dockerfile', '\uFEFF' + IIS.replace(/\n/g, '\r\n'));
      const r = await run(['lint', '--fix', '--host-build', '20348', 'lf', 'crlf'], { cwd: tmp });
      assert.notEqual(r.code, 2, r.stderr);
      const lf = fs.readFileSync(lfFile, 'utf8');
      const crlf = fs.readFileSync(crlfFile, 'utf8');
      assert.notEqual(lf, IIS);
      assert.ok(crlf.startsWith('\uFEFF'), 'BOM lost');
      assert.equal(crlf.slice(1).replace(/\r\n/g, '\n'), lf, 'CRLF file fixed differently');
      assert.doesNotMatch(crlf, /[^\r]\n/, 'a bare LF in the CRLF file');
      assert.equal(Buffer.from(crlf, 'utf8').subarray(0, 3).toString('hex'), 'efbbbf');
    });

    it('leaves a file without fixable findings untouched', async () => {
      const file = write(tmp, 'Dockerfile', CLEAN);
      const stamp = new Date(2000, 0, 1);
      fs.utimesSync(file, stamp, stamp);
      const r = await run(['lint', '--fix', 'Dockerfile'], { cwd: tmp });
      assert.notEqual(r.code, 2, r.stderr);
      assert.equal(fs.readFileSync(file, 'utf8'), CLEAN);
      assert.equal(fs.statSync(file).mtimeMs, stamp.getTime());
    });
  });
});
