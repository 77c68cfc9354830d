// Splitting an image reference string into registry, repository, tag and digest, with offsets, so a
// fix can point into the tag. Follows the shape of Docker's reference grammar; it does not validate.

export interface ImageNameParts {
  /** Undefined when the name has no registry part (Docker Hub). */
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** Offset of the tag (after the `:`) in the string parsed. */
  tagOffset?: number;
}

export function parseImageName(reference: string): ImageNameParts {
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  let tagOffset: number | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    tagOffset = colon + 1;
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  return { registry, repository: rest, tag, digest, tagOffset };
}

/** Lower-cased registry with Docker Hub's aliases folded to `docker.io`. */
export function normalizeRegistry(registry: string | undefined): string {
  const r = (registry ?? 'docker.io').toLowerCase();
  return r === 'index.docker.io' || r === 'registry-1.docker.io' || r === 'registry.hub.docker.com' ? 'docker.io' : r;
}

/** Lower-cased repository, `library/` dropped for Docker Hub official images. */
export function normalizeRepository(registry: string | undefined, repository: string): string {
  const repo = repository.toLowerCase();
  return normalizeRegistry(registry) === 'docker.io' && repo.startsWith('library/') ? repo.slice('library/'.length) : repo;
}
