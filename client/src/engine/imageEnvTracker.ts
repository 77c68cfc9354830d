// Keeps the language server's view of local base images current: the references it wants (from
// the open Dockerfiles), the engine connection (or none), and image events (pull, tag, remove)
// each lead to one refresh; refreshes never overlap, and an unchanged answer is not sent again.
import type { ImageEnvInfo } from '../../../shared/protocol';
import type { EngineClient } from './client';
import { ImageEnvResolver } from './imageEnv';

/** Image events come in bursts (a pull tags, then untags the old image): wait for the burst to end. */
export const IMAGE_EVENT_DEBOUNCE_MS = 300;

export class ImageEnvTracker {
  private wanted: string[] = [];
  private client: EngineClient | undefined;
  private readonly resolver = new ImageEnvResolver();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private lastSent: string | undefined;
  private disposed = false;

  constructor(
    /** Where answers go (the language server); a failure is retried with the next change. */
    private readonly publish: (images: ImageEnvInfo[]) => Promise<void> | void,
    private readonly debounceMs = IMAGE_EVENT_DEBOUNCE_MS,
  ) {}

  setWanted(references: readonly string[]): void {
    const next = [...new Set(references)].sort();
    if (next.join('\n') === this.wanted.join('\n')) return;
    this.wanted = next;
    this.schedule(0);
  }

  /** The engine connected (a client) or went away (undefined: its answers are withdrawn). */
  setClient(client: EngineClient | undefined): void {
    if (client === this.client) return;
    this.client = client;
    this.schedule(0);
  }

  /** An image event: a tag may now name another image, or an image may be gone. */
  imagesChanged(): void {
    this.schedule(this.debounceMs);
  }

  /** Resolves once no refresh is pending or running. */
  async settled(): Promise<void> {
    for (let i = 0; i < 100 && (this.timer !== undefined || this.running !== undefined); i++) {
      if (this.running !== undefined) await this.running;
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private schedule(ms: number): void {
    if (this.disposed) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, ms);
  }

  private run(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    const work = (async () => {
      do {
        this.again = false;
        await this.refresh();
      } while (this.again && !this.disposed);
    })();
    this.running = work.finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async refresh(): Promise<void> {
    const client = this.client;
    if (client === undefined) {
      await this.send([]);
      return;
    }
    let images: ImageEnvInfo[];
    try {
      images = await this.resolver.resolve(client, this.wanted);
    } catch {
      // The engine failed mid-way: keep what the server has; the session reports the engine's state.
      return;
    }
    // Superseded while it ran (another engine, or none): the next run answers.
    if (client === this.client && !this.disposed) await this.send(images);
  }

  private async send(images: ImageEnvInfo[]): Promise<void> {
    const key = JSON.stringify(images);
    if (key === this.lastSent) return;
    this.lastSent = key;
    try {
      await this.publish(images);
    } catch {
      this.lastSent = undefined;
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
