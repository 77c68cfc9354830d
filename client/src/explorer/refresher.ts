// Which views an engine event makes stale, and a short debounce that coalesces a burst of events
// (compose up, a prune) into one refresh per view. No 'vscode': the bench drives it too.
import type { EngineEvent } from '../engine/events';
import type { ViewKind } from './model';

// Container actions that change nothing a view shows: exec sessions, attaches, TTY resizes.
const QUIET_CONTAINER_VERBS = new Set(['exec_create', 'exec_start', 'exec_die', 'exec_detach', 'attach', 'detach', 'resize', 'top', 'archive-path', 'extract-to-dir', 'export']);

/** The views one event makes stale; empty when none. */
export function viewsForEvent(ev: Pick<EngineEvent, 'type' | 'verb'>): ViewKind[] {
  switch (ev.type) {
    case 'container':
      if (QUIET_CONTAINER_VERBS.has(ev.verb)) return [];
      // A container created or removed changes an image's container count; commit adds an image.
      return ev.verb === 'commit' ? ['containers', 'images'] : ['containers'];
    case 'image':
      return ['images'];
    case 'network':
      // connect/disconnect change the containers' addresses.
      return ev.verb === 'connect' || ev.verb === 'disconnect' ? ['networks', 'containers'] : ['networks'];
    case 'volume':
      return ev.verb === 'mount' || ev.verb === 'unmount' ? [] : ['volumes'];
    case 'daemon':
      return ['engine', 'containers', 'images', 'networks', 'volumes'];
    default:
      return [];
  }
}

/**
 * Collects stale views and calls `flush` once per quiet period of `delayMs`, at most `maxDelayMs`
 * after the first event of a burst (so a steady stream of events still refreshes).
 */
export class Refresher {
  private pending = new Set<ViewKind>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstAt = 0;

  constructor(
    private readonly flush: (views: ReadonlySet<ViewKind>) => void,
    private readonly delayMs = 40,
    private readonly maxDelayMs = 250,
  ) {}

  push(views: readonly ViewKind[]): void {
    if (views.length === 0) return;
    for (const v of views) this.pending.add(v);
    const now = Date.now();
    if (this.timer === undefined) this.firstAt = now;
    else clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.delayMs, this.firstAt + this.maxDelayMs - now));
    this.timer = setTimeout(() => this.fire(), wait);
  }

  onEvent(ev: Pick<EngineEvent, 'type' | 'verb'>): void {
    this.push(viewsForEvent(ev));
  }

  private fire(): void {
    this.timer = undefined;
    const views = this.pending;
    this.pending = new Set();
    if (views.size > 0) this.flush(views);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
