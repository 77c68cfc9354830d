// Base images' environments from a real engine: image inspect (Config.Env, cached per image ID),
// the tracker the extension runs (it follows tags as they move), and `docker-workbench lint
// --engine` against the private engine. Images are built locally from the offline busybox import.
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ImageEnvResolver, ImageEnvTracker, buildImage, removeImage, type EngineClient } from '../../client/src/engine';
import type { ImageEnvInfo } from '../../shared/protocol';
import { ENGINE_URL, REPO_ROOT, TEST_IMAGE, requireEngine, tempDir, waitFor } from './support';

interface JsonFinding {
  rule: string;
  line: number;
  message: string;
}

function lintCli(args: string[], cwd: string): Promise<{ code: number; findings: JsonFinding[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, DOCKER_HOST: ENGINE_URL, NO_COLOR: '1' };
    execFile(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'lint', '--format', 'json', ...args], { cwd, env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      try {
        resolve({ code: error ? Number(error.code) : 0, findings: stdout ? (JSON.parse(stdout) as JsonFinding[]) : [], stderr });
      } catch (e) {
        reject(new Error(`not JSON: ${stdout}\n${stderr}\n${String(e)}`));
      }
    });
  });
}

describe('engine: base image environments', function () {
  this.timeout(120_000);
  let c: EngineClient;
  let work: string;
  const tag = `dw-envtest-${process.pid}:1`;
  // An official name on purpose: the engine's answer must win over the table's for alpine.
  const alpineTag = `alpine:dw-envtest-${process.pid}`;
  const built: string[] = [];
  // A moved tag leaves the image it named behind, untagged: remove those by ID.
  const builtIds: string[] = [];

  async function buildWithEnv(env: string, tags: string[]): Promise<string> {
    const dir = fs.mkdtempSync(path.join(work, 'ctx-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${TEST_IMAGE}\nENV ${env}\n`);
    const result = await buildImage(c, { contextDir: dir, tags });
    built.push(...tags);
    builtIds.push(result.imageId);
    return result.imageId;
  }

  before(async () => {
    c = await requireEngine();
    work = tempDir('image-env');
    execFileSync(process.execPath, ['scripts/build.mjs', 'cli', 'engine'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 120_000 });
  });
  after(async () => {
    for (const t of new Set([...built, ...builtIds])) await removeImage(c, t, { force: true }).catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('reads Config.Env names of a local image under any spelling of its name, and leaves absent ones out', async () => {
    const resolver = new ImageEnvResolver();
    const missing = `dw-missing-${process.pid}:nope`;
    const answers = await resolver.resolve(c, [TEST_IMAGE, 'workbench-busybox', 'docker.io/library/workbench-busybox:latest', missing]);
    assert.deepEqual(
      answers.map((a) => a.reference),
      [TEST_IMAGE, 'workbench-busybox', 'docker.io/library/workbench-busybox:latest'],
    );
    for (const a of answers) {
      assert.deepEqual(a.env, ['PATH'], 'engine-host.sh imports the image with ENV PATH only');
      assert.equal(a.os, 'linux');
      assert.match(a.id, /^sha256:[0-9a-f]{64}$/);
    }
    assert.equal(new Set(answers.map((a) => a.id)).size, 1);
    assert.deepEqual(resolver.cachedIds, [answers[0].id], 'one inspect for one image, however many names');
  });

  it('sees the ENV a build added, by tag and by image ID', async () => {
    const id = await buildWithEnv('APP_DIR=/app BUILD_ONLY=1', [tag, alphineSafe(alpineTag)]);
    const answers = await new ImageEnvResolver().resolve(c, [tag, alpineTag, id]);
    assert.equal(answers.length, 3);
    for (const a of answers) {
      assert.deepEqual(a.env, ['PATH', 'APP_DIR', 'BUILD_ONLY']);
      assert.ok(a.id === id || a.id.endsWith(id.replace(/^sha256:/, '')), `${a.id} vs ${id}`);
    }
  });

  it('the tracker publishes the wanted images’ environments, follows a moved tag, and withdraws them without an engine', async () => {
    const published: ImageEnvInfo[][] = [];
    const tracker = new ImageEnvTracker((images) => {
      published.push(images);
    }, 50);
    try {
      await buildWithEnv('APP_DIR=/app', [tag]);
      tracker.setWanted([tag, `dw-missing-${process.pid}:x`]);
      tracker.setClient(c);
      const first = await waitFor('the first answer', () => published.find((p) => p.length === 1));
      assert.deepEqual(first[0].env, ['PATH', 'APP_DIR']);
      assert.equal(first[0].reference, tag);

      // The tag now names another image (what a rebuild or a pull does); an image event follows.
      const movedId = await buildWithEnv('OTHER=1', [tag]);
      tracker.imagesChanged();
      const moved = await waitFor('the moved tag', () => published.find((p) => p.length === 1 && p[0].env.includes('OTHER')));
      assert.ok(moved[0].id === movedId || moved[0].id.endsWith(movedId.replace(/^sha256:/, '')));
      const count = published.length;
      tracker.imagesChanged();
      await tracker.settled();
      assert.equal(published.length, count, 'an unchanged answer is not sent again');

      tracker.setClient(undefined);
      await waitFor('the withdrawal', () => (published[published.length - 1].length === 0 ? true : undefined));
    } finally {
      tracker.dispose();
    }
  });

  describe('docker-workbench lint --engine', () => {
    it('takes the environment of a local image from the engine, over the table', async () => {
      await buildWithEnv('APP_DIR=/app', [alpineTag]);
      const dir = fs.mkdtempSync(path.join(work, 'lint-'));
      fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${alpineTag}\nCOPY $APP_DIR /x\nCOPY $NOT_SET /y\n`);
      const withEngine = await lintCli(['--engine', 'Dockerfile'], dir);
      assert.equal(withEngine.code, 0, withEngine.stderr);
      assert.deepEqual(
        withEngine.findings.filter((f) => f.rule === 'UndefinedVar').map((f) => [f.line, f.message]),
        [[3, `Usage of undefined variable '$NOT_SET': not set in this Dockerfile nor in the ENV of ${alpineTag} (from the engine)`]],
      );
      const tableOnly = await lintCli(['Dockerfile'], dir);
      assert.deepEqual(
        tableOnly.findings.filter((f) => f.rule === 'UndefinedVar').map((f) => f.line),
        [2, 3],
        'without --engine the table stands for alpine, which has no APP_DIR',
      );
    });

    it('takes the host facts from the engine, and an explicit flag wins', async () => {
      const dir = fs.mkdtempSync(path.join(work, 'host-'));
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo hi\n');
      const onLinux = await lintCli(['--engine', 'Dockerfile'], dir);
      assert.ok(onLinux.findings.some((f) => f.rule === 'windows-image-linux-engine'), JSON.stringify(onLinux.findings));
      assert.equal(onLinux.code, 1, 'a Windows image on a Linux engine is an error');
      const noEngine = await lintCli(['Dockerfile'], dir);
      assert.ok(!noEngine.findings.some((f) => f.rule === 'windows-image-linux-engine'));
      const overridden = await lintCli(['--engine', '--engine-os', 'windows', 'Dockerfile'], dir);
      assert.ok(!overridden.findings.some((f) => f.rule === 'windows-image-linux-engine'), JSON.stringify(overridden.findings));
    });

    it('reads stdin too', async () => {
      const r = await new Promise<string>((resolve, reject) => {
        const child = execFile(
          process.execPath,
          [path.join(REPO_ROOT, 'dist', 'cli.js'), 'lint', '--engine', '--format', 'json', '-'],
          { cwd: work, env: { ...process.env, DOCKER_HOST: ENGINE_URL }, timeout: 60_000 },
          (error, stdout) => (error && typeof error.code !== 'number' ? reject(error) : resolve(stdout)),
        );
        child.stdin?.end(`FROM ${TEST_IMAGE}\nCOPY $PATH $NOPE /x\n`);
      });
      const findings = JSON.parse(r) as JsonFinding[];
      assert.deepEqual(findings.filter((f) => f.rule === 'UndefinedVar').map((f) => f.message), [`Usage of undefined variable '$NOPE': not set in this Dockerfile nor in the ENV of ${TEST_IMAGE} (from the engine)`]);
    });
  });
});

/** The alpine-named tag is only ever local: nothing is pulled, and it is removed afterwards. */
function alphineSafe(name: string): string {
  assert.match(name, /^alpine:dw-envtest-\d+$/);
  return name;
}
