// docker save and docker load: an image to a .tar file and back, with progress and cancel. A
// cancelled load must stop sending, not just stop waiting: the upload (the file's read stream) and
// the request are both torn down, so the engine gets a cut-off archive and loads nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { JsonLineDecoder, parseBuildMessage } from './buildOutput';
import type { EngineClient } from './client';
import { EngineError, LocalFileError, engineErrors } from './errors';

/** dockerode takes an abort signal in options its published types omit. */
function opt(o: object): object {
  return o;
}

/** docker save to a file, reporting bytes written; cancellable. A cancelled save removes the partial file. */
export async function saveImage(c: EngineClient, names: readonly string[], file: string, opts: { signal?: AbortSignal; onProgress?: (bytes: number) => void } = {}): Promise<{ bytes: number }> {
  if (names.length === 0) throw new EngineError('bad-request', c.endpoint.url, 'No image given to save.', 'Choose an image.');
  // GET /images/get?names=..., as the docker CLI saves, for one name too: unlike dockerode's
  // image.get() it takes an abort signal, so a cancel before the engine answers ends the request.
  const untyped = c.docker as unknown as { getImages(o: { names: string[]; abortSignal: AbortSignal }): Promise<NodeJS.ReadableStream> };
  const stream = (await c.call((abortSignal) => untyped.getImages({ names: [...names], abortSignal }), {
    timeoutMs: 0,
    signal: opts.signal,
    what: 'Saving the image',
  })) as unknown as Readable;
  let bytes = 0;
  const counter = new PassThrough();
  counter.on('data', (d: Buffer) => {
    bytes += d.length;
    opts.onProgress?.(bytes);
  });
  try {
    // Aborting the pipeline destroys the response stream, which ends the request.
    await pipeline(stream, counter, fs.createWriteStream(file) as Writable, { signal: opts.signal });
  } catch (err) {
    fs.rmSync(file, { force: true });
    if (opts.signal?.aborted) throw engineErrors.cancelled(c.endpoint, 'Saving the image');
    throw c.toError(err);
  }
  return { bytes };
}

export interface LoadOptions {
  signal?: AbortSignal;
  /** Bytes of the file read for sending so far, and the file's size. */
  onProgress?: (sent: number, total: number) => void;
}

/**
 * docker load from a file; returns the image names the engine reports as loaded. Settles only
 * once the upload has stopped: a cancel rejects after the read stream is closed and the request
 * aborted, never while bytes are still going out.
 */
export async function loadImage(c: EngineClient, file: string, opts: LoadOptions = {}): Promise<{ loaded: string[] }> {
  let total = 0;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new Error('not a regular file');
    total = st.size;
  } catch {
    throw new EngineError('bad-request', c.endpoint.url, `Cannot read ${file}.`, 'Choose an existing .tar file made by docker save.');
  }
  if (opts.signal?.aborted) throw engineErrors.cancelled(c.endpoint, 'Loading the image');
  let sent = 0;
  let sourceFailure: unknown;
  const source = fs.createReadStream(file);
  const sourceClosed = new Promise<void>((resolve) => source.once('close', () => resolve()));
  // Aborting the request alone leaves a piped source reading on; both go together.
  const request = new AbortController();
  const stop = (): void => {
    source.destroy();
    request.abort();
  };
  opts.signal?.addEventListener('abort', stop, { once: true });
  source.on('error', (err) => (sourceFailure ??= err));
  source.on('data', (d: string | Buffer) => {
    sent += d.length;
    opts.onProgress?.(sent, total);
  });
  const cancelled = (): EngineError =>
    engineErrors.cancelled(c.endpoint, sent >= total ? 'Loading the image, after the whole archive was sent,' : 'Loading the image');
  const failure = (err: unknown): EngineError => {
    if (opts.signal?.aborted) return cancelled();
    if (sourceFailure !== undefined) {
      const code = (sourceFailure as { code?: unknown }).code;
      return c.toError(new LocalFileError(file, '', typeof code === 'string' ? code : undefined, sourceFailure));
    }
    return c.toError(err);
  };
  try {
    const res = (await c.call(() => c.docker.loadImage(source, opt({ quiet: true, abortSignal: request.signal })), { timeoutMs: 0 }).catch((err: unknown) => {
      throw failure(err);
    })) as unknown as Readable;
    const decoder = new JsonLineDecoder();
    const loaded: string[] = [];
    let engineFailure: string | undefined;
    const take = (items: unknown[]): void => {
      for (const item of items) {
        const m = parseBuildMessage(item);
        if (m?.kind === 'error') engineFailure = m.message;
        const text = m?.kind === 'output' ? m.text : m?.kind === 'status' ? m.text : '';
        const hit = /Loaded image(?: ID)?: (\S+)/.exec(text);
        if (hit) loaded.push(hit[1]);
      }
    };
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        res.destroy();
        reject(cancelled());
      };
      if (opts.signal?.aborted) return onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      res.on('data', (d: Buffer) => take(decoder.push(d)));
      res.on('end', () => {
        take(decoder.end());
        resolve();
      });
      res.on('error', (err) => reject(failure(err)));
      res.on('close', () => opts.signal?.removeEventListener('abort', onAbort));
    });
    if (engineFailure) throw new EngineError('engine', c.endpoint.url, `Loading ${path.basename(file)} failed: ${engineFailure}.`, 'Check that the file was made by docker save and is complete.');
    return { loaded };
  } catch (err) {
    stop();
    await sourceClosed;
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', stop);
  }
}
