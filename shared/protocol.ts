// Everything the client and the language server say to each other beyond standard LSP,
// declared once and imported by both sides.

/** What the Windows host rules judge against. Every field is optional: unknown stays unknown. */
export interface HostContext {
  /** The OS the engine runs containers for (Docker Desktop switches between the two). */
  engineOs?: 'windows' | 'linux';
  /** Windows build number of the host, e.g. 17763. */
  build?: number;
  /** Isolation containers get by default on this host. */
  isolation?: 'process' | 'hyperv';
  /** Where the facts came from, for hover and messages. */
  source?: 'engine' | 'settings' | 'cli';
}

/** Client -> server: the host changed (engine connected, settings changed). Params: HostContext. */
export const HostContextNotification = 'dockerWorkbench/hostContext';

/** Settings section the server reads through workspace/configuration. */
export const SettingsSection = 'dockerWorkbench';

export type SeverityName = 'error' | 'warning' | 'info' | 'hint';

/** `dockerWorkbench.rules`: rule id -> severity, or `off`. */
export type RuleSeverityOverrides = Record<string, SeverityName | 'off'>;
