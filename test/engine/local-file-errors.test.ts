// Errors are classified by where they happened. A file of the build context deleted while the
// build sends it used to come back as "No Docker socket ... Start Docker" (the packer's ENOENT
// reached the request and was read as the socket's). The deletion is made at a known point, from
// the hook called as each entry starts to be sent, so nothing here depends on timing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineError, buildImage, collectContext, parseHostUrl, saveImage, toEngineError, type EngineClient } from '../../client/src/engine';
import { TEST_IMAGE, requireEngine, tempDir } from './support';

function notTheEngine(err: unknown, file: string): EngineError {
  assert.ok(err instanceof EngineError, String(err));
  assert.equal(err.kind, 'local-file', err.message);
  assert.ok(err.message.includes(file), `names ${file}: ${err.message}`);
  assert.doesNotMatch(err.message, /socket|Start Docker|docker group|daemon/i);
  assert.equal(err.isConnectionError, false, 'no Retry / Open Settings for a file');
  return err;
}

describe('engine: errors from local files are not the engine', function () {
  this.timeout(120_000);
  let c: EngineClient;
  let work: string;
  before(async () => {
    c = await requireEngine();
    work = tempDir('local-files');
  });
  after(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('a context file deleted during the upload is named, as part of the build context', async () => {
    const ctx = path.join(work, 'vanishing');
    fs.mkdirSync(path.join(ctx, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${TEST_IMAGE}\nCOPY . /ctx/\n`);
    fs.writeFileSync(path.join(ctx, 'assets', 'a.txt'), 'a'.repeat(200_000));
    fs.writeFileSync(path.join(ctx, 'assets', 'b.txt'), 'about to vanish');
    const sent: string[] = [];
    const err = await buildImage(c, {
      contextDir: ctx,
      tags: [`dw-test-vanishing-${process.pid}`],
      // a.txt starts to go: the walk listed b.txt, which now disappears before its turn.
      onContextEntry: (entry) => {
        sent.push(entry.rel);
        if (entry.rel === 'assets/a.txt') fs.rmSync(path.join(ctx, 'assets', 'b.txt'));
      },
    }).then(
      () => assert.fail('the build should fail'),
      (e: unknown) => e,
    );
    assert.deepEqual(sent, ['Dockerfile', 'assets', 'assets/a.txt', 'assets/b.txt']);
    const e = notTheEngine(err, 'assets/b.txt');
    assert.match(e.message, new RegExp(`build context ${ctx.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(e.message, /no longer exists/);
  });

  it('an unreadable .dockerignore and a context folder that is gone are context errors too', async () => {
    const ctx = path.join(work, 'ignore-is-a-folder');
    fs.mkdirSync(path.join(ctx, '.dockerignore'), { recursive: true });
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${TEST_IMAGE}\n`);
    // Before, the walk took a .dockerignore it could not read as none (so would send what it keeps
    // out) and the failure came later: from the builder, or, for EACCES, as the socket's.
    const err = await buildImage(c, { contextDir: ctx, tags: [`dw-test-ignore-dir-${process.pid}`] }).then(
      () => assert.fail('the build should fail'),
      (e: unknown) => e,
    );
    assert.match(notTheEngine(err, '.dockerignore').message, /is a folder where a file was expected/);

    const gone = path.join(work, 'no-such-context');
    fs.mkdirSync(gone);
    fs.writeFileSync(path.join(gone, 'Dockerfile'), `FROM ${TEST_IMAGE}\n`);
    fs.rmSync(gone, { recursive: true });
    notTheEngine(await collectContext(gone).then(() => assert.fail('the walk should fail'), (e: unknown) => toEngineError(e, c.endpoint)), gone);
  });

  it('saving an image into a folder that does not exist names the file, not the socket', async () => {
    const target = path.join(work, 'missing-folder', 'image.tar');
    const err = await saveImage(c, [TEST_IMAGE], target).then(
      () => assert.fail('the save should fail'),
      (e: unknown) => e,
    );
    assert.match(notTheEngine(err, target).message, /does not exist/);
  });

  it('an fs error is a local file, a socket error is still the socket', () => {
    const ep = parseHostUrl('unix:///run/docker.sock', 'setting', 'test');
    const fileError = Object.assign(new Error("ENOENT: no such file or directory, open '/w/app/x'"), { code: 'ENOENT', syscall: 'open', path: '/w/app/x' });
    notTheEngine(toEngineError(fileError, ep), '/w/app/x');
    const denied = Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'scandir', path: '/w/app/private' });
    assert.match(notTheEngine(toEngineError(denied, ep), '/w/app/private').message, /permission denied/);
    const socket = Object.assign(new Error('connect ENOENT /run/docker.sock'), { code: 'ENOENT', syscall: 'connect', address: '/run/docker.sock' });
    assert.equal(toEngineError(socket, ep).kind, 'socket-missing');
    const refused = Object.assign(new Error('connect EACCES /run/docker.sock'), { code: 'EACCES', syscall: 'connect', address: '/run/docker.sock' });
    assert.equal(toEngineError(refused, ep).kind, 'permission-denied');
  });
});
