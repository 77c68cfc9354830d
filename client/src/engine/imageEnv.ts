// What a local image's config sets in its environment (Config.Env), for the UndefinedVar rule:
// one image list maps references to image IDs, and each image ID is inspected once (tags move,
// an image ID never changes its config). Names only; values never leave the engine layer.
import type { ImageEnvInfo } from '../../../shared/protocol';
import { normalizeRegistry, normalizeRepository, parseImageName } from '../../../server/src/dockerfile/imageName';
import type { EngineClient } from './client';
import { EngineError } from './errors';
import { inspect, listImages } from './operations';

export interface LocalImageEnv {
  id: string;
  /** `linux`, `windows`, or '' when the engine did not say. */
  os: string;
  /** Config.Env names, in order, each once. */
  env: string[];
}

/** `["PATH=/bin", "A=b=c", "FLAG"]` -> `["PATH", "A", "FLAG"]`. */
export function envNames(env: unknown): string[] {
  if (!Array.isArray(env)) return [];
  const names: string[] = [];
  for (const entry of env) {
    if (typeof entry !== 'string') continue;
    const eq = entry.indexOf('=');
    const name = eq < 0 ? entry : entry.slice(0, eq);
    if (name !== '' && !names.includes(name)) names.push(name);
  }
  return names;
}

/** The parts of GET /images/{name}/json this needs; undefined when the document has no ID. */
export function localImageEnv(doc: Record<string, unknown>): LocalImageEnv | undefined {
  if (typeof doc.Id !== 'string' || doc.Id === '') return undefined;
  const config = typeof doc.Config === 'object' && doc.Config !== null ? (doc.Config as Record<string, unknown>) : {};
  return { id: doc.Id, os: typeof doc.Os === 'string' ? doc.Os.toLowerCase() : '', env: envNames(config.Env) };
}

/**
 * The form the engine lists a reference under (RepoTags, RepoDigests): Docker Hub's registry and
 * `library/` dropped, `:latest` added when there is neither tag nor digest, a tag dropped beside a digest.
 */
export function familiarReference(reference: string): string {
  const parts = parseImageName(reference.trim());
  const registry = normalizeRegistry(parts.registry);
  const repository = normalizeRepository(parts.registry, parts.repository);
  const name = registry === 'docker.io' ? repository : `${registry}/${repository}`;
  return parts.digest !== undefined ? `${name}@${parts.digest}` : `${name}:${parts.tag ?? 'latest'}`;
}

/** Answers for references, caching each image ID's environment for the life of the object. */
export class ImageEnvResolver {
  private readonly byId = new Map<string, LocalImageEnv>();

  /** Every reference the engine has locally, with its environment; the others are left out. */
  async resolve(client: EngineClient, references: readonly string[]): Promise<ImageEnvInfo[]> {
    if (references.length === 0) return [];
    const idByName = new Map<string, string>();
    for (const image of await listImages(client, { dangling: 'include' })) {
      for (const name of [...image.repoTags, ...image.repoDigests]) idByName.set(name, image.id);
    }
    const out: ImageEnvInfo[] = [];
    for (const reference of references) {
      const id = idByName.get(familiarReference(reference));
      let env = id === undefined ? undefined : this.byId.get(id);
      if (env === undefined) {
        // Not listed under that name (an unusual spelling, a short ID): the engine resolves names itself.
        env = await this.inspectOne(client, id ?? reference);
        if (env !== undefined) this.byId.set(env.id, env);
      }
      if (env !== undefined) out.push({ reference, id: env.id, os: env.os, env: [...env.env] });
    }
    return out;
  }

  private async inspectOne(client: EngineClient, name: string): Promise<LocalImageEnv | undefined> {
    try {
      return localImageEnv(await inspect(client, 'image', name));
    } catch (error) {
      // Absent locally, or a name the engine cannot parse: unknown, so the table answers.
      if (error instanceof EngineError && (error.kind === 'not-found' || error.kind === 'bad-request')) return undefined;
      throw error;
    }
  }

  /** Cached image IDs, for tests and diagnostics. */
  get cachedIds(): string[] {
    return [...this.byId.keys()];
  }
}
