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

/**
 * Client -> server request: how Docker reads an open document (the "Show How Docker Reads This
 * Dockerfile" view). Answers null for a document the server does not have open.
 */
export const ReadingRequest = 'dockerWorkbench/reading';

export interface ReadingParams {
  uri: string;
}

export interface ReadingResult {
  /** The document version the reading is of. */
  version: number;
  /** The rendered reading, one instruction per line with its details indented below. */
  text: string;
  /** Lines of `text` (0-based) that belong to an instruction, with that instruction's source range. */
  links: Array<{ line: number; range: { start: { line: number; character: number }; end: { line: number; character: number } } }>;
}
