// `docker run` without -d, through the Engine API: create, attach to stdout and stderr, wait for
// the next exit, start; the output streams to the caller until the container exits, and its exit
// code is the result. A cancel stops the container (SIGTERM, then SIGKILL after the grace period).
// No 'vscode' here: the engine tier runs it against the private engine.
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { compareApiVersions, type EngineClient } from './client';
import { engineErrors } from './errors';
import { getVersion, removeContainer, runContainer, startContainer, stopContainer, StreamDemuxer, type RunOptions } from './operations';

interface WaitAnswer {
  StatusCode?: number;
  Error?: { Message?: string } | null;
}

/**
 * POST /containers/{id}/wait?condition=next-exit, resolved once the engine has registered the wait.
 * From API 1.30 the engine sends the answer's headers only after registering it, and the exit
 * code as the body when it comes (the docker CLI's ContainerWait waits for those headers too).
 * Sending the wait and the start together raced: a start handled first and a container that
 * exited at once left a wait for the *next* exit, which never came. `exit` has no deadline, as it
 * lasts as long as the container.
 */
async function registerWait(c: EngineClient, id: string): Promise<{ exit: Promise<WaitAnswer> }> {
  const modem = c.docker.modem as unknown as {
    dial(opts: Record<string, unknown>, cb: (err: Error | null, res?: Readable) => void): void;
  };
  const res = await c.call(
    (abortSignal) =>
      new Promise<Readable>((resolve, reject) => {
        modem.dial(
          {
            path: `/containers/${id}/wait?`,
            method: 'POST',
            isStream: true,
            abortSignal,
            options: { condition: 'next-exit' },
            statusCodes: { 200: true, 400: 'bad parameter', 404: 'no such container', 500: 'server error' },
          },
          (err, stream) => (err || !stream ? reject(err ?? new Error('no answer to the wait')) : resolve(stream)),
        );
      }),
  );
  const exit = new Promise<WaitAnswer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (d: Buffer) => chunks.push(d));
    res.on('error', (err) => reject(c.toError(err)));
    res.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WaitAnswer);
      } catch (err) {
        reject(c.toError(err));
      }
    });
  });
  return { exit };
}

export interface AttachedRun {
  id: string;
  name: string;
  /** The container's exit code (137 when it was killed, as docker reports it). */
  exitCode: number;
  /** True when the signal stopped it. */
  stopped: boolean;
}

export async function runAttached(
  c: EngineClient,
  opts: Omit<RunOptions, 'createOnly' | 'interactive'>,
  h: { onOutput(text: string, stream: 'stdout' | 'stderr'): void; signal?: AbortSignal; stopTimeoutSeconds?: number; onStarted?(id: string, name: string): void },
): Promise<AttachedRun> {
  if (h.signal?.aborted) throw engineErrors.cancelled(c.endpoint, 'The run');
  const created = await runContainer(c, { ...opts, createOnly: true });
  const container = c.docker.getContainer(created.id);
  let stream: Readable | undefined;
  let exited: Promise<WaitAnswer>;
  try {
    stream = (await c.call(() => container.attach({ stream: true, stdout: true, stderr: true }))) as unknown as Readable;
    // Registered with the engine before the start, so an exit that comes at once is not missed.
    // Engines older than API 1.30 answer a wait only at the exit (and know no condition): for
    // them it is only sent first, as before.
    if (compareApiVersions(String((await getVersion(c)).ApiVersion ?? '0'), '1.30') >= 0) exited = (await registerWait(c, created.id)).exit;
    else exited = c.call(() => container.wait({ condition: 'next-exit' }) as Promise<WaitAnswer>, { timeoutMs: 0 });
    exited.catch(() => undefined);
    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    const demux = new StreamDemuxer((s, data) => {
      const text = decoders[s].write(data);
      if (text) h.onOutput(text, s);
    });
    stream.on('data', (chunk: Buffer) => demux.push(chunk));
    stream.on('error', () => undefined);
    await startContainer(c, created.id);
  } catch (err) {
    // A container that never ran is not left behind as "created".
    stream?.destroy();
    await removeContainer(c, created.id, { force: true }).catch(() => undefined);
    throw err;
  }
  h.onStarted?.(created.id, created.name);
  let stopped = false;
  const onAbort = (): void => {
    stopped = true;
    void stopContainer(c, created.id, { timeoutSeconds: h.stopTimeoutSeconds ?? 10 }).catch(() => undefined);
  };
  h.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await exited;
    // The attach stream ends with the container; let what it still holds arrive first.
    await new Promise<void>((resolve) => {
      if (!stream || stream.readableEnded || stream.destroyed) return resolve();
      const done = (): void => resolve();
      stream.once('end', done);
      stream.once('close', done);
      setTimeout(done, 2000).unref();
    });
    return { id: created.id, name: created.name, exitCode: result.StatusCode ?? -1, stopped };
  } finally {
    h.signal?.removeEventListener('abort', onAbort);
    stream?.destroy();
  }
}
