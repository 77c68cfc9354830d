// The extension's one connection to the engine: which endpoint (the machine-scoped host setting
// first), the host platform, and the single /events subscription every view refreshes from.
// The extension starts it in the background on activation, so a user who only edits Dockerfiles
// still gets the real host sent to the language server; a failure only sets the error state the
// views show (no notification), and views or commands that need the engine join the same attempt.
import * as vscode from 'vscode';
import {
  connectEngine,
  createEventStream,
  EngineError,
  getHostPlatform,
  ImageEnvTracker,
  toHostContext,
  type BackoffOptions,
  type EngineClient,
  type EngineEventStream,
  type HostPlatform,
  type StateChange,
} from '../engine';
import type { HostContext, ImageEnvInfo } from '../../../shared/protocol';
import type { ViewKind } from './model';
import { Refresher } from './refresher';

export type SessionState =
  | { kind: 'idle' }
  | { kind: 'connecting' }
  | { kind: 'connected'; client: EngineClient; platform: HostPlatform }
  | { kind: 'reconnecting'; client: EngineClient; platform: HostPlatform; attempt: number; error?: EngineError }
  | { kind: 'error'; error: EngineError; endpointUrl?: string };

/** Context key the welcome views and menus read: idle, connecting, connected, reconnecting, error. */
export const STATE_CONTEXT_KEY = 'dockerWorkbench.engine.state';
/** True on Docker Desktop for Windows, where the engine can switch between Windows and Linux. */
export const SWITCHABLE_CONTEXT_KEY = 'dockerWorkbench.engine.switchable';
export const MODE_CONTEXT_KEY = 'dockerWorkbench.engine.mode';

export interface SessionOptions {
  /** Reads the machine-scoped `dockerWorkbench.host` setting. */
  hostSetting: () => string;
  /** This window's docker context (Use), given to the resolution as `--context` is; it wins over the setting. */
  contextChoice?: () => { contextFlag?: string; contextFlagVia?: string };
  /** Where the host platform goes (the language server) on connect and whenever it changes. */
  onHost: (host: HostContext) => Promise<void> | void;
  /** Where the environments of the wanted base images go (the language server), as they change. */
  onImageEnv?: (images: ImageEnvInfo[]) => Promise<void> | void;
  backoff?: BackoffOptions;
}

function sameHost(a: HostContext | undefined, b: HostContext): boolean {
  return a !== undefined && a.engineOs === b.engineOs && a.build === b.build && a.isolation === b.isolation;
}

export class EngineSession implements vscode.Disposable {
  private stateValue: SessionState = { kind: 'idle' };
  private connecting: Promise<void> | undefined;
  private events: EngineEventStream | undefined;
  private eventSubs: Array<{ dispose(): void }> = [];
  private lastHost: HostContext | undefined;
  private readonly refresher: Refresher;
  private readonly imageEnv: ImageEnvTracker | undefined;
  private readonly stateEmitter = new vscode.EventEmitter<SessionState>();
  private readonly staleEmitter = new vscode.EventEmitter<ReadonlySet<ViewKind>>();
  private readonly eventEmitter = new vscode.EventEmitter<{ type: string; action: string; id: string; name?: string; at: number }>();
  /** Fires on every state change. */
  readonly onDidChangeState = this.stateEmitter.event;
  /** Fires with the views an engine event (or a reconnect) made stale. */
  readonly onDidChangeData = this.staleEmitter.event;
  /** Every engine event as it arrives (tests and the bench time node appearance from it). */
  readonly onDidReceiveEvent = this.eventEmitter.event;
  private generation = 0;

  constructor(private readonly options: SessionOptions) {
    this.refresher = new Refresher((views) => this.staleEmitter.fire(views));
    const onImageEnv = options.onImageEnv;
    this.imageEnv = onImageEnv === undefined ? undefined : new ImageEnvTracker((images) => onImageEnv(images));
    void this.setContext();
  }

  get state(): SessionState {
    return this.stateValue;
  }

  /** The endpoint URL in use or last tried, for messages. */
  get endpointUrl(): string | undefined {
    const s = this.stateValue;
    if (s.kind === 'connected' || s.kind === 'reconnecting') return s.client.endpoint.url;
    if (s.kind === 'error') return s.endpointUrl ?? s.error.endpoint;
    return undefined;
  }

  /** Connects once if nothing has been tried yet; later calls join or return at once. */
  ensureStarted(): Promise<void> {
    if (this.stateValue.kind !== 'idle') return this.connecting ?? Promise.resolve();
    return this.connect();
  }

  /** A client for a command: connects first if needed; throws the typed error when there is none. */
  async requireClient(): Promise<EngineClient> {
    await this.ensureStarted();
    if (this.connecting) await this.connecting;
    const s = this.stateValue;
    if (s.kind === 'connected' || s.kind === 'reconnecting') return s.client;
    if (s.kind === 'error') throw s.error;
    throw new EngineError('not-running', this.endpointUrl ?? 'unknown', 'Docker Workbench is not connected to an engine.', 'Retry from the Docker Workbench view.');
  }

  get platform(): HostPlatform | undefined {
    const s = this.stateValue;
    return s.kind === 'connected' || s.kind === 'reconnecting' ? s.platform : undefined;
  }

  /** The base images the language server asks about; answered from the engine whenever it is connected. */
  setWantedImages(references: readonly string[]): void {
    this.imageEnv?.setWanted(references);
  }

  /** Drops the connection and connects again (Retry, a changed host setting). */
  retry(): Promise<void> {
    return this.connect();
  }

  private connect(): Promise<void> {
    const gen = ++this.generation;
    this.teardown();
    this.setState({ kind: 'connecting' });
    const work = (async () => {
      const result = await connectEngine({ hostSetting: this.options.hostSetting(), ...this.options.contextChoice?.() });
      if (gen !== this.generation) return;
      if (!result.ok) {
        this.setState({ kind: 'error', error: result.error, endpointUrl: result.endpointUrl });
        await this.forgetHost();
        return;
      }
      const stream = createEventStream(result.client, this.options.backoff);
      this.events = stream;
      this.eventSubs.push(
        stream.onEvent((ev) => {
          this.eventEmitter.fire({ type: ev.type, action: ev.action, id: ev.id, name: ev.name, at: Date.now() });
          this.refresher.onEvent(ev);
          if (ev.type === 'image') this.imageEnv?.imagesChanged();
          if (ev.type === 'daemon') void this.rereadPlatform(gen);
        }),
        stream.onStateChange((change) => this.onStreamState(change, gen, result.client)),
      );
      this.setState({ kind: 'connected', client: result.client, platform: result.platform });
      await this.publishHost(result.host);
      this.imageEnv?.setClient(result.client);
      // A failed first subscribe is retried by the stream itself, reported as 'reconnecting'.
      await stream.start();
    })();
    const tracked = work.finally(() => {
      if (this.connecting === tracked) this.connecting = undefined;
    });
    this.connecting = tracked;
    return tracked;
  }

  private onStreamState(change: StateChange, gen: number, client: EngineClient): void {
    if (gen !== this.generation) return;
    const platform = this.platform;
    if (change.state === 'reconnecting' && platform) {
      this.setState({ kind: 'reconnecting', client, platform, attempt: change.attempt ?? 1, error: change.error });
    } else if (change.state === 'connected' && change.previous !== 'disconnected') {
      // Back after a loss: the engine may have restarted in the other mode (Docker Desktop's
      // switch restarts it), and anything may have changed meanwhile; re-read it all. Once: the
      // state change this makes refreshes every view. How often this can happen is the stream's
      // backoff: an engine that keeps dropping /events is given up on, not re-read forever.
      void this.rereadPlatform(gen);
    } else if (change.state === 'disconnected' && change.error) {
      this.setState({ kind: 'error', error: change.error, endpointUrl: client.endpoint.url });
      void this.forgetHost();
    }
  }

  private async rereadPlatform(gen: number): Promise<void> {
    const s = this.stateValue;
    if (s.kind !== 'connected' && s.kind !== 'reconnecting') return;
    try {
      const platform = await getHostPlatform(s.client);
      const now = this.stateValue;
      // Meanwhile the stream may have given up (error): keep that. Back up, the session is
      // connected again; dropped again already, it stays reconnecting (with the new facts).
      if (gen !== this.generation || (now.kind !== 'connected' && now.kind !== 'reconnecting')) return;
      const streamUp = this.events?.state === 'connected';
      this.setState(now.kind === 'reconnecting' && !streamUp ? { ...now, platform } : { kind: 'connected', client: s.client, platform });
      await this.publishHost(toHostContext(platform));
      // Back after an outage or a restart: images may have come and gone.
      this.imageEnv?.setClient(s.client);
      this.imageEnv?.imagesChanged();
    } catch (err) {
      if (gen !== this.generation || this.stateValue.kind === 'error') return;
      // The stream is up but /info failed: show it as an error, the stream keeps trying.
      this.setState({ kind: 'error', error: s.client.toError(err), endpointUrl: s.client.endpoint.url });
      await this.forgetHost();
    }
  }

  /**
   * No engine answers: its facts are unknown now, so the rules that judge against them go quiet
   * (while merely reconnecting they stay, so a short outage does not make diagnostics flicker).
   */
  private forgetHost(): Promise<void> {
    this.imageEnv?.setClient(undefined);
    return this.publishHost({});
  }

  /** Sends the host to the language server when it differs from what was sent last. */
  private async publishHost(host: HostContext): Promise<void> {
    if (sameHost(this.lastHost, host)) return;
    this.lastHost = host;
    try {
      await this.options.onHost(host);
    } catch {
      // The language server may not be running (yet); the next change sends again.
      this.lastHost = undefined;
    }
  }

  /** Views call this to say their data is stale (after a command, say) without waiting for an event. */
  markStale(views: readonly ViewKind[]): void {
    this.refresher.push(views);
  }

  private setState(state: SessionState): void {
    this.stateValue = state;
    void this.setContext();
    this.stateEmitter.fire(state);
    if (state.kind === 'connected' || state.kind === 'error') this.staleEmitter.fire(new Set<ViewKind>(['engine', 'containers', 'images', 'networks', 'volumes']));
  }

  private async setContext(): Promise<void> {
    const s = this.stateValue;
    const platform = this.platform;
    // Docker Desktop for Windows is the only engine whose mode can be switched from here.
    const switchable = platform !== undefined && platform.dockerDesktop && process.platform === 'win32';
    await Promise.all([
      vscode.commands.executeCommand('setContext', STATE_CONTEXT_KEY, s.kind),
      vscode.commands.executeCommand('setContext', SWITCHABLE_CONTEXT_KEY, switchable),
      vscode.commands.executeCommand('setContext', MODE_CONTEXT_KEY, platform?.osType ?? ''),
    ]).catch(() => undefined);
  }

  private teardown(): void {
    for (const d of this.eventSubs.splice(0)) d.dispose();
    this.events?.stop();
    this.events = undefined;
    // The old engine's connection (an ssh:// engine's SSH session, kept-alive sockets) goes with it.
    const s = this.stateValue;
    if (s.kind === 'connected' || s.kind === 'reconnecting') s.client.dispose();
  }

  dispose(): void {
    this.generation++;
    this.teardown();
    this.imageEnv?.dispose();
    this.refresher.dispose();
    this.stateEmitter.dispose();
    this.staleEmitter.dispose();
    this.eventEmitter.dispose();
  }
}
