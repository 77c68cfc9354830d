// The engine layer as the CLI uses it (`lint --engine`, `engine`); bundled alone into dist/engine.js,
// which the CLI loads only when asked. The endpoint is found as the extension finds it without
// its host setting (DOCKER_HOST, then the current docker context, then the platform default), or
// from --host / --context, which mean what the docker CLI's -H and --context mean.
import type { EngineTarget, LintEngineConnection, LintEngineModule } from '../../../server/src/cli/engine';
import { EngineClient } from './client';
import type { ResolvedEndpoint } from './endpoint';
import { EngineError, toEngineError } from './errors';
import { ImageEnvResolver } from './imageEnv';
import { inspectEngine, resolveTarget } from './inspectEngine';
import { getHostPlatform } from './operations';
import { toHostContext } from './platform';

export { inspectEngine };

export async function connectLintEngine(options: { timeoutMs?: number; target?: EngineTarget } = {}): Promise<LintEngineConnection> {
  let endpoint: ResolvedEndpoint | undefined;
  try {
    endpoint = resolveTarget(options.target);
    const client = new EngineClient(endpoint, { timeoutMs: options.timeoutMs });
    await client.connect();
    const host = toHostContext(await getHostPlatform(client));
    const resolver = new ImageEnvResolver();
    return {
      ok: true,
      engine: { endpointUrl: endpoint.url, host, environments: (references) => resolver.resolve(client, references) },
    };
  } catch (error) {
    const engineError = error instanceof EngineError ? error : toEngineError(error, endpoint ?? { url: 'unknown' });
    return { ok: false, message: engineError.message };
  }
}

// The bundle's face, checked against what the CLI expects of it.
const face: LintEngineModule = { connectLintEngine, inspectEngine };
void face;
