// A small LSP client around the real bundled server (dist/server.js) over stdio: what an editor
// sees, end to end. Every wait is bounded.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const WAIT_MS = 10_000;

export interface ConfigurationItem {
  section?: string;
  scopeUri?: string;
}

export interface SpawnOptions {
  /** Answers workspace/configuration for the `dockerWorkbench` section and its members (others get null). */
  settings?: () => unknown;
  /** Answers one item of workspace/configuration before `settings` does (undefined: not this one; a promise: later). */
  scoped?: (item: ConfigurationItem) => unknown;
  /** The server's command line after `node` (default: dist/server.js --stdio). */
  args?: string[];
}

export class LspClient {
  readonly published: Array<PublishDiagnosticsParams & { at: number }> = [];
  /** Custom notifications from the server, by method, in order. */
  readonly notifications = new Map<string, unknown[]>();
  stderr = '';
  /** window/logMessage texts: where the server reports a handler or rule that threw. */
  readonly logs: string[] = [];
  exited: number | null | undefined = undefined;
  private waiters: Array<() => void> = [];
  private versions = new Map<string, TextDocument>();

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
  ) {}

  /** Starts the server and completes the initialize handshake with the given options. */
  static async start(initializationOptions?: unknown): Promise<LspClient> {
    const c = LspClient.spawn();
    await c.request<InitializeResult>(InitializeRequest.method, {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions,
    });
    void c.connection.sendNotification(InitializedNotification.type, {});
    return c;
  }

  /** Starts the server process; the caller sends initialize with the capabilities it wants. */
  static spawn(options: SpawnOptions = {}): LspClient {
    const child = spawn(process.execPath, options.args ?? [path.join(REPO_ROOT, 'dist', 'server.js'), '--stdio'], { cwd: REPO_ROOT, stdio: 'pipe' });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const c = new LspClient(child, connection);
    child.stderr.on('data', (chunk: Buffer) => (c.stderr += chunk.toString()));
    child.on('exit', (code) => {
      c.exited = code;
      c.notify();
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      c.published.push({ ...params, at: Date.now() });
      c.notify();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => c.logs.push(params.message));
    connection.onUnhandledNotification((message) => {
      c.notifications.set(message.method, [...(c.notifications.get(message.method) ?? []), message.params]);
      c.notify();
    });
    connection.onRequest('workspace/configuration', (params: { items: ConfigurationItem[] }) =>
      Promise.all(params.items.map(async (item) => {
        const scoped = options.scoped?.(item);
        if (scoped !== undefined) return scoped;
        // As VS Code answers: `dockerWorkbench.rules` is the `rules` member of the section.
        if (options.settings === undefined || item.section === undefined) return null;
        const [head, ...path] = item.section.split('.');
        if (head !== 'dockerWorkbench') return null;
        let value: unknown = options.settings();
        for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
        return value ?? null;
      })),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    return c;
  }

  /** Sends initialize with these capabilities, then initialized. */
  async initialize(capabilities: ClientCapabilities, initializationOptions?: unknown): Promise<InitializeResult> {
    const result = await this.request<InitializeResult>(InitializeRequest.method, { processId: process.pid, rootUri: null, capabilities, initializationOptions });
    void this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves with the first value `probe` returns that is not undefined. */
  async waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = WAIT_MS): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (this.exited !== undefined) throw new Error(`server exited (${this.exited}) while waiting for ${what}\n${this.stderr}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  diagnosticsFor(uri: string, version: number): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics of ${uri} v${version}`, () => this.published.find((p) => p.uri === uri && p.version === version)?.diagnostics);
  }

  /** The diagnostics published after index `from` for `uri` that satisfy `accept`. */
  diagnostics(uri: string, accept: (d: Diagnostic[]) => boolean, from = 0): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics of ${uri}`, () => this.published.slice(from).find((p) => p.uri === uri && accept(p.diagnostics))?.diagnostics);
  }

  async request<R>(method: string, params: unknown, timeoutMs = WAIT_MS): Promise<R> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${method} timed out`)), timeoutMs);
    });
    try {
      return await Promise.race([this.connection.sendRequest(method, params) as Promise<R>, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  notifyServer(method: string, params: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  open(uri: string, text: string, languageId = 'dockerfile'): void {
    this.versions.set(uri, TextDocument.create(uri, languageId, 1, text));
    void this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text; returns the new version. */
  change(uri: string, text: string): number {
    const version = this.document(uri).version + 1;
    this.versions.set(uri, TextDocument.create(uri, this.document(uri).languageId, version, text));
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  close(uri: string): void {
    this.versions.delete(uri);
    void this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The document as this client last sent it. */
  document(uri: string): TextDocument {
    const doc = this.versions.get(uri);
    if (doc === undefined) throw new Error(`document ${uri} is not open`);
    return doc;
  }

  async stop(): Promise<void> {
    try {
      if (this.exited === undefined) {
        await this.request(ShutdownRequest.method, undefined, 2000);
        // The server may be gone before this is written: a rejected write is no failure here.
        await this.connection.sendNotification(ExitNotification.type).catch(() => undefined);
      }
    } catch {
      // The kill below ends it anyway.
    }
    this.connection.dispose();
    if (this.exited === undefined && this.child.pid !== undefined) {
      try {
        process.kill(this.child.pid);
      } catch {
        // Already gone.
      }
    }
  }
}
