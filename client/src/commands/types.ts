// What every command family gets, and the shape of one row of the command table.
import type * as vscode from 'vscode';
import type { Explorer } from '../explorer';
import type { EngineSession } from '../explorer/session';
import type { Ui } from './ui';

export interface Deps {
  readonly extension: vscode.ExtensionContext;
  readonly session: EngineSession;
  readonly explorer: Explorer;
  /** Replaceable (tests inject answers); always read it at the moment of asking. */
  ui: Ui;
  /** Output channels by name, created on first use and disposed with the extension. */
  channel(name: string): vscode.OutputChannel;
  /** Build failures pointing at Dockerfile lines. */
  readonly buildDiagnostics: vscode.DiagnosticCollection;
  /** Requests to the language server. */
  readonly server: LanguageServer;
}

export interface LanguageServer {
  request<R>(method: string, params: unknown): Promise<R>;
}

export interface CommandSpec {
  /** Full command id, `dockerWorkbench.…`, as package.json declares it. */
  id: string;
  /**
   * Set for a command that hands the workspace to the engine: what it does, in a sentence that
   * explains why it is off in Restricted Mode (see trust.ts).
   */
  untrusted?: string;
  run(deps: Deps, ...args: unknown[]): Promise<unknown>;
}
