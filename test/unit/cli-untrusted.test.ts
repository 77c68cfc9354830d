// The CLI on a tree someone else wrote (CI on a pull request): links that leave the folder,
// files that are not files, and --fix that must not write outside it. The real bundle, as a process.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCli, runCli, type CliResult } from '../support/cli';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
/** Set in the child's environment: the CLI must never put it into its output. */
const SECRET = 'DW_SECRET_MARKER=hunter2-do-not-print';
// Fixable by --fix: invalid JSON in exec form becomes an escaped array.
const FIXABLE = 'FROM alpine:3.19\nENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]\n';
const CLEAN = 'FROM alpine:3.19\nCMD ["sh"]\n';

/** The CLI with the secret in its environment; a hang shows as a null code after `timeoutMs`. */
function runUntrusted(args: string[], cwd: string, timeoutMs = 20_000, input = ''): Promise<CliResult> {
  const [name, value] = SECRET.split('=');
  return runCli(args, { cwd, timeoutMs, input, env: { [name]: value } });
}

function write(dir: string, rel: string, text: string): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function sarifUris(stdout: string): string[] {
  const sarif = JSON.parse(stdout) as { runs: Array<{ artifacts?: Array<{ location: { uri: string } }> }> };
  return (sarif.runs[0].artifacts ?? []).map((a) => a.location.uri).sort();
}

const posix = process.platform !== 'win32';

describe('docker-workbench CLI on untrusted trees', function () {
  let tmp: string;

  before(function () {
    this.timeout(120_000);
    buildCli();
    assert.ok(fs.existsSync(CLI), 'dist/cli.js was not built');
  });

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-untrusted-'));
  });

  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('links in a folder walk', () => {
    it('does not read a link to a file outside the folder (/proc/self/environ)', async function () {
      if (!fs.existsSync('/proc/self/environ')) this.skip();
      write(tmp, 'repo/Dockerfile', CLEAN);
      fs.symlinkSync('/proc/self/environ', path.join(tmp, 'repo', 'env.Dockerfile'));
      const r = await runUntrusted(['lint', '--format', 'sarif', 'repo'], tmp);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(sarifUris(r.stdout), ['repo/Dockerfile']);
      assert.ok(!r.stdout.includes('hunter2') && !r.stderr.includes('hunter2'), 'the environment reached the output');
      assert.match(r.stderr, /env\.Dockerfile.*outside/);
    });

    it('does not walk a link to / (and finishes at once)', async () => {
      write(tmp, 'repo/Dockerfile', CLEAN);
      fs.symlinkSync('/', path.join(tmp, 'repo', 'everything'), 'dir');
      const started = Date.now();
      const r = await runUntrusted(['lint', '--format', 'sarif', 'repo'], tmp, 60_000);
      assert.equal(r.code, 0, `exit ${r.code} after ${Date.now() - started} ms: ${r.stderr.slice(0, 2000)}`);
      assert.deepEqual(sarifUris(r.stdout), ['repo/Dockerfile']);
    });

    it('follows links inside the folder, each file once, cycles included', async () => {
      write(tmp, 'repo/a/Dockerfile', CLEAN);
      fs.symlinkSync(path.join(tmp, 'repo', 'a'), path.join(tmp, 'repo', 'b'), 'dir');
      fs.symlinkSync('..', path.join(tmp, 'repo', 'a', 'up'), 'dir');
      fs.symlinkSync('Dockerfile', path.join(tmp, 'repo', 'a', 'web.Dockerfile'));
      const r = await runUntrusted(['lint', '--format', 'sarif', 'repo'], tmp);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(sarifUris(r.stdout), ['repo/a/Dockerfile']);
    });
  });

  describe('files given by name', () => {
    it('refuses a link to a file outside its folder', async function () {
      if (!fs.existsSync('/proc/self/environ')) this.skip();
      fs.mkdirSync(path.join(tmp, 'repo'));
      fs.symlinkSync('/proc/self/environ', path.join(tmp, 'repo', 'Dockerfile'));
      const r = await runUntrusted(['lint', '--format', 'sarif', 'repo/Dockerfile'], tmp);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /repo\/Dockerfile.*outside/);
      assert.ok(!r.stdout.includes('hunter2') && !r.stderr.includes('hunter2'), 'the environment reached the output');
    });

    it('parse refuses a link to a file outside its folder, and a FIFO', async function () {
      if (!fs.existsSync('/proc/self/environ') || !posix) this.skip();
      fs.mkdirSync(path.join(tmp, 'repo'));
      fs.symlinkSync('/proc/self/environ', path.join(tmp, 'repo', 'Dockerfile'));
      const r = await runUntrusted(['parse', '--format', 'json', 'repo/Dockerfile'], tmp);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /repo\/Dockerfile.*outside/);
      assert.ok(!r.stdout.includes('hunter2') && !r.stderr.includes('hunter2'), 'the environment reached the output');
      execFileSync('mkfifo', [path.join(tmp, 'repo', 'pipe')]);
      const fifo = await runUntrusted(['parse', 'repo/pipe'], tmp, 5_000);
      assert.equal(fifo.code, 2, fifo.stderr);
      assert.match(fifo.stderr, /not a regular file/);
    });

    it('reads a link to a file in the same folder', async () => {
      write(tmp, 'repo/base.Dockerfile', CLEAN);
      fs.symlinkSync('base.Dockerfile', path.join(tmp, 'repo', 'Dockerfile'));
      const r = await runUntrusted(['lint', 'repo/Dockerfile'], tmp);
      assert.equal(r.code, 0, r.stderr);
    });

    it('gives a FIFO a clear error and exit 2 instead of hanging', async function () {
      if (!posix) this.skip();
      fs.mkdirSync(path.join(tmp, 'repo'));
      execFileSync('mkfifo', [path.join(tmp, 'repo', 'Dockerfile')]);
      const r = await runUntrusted(['lint', 'repo/Dockerfile'], tmp, 5_000);
      assert.equal(r.signal, null, 'the CLI hung on a FIFO');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /repo\/Dockerfile.*not a regular file/);
    });

    it('gives a device a clear error and exit 2', async function () {
      if (!fs.existsSync('/dev/zero')) this.skip();
      const r = await runUntrusted(['lint', '/dev/zero'], tmp, 5_000);
      assert.equal(r.signal, null, 'the CLI hung on /dev/zero');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /\/dev\/zero.*not a regular file/);
    });

    it('does not hang on a FIFO named .dockerignore beside the Dockerfile', async function () {
      if (!posix) this.skip();
      write(tmp, 'repo/Dockerfile', CLEAN);
      execFileSync('mkfifo', [path.join(tmp, 'repo', '.dockerignore')]);
      const r = await runUntrusted(['lint', 'repo'], tmp, 5_000);
      assert.equal(r.signal, null, 'the CLI hung on a FIFO .dockerignore');
      assert.equal(r.code, 0, r.stderr);
    });
  });

  describe('--fix', () => {
    it('never writes through a link to a file outside the folder', async () => {
      const outside = write(tmp, 'outside/Dockerfile', FIXABLE);
      fs.mkdirSync(path.join(tmp, 'repo'));
      fs.symlinkSync(outside, path.join(tmp, 'repo', 'Dockerfile'));
      const walked = await runUntrusted(['lint', '--fix', 'repo'], tmp);
      assert.equal(fs.readFileSync(outside, 'utf8'), FIXABLE, 'a folder walk wrote outside the folder');
      assert.equal(walked.code, 2, 'no Dockerfile is left to lint in repo');
      const named = await runUntrusted(['lint', '--fix', 'repo/Dockerfile'], tmp);
      assert.equal(named.code, 2);
      assert.equal(fs.readFileSync(outside, 'utf8'), FIXABLE, 'a named link wrote outside its folder');
    });

    it('never writes through a hard link: the fixed file replaces the name', async function () {
      if (!posix) this.skip();
      const outside = write(tmp, 'outside/Dockerfile', FIXABLE);
      fs.mkdirSync(path.join(tmp, 'repo'));
      fs.linkSync(outside, path.join(tmp, 'repo', 'Dockerfile'));
      const r = await runUntrusted(['lint', '--fix', 'repo'], tmp);
      assert.notEqual(r.code, 2, r.stderr);
      assert.equal(fs.readFileSync(outside, 'utf8'), FIXABLE);
      assert.notEqual(fs.readFileSync(path.join(tmp, 'repo', 'Dockerfile'), 'utf8'), FIXABLE);
    });

    it('writes atomically beside the file: a new file renamed over it, mode kept, nothing left over', async function () {
      if (!posix) this.skip();
      const file = write(tmp, 'repo/Dockerfile', FIXABLE);
      fs.chmodSync(file, 0o640);
      const before = fs.statSync(file);
      const r = await runUntrusted(['lint', '--fix', 'repo'], tmp);
      assert.notEqual(r.code, 2, r.stderr);
      const after = fs.statSync(file);
      assert.notEqual(fs.readFileSync(file, 'utf8'), FIXABLE);
      assert.notEqual(after.ino, before.ino, 'the file was rewritten in place, not replaced');
      assert.equal(after.mode & 0o7777, 0o640);
      assert.deepEqual(fs.readdirSync(path.join(tmp, 'repo')), ['Dockerfile']);
    });

    it('through a link inside the folder, fixes the target and keeps the link', async () => {
      const target = write(tmp, 'repo/docker/base.Dockerfile', FIXABLE);
      fs.symlinkSync(path.join('docker', 'base.Dockerfile'), path.join(tmp, 'repo', 'Dockerfile'));
      const r = await runUntrusted(['lint', '--fix', 'repo/Dockerfile'], tmp);
      assert.notEqual(r.code, 2, r.stderr);
      assert.ok(fs.lstatSync(path.join(tmp, 'repo', 'Dockerfile')).isSymbolicLink(), 'the link was replaced');
      assert.notEqual(fs.readFileSync(target, 'utf8'), FIXABLE);
    });
  });
});
