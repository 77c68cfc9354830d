// The walkthrough's progress, without VS Code: which of its context keys the real events set.
// The manifest's walkthrough (contributes.walkthroughs, "Windows containers") completes its steps
// on these keys (onContext:KEY), on the session's own keys (dockerWorkbench.engine.state ==
// connected, dockerWorkbench.engine.mode == windows) and on the diagnose command. A key, once set,
// stays set for the window: the step it completes is done whatever happens next.
import { resolveWindowsImage } from '../../../../server/src/windows/tags';

export const WALKTHROUGH_ID = 'windowsContainers';

export const WALKTHROUGH_KEYS = {
  /** A Dockerfile whose base image is a Windows image is open and the language server has read it. */
  windowsDockerfile: 'dockerWorkbench.walkthrough.windowsDockerfile',
  /** The engine reported an image tagged: what a build with a tag does (Build Image, a docker-build task, docker build -t). */
  imageBuilt: 'dockerWorkbench.walkthrough.imageBuilt',
  /** The engine reported a container started. */
  containerStarted: 'dockerWorkbench.walkthrough.containerStarted',
} as const;

export type WalkthroughKey = (typeof WALKTHROUGH_KEYS)[keyof typeof WALKTHROUGH_KEYS];

/** True when one of the base images the server read from the open Dockerfiles is a Windows image. */
export function namesWindowsImage(references: readonly string[]): boolean {
  return references.some((r) => resolveWindowsImage(r).windows === 'yes');
}

export class WalkthroughProgress {
  private readonly set = new Set<WalkthroughKey>();

  constructor(private readonly setKey: (key: WalkthroughKey, value: boolean) => void) {}

  /** The keys set so far in this window. */
  get keys(): ReadonlySet<WalkthroughKey> {
    return this.set;
  }

  private mark(key: WalkthroughKey): void {
    if (this.set.has(key)) return;
    this.set.add(key);
    this.setKey(key, true);
  }

  /** Unsets every key (the extension's tests start from nothing; VS Code keeps steps already done). */
  reset(): void {
    for (const key of this.set) this.setKey(key, false);
    this.set.clear();
  }

  /** The language server's list of the open Dockerfiles' base images. */
  wantedImages(references: readonly string[]): void {
    if (namesWindowsImage(references)) this.mark(WALKTHROUGH_KEYS.windowsDockerfile);
  }

  /** One engine event, as the session's stream delivers it. */
  engineEvent(ev: { type: string; action: string }): void {
    if (ev.type === 'image' && ev.action === 'tag') this.mark(WALKTHROUGH_KEYS.imageBuilt);
    if (ev.type === 'container' && ev.action === 'start') this.mark(WALKTHROUGH_KEYS.containerStarted);
  }
}
