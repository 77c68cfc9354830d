// What a base image's environment is, when it can be known: the connected engine's answer for an
// image present locally first, then the table of official images. Pure apart from the engine map,
// which the language server fills from the client's notifications and the CLI from `--engine`.
import type { ImageEnvInfo } from '../../../shared/protocol';
import type { DockerfileModel, ImageReference } from '../dockerfile/model';
import { normalizeRegistry, normalizeRepository } from '../dockerfile/imageName';
import { IMAGE_ENV_TABLE, type ImageEnvTableEntry } from './table';

export interface BaseImageEnv {
  /** Names the image's config sets (Config.Env). */
  names: ReadonlySet<string>;
  /** Windows images get no default PATH from the builder; undefined when nobody said. */
  os: 'linux' | 'windows' | undefined;
  source: 'engine' | 'table';
  /** The engine's image ID, when the engine answered. */
  imageId?: string;
  /** The table entry, when the table answered. */
  entry?: ImageEnvTableEntry;
}

export interface ImageEnvQuery {
  /** The stage is built for Windows (a Windows engine, or Windows signs in the stage). */
  windowsTarget?: boolean;
}

export type ImageEnvLookup = (ref: ImageReference, query?: ImageEnvQuery) => BaseImageEnv | undefined;

type RefParts = Pick<ImageReference, 'registry' | 'repository' | 'tag' | 'digest'>;

function findEntry(ref: RefParts): ImageEnvTableEntry | undefined {
  if (ref.repository === undefined) return undefined;
  const registry = normalizeRegistry(ref.registry);
  const repo = normalizeRepository(ref.registry, ref.repository);
  const full = `${registry}/${repo}`;
  for (const entry of IMAGE_ENV_TABLE) {
    for (const name of entry.repositories) {
      if (name.includes('/')) {
        if (full === name) return entry;
      } else if ((registry === 'docker.io' && repo === name) || repo === `library/${name}` || repo.endsWith(`/library/${name}`)) {
        // `.../library/NAME` on another registry is a mirror of the official image (public.ecr.aws/docker, mirror.gcr.io).
        return entry;
      }
    }
  }
  return undefined;
}

// Every stage of every file asks; the answers for the same reference are the same.
const answers = new Map<string, BaseImageEnv | undefined>();

/** The table's answer for a reference, or undefined when the table does not cover it. */
export function tableImageEnv(ref: RefParts, query: ImageEnvQuery = {}): BaseImageEnv | undefined {
  const key = `${ref.registry ?? ''}\u0000${ref.repository ?? ''}\u0000${ref.tag ?? ''}\u0000${ref.digest ?? ''}\u0000${query.windowsTarget === true}`;
  if (answers.has(key)) return answers.get(key);
  const answer = decideTableImageEnv(ref, query);
  if (answers.size >= 1000) answers.clear();
  answers.set(key, answer);
  return answer;
}

function decideTableImageEnv(ref: RefParts, query: ImageEnvQuery): BaseImageEnv | undefined {
  const entry = findEntry(ref);
  if (entry === undefined) return undefined;
  // A reference by digest alone names one image whose version the tag pattern cannot check.
  if (entry.tags !== undefined) {
    if (ref.tag === undefined && ref.digest !== undefined) return undefined;
    if (!new RegExp(`^(?:${entry.tags.source})$`, entry.tags.flags).test(ref.tag ?? 'latest')) return undefined;
  }
  if (entry.excludeTags !== undefined && ref.tag !== undefined && entry.excludeTags.test(ref.tag)) return undefined;
  if (entry.sharedTagsIncludeWindows && query.windowsTarget) return undefined;
  return { names: new Set(entry.names), os: entry.os, source: 'table', entry };
}

/** The engine's answers, keyed by the reference exactly as the server asked for it. */
export class EngineImageEnvs {
  private byReference = new Map<string, BaseImageEnv>();

  /** Replaces every answer; says whether anything changed (so callers re-lint only then). */
  replace(images: readonly ImageEnvInfo[]): boolean {
    const next = new Map<string, BaseImageEnv>();
    for (const image of images) {
      const os = image.os === 'windows' || image.os === 'linux' ? image.os : undefined;
      next.set(image.reference, { names: new Set(image.env), os, source: 'engine', imageId: image.id });
    }
    const changed = next.size !== this.byReference.size || [...next].some(([ref, env]) => !sameEnv(this.byReference.get(ref), env));
    this.byReference = next;
    return changed;
  }

  get(reference: string): BaseImageEnv | undefined {
    return this.byReference.get(reference);
  }

  get size(): number {
    return this.byReference.size;
  }
}

function sameEnv(a: BaseImageEnv | undefined, b: BaseImageEnv): boolean {
  return a !== undefined && a.imageId === b.imageId && a.os === b.os && a.names.size === b.names.size && [...b.names].every((n) => a.names.has(n));
}

/** Engine answers win over the table; without an engine map, the table alone. */
export function imageEnvLookup(engine?: EngineImageEnvs): ImageEnvLookup {
  return (ref, query) => {
    if (ref.resolved === undefined || ref.stageRef !== undefined) return undefined;
    return engine?.get(ref.resolved) ?? tableImageEnv(ref, query);
  };
}

/** The external base images of a model's stages, as written after ARG expansion (scratch and guesses left out). */
export function baseImageReferences(model: DockerfileModel): string[] {
  const refs = new Set<string>();
  for (const stage of model.stages) {
    const root = stage.rootImage;
    if (root?.resolved === undefined || root.stageRef !== undefined || root.repository === undefined) continue;
    // An undeclared variable expands to nothing: only build arguments say which image is meant.
    if (root.unresolvedVariables.length > 0) continue;
    if (root.resolved.toLowerCase() === 'scratch') continue;
    refs.add(root.resolved);
  }
  return [...refs];
}
