// The tar the Engine API's archive endpoints speak (GET/PUT /containers/{id}/archive): a reader that
// walks a stream header by header, handing each entry's data to a sink or skipping it, bounded in
// entries, bytes and metadata; and a writer for the one-file archive a save sends back. Entry names
// are data: nothing here turns one into a local path (see safeRelativePath for the one place that may).
// Format: POSIX ustar with pax extended headers (what Go's archive/tar writes) and GNU long names.

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  name: string;
  type: TarEntryType;
  size: number;
  /** Permission bits (and setuid/setgid/sticky), as the header holds them. */
  mode: number;
  uid: number;
  gid: number;
  /** Unix seconds. */
  mtime: number;
  linkName: string;
}

export interface TarSink {
  write(chunk: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
}

/** What to do with an entry's data: skip it, send it to a sink, or stop reading the archive. */
export type TarVisit = TarSink | 'skip' | 'stop';

export interface TarLimits {
  /** Headers read at most (pax and long-name headers included). */
  maxEntries: number;
  /** Bytes taken from the stream at most. */
  maxBytes: number;
}

export class TarFormatError extends Error {}

/** The walk ended early: a limit, or the visitor said stop. */
export interface TarScanResult {
  entries: number;
  bytes: number;
  stoppedBy: 'end' | 'visitor' | 'entries' | 'bytes';
}

const BLOCK = 512;
/** A pax or GNU long-name record larger than this is not a name: refuse the archive. */
const MAX_META = 1 << 20;

function cString(buf: Buffer, start: number, length: number): string {
  const slice = buf.subarray(start, start + length);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul < 0 ? slice.length : nul).toString('utf8');
}

function numeric(buf: Buffer, start: number, length: number): number {
  const field = buf.subarray(start, start + length);
  if (field[0] & 0x80) {
    // base-256 (GNU): big-endian after the marker bit; larger than 2^53 is refused.
    let v = field[0] & 0x7f;
    for (let i = 1; i < field.length; i++) {
      v = v * 256 + field[i];
      if (v > Number.MAX_SAFE_INTEGER) throw new TarFormatError('a tar number is too large');
    }
    return v;
  }
  const text = cString(field, 0, field.length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`a tar header field is not octal: ${JSON.stringify(text.slice(0, 20))}`);
  return Number.parseInt(text, 8);
}

function checksumOk(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  return numeric(h, 148, 8) === sum;
}

function entryType(flag: string): TarEntryType {
  if (flag === '0' || flag === '\0' || flag === '' || flag === '7') return 'file';
  if (flag === '5') return 'directory';
  if (flag === '2') return 'symlink';
  if (flag === '1') return 'hardlink';
  return 'other';
}

/** pax records: `LEN key=value\n`, LEN counting the whole record. */
export function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) break;
    const len = Number.parseInt(data.subarray(at, space).toString('ascii'), 10);
    if (!Number.isInteger(len) || len <= space - at || at + len > data.length) throw new TarFormatError('a pax record is malformed');
    const record = data.subarray(space + 1, at + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += len;
  }
  return out;
}

/** Reads exactly what is asked of a byte stream, keeping what arrived beyond it. */
class ByteQueue {
  private chunks: Buffer[] = [];
  private length = 0;
  private done = false;
  taken = 0;

  constructor(private readonly it: AsyncIterator<Buffer | string>) {}

  private async fill(n: number): Promise<boolean> {
    while (this.length < n && !this.done) {
      const next = await this.it.next();
      if (next.done) {
        this.done = true;
        break;
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      this.chunks.push(chunk);
      this.length += chunk.length;
    }
    return this.length >= n;
  }

  /** Exactly n bytes, or undefined at the end of the stream. */
  async take(n: number): Promise<Buffer | undefined> {
    if (!(await this.fill(n))) return undefined;
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.length = rest.length;
    this.taken += n;
    return out;
  }

  /** Up to n bytes, whatever is buffered or arrives next (at least one unless at the end). */
  async some(n: number): Promise<Buffer | undefined> {
    if (!(await this.fill(1))) return undefined;
    return this.take(Math.min(n, this.length));
  }
}

/**
 * Walks a tar stream. `visit` sees each entry (after its pax/long-name headers are applied) and
 * says what to do with the data. Stops at the end-of-archive block, when the visitor says stop, or
 * at a limit; the caller then ends the stream (the result says which).
 */
export async function scanTar(stream: AsyncIterable<Buffer | string>, limits: TarLimits, visit: (entry: TarEntry) => TarVisit | Promise<TarVisit>): Promise<TarScanResult> {
  const q = new ByteQueue(stream[Symbol.asyncIterator]());
  let entries = 0;
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  const result = (stoppedBy: TarScanResult['stoppedBy']): TarScanResult => ({ entries, bytes: q.taken, stoppedBy });
  const padded = (n: number): number => Math.ceil(n / BLOCK) * BLOCK;
  for (;;) {
    if (entries >= limits.maxEntries) return result('entries');
    if (q.taken + BLOCK > limits.maxBytes) return result('bytes');
    const h = await q.take(BLOCK);
    if (!h) {
      if (entries === 0) throw new TarFormatError('the engine sent an empty archive');
      return result('end');
    }
    if (h.every((b) => b === 0)) return result('end');
    if (!checksumOk(h)) throw new TarFormatError('the archive is not a tar file (a header checksum is wrong)');
    entries++;
    const flag = String.fromCharCode(h[156]);
    let size = numeric(h, 124, 12);
    if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') {
      if (size > MAX_META) throw new TarFormatError('a tar metadata record is too large');
      if (q.taken + padded(size) > limits.maxBytes) return result('bytes');
      const data = size === 0 ? Buffer.alloc(0) : await q.take(padded(size));
      if (!data) throw new TarFormatError('the archive ends inside a header record');
      const body = data.subarray(0, size);
      if (flag === 'x') pax = parsePax(body);
      else if (flag === 'L') longName = cString(body, 0, body.length);
      else if (flag === 'K') longLink = cString(body, 0, body.length);
      // 'g' (global pax) carries nothing an entry here needs.
      continue;
    }
    const ustar = h.subarray(257, 262).toString('ascii') === 'ustar';
    const prefix = ustar ? cString(h, 345, 155) : '';
    let name = cString(h, 0, 100);
    if (prefix) name = `${prefix}/${name}`;
    if (pax.size !== undefined && /^\d+$/.test(pax.size)) size = Number(pax.size);
    const entry: TarEntry = {
      name: pax.path ?? longName ?? name,
      type: entryType(flag),
      size,
      mode: numeric(h, 100, 8) & 0o7777,
      uid: pax.uid !== undefined && /^\d+$/.test(pax.uid) ? Number(pax.uid) : numeric(h, 108, 8),
      gid: pax.gid !== undefined && /^\d+$/.test(pax.gid) ? Number(pax.gid) : numeric(h, 116, 8),
      mtime: pax.mtime !== undefined && Number.isFinite(Number(pax.mtime)) ? Math.floor(Number(pax.mtime)) : numeric(h, 136, 12),
      linkName: pax.linkpath ?? longLink ?? cString(h, 157, 100),
    };
    pax = {};
    longName = longLink = undefined;
    // Links and directories carry no data whatever the size field says.
    const dataSize = entry.type === 'file' || entry.type === 'other' ? size : 0;
    const action = await visit(entry);
    if (action === 'stop') return result('visitor');
    let left = dataSize;
    while (left > 0) {
      if (q.taken >= limits.maxBytes) return result('bytes');
      const chunk = await q.some(Math.min(left, 1 << 20, limits.maxBytes - q.taken));
      if (!chunk) throw new TarFormatError(`the archive ends inside ${entry.name}`);
      left -= chunk.length;
      if (action !== 'skip') await action.write(chunk);
    }
    if (action !== 'skip') await action.end();
    const pad = padded(dataSize) - dataSize;
    if (pad > 0 && !(await q.take(pad))) return result('end');
  }
}

function writeOctal(buf: Buffer, value: number, start: number, length: number): void {
  buf.write(value.toString(8).padStart(length - 1, '0') + '\0', start, length, 'ascii');
}

function header(name: string, size: number, type: string, attrs: { mode: number; uid: number; gid: number; mtime: number }): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  writeOctal(h, attrs.mode & 0o7777, 100, 8);
  writeOctal(h, attrs.uid, 108, 8);
  writeOctal(h, attrs.gid, 116, 8);
  writeOctal(h, size, 124, 12);
  writeOctal(h, Math.max(0, Math.floor(attrs.mtime)), 136, 12);
  h.write(type, 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += h[i];
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return h;
}

function pad(n: number): Buffer {
  return Buffer.alloc((BLOCK - (n % BLOCK)) % BLOCK);
}

/**
 * A tar holding one regular file, as PUT /containers/{id}/archive takes it: `name` is a base name
 * (no slash), written through a pax header when it does not fit the 100-byte field.
 */
export function singleFileTar(name: string, content: Buffer, attrs: { mode: number; uid: number; gid: number; mtime: number }): Buffer {
  if (!name || name.includes('/') || name === '.' || name === '..') throw new TarFormatError(`"${name}" is not a file name`);
  if (attrs.uid < 0 || attrs.gid < 0 || attrs.uid > 0o7777777 || attrs.gid > 0o7777777) throw new TarFormatError('the owner ids do not fit a tar header');
  if (content.length > 0o77777777777) throw new TarFormatError('the file is too large for a tar header');
  const parts: Buffer[] = [];
  if (Buffer.byteLength(name, 'utf8') > 99) {
    const record = ` path=${name}\n`;
    const base = Buffer.byteLength(record, 'utf8');
    // The length counts its own digits.
    let len = base + 1;
    while (String(len).length + base !== len) len = String(len).length + base;
    const body = Buffer.from(`${len}${record}`, 'utf8');
    parts.push(header('PaxHeader', body.length, 'x', attrs), body, pad(body.length));
  }
  parts.push(header(Buffer.byteLength(name, 'utf8') > 99 ? name.slice(0, 60) : name, content.length, '0', attrs), content, pad(content.length), Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

/**
 * The relative local path an archive entry may be written to under a download folder, or undefined
 * when it would leave it: absolute names, `..` segments, drive letters and backslashes (a separator
 * on Windows) are refused outright, not cleaned.
 */
export function safeRelativePath(entryName: string): string[] | undefined {
  if (entryName.startsWith('/') || entryName.includes('\\') || entryName.includes('\0') || /^[a-zA-Z]:/.test(entryName)) return undefined;
  const segments = entryName.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..' || (process.platform === 'win32' && /[:<>"|?*]/.test(s)))) return undefined;
  return segments;
}
