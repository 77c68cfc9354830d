// The Build Image context walk, without an engine: it gives the event loop turns while it works
// (it runs in the extension host), enters excluded folders only as the docker CLI does, and keeps
// the Dockerfile and .dockerignore even when the patterns exclude them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectContext } from '../../client/src/engine/buildContext';
import { tempDir } from './support';

function write(root: string, rel: string, text = 'x'): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

async function rels(root: string, dockerfile?: string): Promise<string[]> {
  return (await collectContext(root, { dockerfile })).map((e) => `${e.kind}:${e.rel}`);
}

describe('build context walk (no engine needed)', function () {
  this.timeout(30_000);
  const dirs: string[] = [];
  const fresh = (name: string): string => {
    const dir = tempDir(name);
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('yields to the event loop while matching thousands of entries of one folder behind a `!` exception', async () => {
    const root = fresh('walk-yield');
    // One folder, so a single readdir: only the walk's own turns let other callbacks run.
    const files = 6000;
    for (let i = 0; i < files; i++) write(root, `vendor/f${i}.js`);
    write(root, 'vendor/keep.txt');
    write(root, '.dockerignore', 'vendor\n!vendor/keep.txt\n');
    let turns = 0;
    let running = true;
    const tick = (): void => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const before = turns;
    const entries = await collectContext(root, { sliceMs: 0 });
    running = false;
    assert.deepEqual(
      entries.map((e) => e.rel),
      ['.dockerignore', 'vendor/keep.txt'],
    );
    // With a turn at least every 64 entries there are about files / 64 of them.
    assert.ok(turns - before >= Math.floor(files / 64) / 2, `only ${turns - before} event-loop turns during the walk of ${files} entries`);
  });

  it('enters an excluded folder only when an exception names something inside it (as the docker CLI does)', async () => {
    const root = fresh('walk-enter');
    write(root, 'logs/a/keep.txt');
    write(root, 'logs/a/drop.txt');
    write(root, 'cache/keep.txt');
    write(root, 'src/keep.txt');
    write(root, '.dockerignore', 'logs\ncache\n!logs/a/keep.txt\n!**/keep.txt\n');
    // The folders themselves are not sent; cache/keep.txt stays out: `**/keep.txt` does not make the walk enter cache.
    assert.deepEqual(await rels(root), ['file:.dockerignore', 'file:logs/a/keep.txt', 'dir:src', 'file:src/keep.txt']);
  });

  it('what a folder matched carries to its entries (MatchesUsingParentResults)', async () => {
    const root = fresh('walk-parent');
    write(root, 'a/b/f');
    write(root, 'a/c');
    write(root, '.dockerignore', 'a\n!a/b\na\n');
    assert.deepEqual(await rels(root), ['file:.dockerignore', 'dir:a/b', 'file:a/b/f']);
  });

  it('sends the Dockerfile and .dockerignore even inside an excluded folder', async () => {
    const root = fresh('walk-dockerfile');
    write(root, 'docker/app.Dockerfile', 'FROM scratch\n');
    write(root, 'docker/other.txt');
    write(root, '.dockerignore', 'docker\n.dockerignore\n');
    assert.deepEqual(await rels(root, 'docker/app.Dockerfile'), ['file:.dockerignore', 'file:docker/app.Dockerfile']);
  });

  it('a pattern Docker refuses stops the walk with its line', async () => {
    const root = fresh('walk-bad');
    write(root, 'a.txt');
    write(root, '.dockerignore', '*.log\nsrc/[\n');
    await assert.rejects(collectContext(root), /line 2: syntax error in pattern "src\/\["/);
  });

  it('stops when cancelled', async () => {
    const root = fresh('walk-cancel');
    for (let i = 0; i < 20; i++) write(root, `d${i}/f.txt`);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(collectContext(root, { signal: controller.signal }), /cancelled/);
  });

  it('the pathological pattern on a 19-deep tree finishes', async function () {
    this.timeout(10_000);
    const root = fresh('walk-deep');
    const deep = Array.from({ length: 19 }, (_, i) => `d${i}`).join('/');
    write(root, `${deep}/file.txt`);
    write(root, `${deep}/z`);
    write(root, '.dockerignore', `${'**/'.repeat(13)}z\n`);
    const entries = (await collectContext(root)).map((e) => e.rel);
    assert.ok(entries.includes(`${deep}/file.txt`));
    assert.ok(!entries.includes(`${deep}/z`));
  });
});
