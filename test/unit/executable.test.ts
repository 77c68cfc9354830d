// Which docker / docker-compose the extension runs: found on the absolute PATH entries only, never
// in the workspace. A compose folder with planted `docker` and `docker-compose` scripts and a PATH
// whose relative entries would reach them; and the Windows rules (PATHEXT, `Path`, quoted and
// drive-relative entries, .bat/.cmd) simulated through the injectable platform and file check.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { composeArgs, locateComposeTool, runCompose } from '../../client/src/engine/compose';
import { describeMissing, findExecutable, pathEntries } from '../../client/src/engine/executable';

function script(file: string, body: string): void {
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`);
  fs.chmodSync(file, 0o755);
}

describe('engine layer: the docker programs come from absolute PATH entries only', () => {
  let root: string;
  let bin: string;
  let ws: string;
  let marker: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-exe-'));
    bin = path.join(root, 'real bin');
    ws = path.join(root, 'workspace');
    fs.mkdirSync(bin);
    fs.mkdirSync(ws);
    fs.mkdirSync(path.join(ws, 'rel'));
    marker = path.join(root, 'planted-ran');
    // The workspace's own programs, where `.`, `rel` and an empty entry point once cwd is the compose folder.
    for (const name of ['docker', 'docker-compose']) {
      script(path.join(ws, name), `echo planted >> '${marker}'; echo planted`);
      script(path.join(ws, 'rel', name), `echo planted >> '${marker}'; echo planted`);
    }
    fs.writeFileSync(path.join(ws, 'compose.yaml'), 'services: {}\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('Compose resolves the plugin to its absolute path and runs that, not the docker planted in the compose folder', async () => {
    script(path.join(bin, 'docker'), 'echo "real docker $*"');
    const env = { PATH: `:.:rel:${bin}`, HOME: root };
    const found = await locateComposeTool(env);
    assert.ok(found.ok, found.ok ? '' : found.message);
    assert.equal(found.tool.command, path.join(bin, 'docker'));
    assert.deepEqual(found.tool.prefix, ['compose']);
    const run = runCompose(found.tool, composeArgs(found.tool, path.join(ws, 'compose.yaml'), 'up'), { cwd: ws, env });
    assert.equal((await run.done).code, 0);
    assert.equal(run.output().trim(), `real docker compose -f ${path.join(ws, 'compose.yaml')} up -d`);
    assert.equal(fs.existsSync(marker), false, 'the planted docker never ran');
  });

  it('falls back to docker-compose, also by absolute path, when docker has no compose plugin', async () => {
    script(path.join(bin, 'docker'), 'exit 1');
    script(path.join(bin, 'docker-compose'), 'echo "real docker-compose $*"');
    const env = { PATH: `.:${bin}:rel:`, HOME: root };
    const found = await locateComposeTool(env);
    assert.ok(found.ok, found.ok ? '' : found.message);
    assert.equal(found.tool.command, path.join(bin, 'docker-compose'));
    const run = runCompose(found.tool, composeArgs(found.tool, path.join(ws, 'compose.yaml'), 'down'), { cwd: ws, env });
    assert.equal((await run.done).code, 0);
    assert.match(run.output(), /^real docker-compose -f .* down\n$/);
    assert.equal(fs.existsSync(marker), false, 'the planted docker-compose never ran');
  });

  it('says where it looked and how to fix it when there is none; a bare name is never spawned', async () => {
    const env = { PATH: `.:rel::${bin}`, HOME: root };
    const found = await locateComposeTool(env);
    assert.equal(found.ok, false);
    const message = found.ok ? '' : found.message;
    assert.match(message, new RegExp(`No \`docker\` or \`docker-compose\` in the folders on PATH \\(${bin}\\)`));
    assert.match(message, /Relative or empty PATH entries \("\.", "rel", an empty one\) are never searched/);
    assert.match(message, /Install the Docker Compose plugin \(or docker-compose\), or add the absolute path of its folder to PATH \(entries separated by ":"\), then restart VS Code\.$/);
    assert.equal(fs.existsSync(marker), false);
    assert.throws(() => runCompose({ command: 'docker', prefix: ['compose'] }, ['version'], { cwd: ws, env }), /bare name/);
  });

  it('names a docker without the plugin in the message', async () => {
    script(path.join(bin, 'docker'), 'exit 1');
    const found = await locateComposeTool({ PATH: bin, HOME: root });
    assert.equal(found.ok, false);
    assert.match(found.ok ? '' : found.message, new RegExp(`^\`${path.join(bin, 'docker')} compose version\` failed \\(no compose plugin\\)\\. No \`docker-compose\` in the folders on PATH`));
  });

  it('skips a match that is not an executable file (a folder, a file without the x bit)', () => {
    const other = path.join(root, 'other');
    fs.mkdirSync(path.join(bin, 'docker'));
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'docker'), 'not executable');
    fs.chmodSync(path.join(other, 'docker'), 0o644);
    const third = path.join(root, 'third');
    fs.mkdirSync(third);
    script(path.join(third, 'docker'), 'true');
    const r = findExecutable('docker', { env: { PATH: `${bin}:${other}:${third}` }, platform: 'linux' });
    assert.equal(r.found, path.join(third, 'docker'));
    assert.deepEqual(r.searched, [bin, other, third]);
  });
});

describe('engine layer: the Windows rules for finding a program, simulated', () => {
  function windows(files: string[], env: NodeJS.ProcessEnv) {
    const asked: string[] = [];
    const set = new Set(files.map((f) => f.toLowerCase()));
    const r = findExecutable('docker', {
      platform: 'win32',
      env,
      isExecutable: (f) => {
        asked.push(f);
        return set.has(f.toLowerCase());
      },
    });
    return { ...r, asked };
  }

  it('never looks in the workspace: relative, empty and drive-relative entries are skipped, `Path` is PATH', () => {
    const r = windows(['C:\\work\\app\\docker.exe', '.\\docker.exe', 'C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker.exe'], {
      Path: '.;;app;\\tools;C:tools;"C:\\Program Files\\Docker\\Docker\\resources\\bin";C:\\Windows\\system32',
      PATHEXT: '.COM;.EXE;.BAT;.CMD',
    });
    assert.equal(r.found, 'C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker.exe');
    assert.deepEqual(r.skipped, ['.', '', 'app', '\\tools', 'C:tools']);
    assert.ok(
      r.asked.every((f) => /^[A-Z]:\\/.test(f)),
      `only absolute candidates were checked: ${r.asked.join(', ')}`,
    );
    assert.deepEqual(r.asked.slice(0, 2), ['C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker.com', 'C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker.exe']);
  });

  it('applies PATHEXT in order, passes over .bat/.cmd (they need a shell), and takes UNC shares', () => {
    const r = windows(['C:\\a\\docker.cmd', '\\\\server\\tools\\docker.exe', 'C:\\b\\docker.exe'], { PATH: 'C:\\a;\\\\server\\tools;C:\\b', PATHEXT: '.CMD;.EXE' });
    assert.equal(r.found, '\\\\server\\tools\\docker.exe');
    assert.deepEqual(r.needsShell, ['C:\\a\\docker.cmd']);
    assert.match(describeMissing([{ ...r, found: undefined }]), /C:\\a\\docker\.cmd can only run through a shell, which is not used\./);
  });

  it('uses the default PATHEXT when there is none, and no extension-less candidate', () => {
    const r = windows(['C:\\bin\\docker', 'C:\\bin\\docker.exe'], { PATH: 'C:\\bin' });
    assert.equal(r.found, 'C:\\bin\\docker.exe');
    assert.deepEqual(r.asked, ['C:\\bin\\docker.com', 'C:\\bin\\docker.exe']);
  });

  it('splits PATH with the platform separator and keeps each folder once', () => {
    assert.deepEqual(pathEntries({ PATH: '/usr/bin:/usr/bin::./x:/bin' }, 'linux'), { dirs: ['/usr/bin', '/bin'], skipped: ['', './x'] });
    assert.deepEqual(pathEntries({ PATH: 'C:\\x;C:\\x;d:/y' }, 'win32'), { dirs: ['C:\\x', 'd:/y'], skipped: [] });
    assert.throws(() => findExecutable('.\\docker', { platform: 'win32', env: {} }), /not a bare program name/);
    assert.throws(() => findExecutable('./docker', { platform: 'linux', env: {} }), /not a bare program name/);
  });
});
