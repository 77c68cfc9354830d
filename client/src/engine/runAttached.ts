// `docker run` without -d, through the Engine API: create, attach to stdout and stderr, wait for
// the next exit, start; the output streams to the caller until the container exits, and its exit
// code is the result. A cancel stops the container (SIGTERM, then SIGKILL after the grace period).
// No 'vscode' here: the engine tier runs it against the private engine.
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { EngineClient } from './client';
import { engineErrors } from './errors';
import { removeContainer, runContainer, startContainer, stopContainer, StreamDemuxer, type RunOptions } from './operations';

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
  let exited: Promise<{ StatusCode?: number }>;
  try {
    stream = (await c.call(() => container.attach({ stream: true, stdout: true, stderr: true }))) as unknown as Readable;
    // Asked before the start, so an exit that comes at once is not missed; no deadline: it lasts as long as the container.
    exited = c.call(() => container.wait({ condition: 'next-exit' }) as Promise<{ StatusCode?: number }>, { timeoutMs: 0 });
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
