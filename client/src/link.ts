// What the workbench half (dist/workbench.js: engine session, explorer, commands) gets from the
// activation half (dist/client.js: settings and the language client). Both halves import this
// file's types only, so neither bundle pulls in the other's code.
import type * as vscode from 'vscode';
import type { HostContext, ImageEnvInfo } from '../../shared/protocol';

export interface ServerLink {
  /** A request to the language server (the protocol extensions of shared/protocol.ts). */
  request<R>(method: string, params: unknown): Promise<R>;
  /** The engine layer reports what it learned about the host here (the only way in). */
  setEngineHost(host: HostContext): Promise<void>;
  /** The engine's answers about the base images the server asked for. */
  setImageEnv(images: ImageEnvInfo[]): Promise<void>;
  /** The base images the server last asked about (it may ask before the workbench loads). */
  readonly wantedImages: readonly string[];
  /** Fires with the server's new list of wanted base images. */
  readonly onDidRequestImages: vscode.Event<string[]>;
}
