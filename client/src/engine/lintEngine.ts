// The engine layer as `docker-workbench lint --engine` uses it; bundled alone into dist/engine.js,
// which the CLI loads only when asked. The endpoint is found as the extension finds it without
// its host setting: DOCKER_HOST, then the current docker context, then the platform default.
import type { LintEngineConnection, LintEngineModule } from '../../../server/src/cli/engine';
import { EngineClient } from './client';
import { resolveEndpoint } from './endpoint';
import { EngineError, toEngineError } from './errors';
import { ImageEnvResolver } from './imageEnv';
import { getHostPlatform } from './operations';
import { toHostContext } from './platform';

export async function connectLintEngine(options: { timeoutMs?: number } = {}): Promise<LintEngineConnection> {
  let url = 'unknown';
  try {
    const endpoint = resolveEndpoint();
    url = endpoint.url;
    const client = new EngineClient(endpoint, { timeoutMs: options.timeoutMs });
    await client.connect();
    const host = toHostContext(await getHostPlatform(client));
    const resolver = new ImageEnvResolver();
    return {
      ok: true,
      engine: { endpointUrl: endpoint.url, host, environments: (references) => resolver.resolve(client, references) },
    };
  } catch (error) {
    const engineError = error instanceof EngineError ? error : toEngineError(error, { url });
    return { ok: false, message: engineError.message };
  }
}

// The bundle's face, checked against what the CLI expects of it.
const face: LintEngineModule = { connectLintEngine };
void face;
