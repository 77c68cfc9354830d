// scripts/build.mjs skips a bundle whose inputs, options and output are as its last build left
// them (scripts/lib/build-stamps.mjs), so a second `npm start` / `npm test` does not bundle again.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/lsp-client';

describe('build stamps: a current bundle is not built again', function () {
  this.timeout(120_000);
  let work: string;
  let stamps: string;
  let outdir: string;

  const build = (...args: string[]) =>
    execFileSync(process.execPath, ['scripts/build.mjs', '--outdir', outdir, 'cli', ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, DOCKER_WORKBENCH_BUILD_STAMPS: stamps }, timeout: 120_000 });
  const bundle = () => path.join(outdir, 'cli.js');

  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'dw-stamps-'));
    stamps = path.join(work, 'stamps');
    outdir = path.join(work, 'dist');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('builds the first time, then reports the bundle current without writing it', () => {
    build();
    assert.equal(readdirSync(stamps).length, 1, 'one stamp for the one bundle');
    const written = statSync(bundle()).mtimeMs;
    assert.match(build(), /cli current, nothing to build/);
    assert.equal(statSync(bundle()).mtimeMs, written);
  });

  it('builds again when an input changed since', () => {
    const file = path.join(stamps, readdirSync(stamps)[0]);
    const stamp = JSON.parse(readFileSync(file, 'utf8')) as { inputs: Record<string, [number, number]> };
    const input = Object.keys(stamp.inputs).find((f) => f.startsWith('server/src/'));
    assert.ok(input, 'the stamp lists the sources it read');
    // As if the file had been edited: its recorded size no longer matches.
    stamp.inputs[input] = [stamp.inputs[input][0] + 1, stamp.inputs[input][1]];
    writeFileSync(file, JSON.stringify(stamp));
    assert.match(build(), /built cli/);
    assert.match(build(), /nothing to build/);
  });

  it('builds again when the bundle was changed, with other options, or with --force', () => {
    appendFileSync(bundle(), '\n// changed\n');
    assert.match(build(), /built cli/);
    assert.doesNotMatch(readFileSync(bundle(), 'utf8'), /\/\/ changed/);
    assert.doesNotMatch(build('--minify'), /nothing to build/);
    assert.match(build('--minify'), /nothing to build/);
    assert.doesNotMatch(build('--minify', '--force'), /nothing to build/);
  });
});
