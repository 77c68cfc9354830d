// The engine layer as the CLI uses it (`lint --engine`, `engine`); bundled alone into dist/engine.js,
// which the CLI loads only when asked. The endpoint is found as the extension finds it without
// its host setting (DOCKER_HOST, then the current docker context, then the platform default), or
// from --host / --context, which mean what the docker CLI's -H and --context mean.
import type { LintEngine, LintEngineConnection, LintEngineModule } from '../../../server/src/cli/engine';
import { ImageEnvResolver } from './imageEnv';
import { inspectEngine, withTarget, type TargetOptions } from './inspectEngine';
import { getHostPlatform } from './operations';
import { toHostContext } from './platform';

export { inspectEngine };

export async function connectLintEngine(options: TargetOptions = {}): Promise<LintEngineConnection> {
  const r = await withTarget(options, async (client, endpoint): Promise<LintEngine> => {
    const host = toHostContext(await getHostPlatform(client));
    const resolver = new ImageEnvResolver();
    return { endpointUrl: endpoint.url, host, environments: (references) => resolver.resolve(client, references) };
  });
  return r.ok ? { ok: true, engine: r.value } : { ok: false, message: r.error.message };
}

// The bundle's face, checked against what the CLI expects of it.
const face: LintEngineModule = { connectLintEngine, inspectEngine };
void face;
