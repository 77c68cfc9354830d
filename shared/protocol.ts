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

/** The language id of compose files (the extension contributes it; the server sends their requests to its compose half). */
export const ComposeLanguageId = 'dockercompose';

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

/**
 * One base image as the connected engine has it locally (GET /images/{name}/json): its ID and the
 * names its config's Env sets. Values are not sent: the rules only need to know what is defined.
 */
export interface ImageEnvInfo {
  /** The reference exactly as the server asked for it (the FROM image after ARG expansion). */
  reference: string;
  /** Image ID (`sha256:...`); the client caches inspections by it. */
  id: string;
  /** `linux`, `windows`, or '' when the engine did not say. */
  os: string;
  /** Config.Env names, in order. */
  env: string[];
}

export interface ImageEnvParams {
  images: ImageEnvInfo[];
}

/**
 * Client -> server: the engine's answers for the images the server asked about, all of them at
 * once (they replace earlier answers); an empty list when no engine is connected. An image the
 * engine does not have is simply absent, so the server falls back to its table.
 */
export const ImageEnvNotification = 'dockerWorkbench/imageEnv';

export interface ImagesWantedParams {
  /** The external base images of the open Dockerfiles, as written after ARG expansion. */
  references: string[];
}

/**
 * Server -> client: the base images the server would like the engine's answer for, sent whenever
 * that set changes, and only to a client whose initialization options hold `imageEnv: true`.
 */
export const ImagesWantedNotification = 'dockerWorkbench/imagesWanted';

/** The initialization option by which a client says it answers ImagesWantedNotification. */
export const ImageEnvInitOption = 'imageEnv';

/**
 * The initialization option in which a client gives what it would answer the server's first
 * `workspace/configuration` requests, read as it sends `initialize`: `section` for the
 * `dockerWorkbench` section without a scope, `scoped` for `dockerWorkbench.rules` with each open
 * document's URI as the scope. The server lints those documents with them at once, then checks
 * them against its real pulls and lints again only where an answer differs.
 */
export const InitialSettingsOption = 'initialSettings';

export interface InitialSettings {
  section: unknown;
  scoped: Record<string, unknown>;
}
