// The CLI's npm package (`npm pack`) and the pre-commit hook (.pre-commit-hooks.yaml): the tarball
// installed into an empty folder with a registry that answers nothing and an empty npm cache, so
// any package or request beyond the tarball would fail loudly (and is counted); then
// `npx docker-workbench lint` there, and Debian's pre-commit running the hook on a fresh git
// repository, with the CLI installed from the same tarball.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { root } from '../../scripts/test-host.mjs';

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const MAX_TARBALL_BYTES = 1_000_000;
/** Where the build takes the Compose schema from; without it the package carries none (scripts/compose-schema.mjs). */
const SCHEMA_SOURCE = process.env.DOCKER_WORKBENCH_COMPOSE_SCHEMA ?? path.resolve(root, '..', 'shared', 'schemas', 'compose-spec');
const SCHEMA_BUILT = existsSync(path.join(SCHEMA_SOURCE, 'compose-spec.json'));
const BAD = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]\n';
const GOOD = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]\n';

let tmp;
let tarball;
let registry;
let requests = 0;

/** This process's environment without an outer npm's npm_* settings, which a nested npm would read as its own. */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, NO_COLOR: '1', ...extra };
}

/** npm pointed at the counting registry, with an empty cache and no user config. */
function offlineNpmEnv(extra = {}) {
  const cache = path.join(tmp, 'npm-cache');
  mkdirSync(cache, { recursive: true });
  writeFileSync(path.join(tmp, 'npmrc'), '');
  return cleanEnv({
    npm_config_registry: `http://127.0.0.1:${registry.address().port}/`,
    npm_config_cache: cache,
    npm_config_userconfig: path.join(tmp, 'npmrc'),
    npm_config_fetch_retries: '0',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  });
}

function run(cmd, args, options) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 180_000, ...options });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', output: `${r.stdout ?? ''}${r.stderr ?? ''}`, error: r.error };
}

before(async function () {
  this.timeout(240_000);
  tmp = mkdtempSync(path.join(tmpdir(), 'dw-npm-'));
  // Every request is counted and refused: the install and the lint must need none.
  registry = createServer((req, res) => {
    requests += 1;
    res.writeHead(503).end();
  });
  await new Promise((resolve) => registry.listen(0, '127.0.0.1', resolve));
  const packDir = path.join(tmp, 'pack');
  mkdirSync(packDir);
  // As a user runs it: npm pack, whose prepack builds the two bundles it ships.
  const packed = run('npm', ['pack', '--pack-destination', packDir], { cwd: root, env: cleanEnv() });
  assert.equal(packed.status, 0, packed.output);
  const files = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
  assert.deepEqual(files, [`${manifest.name}-${manifest.version}.tgz`]);
  tarball = path.join(packDir, files[0]);
});

after(async () => {
  await new Promise((resolve) => registry?.close(resolve));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the npm package (npm pack)', function () {
  this.timeout(180_000);
  let project;

  it(`is at most ${MAX_TARBALL_BYTES} bytes and holds the CLI, engine and language server bundles (the server's compose half too), the Compose schema files (when built with ../shared), package.json and README only`, () => {
    assert.ok(statSync(tarball).size <= MAX_TARBALL_BYTES, `${statSync(tarball).size} bytes`);
    const list = run('tar', ['-tzf', tarball]);
    assert.equal(list.status, 0, list.output);
    const schema = SCHEMA_BUILT ? ['package/dist/compose-spec.LICENSE', 'package/dist/compose-spec.json', 'package/dist/compose-spec.validate.js', 'package/dist/compose-spec.version.json'] : [];
    assert.deepEqual(list.stdout.trim().split('\n').sort(), ['package/README.md', 'package/dist/cli.js', ...schema, 'package/dist/engine.js', 'package/dist/server-compose.js', 'package/dist/server.js', 'package/package.json'].sort());
  });

  it('declares no dependencies and no install script', () => {
    const packed = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json']).stdout);
    for (const key of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies', 'bundledDependencies']) {
      assert.equal(packed[key], undefined, `${key}: ${JSON.stringify(packed[key])}`);
    }
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(packed.scripts?.[script], undefined, `scripts.${script}`);
    assert.equal(packed.bin?.['docker-workbench'], './dist/cli.js');
  });

  it('installs into an empty folder offline: one package, no warning, no request', () => {
    project = path.join(tmp, 'project');
    mkdirSync(project);
    const before = requests;
    const r = run('npm', ['install', tarball], { cwd: project, env: offlineNpmEnv() });
    assert.equal(r.status, 0, r.output);
    assert.match(r.stdout, /added 1 package\b/);
    assert.doesNotMatch(r.output, /warn|ERR!|error/i);
    assert.equal(requests, before, 'the registry was asked');
    assert.deepEqual(readdirSync(path.join(project, 'node_modules')).sort(), ['.bin', '.package-lock.json', 'docker-workbench']);
  });

  it('npx docker-workbench lint runs there offline and reports the findings (exit 1)', () => {
    writeFileSync(path.join(project, 'Dockerfile'), BAD);
    const before = requests;
    const version = run('npx', ['--offline', 'docker-workbench', '--version'], { cwd: project, env: offlineNpmEnv() });
    assert.equal(version.status, 0, version.output);
    assert.equal(version.stdout.trim(), manifest.version);
    const r = run('npx', ['--offline', 'docker-workbench', 'lint', 'Dockerfile'], { cwd: project, env: offlineNpmEnv() });
    assert.equal(r.status, 1, r.output);
    assert.match(r.stdout, /^Dockerfile:2:12: error exec-form-invalid-json: /m);
    assert.doesNotMatch(r.stderr, /warn/i);
    assert.equal(requests, before, 'the registry was asked');
  });

  it('validates a compose file against the Compose schema there (exit 1), as the extension does', function () {
    // Skipped only where ../shared has no Compose schema: the build then ships none, and the test before this one checks that.
    if (!SCHEMA_BUILT) {
      console.log(`      skipped: ${SCHEMA_SOURCE} is absent, so the package was built without the Compose schema`);
      this.skip();
    }
    writeFileSync(path.join(project, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n    ports: 80\n');
    const r = run('npx', ['--offline', 'docker-workbench', 'lint', 'compose.yaml'], { cwd: project, env: offlineNpmEnv() });
    assert.equal(r.status, 1, r.output);
    assert.match(r.stdout, /^compose\.yaml:4:12: error compose-schema: services\.web\.ports: must be a list$/m);
    assert.doesNotMatch(r.output, /validation is off/);
    rmSync(path.join(project, 'compose.yaml'));
  });

  it('reads .docker-workbench.json there, and --engine finds its bundle (no engine answering is the engine error, exit 2)', () => {
    writeFileSync(path.join(project, '.docker-workbench.json'), JSON.stringify({ windows: { hostBuild: '17763' } }));
    const linted = run('npx', ['--offline', 'docker-workbench', 'lint', '--format', 'json', 'Dockerfile'], { cwd: project, env: offlineNpmEnv() });
    assert.deepEqual(JSON.parse(linted.stdout).map((f) => f.rule).sort(), ['exec-form-invalid-json', 'windows-host-mismatch']);
    const socket = path.join(project, 'no-engine.sock');
    const r = run('npx', ['--offline', 'docker-workbench', 'lint', '--engine', '--host', `unix://${socket}`, 'Dockerfile'], { cwd: project, env: offlineNpmEnv() });
    assert.equal(r.status, 2, r.output);
    assert.match(r.stderr, new RegExp(socket.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
    assert.doesNotMatch(r.stderr, /engine\.js|Cannot find module|internal error/);
  });

  it('npx docker-workbench lsp --stdio there is the language server: a Windows Dockerfile gets windows-host-mismatch for the host build in initializationOptions', async () => {
    const child = spawn('npx', ['--offline', 'docker-workbench', 'lsp', '--stdio'], { cwd: project, env: offlineNpmEnv(), stdio: 'pipe' });
    try {
      const lsp = framedConnection(child);
      const init = await lsp.request('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: {},
        initializationOptions: { dockerWorkbench: { windows: { hostBuild: '17763' } } },
      });
      assert.equal(init.serverInfo?.name, 'docker-workbench');
      lsp.notify('initialized', {});
      const uri = `file://${project}/Dockerfile`;
      lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: BAD } });
      const published = await lsp.next('textDocument/publishDiagnostics', (p) => p.uri === uri);
      assert.deepEqual(published.diagnostics.map((d) => d.code).sort(), ['exec-form-invalid-json', 'windows-host-mismatch']);
      // A compose file: its diagnostics come from the compose half (dist/server-compose.js), loaded now.
      const composeUri = `file://${project}/compose.yaml`;
      lsp.notify('textDocument/didOpen', { textDocument: { uri: composeUri, languageId: 'dockercompose', version: 1, text: 'services:\n  web:\n    image: nginx\n    isolation: hyper-v\n' } });
      const composed = await lsp.next('textDocument/publishDiagnostics', (p) => p.uri === composeUri);
      assert.ok(composed.diagnostics.some((d) => d.code === 'compose-isolation-invalid'), JSON.stringify(composed.diagnostics));
      await lsp.request('shutdown', null);
      lsp.notify('exit', null);
      const code = await new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
      assert.equal(code, 0, lsp.stderr());
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
  });
});

/** JSON-RPC with Content-Length framing over a child's stdio; every wait bounded (15 s). */
function framedConnection(child) {
  let buffer = Buffer.alloc(0);
  let stderr = '';
  let nextId = 1;
  const messages = [];
  const waiters = [];
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())?.[1]);
      if (buffer.length < end + 4 + length) return;
      messages.push(JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString()));
      buffer = buffer.subarray(end + 4 + length);
      for (const w of waiters.splice(0)) w();
    }
  });
  const send = (message) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  const waitFor = async (what, probe) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = messages.find(probe);
      if (found !== undefined) return found;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ${what} (exit ${child.exitCode}): ${stderr}`);
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 250);
        waiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  };
  return {
    stderr: () => stderr,
    notify: (method, params) => send({ method, params }),
    async request(method, params) {
      const id = nextId++;
      send({ id, method, params });
      const answer = await waitFor(`answer to ${method}`, (m) => m.id === id && m.method === undefined);
      if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
      return answer.result;
    },
    async next(method, accept) {
      return (await waitFor(method, (m) => m.method === method && accept(m.params))).params;
    },
  };
}

describe('the pre-commit hook (.pre-commit-hooks.yaml) with pre-commit from Debian', function () {
  this.timeout(180_000);
  let env;
  let work;

  const git = (...args) => {
    const r = run('git', args, { cwd: work, env });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.output}`);
    return r.stdout.trim();
  };
  const write = (rel, text) => {
    mkdirSync(path.dirname(path.join(work, rel)), { recursive: true });
    writeFileSync(path.join(work, rel), text);
  };
  const commits = () => Number(git('rev-list', '--count', 'HEAD'));

  before(function () {
    const version = run('pre-commit', ['--version']);
    if (version.status !== 0) throw new Error(`pre-commit is missing (${version.error?.message ?? version.output}); node scripts/test-host.mjs apt installs Debian's`);
    // The CLI as a user installs it for a system hook: npm install -g, here into a prefix of the test's own.
    const prefix = path.join(tmp, 'global');
    const installed = run('npm', ['install', '-g', '--prefix', prefix, tarball], { env: offlineNpmEnv() });
    assert.equal(installed.status, 0, installed.output);
    assert.doesNotMatch(installed.output, /warn/i);
    assert.ok(existsSync(path.join(prefix, 'bin', 'docker-workbench')));
    const home = path.join(tmp, 'home');
    mkdirSync(home);
    env = cleanEnv({
      PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH}`,
      HOME: home,
      PRE_COMMIT_HOME: path.join(tmp, 'pre-commit-cache'),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
    });
    // The hook repository: this checkout's .pre-commit-hooks.yaml, committed in a repository of its own
    // (what pre-commit reads from a `repo:` is that file at `rev:`).
    const hooks = path.join(tmp, 'hooks-repo');
    mkdirSync(hooks);
    work = hooks;
    git('init', '-q');
    copyFileSync(path.join(root, '.pre-commit-hooks.yaml'), path.join(hooks, '.pre-commit-hooks.yaml'));
    git('add', '.pre-commit-hooks.yaml');
    git('commit', '-q', '-m', 'hooks');
    const rev = git('rev-parse', 'HEAD');
    // The user's repository, fresh.
    work = path.join(tmp, 'user-repo');
    mkdirSync(work);
    git('init', '-q');
    write('.pre-commit-config.yaml', `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: docker-workbench\n`);
    const install = run('pre-commit', ['install'], { cwd: work, env });
    assert.equal(install.status, 0, install.output);
    // Already in the history with a mistake: not changed by the commits below, so never linted.
    write('legacy/Dockerfile', BAD);
    write('README.md', '# app\n');
    git('add', '.');
    git('commit', '-q', '--no-verify', '-m', 'start');
  });

  it('refuses a commit whose changed Dockerfiles and compose files have errors, and lints only those', () => {
    write('app.Dockerfile', BAD);
    write('Containerfile', BAD);
    write('sub/Dockerfile.prod', BAD);
    write('compose.yaml', 'services:\n  web:\n    image: nginx\n    depends_on: [db]\n');
    // Not Dockerfiles by name: Dockerfile-shaped text with the same mistake, which the hook must not be given.
    write('notes.txt', BAD);
    write('Dockerfile.dockerignore', BAD);
    git('add', '.');
    const r = run('git', ['commit', '-m', 'app'], { cwd: work, env });
    assert.notEqual(r.status, 0, r.output);
    assert.equal(commits(), 1, 'the commit was refused');
    assert.match(r.output, /docker-workbench lint\.+Failed/);
    for (const file of ['app.Dockerfile', 'Containerfile', 'sub/Dockerfile.prod']) {
      assert.match(r.output, new RegExp(`^${file.replace(/\./g, '\\.')}:2:12: error exec-form-invalid-json`, 'm'), file);
    }
    assert.match(r.output, /^compose\.yaml:4:18: error compose-depends-on-unknown/m, 'the compose file was linted as compose by the hook');
    assert.doesNotMatch(r.output, /notes\.txt|Dockerfile\.dockerignore|legacy\//);
  });

  it('lets the commit through once they are fixed, the unchanged legacy Dockerfile left alone', () => {
    for (const file of ['app.Dockerfile', 'Containerfile', 'sub/Dockerfile.prod']) write(file, GOOD);
    rmSync(path.join(work, 'compose.yaml'));
    git('add', '-A');
    const r = run('git', ['commit', '-m', 'app'], { cwd: work, env });
    assert.equal(r.status, 0, r.output);
    assert.match(r.output, /docker-workbench lint\.+Passed/);
    assert.equal(commits(), 2);
  });

  it("applies the repository's .docker-workbench.json: a Windows host build there makes a mismatch an error", () => {
    write('.docker-workbench.json', JSON.stringify({ windows: { hostBuild: '17763' } }));
    write('app.Dockerfile', `${GOOD}# touched\n`);
    git('add', '-A');
    const r = run('git', ['commit', '-m', 'host'], { cwd: work, env });
    assert.notEqual(r.status, 0, r.output);
    assert.match(r.output, /^app\.Dockerfile:1:6: error windows-host-mismatch: /m);
    assert.equal(commits(), 2);
  });
});
