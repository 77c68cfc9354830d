// A small LSP client around the real bundled server (dist/server.js) over stdio, for tests that
// need their own server process (their own initialization options). Every wait is bounded.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import {
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const WAIT_MS = 10_000;

export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  /** Custom notifications from the server, by method, in order. */
  readonly notifications = new Map<string, unknown[]>();
  stderr = '';
  exited: number | null | undefined = undefined;
  private waiters: Array<() => void> = [];

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
  ) {}

  /** Starts the server and completes the initialize handshake with the given options. */
  static async start(initializationOptions?: unknown): Promise<LspClient> {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'server.js'), '--stdio'], { cwd: REPO_ROOT, stdio: 'pipe' });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const c = new LspClient(child, connection);
    child.stderr.on('data', (chunk: Buffer) => (c.stderr += chunk.toString()));
    child.on('exit', (code) => {
      c.exited = code;
      c.notify();
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      c.published.push(params);
      c.notify();
    });
    connection.onUnhandledNotification((message) => {
      c.notifications.set(message.method, [...(c.notifications.get(message.method) ?? []), message.params]);
      c.notify();
    });
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    await c.request<InitializeResult>(InitializeRequest.method, {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
      initializationOptions,
    });
    void connection.sendNotification(InitializedNotification.type, {});
    return c;
  }

  private notify(): void {
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

  open(uri: string, text: string): void {
    void this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  }

  async stop(): Promise<void> {
    try {
      if (this.exited === undefined) {
        await this.request(ShutdownRequest.method, undefined, 2000);
        void this.connection.sendNotification(ExitNotification.type);
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
