// The language server's side of the image-environment exchange: which base images the open
// Dockerfiles use (told to the client whenever that set changes) and what the engine said about
// them (from the client). Linting never waits for it: until an answer arrives the table applies.
import type { ImageEnvInfo } from '../../../shared/protocol';
import type { DockerfileModel } from '../dockerfile/model';
import { EngineImageEnvs, baseImageReferences, imageEnvLookup, type ImageEnvLookup } from '../images';

const MAX_IMAGES = 500;
const MAX_NAMES = 1000;

export class ImageEnvSync {
  readonly engine = new EngineImageEnvs();
  readonly lookup: ImageEnvLookup = imageEnvLookup(this.engine);
  private readonly byUri = new Map<string, readonly string[]>();
  private lastSent: string | undefined;

  /** `send` tells the client the wanted references; `enabled` says whether the client takes them. */
  constructor(
    private readonly send: (references: string[]) => void,
    private readonly enabled: () => boolean,
  ) {}

  /** After a document was linted: its base images may have changed. */
  noteDocument(uri: string, model: DockerfileModel): void {
    this.byUri.set(uri, baseImageReferences(model));
    this.flush();
  }

  forgetDocument(uri: string): void {
    if (this.byUri.delete(uri)) this.flush();
  }

  private flush(): void {
    if (!this.enabled()) return;
    const union = [...new Set([...this.byUri.values()].flat())].sort();
    const key = union.join('\n');
    if (key === this.lastSent) return;
    this.lastSent = key;
    this.send(union);
  }

  /** The client's notification; returns whether any answer changed (so findings are stale). */
  receive(params: unknown): boolean {
    return this.engine.replace(sanitizeImageEnv(params));
  }
}

/** The notification comes over the wire: keep only well-formed entries, within sane bounds. */
export function sanitizeImageEnv(params: unknown): ImageEnvInfo[] {
  if (typeof params !== 'object' || params === null) return [];
  const images = (params as Record<string, unknown>).images;
  if (!Array.isArray(images)) return [];
  const out: ImageEnvInfo[] = [];
  for (const item of images.slice(0, MAX_IMAGES)) {
    if (typeof item !== 'object' || item === null) continue;
    const v = item as Record<string, unknown>;
    if (typeof v.reference !== 'string' || v.reference === '' || typeof v.id !== 'string' || !Array.isArray(v.env)) continue;
    const env = v.env.slice(0, MAX_NAMES).filter((n): n is string => typeof n === 'string' && n !== '');
    out.push({ reference: v.reference, id: v.id, os: typeof v.os === 'string' ? v.os : '', env });
  }
  return out;
}
