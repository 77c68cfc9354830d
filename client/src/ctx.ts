// The one object that owns the language client and everything the extension must dispose.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ErrorHandler, LanguageClient, LanguageClientOptions, MessageTransports, ServerOptions } from 'vscode-languageclient/node';
import {
  HostContextNotification,
  ImageEnvInitOption,
  InitialSettingsOption,
  ImageEnvNotification,
  ImagesWantedNotification,
  SettingsSection,
  type HostContext,
  type ImageEnvInfo,
  type ImageEnvParams,
} from '../../shared/protocol';
import { mergeHost } from '../../shared/settings';
import { startupMark } from '../../shared/startupTrace';
import { sectionJson, type Config } from './config';
import type { ServerLink } from './link';
import { RESTART_ACTION, RestartPolicy, giveUpMessage, restartingMessage } from './serverRestart';
import type { ServerProcesses } from './serverProcess';

type LanguageClientModule = typeof import('vscode-languageclient/node');
/**
 * vscode-languageclient is most of dist/client.js: its modules are evaluated as the client starts,
 * in a task of their own, not as the bundle loads.
 */
function languageClientModule(): LanguageClientModule {
  const module = require('vscode-languageclient/node') as LanguageClientModule;
  startupMark('client: language client evaluated');
  return module;
}

export class Ctx implements vscode.Disposable, ServerLink {
  private client: LanguageClient | undefined;
  /** The client's start, kept so stopping waits for it (a starting client cannot be stopped). */
  private starting: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Facts about the engine's host; filled by the engine layer once it exists. */
  private engineHost: HostContext = {};
  /** The engine's answers about the base images the server asked for. */
  private imageEnv: ImageEnvInfo[] = [];
  private readonly imagesWanted = new vscode.EventEmitter<string[]>();
  private lastWanted: string[] = [];
  /** Fires with the base images of the open Dockerfiles whenever the server's list changes. */
  readonly onDidRequestImages: vscode.Event<string[]> = this.imagesWanted.event;
  private readonly restarts = new RestartPolicy();
  private diagnosed: () => void = () => undefined;
  private watchingFirst = false;
  /**
   * Settles when VS Code has the server's first diagnostics (it echoes the change back to the
   * extension host; at most 1 s is waited for that), at once when they were none, or when the
   * server could not start.
   */
  readonly firstDiagnostics: Promise<void> = new Promise((resolve) => (this.diagnosed = resolve));

  constructor(
    readonly config: Config,
    private readonly processes: ServerProcesses,
  ) {}

  /** The base images the server last asked about, for a listener that comes late. */
  get wantedImages(): readonly string[] {
    return this.lastWanted;
  }

  /**
   * Starts the language client. Activation does not wait for it (the client queues requests until
   * the server answers `initialize`); stop() does.
   */
  start(): Promise<void> {
    this.starting ??= this.startClient().catch((error: unknown) => {
      this.diagnosed();
      throw error;
    });
    return this.starting;
  }

  private async startClient(): Promise<void> {
    // In a task of its own (evaluating the language client's modules holds the extension host
    // about 30 ms): the bundle's load, or activate(), has returned, and the server's process is
    // already starting (forked as the bundle loaded, or by the task activate() queued before this
    // one; extension.ts).
    await new Promise<void>((resolve) => setImmediate(resolve));
    const lc = languageClientModule();
    const serverOptions: ServerOptions = async (): Promise<MessageTransports> => {
      const child = this.processes.take();
      const output = (data: Buffer | string) => this.client?.outputChannel.append(data.toString());
      child.stdout?.on('data', output);
      child.stderr?.on('data', output);
      return { reader: new lc.IPCMessageReader(child), writer: new lc.IPCMessageWriter(child), detached: false };
    };
    const clientOptions: LanguageClientOptions = {
      // The server only reads the text it is sent, so documents of virtual workspaces (GitHub
      // Repositories, Live Share) get the language features too. Not git: or diff views: their
      // diagnostics would repeat the file's own in the Problems view.
      // Compose files too (language dockercompose): the same server lints them and adds their features.
      documentSelector: ['dockerfile', 'dockercompose'].flatMap((language) => ['file', 'untitled', 'vscode-vfs', 'vsls'].map((scheme) => ({ language, scheme }))),
      // The server then asks for the environments of the open Dockerfiles' base images, and lints
      // the documents open now with the settings as they are when it starts (InitialSettingsOption).
      initializationOptions: () => ({
        [ImageEnvInitOption]: true,
        [InitialSettingsOption]: this.config.initialSettings(vscode.workspace.textDocuments.filter((d) => d.languageId === 'dockerfile' || d.languageId === 'dockercompose')),
      }),
      errorHandler: this.errorHandler(lc),
      middleware: {
        // The server's pulls of the whole section are answered from the section itself (sectionJson
        // says why); anything else as vscode-languageclient answers it.
        workspace: {
          configuration: async (params, token, next) => {
            const mine = params.items.map((item) => (item.section === SettingsSection ? sectionJson(item.scopeUri === undefined ? undefined : vscode.Uri.parse(item.scopeUri)) : undefined));
            if (mine.every((value) => value !== undefined)) return mine;
            const rest = await next({ items: params.items.filter((_, i) => mine[i] === undefined) }, token);
            if (!Array.isArray(rest)) return rest;
            let k = 0;
            return mine.map((value) => (value !== undefined ? value : rest[k++]));
          },
        },
        didOpen: (document, next) => {
          startupMark('client: didOpen sent');
          return next(document);
        },
        handleDiagnostics: (uri, diagnostics, next) => {
          startupMark('client: diagnostics received');
          next(uri, diagnostics);
          // The extension host sends them on to the workbench as they are set.
          startupMark('client: diagnostics handed to VS Code');
          this.watchFirstDiagnostics(uri, diagnostics.length);
        },
      },
    };
    this.client = new lc.LanguageClient('dockerWorkbench', 'Docker Workbench', serverOptions, clientOptions);
    this.disposables.push(
      this.client.onNotification(ImagesWantedNotification, (params: unknown) => {
        this.lastWanted = wantedReferences(params);
        this.imagesWanted.fire(this.lastWanted);
      }),
    );
    startupMark('client: language client made');
    await this.client.start();
    startupMark('client: started');
    this.disposables.push(this.config.onDidChange(() => void this.sendHost()));
    await this.sendHost();
    await this.sendImageEnv();
    // A restarted server is a new process that knows nothing the client told the old one.
    this.disposables.push(
      this.client.onDidChangeState((e) => {
        if (e.newState !== lc.State.Running) return;
        void this.sendHost();
        void this.sendImageEnv();
      }),
    );
  }

  /** See firstDiagnostics. */
  private watchFirstDiagnostics(uri: vscode.Uri, count: number): void {
    if (this.watchingFirst) return;
    this.watchingFirst = true;
    // A 0 ms timer fires after the one VS Code's RPC sends the change with: the change goes first.
    if (count === 0) {
      setTimeout(() => this.diagnosed(), 0);
      return;
    }
    const key = uri.toString();
    const done = () => {
      echo.dispose();
      clearTimeout(timer);
      this.diagnosed();
    };
    const echo = vscode.languages.onDidChangeDiagnostics((e) => e.uris.some((u) => u.toString() === key) && done());
    const timer = setTimeout(done, 1000);
  }

  /**
   * Restarts a server that died, as RestartPolicy allows (4 times in 3 minutes), noting each in
   * the output; past that, one message with a button that starts it again.
   */
  private errorHandler(lc: LanguageClientModule): ErrorHandler {
    return {
      // As vscode-languageclient's default: a few write errors are transient, more mean it is gone.
      // A server process that died: the writes sent until its closed channel is seen fail (EPIPE).
      // Shutting down on them would leave closed() nothing to restart; they are let pass, and
      // closed() decides.
      error: (error, _message, count) => {
        if (!this.processes.running() || channelClosed(error)) return { action: lc.ErrorAction.Continue };
        return { action: count !== undefined && count <= 3 ? lc.ErrorAction.Continue : lc.ErrorAction.Shutdown };
      },
      closed: () => {
        const decision = this.restarts.closed();
        if (decision.action === 'restart') return { action: lc.CloseAction.Restart, message: restartingMessage(decision.restartsInWindow), handled: true };
        const message = giveUpMessage(decision.crashesInWindow);
        if (decision.tell) void this.offerRestart(message);
        return { action: lc.CloseAction.DoNotRestart, message, handled: true };
      },
    };
  }

  private async offerRestart(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, RESTART_ACTION);
    const client = this.client;
    if (client === undefined || choice !== RESTART_ACTION) return;
    this.restarts.reset();
    try {
      await client.start();
    } catch (error) {
      client.error('Restarting the Docker Workbench server failed', error, 'force');
    }
  }

  /** The engine layer reports the environments of the wanted base images here. */
  async setImageEnv(images: ImageEnvInfo[]): Promise<void> {
    this.imageEnv = images;
    await this.sendImageEnv();
  }

  private async sendImageEnv(): Promise<void> {
    const client = this.client;
    if (client === undefined || !client.isRunning()) return;
    const params: ImageEnvParams = { images: this.imageEnv };
    try {
      await client.sendNotification(ImageEnvNotification, params);
    } catch (error) {
      client.error('Sending image environments to the Docker Workbench server failed', error, false);
    }
  }

  /**
   * A request to the language server (the protocol extensions of shared/protocol.ts). The client
   * waits while the server starts and rejects when it is stopped: starting it again is the restart
   * policy's decision, not a request's.
   */
  async request<R>(method: string, params: unknown): Promise<R> {
    // Asked in the moment between activation and the client's creation (startClient), as the
    // client itself would wait while it starts.
    if (this.client === undefined) await this.starting?.catch(() => undefined);
    const client = this.client;
    if (client === undefined) throw new Error('The Docker Workbench language server is not running.');
    return client.sendRequest<R>(method, params);
  }

  /** The engine layer reports what it learned about the host here (the only way in). */
  async setEngineHost(host: HostContext): Promise<void> {
    this.engineHost = { ...host, source: host.source ?? 'engine' };
    await this.sendHost();
  }

  /**
   * The single place the host notification is sent from. Settings win over engine facts where the
   * user set them (mergeHost); the server applies the same rule to the settings it pulls itself.
   */
  private async sendHost(): Promise<void> {
    const client = this.client;
    if (client === undefined || !client.isRunning()) return;
    const host = mergeHost(this.engineHost, this.config.hostOverride);
    try {
      await client.sendNotification(HostContextNotification, host);
    } catch (error) {
      client.error('Sending the host context to the Docker Workbench server failed', error, false);
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    const starting = this.starting;
    this.client = undefined;
    this.starting = undefined;
    if (client === undefined) {
      this.processes.stopped();
      return;
    }
    await starting?.catch(() => undefined);
    try {
      await client.stop();
    } finally {
      this.processes.stopped();
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.imagesWanted.dispose();
    void this.stop();
  }
}

/** A write to a server process whose channel is gone. */
function channelClosed(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === 'EPIPE' || code === 'ERR_IPC_CHANNEL_CLOSED' || code === 'ECONNRESET';
}

/** The server's list, checked: it comes over the wire. */
function wantedReferences(params: unknown): string[] {
  const refs = typeof params === 'object' && params !== null ? (params as Record<string, unknown>).references : undefined;
  return Array.isArray(refs) ? refs.filter((r): r is string => typeof r === 'string' && r !== '').slice(0, 500) : [];
}
