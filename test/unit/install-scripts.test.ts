// `npm ci` on a fresh clone warns about nothing: every dependency with an install script has a
// decision in package.json's allowScripts (npm 11 skips undecided scripts and lists them). Each is
// denied; why each is not needed is in the README (Dependencies).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

describe('install scripts of dependencies', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };

  it('every package with an install script in the lockfile has a decision, and no decision is stale', () => {
    const withScripts = new Set(
      Object.entries(lock.packages)
        .filter(([key, p]) => key !== '' && p.hasInstallScript)
        .map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length)),
    );
    assert.ok(withScripts.size > 0, 'the lockfile names packages with install scripts');
    assert.deepEqual(Object.keys(manifest.allowScripts ?? {}).sort(), [...withScripts].sort());
    for (const [name, allowed] of Object.entries(manifest.allowScripts ?? {})) assert.equal(allowed, false, `${name}: the product needs none of these scripts`);
  });

  it('npm itself finds nothing left to review', function () {
    this.timeout(60_000);
    const version = spawnSync('npm', ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (Number(version.split('.')[0]) < 11) this.skip(); // allowScripts arrived with npm 11
    const r = spawnSync('npm', ['install-scripts', 'ls'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /No packages with unreviewed install scripts/);
  });
});
