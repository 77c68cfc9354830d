// A container's files through the archive endpoints, on the private engine: stat (HEAD), a folder
// listed from the tar's headers, a file read, a file written back (mode and owner kept) and seen
// changed inside the container by exec, a download to a new local file and a folder download;
// the limits say what they cut. Nothing is run through the docker CLI.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EngineError,
  downloadContainerFile,
  downloadContainerFolder,
  execInContainer,
  listContainerDirectory,
  readContainerFile,
  runContainer,
  statContainerPath,
  stopContainer,
  writeContainerFile,
  type EngineClient,
} from '../../client/src/engine';
import { TEST_IMAGE, TEST_LABEL, removeTestContainers, requireEngine, tempDir } from './support';

describe('engine: files inside a container (archive endpoints)', function () {
  this.timeout(120_000);
  let c: EngineClient;
  let id: string;
  let work: string;

  before(async () => {
    c = await requireEngine();
    work = tempDir('container-files');
    const run = await runContainer(c, { image: TEST_IMAGE, cmd: ['sleep', '300'], labels: { [TEST_LABEL]: '1' }, init: true });
    id = run.id;
    const setup = await execInContainer(c, id, [
      'sh',
      '-c',
      'mkdir -p /work/sub && printf "hello\\n" > /work/a.txt && chmod 640 /work/a.txt && chown 1000:1000 /work/a.txt && printf x > /work/sub/b.txt && ln -s a.txt /work/link',
    ]);
    assert.equal(setup.exitCode, 0, setup.stderr);
  });
  after(async () => {
    await removeTestContainers(c);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('stats a file, a folder and a link without following it', async () => {
    const file = await statContainerPath(c, id, '/work/a.txt');
    assert.deepEqual([file.name, file.type, file.size, file.mode], ['a.txt', 'file', 6, 0o640]);
    assert.equal((await statContainerPath(c, id, '/work')).type, 'directory');
    const link = await statContainerPath(c, id, '/work/link');
    assert.equal(link.type, 'symlink');
    await assert.rejects(statContainerPath(c, id, '/work/none'), (e: unknown) => e instanceof EngineError && e.kind === 'not-found' && /\/work\/none: no such file/.test(e.message));
  });

  it('lists a folder: its children only, folders first, the link as a link', async () => {
    const listing = await listContainerDirectory(c, id, '/work');
    assert.deepEqual(
      listing.entries.map((e) => [e.name, e.type, e.path]),
      [
        ['sub', 'directory', '/work/sub'],
        ['a.txt', 'file', '/work/a.txt'],
        ['link', 'symlink', '/work/link'],
      ],
    );
    assert.equal(listing.truncated, undefined);
    const root = await listContainerDirectory(c, id, '/');
    for (const name of ['bin', 'etc', 'work']) assert.ok(root.entries.some((e) => e.name === name && e.type === 'directory'), `${name} at the root`);
    // A limit on entries says so instead of showing a partial folder as whole.
    const cut = await listContainerDirectory(c, id, '/', { maxEntries: 2, maxListBytes: 64 * 1024 * 1024, maxOpenBytes: 1024, maxDownloadBytes: 1024, maxDownloadEntries: 10 });
    assert.equal(cut.entries.length, 2);
    assert.match(cut.truncated ?? '', /only the first 2 entries/);
  });

  it('reads a file (and a link by its target), refusing one above the size limit', async () => {
    const read = await readContainerFile(c, id, '/work/a.txt');
    assert.equal(read.content.toString(), 'hello\n');
    assert.deepEqual([read.entry.uid, read.entry.gid, read.entry.mode], [1000, 1000, 0o640]);
    assert.equal((await readContainerFile(c, id, '/work/link')).content.toString(), 'hello\n');
    await assert.rejects(readContainerFile(c, id, '/work/a.txt', { maxOpenBytes: 3 }), /is 6 bytes, more than the 3 that are opened in the editor/);
    await assert.rejects(readContainerFile(c, id, '/work'), /is a folder/);
  });

  it('writes a file back: the container sees the new text, with the mode and owner it had', async () => {
    const before = await readContainerFile(c, id, '/work/a.txt');
    await writeContainerFile(c, id, '/work/a.txt', Buffer.from('changed from VS Code\n'), before.entry);
    const inside = await execInContainer(c, id, ['sh', '-c', 'cat /work/a.txt; stat -c "%a %u %g" /work/a.txt']);
    assert.equal(inside.exitCode, 0, inside.stderr);
    assert.equal(inside.stdout, 'changed from VS Code\n640 1000 1000\n');
    // A new file in an existing folder.
    await writeContainerFile(c, id, '/work/sub/new.txt', Buffer.from('new'), { mode: 0o644, uid: 0, gid: 0 });
    assert.equal((await execInContainer(c, id, ['cat', '/work/sub/new.txt'])).stdout, 'new');
    // A folder is never replaced by a file.
    await assert.rejects(writeContainerFile(c, id, '/work/sub', Buffer.from('x'), { mode: 0o644, uid: 0, gid: 0 }), EngineError);
    assert.equal((await statContainerPath(c, id, '/work/sub')).type, 'directory');
  });

  it('downloads a file to a new local file, and never over an existing one', async () => {
    const target = path.join(work, 'a.txt');
    const got = await downloadContainerFile(c, id, '/work/a.txt', target);
    assert.equal(fs.readFileSync(target, 'utf8'), 'changed from VS Code\n');
    assert.equal(got.bytes, 21);
    await assert.rejects(downloadContainerFile(c, id, '/work/a.txt', target), (e: unknown) => e instanceof EngineError && e.kind === 'local-file');
    assert.equal(fs.readFileSync(target, 'utf8'), 'changed from VS Code\n', 'the existing file is untouched');
  });

  it('downloads a folder into a new local folder: files and folders, the link skipped and named', async () => {
    const target = path.join(work, 'work-copy');
    const r = await downloadContainerFolder(c, id, '/work', target);
    assert.equal(fs.readFileSync(path.join(target, 'a.txt'), 'utf8'), 'changed from VS Code\n');
    assert.equal(fs.readFileSync(path.join(target, 'sub', 'b.txt'), 'utf8'), 'x');
    assert.equal(fs.existsSync(path.join(target, 'link')), false);
    assert.ok(r.skipped.some((s) => /link: a link to a\.txt/.test(s)), r.skipped.join('\n'));
    assert.equal(r.files, 3);
  });

  it('works on a stopped container too', async () => {
    await stopContainer(c, id, { timeoutSeconds: 1 });
    assert.equal((await readContainerFile(c, id, '/work/sub/new.txt')).content.toString(), 'new');
    await writeContainerFile(c, id, '/work/sub/new.txt', Buffer.from('while stopped'), { mode: 0o644, uid: 0, gid: 0 });
    assert.equal((await readContainerFile(c, id, '/work/sub/new.txt')).content.toString(), 'while stopped');
  });
});
