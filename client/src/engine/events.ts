// One GET /events subscription for the whole extension. Views refresh from its events, never by
// polling. When the stream is lost it reconnects with bounded, cancellable backoff and says so
// through its state (connected / reconnecting / disconnected). A stream the engine accepts and
// then drops again soon counts as a failed attempt: only one that stayed up for `resetAfterMs`
// starts the next loss from the first step, so an engine that keeps closing /events at once is
// given up on like a dead one instead of being re-subscribed (and every view re-read) forever.
import type { Readable } from 'node:stream';
import { EngineError, toEngineError, type ErrorEndpoint } from './errors';
import { LineSplitter } from './lines';

export interface EngineEvent {
  /** `container`, `image`, `network`, `volume`, `daemon` ... */
  type: string;
  /** As the engine sends it: `start`, `die`, `exec_start: sh -c ...`, `health_status: healthy`. */
  action: string;
  /** The action's first word: `exec_start`, `health_status`. */
  verb: string;
  /** The object's ID (container or image id, network id, volume name). */
  id: string;
  /** The `name` attribute, when there is one (containers, networks, volumes). */
  name?: string;
  attributes: Readonly<Record<string, string>>;
  /** Unix time in nanoseconds, as a bigint-safe string is not needed: ms precision is enough here. */
  timeNano: number;
  scope?: string;
}

export type ConnectionState = 'connected' | 'reconnecting' | 'disconnected';

export interface StateChange {
  state: ConnectionState;
  previous: ConnectionState;
  /** Why the stream was lost or why reconnecting gave up. */
  error?: EngineError;
  /** Reconnect attempt about to be made (1-based), while reconnecting. */
  attempt?: number;
  /** Delay before that attempt, ms. */
  delayMs?: number;
}

export interface Disposable {
  dispose(): void;
}

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Attempts before giving up and going to 'disconnected'. */
  maxAttempts: number;
  /**
   * How long a stream must stay up for its loss to start again from attempt 1; a stream lost
   * sooner continues the count of the attempts before it. Default 30 s.
   */
  resetAfterMs?: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5_000, maxAttempts: 12, resetAfterMs: 30_000 };

/** Longest /events line kept: an event is a few KB; a line without end from a broken engine is dropped. */
export const MAX_EVENT_LINE = 1024 * 1024;

/** Delay before attempt n (1-based): initial * 2^(n-1), capped. */
export function backoffDelay(attempt: number, b: BackoffOptions): number {
  return Math.min(b.maxMs, b.initialMs * 2 ** Math.max(0, attempt - 1));
}

/** Opens the raw event stream; `since` is Unix seconds (fractional) to replay from. */
export type OpenEventStream = (opts: { since?: string; signal: AbortSignal }) => Promise<Readable>;

/** Maps one decoded JSON message of /events to an EngineEvent; undefined if it is not one. */
export function parseEngineEvent(raw: unknown): EngineEvent | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const actor = (typeof r.Actor === 'object' && r.Actor !== null ? r.Actor : {}) as Record<string, unknown>;
  const attrsRaw = (typeof actor.Attributes === 'object' && actor.Attributes !== null ? actor.Attributes : {}) as Record<string, unknown>;
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrsRaw)) if (typeof v === 'string') attributes[k] = v;
  const type = typeof r.Type === 'string' ? r.Type : '';
  const action = typeof r.Action === 'string' ? r.Action : typeof r.status === 'string' ? r.status : '';
  if (!type || !action) return undefined;
  const id = typeof actor.ID === 'string' ? actor.ID : typeof r.id === 'string' ? r.id : '';
  const timeNano = typeof r.timeNano === 'number' ? r.timeNano : typeof r.time === 'number' ? r.time * 1e9 : 0;
  const ev: EngineEvent = { type, action, verb: action.split(':')[0].trim(), id, attributes, timeNano };
  if (attributes.name) ev.name = attributes.name;
  if (typeof r.scope === 'string') ev.scope = r.scope;
  return ev;
}

export class EngineEventStream {
  private stateValue: ConnectionState = 'disconnected';
  private readonly eventListeners = new Set<(e: EngineEvent) => void>();
  private readonly stateListeners = new Set<(c: StateChange) => void>();
  private stream: Readable | undefined;
  private controller: AbortController | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private running = false;
  private lastTimeNano = 0;
  /** Keys of events at the newest timestamp seen, so a replay from `since` is not delivered twice. */
  private seenAtLast = new Set<string>();
  private lastErrorValue: EngineError | undefined;
  /** Bumped on every (re)connect so callbacks of an old stream are ignored. */
  private generation = 0;
  /** Attempts made since the stream was last up for resetAfterMs (or since start). */
  private attempts = 0;
  /** Of those, how many connected and were then dropped early by the engine. */
  private earlyDrops = 0;
  private connectedAt = 0;

  constructor(
    private readonly open: OpenEventStream,
    private readonly endpoint: ErrorEndpoint,
    private readonly backoff: BackoffOptions = DEFAULT_BACKOFF,
    private readonly connectTimeoutMs = 10_000,
    /** The clock that decides whether a stream stayed up long enough (tests step it). */
    private readonly now: () => number = Date.now,
  ) {}

  get state(): ConnectionState {
    return this.stateValue;
  }

  get lastError(): EngineError | undefined {
    return this.lastErrorValue;
  }

  onEvent(listener: (e: EngineEvent) => void): Disposable {
    this.eventListeners.add(listener);
    return { dispose: () => this.eventListeners.delete(listener) };
  }

  onStateChange(listener: (c: StateChange) => void): Disposable {
    this.stateListeners.add(listener);
    return { dispose: () => this.stateListeners.delete(listener) };
  }

  /**
   * Subscribes. Resolves true once connected, false if the first attempt failed (the stream then
   * keeps retrying in the background). Never rejects.
   */
  async start(): Promise<boolean> {
    if (this.running) return this.stateValue === 'connected';
    this.running = true;
    this.attempts = 0;
    this.earlyDrops = 0;
    const ok = await this.connectOnce();
    if (!ok) this.scheduleRetry();
    return ok;
  }

  /** Cancels everything: the stream, a pending retry. State becomes 'disconnected'. */
  stop(): void {
    this.running = false;
    this.teardown();
    this.setState('disconnected');
  }

  /** After 'disconnected' (gave up), try again from the first backoff step; e.g. a Retry button. */
  async reconnect(): Promise<boolean> {
    this.stop();
    return this.start();
  }

  private teardown(): void {
    this.generation++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.controller?.abort();
    this.controller = undefined;
    const s = this.stream;
    this.stream = undefined;
    if (s) {
      s.removeAllListeners('data');
      s.on('error', () => undefined);
      s.destroy();
    }
  }

  private async connectOnce(): Promise<boolean> {
    this.teardown();
    const gen = this.generation;
    const controller = new AbortController();
    this.controller = controller;
    const since = this.lastTimeNano > 0 ? (this.lastTimeNano / 1e9).toFixed(9) : undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const stream = await Promise.race([
        this.open({ since, signal: controller.signal }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            controller.abort();
            reject(toEngineError({ code: 'ETIMEDOUT', message: 'events subscription timed out' }, this.endpoint));
          }, this.connectTimeoutMs);
        }),
      ]);
      if (gen !== this.generation || !this.running) {
        stream.on('error', () => undefined);
        stream.destroy();
        return false;
      }
      this.attach(stream, gen);
      this.lastErrorValue = undefined;
      this.connectedAt = this.now();
      this.setState('connected');
      return true;
    } catch (err) {
      this.lastErrorValue = toEngineError(err, this.endpoint);
      return false;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private attach(stream: Readable, gen: number): void {
    this.stream = stream;
    // The engine sends one JSON object per line; a chunk may end mid-object.
    const lines = new LineSplitter(MAX_EVENT_LINE);
    stream.setEncoding?.('utf8');
    stream.on('data', (chunk: string | Buffer) => {
      if (gen !== this.generation) return;
      for (const raw of lines.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'))) {
        const line = raw.trim();
        if (!line) continue;
        let decoded: unknown;
        try {
          decoded = JSON.parse(line);
        } catch {
          continue;
        }
        const ev = parseEngineEvent(decoded);
        if (!ev) continue;
        const key = `${ev.timeNano}|${ev.type}|${ev.action}|${ev.id}`;
        if (ev.timeNano < this.lastTimeNano || (ev.timeNano === this.lastTimeNano && this.seenAtLast.has(key))) continue;
        if (ev.timeNano > this.lastTimeNano) {
          this.lastTimeNano = ev.timeNano;
          this.seenAtLast = new Set();
        }
        this.seenAtLast.add(key);
        for (const l of [...this.eventListeners]) {
          try {
            l(ev);
          } catch {
            // A listener's bug must not end the subscription.
          }
        }
      }
    });
    const lost = (err?: unknown): void => {
      if (gen !== this.generation || !this.running) return;
      this.generation++;
      this.stream = undefined;
      this.lastErrorValue = toEngineError(err ?? { code: 'ECONNRESET', message: 'events stream ended' }, this.endpoint);
      if (this.now() - this.connectedAt >= (this.backoff.resetAfterMs ?? DEFAULT_BACKOFF.resetAfterMs ?? 0)) {
        this.attempts = 0;
        this.earlyDrops = 0;
      } else {
        this.earlyDrops++;
      }
      this.scheduleRetry();
    };
    stream.on('error', (err) => lost(err));
    stream.on('end', () => lost());
    stream.on('close', () => lost());
  }

  private scheduleRetry(): void {
    if (!this.running) return;
    const attempt = ++this.attempts;
    if (attempt > this.backoff.maxAttempts) {
      this.running = false;
      this.setState('disconnected', { error: this.givingUpError() });
      return;
    }
    const delayMs = backoffDelay(attempt, this.backoff);
    this.setState('reconnecting', { error: this.lastErrorValue, attempt, delayMs });
    const gen = this.generation;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.running || gen !== this.generation) return;
      void this.connectOnce().then((ok) => {
        if (!ok && this.running) this.scheduleRetry();
      });
    }, delayMs);
  }

  /** The last failure, unless the engine kept accepting the stream and dropping it: then that. */
  private givingUpError(): EngineError | undefined {
    const last = this.lastErrorValue;
    if (this.earlyDrops === 0 || last?.kind !== 'connection-lost') return last;
    const n = this.earlyDrops;
    this.lastErrorValue = new EngineError(
      'connection-lost',
      this.endpoint.url,
      `The engine at ${this.endpoint.url} accepts the events subscription and then closes it at once (${n} ${n === 1 ? 'time' : 'times in a row'}), so the views cannot follow its changes.`,
      'Check the engine and anything between it and you (a proxy, an SSH tunnel): `docker events` should stay open. Then retry.',
      { code: last.code, cause: last },
    );
    return this.lastErrorValue;
  }

  private setState(state: ConnectionState, extra: Omit<StateChange, 'state' | 'previous'> = {}): void {
    const previous = this.stateValue;
    // Each reconnect attempt is reported, so views can show "reconnecting (attempt 3)".
    if (previous === state && state !== 'reconnecting') return;
    this.stateValue = state;
    const change: StateChange = { state, previous, ...extra };
    for (const l of [...this.stateListeners]) {
      try {
        l(change);
      } catch {
        // ignore listener failures
      }
    }
  }
}
