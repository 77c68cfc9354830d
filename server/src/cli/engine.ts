// `lint --engine`: the host facts and the local base images' environments from the Docker engine,
// found as the extension finds it. The engine layer (dockerode and its transports) is a separate
// bundle, dist/engine.js, loaded only here, so the CLI without --engine stays small and has no
// dependencies.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostContext, ImageEnvInfo } from '../../../shared/protocol';
import { parseDockerfile } from '../dockerfile/parser';
import { EngineImageEnvs, baseImageReferences, imageEnvLookup, type ImageEnvLookup } from '../images';
import type { LintCommand } from './args';

/** A connected engine, as the CLI uses it. */
export interface LintEngine {
  /** The endpoint in use, for messages. */
  endpointUrl: string;
  /** What the engine says about its host (OS, Windows build, default isolation). */
  host: HostContext;
  /** The environments of the references present locally; the others are left out. */
  environments(references: readonly string[]): Promise<ImageEnvInfo[]>;
}

export type LintEngineConnection = { ok: true; engine: LintEngine } | { ok: false; message: string };

/** Which engine, as the docker CLI's -H or --context; neither: found as the extension finds it. */
export interface EngineTarget {
  host?: string;
  context?: string;
}

/** `docker-workbench engine --format json`: stable, fields only ever added (README). */
export interface EngineReport {
  formatVersion: 1;
  endpoint: {
    url: string;
    /** Which source won: flag (--host/--context), DOCKER_HOST, context, default. */
    source: string;
    /** Why, in words: `DOCKER_HOST is set`, `docker context "x" (currentContext in config.json)`. */
    reason: string;
    transport: 'unix' | 'npipe' | 'tcp' | 'ssh';
    context: string | null;
    /** How a value that may not mean what it seems was read (a scheme-less `/path` is TCP, as the docker CLI reads it); null otherwise. */
    note: string | null;
  };
  /** tcp only (null for a socket, pipe or ssh). */
  tls: { enabled: boolean; verified: boolean; certDir: string | null; unverifiedReason: string | null } | null;
  /** ssh only: the host key the server proved it holds, and the known_hosts line that vouched for it. */
  ssh: { hostKeyType: string; fingerprint: string; verifiedBy: string } | null;
  engine: {
    osType: string;
    operatingSystem: string;
    architecture: string;
    engineVersion: string;
    apiVersion: string;
    minApiVersion: string | null;
    dockerDesktop: boolean;
    /** Docker Desktop only: which of its engines answered, its Windows containers engine or its Linux engine. */
    desktopEngine: 'windows' | 'linux' | null;
    /** Windows engines only. */
    windows: { build: number | null; revision: number | null; release: string | null; server: boolean } | null;
    /** The isolation containers get by default (Windows engines; null otherwise). */
    isolation: 'process' | 'hyperv' | null;
  };
}

/** An engine that could not be used: the typed error, as the CLI prints it. */
export interface EngineFailure {
  kind: string;
  /** For kind 'tls': unknown-ca, wrong-name, expired, client-cert-missing, client-cert-refused, plain-http, not-tls, files ... */
  tlsProblem: string | null;
  /** For kind 'ssh': host-unknown, host-changed, host-revoked, auth, connect, remote-docker, config. */
  sshProblem: string | null;
  message: string;
  /** The endpoint tried (`context:NAME` when the context itself could not be read). */
  endpoint: string;
  source: string | null;
  fix: string;
}

export type EngineInspection = { ok: true; report: EngineReport } | { ok: false; error: EngineFailure };

/** What dist/engine.js exports. */
export interface LintEngineModule {
  connectLintEngine(options?: { timeoutMs?: number; target?: EngineTarget }): Promise<LintEngineConnection>;
  inspectEngine(options?: { timeoutMs?: number; target?: EngineTarget }): Promise<EngineInspection>;
}

export const ENGINE_BUNDLE = 'engine.js';

/** Loads the engine bundle that sits next to the CLI bundle; throws an Error saying what is missing. */
export function loadEngineModule(dir: string = __dirname, need: keyof LintEngineModule = 'connectLintEngine', who = '--engine'): LintEngineModule {
  const file = path.join(dir, ENGINE_BUNDLE);
  if (!fs.existsSync(file)) throw new Error(`${who} needs ${file}, which is missing; rebuild with 'npm run build'`);
  // A computed path: esbuild leaves this require alone, so the engine layer is not bundled into the CLI.
  const loaded: unknown = require(file);
  if (typeof loaded !== 'object' || loaded === null || typeof (loaded as LintEngineModule)[need] !== 'function') {
    throw new Error(`${file} does not export ${need}; rebuild with 'npm run build'`);
  }
  return loaded as LintEngineModule;
}

export type HostField = 'engineOs' | 'build' | 'isolation';

/**
 * The command line's host facts over the engine's, field by field: a field typed on the command
 * line wins; one the command line only defaulted (process isolation beside --host-build) gives way.
 */
export function mergeEngineHost(cli: HostContext, given: readonly HostField[], engine: HostContext): HostContext {
  const host: HostContext = { ...cli };
  if (!given.includes('engineOs') && engine.engineOs !== undefined) host.engineOs = engine.engineOs;
  if (!given.includes('build') && engine.build !== undefined) host.build = engine.build;
  if (!given.includes('isolation') && engine.isolation !== undefined) host.isolation = engine.isolation;
  host.source = given.length > 0 ? 'cli' : 'engine';
  if (host.engineOs === undefined && host.build === undefined && host.isolation === undefined) delete host.source;
  return host;
}

/** The engine's answers for the files linted so far, asked for file by file before each is linted. */
export class EngineImageFacts {
  private readonly answers = new EngineImageEnvs();
  private readonly asked = new Set<string>();
  private readonly found = new Map<string, ImageEnvInfo>();
  readonly lookup: ImageEnvLookup = imageEnvLookup(this.answers);

  /** Set when the engine stopped answering; the table then stands in, and the run ends with status 2. */
  failure: string | undefined;

  constructor(private readonly engine: LintEngine) {}

  /** Asks the engine about the base images of `text` it has not been asked about yet. Never throws. */
  async prepare(text: string): Promise<void> {
    if (this.failure !== undefined) return;
    const references = baseImageReferences(parseDockerfile(text)).filter((r) => !this.asked.has(r));
    if (references.length === 0) return;
    try {
      const images = await this.engine.environments(references);
      for (const image of images) this.found.set(image.reference, image);
    } catch (error) {
      this.failure = `the engine at ${this.engine.endpointUrl} failed while inspecting images: ${error instanceof Error ? error.message : String(error)}`;
    }
    for (const reference of references) this.asked.add(reference);
    this.answers.replace([...this.found.values()]);
  }
}

/** `host`: the engine's facts under the command line's; `engineHost`: the engine's alone. */
export type OpenedEngine = { ok: true; host: HostContext; engineHost: HostContext; facts: EngineImageFacts } | { ok: false; message: string };

/** Connects for `lint --engine`: the merged host facts and a source of image environments. */
export async function openLintEngine(command: Pick<LintCommand, 'host' | 'hostGiven'> & { target?: EngineTarget }, load: () => LintEngineModule = loadEngineModule): Promise<OpenedEngine> {
  let module: LintEngineModule;
  try {
    module = load();
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const connection = await module.connectLintEngine({ target: command.target });
  if (!connection.ok) return { ok: false, message: `--engine: ${connection.message}` };
  return { ok: true, host: mergeEngineHost(command.host, command.hostGiven, connection.engine.host), engineHost: connection.engine.host, facts: new EngineImageFacts(connection.engine) };
}
