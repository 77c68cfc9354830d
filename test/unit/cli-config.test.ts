// `docker-workbench lint` reads the editor's settings from a config file in the tree
// (.docker-workbench.json, or package.json's dockerWorkbench key), found upward from each linted
// file up to the repository root; flags win field by field; a bad config is exit 2 naming the
// file. The real bundle (dist/cli.js) as a child process, on temporary repositories.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCli, runCli, type CliResult } from '../support/cli';

interface JsonFinding {
  file: string;
  severity: string;
  rule: string;
  message: string;
}

// servercore ltsc2022 is build 20348: it runs on a 20348 host, not on a 17763 one.
const WINDOWS = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]\n';
const WARNING_ONLY = 'FROM alpine:3.19\nCMD echo hi\n';

function findings(result: CliResult): JsonFinding[] {
  assert.ok(result.code === 0 || result.code === 1, `exit ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as JsonFinding[];
}

function ruleSeverities(result: CliResult): string[] {
  return findings(result).map((f) => `${f.rule}:${f.severity}`).sort();
}

describe('CLI: lint reads its settings from a config file in the tree', function () {
  this.timeout(60_000);
  let tmp: string;
  let repo: string;

  const write = (rel: string, text: string) => {
    const file = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  const lint = (args: string[], options: { cwd?: string; input?: string } = {}) => runCli(['lint', '--format', 'json', ...args], { cwd: options.cwd ?? tmp, input: options.input });

  before(() => buildCli());
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-config-'));
    // The temporary folder is a repository of its own, so no config above it (in /tmp) is ever read.
    repo = path.join(tmp, 'repo');
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
    write('repo/app/web/Dockerfile', WINDOWS);
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('without a config, the host rules stay silent and severities are the defaults', async () => {
    assert.deepEqual(ruleSeverities(await lint(['repo'])), ['exec-form-invalid-json:error']);
  });

  it('.docker-workbench.json at the repository root sets the host and a rule severity for a file two folders down', async () => {
    write('repo/.docker-workbench.json', JSON.stringify({ windows: { hostBuild: '17763' }, rules: { 'exec-form-invalid-json': 'warning' } }));
    const result = await lint(['repo/app/web/Dockerfile']);
    assert.deepEqual(ruleSeverities(result), ['exec-form-invalid-json:warning', 'windows-host-mismatch:error']);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, '');
  });

  it("package.json's dockerWorkbench key is a config; a package.json without it is passed over", async () => {
    write('repo/package.json', JSON.stringify({ name: 'x', dockerWorkbench: { rules: { 'exec-form-invalid-json': 'off' } } }));
    write('repo/app/package.json', JSON.stringify({ name: 'app', private: true }));
    assert.deepEqual(ruleSeverities(await lint(['repo'])), []);
  });

  it('the nearest config wins, and in one folder .docker-workbench.json wins over package.json', async () => {
    write('repo/.docker-workbench.json', JSON.stringify({ rules: { 'exec-form-invalid-json': 'off' } }));
    write('repo/app/package.json', JSON.stringify({ dockerWorkbench: { rules: { 'exec-form-invalid-json': 'hint' } } }));
    assert.deepEqual(ruleSeverities(await lint(['repo'])), ['exec-form-invalid-json:hint']);
    write('repo/app/.docker-workbench.json', JSON.stringify({ rules: { 'exec-form-invalid-json': 'info' } }));
    assert.deepEqual(ruleSeverities(await lint(['repo'])), ['exec-form-invalid-json:info']);
  });

  it('each file gets the config of its own folder', async () => {
    write('repo/other/Dockerfile', WINDOWS);
    write('repo/other/.docker-workbench.json', JSON.stringify({ windows: { hostBuild: 17763 } }));
    const result = findings(await lint(['repo']));
    assert.deepEqual(result.map((f) => `${f.file}:${f.rule}`).sort(), [
      `${path.join('repo', 'app', 'web', 'Dockerfile')}:exec-form-invalid-json`,
      `${path.join('repo', 'other', 'Dockerfile')}:exec-form-invalid-json`,
      `${path.join('repo', 'other', 'Dockerfile')}:windows-host-mismatch`,
    ]);
  });

  it('the search stops at the repository root: a config above it is not read', async () => {
    write('.docker-workbench.json', JSON.stringify({ rules: { 'exec-form-invalid-json': 'off' } }));
    write('package.json', '{ not json');
    assert.deepEqual(ruleSeverities(await lint(['repo'])), ['exec-form-invalid-json:error']);
    // A .git file (a worktree or submodule) is a repository root too.
    fs.rmSync(path.join(repo, '.git'), { recursive: true });
    write('repo/.git', 'gitdir: /elsewhere\n');
    assert.deepEqual(ruleSeverities(await lint(['repo'])), ['exec-form-invalid-json:error']);
    // Without one, the search goes on up, and finds the outer config (this folder is bounded by the test's own .git).
    fs.rmSync(path.join(repo, '.git'));
    fs.mkdirSync(path.join(tmp, '.git'));
    fs.rmSync(path.join(tmp, 'package.json'));
    assert.deepEqual(ruleSeverities(await lint(['repo'])), []);
  });

  it('a package.json on the way up that does not parse is passed over with a one-line note naming it, and the search goes on above it', async () => {
    // As a stray /tmp/package.json is to every file below it: not known to be meant for us.
    fs.rmSync(path.join(repo, '.git'), { recursive: true });
    fs.mkdirSync(path.join(tmp, '.git'));
    write('.docker-workbench.json', JSON.stringify({ windows: { hostBuild: '17763' } }));
    const broken = write('repo/package.json', '{ "name": "x", ');
    const notObject = write('repo/app/package.json', '["not", "a", "package"]');
    const result = await lint(['repo']);
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(ruleSeverities(result), ['exec-form-invalid-json:error', 'windows-host-mismatch:error'], 'the config above was found');
    const lines = result.stderr.split('\n').filter((l) => l !== '');
    assert.deepEqual(lines, [
      `docker-workbench: note: ${notObject}: is not a JSON object; passed over (its dockerWorkbench settings, if any, are not read)`,
      `docker-workbench: note: ${broken}: is not valid JSON at line 1, column 16; passed over (its dockerWorkbench settings, if any, are not read)`,
    ]);
    // With no config anywhere, the files are linted with the defaults and the note still says why.
    fs.rmSync(path.join(tmp, '.docker-workbench.json'));
    const none = await lint(['repo/app/web/Dockerfile']);
    assert.deepEqual(ruleSeverities(none), ['exec-form-invalid-json:error']);
    assert.match(none.stderr, /package\.json: is not valid JSON at line 1, column 16; passed over/);
    // Named with --config, the same file is what was asked for: exit 2.
    const named = await lint(['--config', broken, 'repo']);
    assert.equal(named.code, 2);
    assert.equal(named.stdout, '');
    assert.match(named.stderr, /^docker-workbench: config .*package\.json: is not valid JSON/);
  });

  it('flags win field by field: --host-build over the config, the config isolation kept; --isolation over both', async () => {
    write('repo/.docker-workbench.json', JSON.stringify({ windows: { hostBuild: '10.0.20348', isolation: 'hyperv' } }));
    assert.deepEqual(ruleSeverities(await lint(['repo'])), ['exec-form-invalid-json:error'], 'ltsc2022 runs on 20348');
    const hyperv = findings(await lint(['--host-build', '17763', 'repo'])).find((f) => f.rule === 'windows-host-mismatch');
    assert.ok(hyperv, 'the build came from the flag');
    assert.match(hyperv.message, /with Hyper-V isolation/, 'the isolation came from the config');
    const processIsolation = findings(await lint(['--host-build', '17763', '--isolation', 'process', 'repo'])).find((f) => f.rule === 'windows-host-mismatch');
    assert.ok(processIsolation);
    assert.match(processIsolation.message, /with process isolation/);
  });

  it('standard input gets the config found from the working folder', async () => {
    write('repo/.docker-workbench.json', JSON.stringify({ windows: { hostBuild: '17763' } }));
    const result = await lint(['-'], { cwd: path.join(repo, 'app'), input: WINDOWS });
    assert.deepEqual(ruleSeverities(result), ['exec-form-invalid-json:error', 'windows-host-mismatch:error']);
  });

  it('dotted keys as settings.json writes them, with or without the dockerWorkbench. prefix', async () => {
    write('repo/.docker-workbench.json', JSON.stringify({ 'dockerWorkbench.windows.hostBuild': '17763', 'rules.exec-form-invalid-json': 'warning' }));
    assert.deepEqual(ruleSeverities(await lint(['repo'])), ['exec-form-invalid-json:warning', 'windows-host-mismatch:error']);
  });

  it('--no-config reads none; --config FILE reads that one instead of searching', async () => {
    write('repo/.docker-workbench.json', JSON.stringify({ rules: { 'exec-form-invalid-json': 'off' } }));
    const chosen = write('elsewhere/ci.json', JSON.stringify({ rules: { 'exec-form-invalid-json': 'info' } }));
    assert.deepEqual(ruleSeverities(await lint(['--no-config', 'repo'])), ['exec-form-invalid-json:error']);
    assert.deepEqual(ruleSeverities(await lint(['--config', chosen, 'repo'])), ['exec-form-invalid-json:info']);
    const missing = await lint(['--config', 'nope.json', 'repo']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.json: does not exist/);
    const both = await lint(['--config', chosen, '--no-config', 'repo']);
    assert.equal(both.code, 2);
  });

  it('host and lint.maxFileSize are not taken from a file in the tree (machine settings in the editor): a note says so', async () => {
    write('repo/.docker-workbench.json', JSON.stringify({ host: 'tcp://attacker.example:2375', lint: { maxFileSize: 64, debounceMs: 100 } }));
    write('repo/big/Dockerfile', `FROM alpine:3.19\n${'# padding\n'.repeat(120_000)}`);
    const result = await lint(['repo']);
    assert.equal(result.code, 1);
    assert.ok(findings(result).some((f) => f.rule === 'file-too-large'), 'the 1 MiB default still applies');
    assert.match(result.stderr, /note: .*\.docker-workbench\.json: host is not read from a file in the tree/);
    assert.match(result.stderr, /note: .*lint\.maxFileSize is not read from a file in the tree/);
  });

  describe('a config that cannot be used is exit 2 naming the file, before anything is linted', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['not JSON', '{ "rules": { "exec-form-invalid-json": "off", } }', /\.docker-workbench\.json: is not valid JSON at line 1, column 4\d/],
      ['empty', '', /\.docker-workbench\.json: is not valid JSON \(the file is empty\)/],
      ['not an object', '["rules"]', /\.docker-workbench\.json: must be a JSON object/],
      ['an unknown setting', '{ "rule": {} }', /\.docker-workbench\.json: rule is not a setting/],
      ['an unknown rule id', '{ "rules": { "exec-form-invalid-jsn": "off" } }', /rules\.exec-form-invalid-jsn is not a rule/],
      ['a severity that is none', '{ "rules": { "exec-form-invalid-json": "loud" } }', /rules\.exec-form-invalid-json must be one of error, warning, info, hint, off, got "loud"/],
      ['a host build that is not one', '{ "windows": { "hostBuild": "ltsc2019" } }', /windows\.hostBuild must be a Windows build/],
      ['an isolation that is not one', '{ "windows": { "isolation": "vm" } }', /windows\.isolation must be "process" or "hyperv"/],
      ['a setting given twice', '{ "windows": { "hostBuild": "17763" }, "windows.hostBuild": "20348" }', /windows\.hostBuild is given twice/],
    ];
    for (const [what, text, message] of cases) {
      it(what, async () => {
        write('repo/.docker-workbench.json', text);
        const result = await lint(['repo']);
        assert.equal(result.code, 2, result.stderr);
        assert.equal(result.stdout, '');
        assert.match(result.stderr, /^docker-workbench: config /);
        assert.match(result.stderr, message);
        assert.doesNotMatch(result.stderr, /internal error|at .*\.js:\d+/);
      });
    }

    it("a package.json whose dockerWorkbench key is not an object, or holds a setting that is not one (a package.json that does not parse is passed over, below)", async () => {
      write('repo/app/package.json', JSON.stringify({ dockerWorkbench: 'strict' }));
      let result = await lint(['repo']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /package\.json: dockerWorkbench must be a JSON object/);
      write('repo/app/package.json', JSON.stringify({ dockerWorkbench: { rules: { 'exec-form-invalid-json': 7 } } }));
      result = await lint(['repo']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /package\.json: dockerWorkbench\.rules\.exec-form-invalid-json must be one of/);
    });

    it('a .docker-workbench.json that does not parse stays exit 2 even with a good config above it', async () => {
      write('repo/.docker-workbench.json', JSON.stringify({ rules: { 'exec-form-invalid-json': 'off' } }));
      write('repo/app/.docker-workbench.json', '{ "rules": ');
      const result = await lint(['repo']);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /app\/\.docker-workbench\.json: is not valid JSON/);
    });

    it('the JSON error quotes nothing from the file', async () => {
      write('repo/.docker-workbench.json', 'SECRET_TOKEN=abc123\n');
      const result = await lint(['repo']);
      assert.equal(result.code, 2);
      assert.doesNotMatch(result.stderr, /SECRET|abc123/);
    });

    it('a FIFO is refused without waiting for a writer', async function () {
      if (process.platform === 'win32') this.skip();
      execFileSync('mkfifo', [path.join(repo, '.docker-workbench.json')]);
      const result = await runCli(['lint', 'repo'], { cwd: tmp, timeoutMs: 15_000 });
      assert.equal(result.code, 2, `${result.signal ?? ''} ${result.stderr}`);
      assert.match(result.stderr, /\.docker-workbench\.json: is not a regular file \(a FIFO\)/);
    });

    it('a link from the repository to a file outside it is refused', async () => {
      const outside = write('outside/settings.json', JSON.stringify({ rules: { 'exec-form-invalid-json': 'off' } }));
      fs.symlinkSync(outside, path.join(repo, '.docker-workbench.json'));
      const result = await lint(['repo']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /\.docker-workbench\.json: is a link to .*outside/);
      // A link that stays inside the repository is followed.
      fs.rmSync(path.join(repo, '.docker-workbench.json'));
      write('repo/config/shared.json', JSON.stringify({ rules: { 'exec-form-invalid-json': 'off' } }));
      fs.symlinkSync(path.join('config', 'shared.json'), path.join(repo, '.docker-workbench.json'));
      assert.deepEqual(ruleSeverities(await lint(['repo'])), []);
    });
  });

  describe('--failure-threshold', () => {
    it('error (the default): warnings alone exit 0; warning: they exit 1; none: even errors exit 0', async () => {
      write('repo/warn/Dockerfile', WARNING_ONLY);
      const only = path.join('repo', 'warn');
      assert.equal((await lint([only])).code, 0);
      assert.equal((await lint(['--failure-threshold', 'error', only])).code, 0);
      assert.equal((await lint(['--failure-threshold', 'warning', only])).code, 1);
      assert.equal((await lint(['--failure-threshold', 'hint', only])).code, 1);
      const none = await lint(['--failure-threshold', 'none', 'repo']);
      assert.equal(none.code, 0);
      assert.ok(findings(none).some((f) => f.severity === 'error'), 'the errors are still reported');
    });

    it('a config severity counts: a warning raised to error fails the run', async () => {
      write('repo/warn/Dockerfile', WARNING_ONLY);
      write('repo/warn/.docker-workbench.json', JSON.stringify({ rules: { JSONArgsRecommended: 'error' } }));
      assert.equal((await lint([path.join('repo', 'warn')])).code, 1);
    });

    it('anything else is a usage error', async () => {
      const result = await lint(['--failure-threshold', 'warnings', 'repo']);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /--failure-threshold must be one of error, warning, info, hint, none, got 'warnings'/);
    });
  });
});
