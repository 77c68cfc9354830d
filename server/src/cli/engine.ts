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

/** What dist/engine.js exports. */
export interface LintEngineModule {
  connectLintEngine(options?: { timeoutMs?: number }): Promise<LintEngineConnection>;
}

export const ENGINE_BUNDLE = 'engine.js';

/** Loads the engine bundle that sits next to the CLI bundle; throws an Error saying what is missing. */
export function loadEngineModule(dir: string = __dirname): LintEngineModule {
  const file = path.join(dir, ENGINE_BUNDLE);
  if (!fs.existsSync(file)) throw new Error(`--engine needs ${file}, which is missing; rebuild with 'npm run build'`);
  // A computed path: esbuild leaves this require alone, so the engine layer is not bundled into the CLI.
  const loaded: unknown = require(file);
  if (typeof loaded !== 'object' || loaded === null || typeof (loaded as LintEngineModule).connectLintEngine !== 'function') {
    throw new Error(`${file} does not export connectLintEngine; rebuild with 'npm run build'`);
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

export type OpenedEngine = { ok: true; host: HostContext; facts: EngineImageFacts } | { ok: false; message: string };

/** Connects for `lint --engine`: the merged host facts and a source of image environments. */
export async function openLintEngine(command: Pick<LintCommand, 'host' | 'hostGiven'>, load: () => LintEngineModule = loadEngineModule): Promise<OpenedEngine> {
  let module: LintEngineModule;
  try {
    module = load();
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const connection = await module.connectLintEngine();
  if (!connection.ok) return { ok: false, message: `--engine: ${connection.message}` };
  return { ok: true, host: mergeEngineHost(command.host, command.hostGiven, connection.engine.host), facts: new EngineImageFacts(connection.engine) };
}
