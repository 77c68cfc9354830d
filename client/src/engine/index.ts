// The engine layer: which engine, typed errors, host platform, one events subscription, and thin
// typed operations. Nothing here imports 'vscode'; the views and commands sit on top.
import { EngineClient, type EngineClientOptions } from './client';
import { resolveEndpoint, type ResolveOptions } from './endpoint';
import { EngineError, toEngineError } from './errors';
import { DEFAULT_BACKOFF, EngineEventStream, type BackoffOptions } from './events';
import { getHostPlatform } from './operations';
import { toHostContext, type HostPlatform } from './platform';
import type { HostContext } from '../../../shared/protocol';
import type { Readable } from 'node:stream';

export * from './errors';
export * from './endpoint';
export * from './contexts';
export * from './client';
export * from './platform';
export * from './events';
export * from './validate';
export * from './buildContext';
export * from './buildOutput';
export * from './tail';
export * from './operations';
export * from './imageArchive';
export * from './imageEnv';
export * from './imageEnvTracker';
export * from './containerFiles';

/** Opens the single /events subscription of a client; `now` is the clock its backoff reads. */
export function createEventStream(client: EngineClient, backoff: BackoffOptions = DEFAULT_BACKOFF, now?: () => number): EngineEventStream {
  return new EngineEventStream(
    async ({ since, signal }) => {
      const opts: Record<string, unknown> = { abortSignal: signal };
      if (since) opts.since = since;
      return (await client.docker.getEvents(opts as never)) as unknown as Readable;
    },
    client.endpoint,
    backoff,
    client.timeoutMs,
    now,
  );
}

export type ConnectResult =
  | { ok: true; client: EngineClient; platform: HostPlatform; host: HostContext }
  | { ok: false; error: EngineError; endpointUrl?: string };

/**
 * Resolve, connect, read the platform: what the extension does on activation and on Retry.
 * Never throws: a failure comes back as a typed error to show.
 */
export async function connectEngine(resolve: ResolveOptions = {}, options: EngineClientOptions = {}): Promise<ConnectResult> {
  let url: string | undefined;
  try {
    const endpoint = resolveEndpoint(resolve);
    url = endpoint.url;
    const client = new EngineClient(endpoint, options);
    try {
      await client.connect();
      const platform = await getHostPlatform(client);
      return { ok: true, client, platform, host: toHostContext(platform) };
    } catch (err) {
      client.dispose();
      throw err;
    }
  } catch (err) {
    return { ok: false, error: err instanceof EngineError ? err : toEngineError(err, { url: url ?? 'unknown' }), endpointUrl: url };
  }
}
