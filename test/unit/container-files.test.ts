// The tar reader and writer behind the Files node, and the folder download's extraction, on
// archives built here byte by byte: hostile names (../x, /x, C:x, backslashes) never leave the
// download folder, links are never created, limits stop the walk; pax and GNU long names, base-256
// sizes; the one-file tar a save sends reads back the same.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { extractTarInto, normalizeContainerPath, parentOf, parsePathStat } from '../../client/src/engine/containerFiles';
import { TarFormatError, safeRelativePath, scanTar, singleFileTar, type TarEntry } from '../../client/src/engine/tar';

function header(name: string, size: number, type: string, linkName = ''): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write(type, 156);
  h.write(linkName, 157, 100);
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

function entry(name: string, data = '', type = '0', linkName = ''): Buffer {
  const body = Buffer.from(data);
  return Buffer.concat([header(name, body.length, type, linkName), body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}

function archive(...parts: Buffer[]): Buffer {
  return Buffer.concat([...parts, Buffer.alloc(1024)]);
}

async function* chunks(buf: Buffer, size = 700): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function entriesOf(buf: Buffer): Promise<Array<TarEntry & { data: string }>> {
  const out: Array<TarEntry & { data: string }> = [];
  await scanTar(chunks(buf), { maxEntries: 100, maxBytes: 1 << 24 }, (e) => {
    const item = { ...e, data: '' };
    out.push(item);
    return { write: (d) => void (item.data += d.toString()), end: () => undefined };
  });
  return out;
}

describe('container files: tar, paths and safe extraction', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-tar-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads entries across chunk boundaries, with pax and GNU long names', async () => {
    const long = `${'d/'.repeat(70)}file.txt`;
    const pax = `${long.length + 10} path=${long}\n`; // 3 digits, ' path=', the name, '\n'
    const gnu = `${'g'.repeat(150)}.txt`;
    const buf = archive(entry('a.txt', 'hello'), entry('PaxHeader', pax, 'x'), entry('ignored', 'pax data', '0'), entry('././@LongLink', `${gnu}\0`, 'L'), entry('short', 'gnu data'), entry('dir/', '', '5'), entry('ln', '', '2', 'a.txt'));
    const got = await entriesOf(buf);
    assert.deepEqual(
      got.map((e) => [e.name, e.type, e.data, e.linkName]),
      [
        ['a.txt', 'file', 'hello', ''],
        [long, 'file', 'pax data', ''],
        [gnu, 'file', 'gnu data', ''],
        ['dir/', 'directory', '', ''],
        ['ln', 'symlink', '', 'a.txt'],
      ],
    );
  });

  it('refuses what is not a tar, and a size field that is not a number', async () => {
    await assert.rejects(entriesOf(Buffer.alloc(512, 1)), TarFormatError);
    const bad = entry('x', 'abc');
    bad.write('zz', 124);
    await assert.rejects(entriesOf(archive(bad)), TarFormatError);
    // A truncated archive says where it ended.
    await assert.rejects(entriesOf(entry('cut.txt', 'x'.repeat(600)).subarray(0, 700)), /ends inside cut\.txt/);
  });

  it('stops at the limits and says which', async () => {
    const buf = archive(entry('a', 'x'), entry('b', 'y'), entry('c', 'z'));
    assert.equal((await scanTar(chunks(buf), { maxEntries: 2, maxBytes: 1 << 20 }, () => 'skip')).stoppedBy, 'entries');
    assert.equal((await scanTar(chunks(buf), { maxEntries: 10, maxBytes: 1024 }, () => 'skip')).stoppedBy, 'bytes');
    assert.equal((await scanTar(chunks(buf), { maxEntries: 10, maxBytes: 1 << 20 }, () => 'skip')).stoppedBy, 'end');
  });

  it('writes a one-file tar that reads back with its mode and owner, long names through pax', async () => {
    const attrs = { mode: 0o640, uid: 1000, gid: 33, mtime: 1_700_000_000 };
    const [one] = await entriesOf(singleFileTar('nginx.conf', Buffer.from('server {}\n'), attrs));
    assert.deepEqual([one.name, one.data, one.mode, one.uid, one.gid, one.mtime], ['nginx.conf', 'server {}\n', 0o640, 1000, 33, 1_700_000_000]);
    const name = `${'n'.repeat(180)}.txt`;
    const [long] = await entriesOf(singleFileTar(name, Buffer.from('x'), attrs));
    assert.equal(long.name, name);
    assert.throws(() => singleFileTar('../x', Buffer.alloc(0), attrs), TarFormatError);
  });

  it('never lets an entry name leave the download folder', () => {
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'C:evil', 'a\\..\\x', 'x/..']) assert.equal(safeRelativePath(bad), undefined, bad);
    assert.deepEqual(safeRelativePath('./a/b/'), ['a', 'b']);
  });

  it('extracts files and folders only: ../x and /x skipped, links not made, nothing outside', async () => {
    const outside = path.join(dir, 'x');
    const buf = archive(
      entry('ok/', '', '5'),
      entry('ok/a.txt', 'fine'),
      entry('../x', 'escaped'),
      entry('/x', 'absolute'),
      entry('ok/../../x', 'escaped again'),
      entry('ok/link', '', '2', '/etc/passwd'),
      entry('ok/hard', '', '1', '../x'),
      entry('ok/a.txt', 'second of the same name'),
    );
    const target = path.join(dir, 'download');
    const r = await extractTarInto(chunks(buf), target, { maxDownloadBytes: 1 << 20, maxDownloadEntries: 100 });
    assert.equal(fs.existsSync(outside), false);
    assert.deepEqual(fs.readdirSync(dir), ['download']);
    assert.deepEqual(fs.readdirSync(path.join(target, 'ok')), ['a.txt']);
    assert.equal(fs.readFileSync(path.join(target, 'ok', 'a.txt'), 'utf8'), 'fine');
    assert.equal(r.files, 1);
    assert.equal(r.skipped.length, 6, r.skipped.join('\n'));
    // The folder must be new: an existing one (and whatever links it holds) is never written into.
    await assert.rejects(extractTarInto(chunks(buf), target, { maxDownloadBytes: 1 << 20, maxDownloadEntries: 100 }), /EEXIST/);
  });

  it('stops a folder download at its byte limit, closing what it wrote', async () => {
    const buf = archive(entry('a', 'x'.repeat(100)), entry('b', 'y'.repeat(100)));
    const r = await extractTarInto(chunks(buf), path.join(dir, 'd'), { maxDownloadBytes: 150, maxDownloadEntries: 100 });
    assert.equal(r.files, 1);
    assert.match(r.stopped ?? '', /stopped at 150 bytes/);
  });

  it('decodes the path-stat header and normalizes container paths', () => {
    const enc = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64');
    assert.deepEqual(parsePathStat(enc({ name: 'etc', size: 4096, mode: 2147484141, mtime: 't', linkTarget: '' })), { name: 'etc', size: 4096, mode: 0o755, type: 'directory', mtime: 't', linkTarget: '' });
    assert.equal(parsePathStat(enc({ name: 'sh', size: 7, mode: 134218239, linkTarget: '/bin/busybox' }))?.type, 'symlink');
    assert.equal(parsePathStat('not base64 json'), undefined);
    assert.equal(normalizeContainerPath('a//b/../c/'), '/a/c');
    assert.equal(normalizeContainerPath('/../..'), '/');
    assert.equal(parentOf('/etc/hosts'), '/etc');
    assert.equal(parentOf('/'), '/');
  });
});
