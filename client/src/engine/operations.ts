// Thin typed operations over dockerode for the views and commands. Each maps the engine's JSON to
// a small typed shape and every failure to an EngineError. No VS Code, no docker CLI.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type Docker from 'dockerode';
import { collectContext, packContext, type ContextEntry } from './buildContext';
import { JsonLineDecoder, locateBuildError, parseBuildMessage, type BuildMessage, type DockerfileLocation } from './buildOutput';
import type { EngineClient } from './client';
import { EngineError, LocalFileError, engineErrors } from './errors';
import { describeImageOs, parseHostPlatform, type HostPlatform, type ImageOsDisplay } from './platform';
import { TextTail } from './tail';
import { parsePortMappings, toPortConfig, validateContainerName, validateImageTag, validateIsolation, validateVolumes, parseKeyValues, type Isolation } from './validate';

/**
 * dockerode takes an abort signal (and a few other fields) in options its published types omit;
 * this passes such an object where the declared options type is expected.
 */
function opt(o: object): object {
  return o;
}

function optAs<T>(o: object): T {
  return o as T;
}

// ---------- info ----------

export async function getInfo(c: EngineClient): Promise<Record<string, unknown>> {
  return (await c.call((abortSignal) => c.untyped.info({ abortSignal }))) as Record<string, unknown>;
}

export async function getVersion(c: EngineClient): Promise<Docker.DockerVersion> {
  return c.call((abortSignal) => c.untyped.version({ abortSignal }));
}

/** /info and /version together, parsed. */
export async function getHostPlatform(c: EngineClient): Promise<HostPlatform> {
  const [info, version] = await Promise.all([getInfo(c), getVersion(c)]);
  return parseHostPlatform(info, version);
}

// ---------- containers ----------

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface PortInfo {
  privatePort: number;
  publicPort?: number;
  hostIp?: string;
  protocol: string;
}

export interface NetworkAttachment {
  network: string;
  ipAddress: string;
  ipv6Address: string;
  gateway: string;
  macAddress: string;
}

export interface ContainerSummary {
  id: string;
  /** Without the leading `/`. */
  name: string;
  image: string;
  imageId: string;
  command: string;
  /** Unix seconds. */
  created: number;
  state: ContainerState;
  /** `Up 3 minutes`, `Exited (0) 2 seconds ago`. */
  status: string;
  ports: PortInfo[];
  networks: NetworkAttachment[];
  composeProject?: string;
  composeService?: string;
  labels: Record<string, string>;
}

function toState(s: string | undefined): ContainerState {
  const v = (s ?? '').toLowerCase();
  return (['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'] as const).find((x) => x === v) ?? 'dead';
}

export async function listContainers(c: EngineClient, opts: { all?: boolean } = {}): Promise<ContainerSummary[]> {
  const raw = await c.call((abortSignal) => c.docker.listContainers({ all: opts.all ?? true, abortSignal } as Docker.ContainerListOptions));
  return raw.map((r): ContainerSummary => {
    const labels = r.Labels ?? {};
    const nets = (r.NetworkSettings?.Networks ?? {}) as Record<string, Partial<Docker.NetworkInfo>>;
    const s: ContainerSummary = {
      id: r.Id,
      name: (r.Names?.[0] ?? '').replace(/^\//, ''),
      image: r.Image,
      imageId: r.ImageID,
      command: r.Command,
      created: r.Created,
      state: toState(r.State),
      status: r.Status,
      ports: (r.Ports ?? []).map((p) => {
        const port: PortInfo = { privatePort: p.PrivatePort, protocol: p.Type };
        if (p.PublicPort) port.publicPort = p.PublicPort;
        if (p.IP) port.hostIp = p.IP;
        return port;
      }),
      networks: Object.entries(nets).map(([network, n]) => ({
        network,
        ipAddress: n.IPAddress ?? '',
        ipv6Address: n.GlobalIPv6Address ?? '',
        gateway: n.Gateway ?? '',
        macAddress: n.MacAddress ?? '',
      })),
      labels,
    };
    if (labels['com.docker.compose.project']) s.composeProject = labels['com.docker.compose.project'];
    if (labels['com.docker.compose.service']) s.composeService = labels['com.docker.compose.service'];
    return s;
  });
}

/** Groups by compose project; containers outside any project go under ''. */
export function groupByComposeProject(containers: readonly ContainerSummary[]): Map<string, ContainerSummary[]> {
  const groups = new Map<string, ContainerSummary[]>();
  for (const ct of containers) {
    const key = ct.composeProject ?? '';
    const list = groups.get(key) ?? [];
    list.push(ct);
    groups.set(key, list);
  }
  return groups;
}

export type InspectKind = 'container' | 'image' | 'network' | 'volume';

/** The raw inspect document, for the read-only JSON view. */
export async function inspect(c: EngineClient, kind: InspectKind, id: string): Promise<Record<string, unknown>> {
  return (await c.call((abortSignal): Promise<unknown> => {
    const o = opt({ abortSignal });
    switch (kind) {
      case 'container':
        return c.docker.getContainer(id).inspect(o);
      case 'image':
        return c.docker.getImage(id).inspect(o);
      case 'network':
        return (c.docker.getNetwork(id) as unknown as { inspect(o: object): Promise<unknown> }).inspect(o);
      case 'volume':
        return c.docker.getVolume(id).inspect(o);
    }
  })) as Record<string, unknown>;
}

export async function startContainer(c: EngineClient, id: string): Promise<void> {
  await c.call((abortSignal) => c.docker.getContainer(id).start(opt({ abortSignal })));
}

/** Stops; `timeoutSeconds` is how long the engine waits after SIGTERM before SIGKILL. */
export async function stopContainer(c: EngineClient, id: string, opts: { timeoutSeconds?: number } = {}): Promise<void> {
  const t = opts.timeoutSeconds ?? 10;
  // The request lasts as long as the stop; give it the grace period plus the usual deadline.
  await c.call((abortSignal) => c.docker.getContainer(id).stop(opt({ t, abortSignal })), { timeoutMs: t * 1000 + c.timeoutMs }).catch((err: EngineError) => {
    // 304: already stopped is success for the person who clicked Stop.
    if (err.statusCode === 304) return;
    throw err;
  });
}

export async function restartContainer(c: EngineClient, id: string, opts: { timeoutSeconds?: number } = {}): Promise<void> {
  const t = opts.timeoutSeconds ?? 10;
  await c.call((abortSignal) => c.docker.getContainer(id).restart(opt({ t, abortSignal })), { timeoutMs: t * 1000 + c.timeoutMs });
}

export async function removeContainer(c: EngineClient, id: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
  await c.call((abortSignal) => c.docker.getContainer(id).remove(opt({ force: opts.force ?? false, v: opts.volumes ?? false, abortSignal })));
}

export interface PruneResult {
  deleted: string[];
  spaceReclaimed: number;
}

export async function pruneContainers(c: EngineClient): Promise<PruneResult> {
  const r = await c.call((abortSignal) => c.docker.pruneContainers(opt({ abortSignal })));
  // The engine sends `ContainersDeleted: null` when nothing was removed.
  return { deleted: r.ContainersDeleted ?? [], spaceReclaimed: r.SpaceReclaimed ?? 0 };
}

// ---------- images ----------

export interface ImageSummary {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  dangling: boolean;
  size: number;
  /** Unix seconds. */
  created: number;
  labels: Record<string, string>;
  /** -1 when the engine did not count. */
  containers: number;
}

export type DanglingFilter = 'exclude' | 'include' | 'only';

function isDangling(tags: readonly string[] | null | undefined): boolean {
  return !tags || tags.length === 0 || tags.every((t) => t === '<none>:<none>');
}

/** Images; dangling ones (`<none>:<none>`) are left out unless asked for. */
export async function listImages(c: EngineClient, opts: { dangling?: DanglingFilter } = {}): Promise<ImageSummary[]> {
  const mode = opts.dangling ?? 'exclude';
  const filters = mode === 'only' ? { dangling: ['true'] } : mode === 'exclude' ? { dangling: ['false'] } : undefined;
  const raw = await c.call((abortSignal) => c.docker.listImages(opt({ filters: filters ? JSON.stringify(filters) : undefined, abortSignal })));
  return raw.map((r) => {
    const tags = (r.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
    return {
      id: r.Id,
      repoTags: tags,
      repoDigests: (r.RepoDigests ?? []).filter((d) => d !== '<none>@<none>'),
      dangling: isDangling(r.RepoTags),
      size: r.Size,
      created: r.Created,
      labels: r.Labels ?? {},
      containers: typeof r.Containers === 'number' ? r.Containers : -1,
    };
  });
}

export interface ImageOsInfo extends ImageOsDisplay {
  id: string;
  architecture: string;
}

/** Os/OsVersion need an inspect per image (the list does not carry them). */
export async function getImageOs(c: EngineClient, id: string): Promise<ImageOsInfo> {
  const r = await inspect(c, 'image', id);
  const arch = typeof r.Architecture === 'string' ? r.Architecture : '';
  return { ...describeImageOs({ Os: r.Os, OsVersion: r.OsVersion }), id: typeof r.Id === 'string' ? r.Id : id, architecture: arch };
}

export async function removeImage(c: EngineClient, id: string, opts: { force?: boolean } = {}): Promise<void> {
  await c.call((abortSignal) => c.docker.getImage(id).remove(opt({ force: opts.force ?? false, abortSignal })));
}

export interface ImagePruneResult extends PruneResult {
  untagged: string[];
}

/** Removes dangling images (all unused ones with `all`). */
export async function pruneImages(c: EngineClient, opts: { all?: boolean } = {}): Promise<ImagePruneResult> {
  const filters = JSON.stringify({ dangling: [opts.all ? 'false' : 'true'] });
  const r = (await c.call((abortSignal) => c.docker.pruneImages(opt({ filters, abortSignal })))) as {
    ImagesDeleted?: Array<{ Deleted?: string; Untagged?: string }> | null;
    SpaceReclaimed?: number;
  };
  const items = r.ImagesDeleted ?? [];
  return {
    deleted: items.map((i) => i.Deleted).filter((x): x is string => !!x),
    untagged: items.map((i) => i.Untagged).filter((x): x is string => !!x),
    spaceReclaimed: r.SpaceReclaimed ?? 0,
  };
}

// ---------- networks and volumes ----------

export interface NetworkSummary {
  id: string;
  name: string;
  driver: string;
  scope: string;
  internal: boolean;
  subnets: string[];
  gateways: string[];
  /** Containers attached (name -> IPv4 address with prefix), when the list carries them. */
  containers: Record<string, string>;
  labels: Record<string, string>;
}

export async function listNetworks(c: EngineClient): Promise<NetworkSummary[]> {
  const raw = await c.call((abortSignal) => c.docker.listNetworks(opt({ abortSignal })));
  return raw.map((n) => {
    const configs = (n.IPAM?.Config ?? []) as Array<{ Subnet?: string; Gateway?: string }>;
    const containers: Record<string, string> = {};
    for (const v of Object.values((n.Containers ?? {}) as Record<string, { Name?: string; IPv4Address?: string }>)) {
      if (v.Name) containers[v.Name] = v.IPv4Address ?? '';
    }
    return {
      id: n.Id,
      name: n.Name,
      driver: n.Driver,
      scope: n.Scope,
      internal: !!n.Internal,
      subnets: configs.map((x) => x.Subnet ?? '').filter(Boolean),
      gateways: configs.map((x) => x.Gateway ?? '').filter(Boolean),
      containers,
      labels: (n.Labels ?? {}) as Record<string, string>,
    };
  });
}

export interface VolumeSummary {
  name: string;
  driver: string;
  mountpoint: string;
  scope: string;
  createdAt?: string;
  labels: Record<string, string>;
}

export async function listVolumes(c: EngineClient): Promise<VolumeSummary[]> {
  const raw = await c.call((abortSignal) => c.docker.listVolumes(opt({ abortSignal })));
  return (raw.Volumes ?? []).map((v) => {
    const s: VolumeSummary = { name: v.Name, driver: v.Driver, mountpoint: v.Mountpoint, scope: v.Scope, labels: v.Labels ?? {} };
    const created = (v as { CreatedAt?: string }).CreatedAt;
    if (created) s.createdAt = created;
    return s;
  });
}

// ---------- build ----------

export interface BuildOptions {
  contextDir: string;
  /** Path of the Dockerfile relative to the context (or absolute inside it). Default `Dockerfile`. */
  dockerfile?: string;
  /** One or more name:tag; validated. */
  tags: readonly string[];
  buildArgs?: Record<string, string>;
  /** Never pull: the build uses local images only (nothing leaves the machine by default). */
  pull?: boolean;
  noCache?: boolean;
  target?: string;
  platform?: string;
  labels?: Record<string, string>;
  /** Windows engines only (`process`, `hyperv`, `default`). */
  isolation?: Isolation;
  signal?: AbortSignal;
  onMessage?: (m: BuildMessage) => void;
  /** Called as each entry of the context starts to be sent. */
  onContextEntry?: (entry: ContextEntry, index: number, total: number) => void;
}

export interface BuildResult {
  imageId: string;
  tags: string[];
  /** What the builder printed, in order: its last OUTPUT_TAIL_LIMIT characters, after a note on what was dropped. */
  output: string;
}

/** A failed build: the builder's message and, when it can be told, the Dockerfile line. */
export class BuildError extends EngineError {
  constructor(
    endpoint: string,
    readonly builderMessage: string,
    readonly location: DockerfileLocation | undefined,
    readonly dockerfilePath: string,
    readonly output: string,
  ) {
    super(
      'build-failed',
      endpoint,
      `The build failed${location ? ` at ${path.basename(dockerfilePath)} line ${location.line + 1}` : ''}: ${builderMessage}`,
      location ? 'Fix that instruction and build again.' : 'Read the build output, fix the Dockerfile, and build again.',
    );
  }
}

function dockerfileRel(contextDir: string, dockerfile: string | undefined): string {
  const df = dockerfile ?? 'Dockerfile';
  const rel = path.isAbsolute(df) ? path.relative(path.resolve(contextDir), df) : df;
  if (rel.startsWith('..')) throw new Error(`The Dockerfile ${df} is outside the build context ${contextDir}.`);
  return rel.split(path.sep).join('/');
}

/** Builds from a context folder (honouring .dockerignore), streaming messages; cancellable. */
export async function buildImage(c: EngineClient, opts: BuildOptions): Promise<BuildResult> {
  const tags: string[] = [];
  for (const t of opts.tags) {
    const v = validateImageTag(t);
    if (!v.ok) throw new EngineError('bad-request', c.endpoint.url, v.message, 'Correct the tag and build again.');
    tags.push(v.value);
  }
  let rel: string;
  try {
    rel = dockerfileRel(opts.contextDir, opts.dockerfile);
  } catch (e) {
    throw new EngineError('bad-request', c.endpoint.url, (e as Error).message, 'Choose a context folder that contains the Dockerfile.');
  }
  const dockerfileAbs = path.join(path.resolve(opts.contextDir), rel);
  let dockerfileText: string | undefined;
  try {
    dockerfileText = fs.readFileSync(dockerfileAbs, 'utf8');
  } catch {
    throw new EngineError('bad-request', c.endpoint.url, `Cannot read the Dockerfile ${dockerfileAbs}.`, 'Check the path and build again.');
  }
  if (opts.signal?.aborted) throw engineErrors.cancelled(c.endpoint, 'The build');
  // The walk yields to the event loop, so a cancel can arrive during it (and stops it).
  const entries = await collectContext(opts.contextDir, { dockerfile: rel, signal: opts.signal }).catch((e: unknown) => {
    if (opts.signal?.aborted) return undefined;
    throw e instanceof LocalFileError ? c.toError(e) : e;
  });
  if (!entries || opts.signal?.aborted) throw engineErrors.cancelled(c.endpoint, 'The build');
  const tarStream = packContext(entries, { root: path.resolve(opts.contextDir), onEntry: opts.onContextEntry });
  // The request ends in a socket error when the context fails; the context's own error says where.
  let contextFailure: unknown;
  tarStream.on('error', (err) => (contextFailure ??= err));

  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const buildOpts: Record<string, unknown> = {
    t: tags,
    dockerfile: rel,
    pull: opts.pull ? '1' : '',
    nocache: opts.noCache ?? false,
    rm: true,
    forcerm: true,
    abortSignal: controller.signal,
  };
  if (opts.buildArgs && Object.keys(opts.buildArgs).length > 0) buildOpts.buildargs = opts.buildArgs;
  if (opts.target) buildOpts.target = opts.target;
  if (opts.platform) buildOpts.platform = opts.platform;
  if (opts.labels) buildOpts.labels = opts.labels;
  if (opts.isolation) buildOpts.isolation = opts.isolation;

  // Only the tail is kept: a build can print without end (the channel shows all of it as it comes).
  const output = new TextTail();
  let imageId = '';
  let builtId = '';
  let lastStep: { step: number; instruction: string } | undefined;
  let failure: string | undefined;
  let readFailure: unknown;
  try {
    const stream = (await c.docker.buildImage(tarStream as unknown as NodeJS.ReadableStream, buildOpts as Docker.ImageBuildOptions)) as unknown as Readable;
    const decoder = new JsonLineDecoder();
    const handle = (items: unknown[]): void => {
      for (const item of items) {
        const m = parseBuildMessage(item);
        if (!m) continue;
        if (m.kind === 'output' || m.kind === 'step') output.append(m.text);
        if (m.kind === 'output') builtId = /Successfully built ([0-9a-f]{12,64})/.exec(m.text)?.[1] ?? builtId;
        if (m.kind === 'status') output.append(`${m.text}${m.progress ? ` ${m.progress}` : ''}\n`);
        if (m.kind === 'step') lastStep = { step: m.step, instruction: m.instruction };
        if (m.kind === 'imageId') imageId = m.id;
        if (m.kind === 'error') {
          failure = m.message;
          output.append(`${m.message}\n`);
        }
        try {
          opts.onMessage?.(m);
        } catch {
          // a listener's failure must not break the build
        }
      }
    };
    await new Promise<void>((resolve, reject) => {
      // An exception here would be thrown into the socket's read and come back as "connection lost".
      const guarded = (read: () => unknown[]): void => {
        try {
          handle(read());
        } catch (err) {
          readFailure = err;
          stream.destroy();
          reject(err);
        }
      };
      stream.on('data', (chunk: Buffer) => guarded(() => decoder.push(chunk)));
      stream.on('end', () => {
        guarded(() => decoder.end());
        resolve();
      });
      stream.on('error', reject);
      stream.on('close', () => (controller.signal.aborted ? reject(Object.assign(new Error('aborted'), { name: 'AbortError' })) : resolve()));
    });
  } catch (err) {
    if (controller.signal.aborted) throw engineErrors.cancelled(c.endpoint, 'The build');
    if (contextFailure !== undefined) throw c.toError(contextFailure);
    if (readFailure !== undefined) throw new Error(`Reading the build's output failed in Docker Workbench (not the engine): ${String((readFailure as Error)?.message ?? readFailure)}`);
    const e = c.toError(err);
    // A Dockerfile the engine cannot parse comes back as an HTTP error, not in the stream.
    if (e.kind === 'engine' || e.kind === 'bad-request') {
      const msg = e.detail.replace(/^The engine failed: /, '').replace(/ \(HTTP \d+\)\.?$/, '');
      throw new BuildError(c.endpoint.url, msg, locateBuildError(msg, dockerfileText, lastStep), dockerfileAbs, output.text());
    }
    throw e;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    // A cancelled or failed request stops pulling from the packer, which would sit suspended with
    // the file it was reading still open; destroying it closes that file.
    tarStream.destroy();
  }
  if (controller.signal.aborted) throw engineErrors.cancelled(c.endpoint, 'The build');
  if (contextFailure !== undefined) throw c.toError(contextFailure);
  if (failure !== undefined) throw new BuildError(c.endpoint.url, failure, locateBuildError(failure, dockerfileText, lastStep), dockerfileAbs, output.text());
  return { imageId: imageId || builtId, tags, output: output.text() };
}

// ---------- run ----------

export interface RunOptions {
  image: string;
  name?: string;
  /** `8080:80`, `127.0.0.1::80` ... validated. */
  ports?: readonly string[];
  /** `KEY=VALUE` entries, validated. */
  env?: readonly string[];
  network?: string;
  /** Binds and volumes as `docker run -v` takes them: `SOURCE:TARGET[:OPTIONS]`, validated. */
  volumes?: readonly string[];
  /** Windows engines only. */
  isolation?: Isolation;
  /** Needed to validate isolation: the engine's OS type. */
  engineOs?: string;
  cmd?: readonly string[];
  entrypoint?: readonly string[];
  /** Keep stdin open and allocate a TTY (interactive). */
  interactive?: boolean;
  autoRemove?: boolean;
  /** Run an init as PID 1, so SIGTERM stops the container promptly. */
  init?: boolean;
  labels?: Record<string, string>;
  /** Seconds between SIGTERM and SIGKILL on stop. */
  stopTimeout?: number;
  /** Create but do not start. */
  createOnly?: boolean;
}

export interface RunResult {
  id: string;
  name: string;
  warnings: string[];
}

/** Turns options into the create body, or a message naming the bad input. Pure. */
export function buildCreateBody(opts: RunOptions): { ok: true; body: Docker.ContainerCreateOptions } | { ok: false; message: string } {
  if (!opts.image.trim()) return { ok: false, message: 'No image given to run.' };
  const name = validateContainerName(opts.name ?? '');
  if (!name.ok) return name;
  const ports = parsePortMappings(opts.ports ?? []);
  if (!ports.ok) return ports;
  const env = parseKeyValues(opts.env ?? []);
  if (!env.ok) return env;
  const iso = validateIsolation(opts.isolation, opts.engineOs ?? '');
  if (!iso.ok) return iso;
  const volumes = validateVolumes(opts.volumes ?? []);
  if (!volumes.ok) return volumes;
  const pc = toPortConfig(ports.value);
  const host: Docker.HostConfig = { PortBindings: pc.PortBindings, AutoRemove: opts.autoRemove ?? false };
  if (volumes.value.length > 0) host.Binds = volumes.value;
  if (opts.network) host.NetworkMode = opts.network;
  if (iso.value) host.Isolation = iso.value;
  if (opts.init) host.Init = true;
  const body: Docker.ContainerCreateOptions = {
    Image: opts.image.trim(),
    ExposedPorts: pc.ExposedPorts,
    Env: Object.entries(env.value).map(([k, v]) => `${k}=${v}`),
    HostConfig: host,
    Labels: opts.labels ?? {},
    Tty: opts.interactive ?? false,
    OpenStdin: opts.interactive ?? false,
    AttachStdin: false,
  };
  if (name.value) body.name = name.value;
  if (opts.cmd) body.Cmd = [...opts.cmd];
  if (opts.entrypoint) body.Entrypoint = [...opts.entrypoint];
  if (opts.stopTimeout !== undefined) body.StopTimeout = opts.stopTimeout;
  return { ok: true, body };
}

/** docker run -d: create (the image must exist locally; never pulls), then start. */
export async function runContainer(c: EngineClient, opts: RunOptions): Promise<RunResult> {
  const built = buildCreateBody(opts);
  if (!built.ok) throw new EngineError('bad-request', c.endpoint.url, built.message, 'Correct the value and run again.');
  const container = await c.call(() => c.docker.createContainer(built.body));
  const warnings = ((container as unknown as { Warnings?: string[] | null }).Warnings ?? []) as string[];
  if (!opts.createOnly) {
    try {
      await startContainer(c, container.id);
    } catch (err) {
      // A container that cannot start (port taken, bad network) would linger as "created".
      await removeContainer(c, container.id, { force: true }).catch(() => undefined);
      throw err;
    }
  }
  const info = await inspect(c, 'container', container.id).catch(async (err: unknown) => {
    // Created but never started: the caller cannot know the id it would have to clean up.
    if (opts.createOnly) await removeContainer(c, container.id, { force: true }).catch(() => undefined);
    throw err;
  });
  return { id: container.id, name: String(info.Name ?? '').replace(/^\//, ''), warnings };
}

/** Host port the engine published for a container port, read back after run (`-p 127.0.0.1::80`). */
export async function publishedPort(c: EngineClient, id: string, containerPort: number, protocol = 'tcp'): Promise<{ hostIp: string; hostPort: number } | undefined> {
  const info = await inspect(c, 'container', id);
  const ports = ((info.NetworkSettings as { Ports?: Record<string, Array<{ HostIp: string; HostPort: string }> | null> } | undefined)?.Ports ?? {})[`${containerPort}/${protocol}`];
  const first = ports?.[0];
  return first ? { hostIp: first.HostIp, hostPort: Number(first.HostPort) } : undefined;
}

// ---------- logs and exec ----------

/**
 * Splits Docker's multiplexed stdout/stderr stream (8-byte frame headers) into its two streams.
 * A frame's payload is passed on as it arrives, in pieces, never collected: a frame header may
 * announce up to 4 GiB. So `onData` can get part of a character; decode with a StringDecoder.
 */
export class StreamDemuxer {
  private readonly header = Buffer.alloc(8);
  private headerFill = 0;
  /** Payload bytes of the current frame still to come; 0 while reading a header. */
  private remaining = 0;
  private kind: 'stdout' | 'stderr' = 'stdout';

  constructor(private readonly onData: (stream: 'stdout' | 'stderr', data: Buffer) => void) {}

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining === 0) {
        const n = Math.min(8 - this.headerFill, chunk.length - at);
        chunk.copy(this.header, this.headerFill, at, at + n);
        this.headerFill += n;
        at += n;
        if (this.headerFill < 8) return;
        this.headerFill = 0;
        this.kind = this.header[0] === 2 ? 'stderr' : 'stdout';
        this.remaining = this.header.readUInt32BE(4);
        continue;
      }
      const n = Math.min(this.remaining, chunk.length - at);
      this.onData(this.kind, chunk.subarray(at, at + n));
      this.remaining -= n;
      at += n;
    }
  }
}

/** Decodes each of stdout and stderr as UTF-8 across the pieces they come in. */
function utf8Streams(onText: (text: string, stream: 'stdout' | 'stderr') => void): (stream: 'stdout' | 'stderr', data: Buffer) => void {
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  return (stream, data) => {
    const text = decoders[stream].write(data);
    if (text) onText(text, stream);
  };
}

export interface LogsHandle {
  /** Stops following. */
  stop(): void;
  /** Resolves when the stream ends (container gone, or stop()). Never rejects. */
  done: Promise<void>;
}

export async function followLogs(
  c: EngineClient,
  id: string,
  opts: { follow?: boolean; tail?: number; timestamps?: boolean; onData: (text: string, stream: 'stdout' | 'stderr') => void },
): Promise<LogsHandle> {
  const info = await inspect(c, 'container', id);
  const tty = !!(info.Config as { Tty?: boolean } | undefined)?.Tty;
  const controller = new AbortController();
  const stream = (await c.call(() =>
    c.docker.getContainer(id).logs(optAs<Docker.ContainerLogsOptions & { follow: true }>({ follow: true, stdout: true, stderr: true, tail: opts.tail ?? 'all', timestamps: opts.timestamps ?? false, abortSignal: controller.signal })),
  )) as unknown as Readable;
  const decode = utf8Streams(opts.onData);
  const demux = new StreamDemuxer(decode);
  const done = new Promise<void>((resolve) => {
    stream.on('data', (chunk: Buffer) => (tty ? decode('stdout', chunk) : demux.push(chunk)));
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
  return {
    stop: () => {
      controller.abort();
      stream.destroy();
    },
    done,
  };
}

/** Logs collected once (no follow), demultiplexed. */
export async function getLogs(c: EngineClient, id: string, opts: { tail?: number } = {}): Promise<{ stdout: string; stderr: string }> {
  const buf = (await c.call((abortSignal) =>
    c.docker.getContainer(id).logs(optAs<Docker.ContainerLogsOptions & { follow?: false }>({ follow: false, stdout: true, stderr: true, tail: opts.tail ?? 'all', abortSignal })),
  )) as unknown as Buffer;
  const out = { stdout: '', stderr: '' };
  const info = await inspect(c, 'container', id);
  if ((info.Config as { Tty?: boolean } | undefined)?.Tty) return { stdout: buf.toString('utf8'), stderr: '' };
  new StreamDemuxer(utf8Streams((text, s) => (out[s] += text))).push(Buffer.isBuffer(buf) ? buf : Buffer.from(String(buf)));
  return out;
}

export interface ExecResult {
  exitCode: number;
  /** The last OUTPUT_TAIL_LIMIT characters of each. */
  stdout: string;
  stderr: string;
}

/** Runs a command in a running container and collects its output (no TTY). Bounded by timeoutMs. */
export async function execInContainer(c: EngineClient, id: string, cmd: readonly string[], opts: { env?: string[]; workdir?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
  return c.call(
    async () => {
      const exec = await c.docker.getContainer(id).exec({ Cmd: [...cmd], AttachStdout: true, AttachStderr: true, Env: opts.env, WorkingDir: opts.workdir, Tty: false });
      const stream = (await exec.start({ hijack: true, stdin: false })) as unknown as Readable;
      // The tail of each: a command can print without end.
      const out = { stdout: new TextTail(), stderr: new TextTail() };
      const demux = new StreamDemuxer(utf8Streams((text, s) => out[s].append(text)));
      await new Promise<void>((resolve, reject) => {
        stream.on('data', (chunk: Buffer) => demux.push(chunk));
        stream.on('end', resolve);
        stream.on('close', resolve);
        stream.on('error', reject);
      });
      const inspected = await exec.inspect();
      return { exitCode: inspected.ExitCode ?? -1, stdout: out.stdout.text(), stderr: out.stderr.text() };
    },
    { timeoutMs: opts.timeoutMs ?? 30_000 },
  );
}

/** An interactive exec (shell): the raw duplex stream with a TTY, and a resize function. */
export async function openShell(c: EngineClient, id: string, shell: readonly string[]): Promise<{ stream: NodeJS.ReadWriteStream; resize(cols: number, rows: number): Promise<void> }> {
  return c.call(async () => {
    const exec = await c.docker.getContainer(id).exec({ Cmd: [...shell], AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true });
    const stream = await exec.start(opt({ hijack: true, stdin: true, Tty: true }));
    return { stream: stream as unknown as NodeJS.ReadWriteStream, resize: async (w: number, h: number) => void (await exec.resize(opt({ w, h }))) };
  });
}

/** Shells to offer for a container, from its image's OS: powershell/cmd on Windows, sh/bash on Linux. */
export function shellsForOs(os: string): string[][] {
  return os.toLowerCase() === 'windows' ? [['powershell.exe'], ['cmd.exe']] : [['/bin/sh'], ['/bin/bash']];
}
