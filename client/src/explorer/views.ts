// The five tree data providers. Each reads the engine layer through the session, turns what it
// gets into rows (model.ts) and rows into TreeItems. They refresh when the session says their data
// is stale (one /events subscription for all), never on a timer.
import * as vscode from 'vscode';
import {
  getImageOs,
  inspect,
  joinContainerPath,
  listContainerDirectory,
  listContainers,
  parentOf,
  listImages,
  listNetworks,
  listVolumes,
  type ContainerSummary,
  type EngineClient,
  type ImageOsInfo,
  type ImageSummary,
  type NetworkSummary,
  type VolumeSummary,
} from '../engine';
import {
  containerDetailRows,
  containerRow,
  containerTree,
  engineRows,
  imageDetailRows,
  imageRow,
  networkRow,
  sortImages,
  volumeRow,
  type RowSpec,
  type ViewKind,
} from './model';
import type { EngineSession } from './session';
import { containerFileUri, fileEntryRow, fileMessageRow, filesRefusal, filesRootRow, type ContainerPathType } from './fileRows';
import { imageVerdict, mapBounded, osMismatchLines, runsHere, type ContainerFailure } from './verdicts';

/** Inspects at a time, for image verdicts and stopped containers' failures. */
const INSPECT_CONCURRENCY = 4;
/** Stopped containers inspected per refresh at most (the newest first, as the list comes). */
const MAX_FAILURE_INSPECTS = 50;

/** A node of any view: the row plus what it stands for, so commands get typed targets. */
export type ExplorerNode =
  | { kind: 'container'; row: RowSpec; container: ContainerSummary }
  /** The Files node (path `/`) and every entry below it. */
  | { kind: 'containerPath'; row: RowSpec; container: ContainerSummary; path: string; type: ContainerPathType; linkName?: string }
  | { kind: 'composeProject'; row: RowSpec; project: string; containers: ContainerSummary[] }
  | { kind: 'image'; row: RowSpec; image: ImageSummary }
  | { kind: 'network'; row: RowSpec; network: NetworkSummary }
  | { kind: 'volume'; row: RowSpec; volume: VolumeSummary }
  | { kind: 'detail'; row: RowSpec; parent?: ExplorerNode; value?: string }
  | { kind: 'engine'; row: RowSpec }
  | { kind: 'message'; row: RowSpec };

export function toTreeItem(row: RowSpec): vscode.TreeItem {
  const state =
    row.collapsible === 'none' ? vscode.TreeItemCollapsibleState.None : row.collapsible === 'expanded' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(row.label, state);
  item.id = row.id;
  item.description = row.description;
  item.tooltip = row.tooltip;
  item.contextValue = row.contextValue;
  if (row.icon) item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
  return item;
}

abstract class EngineView implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  protected readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly loadedEmitter = new vscode.EventEmitter<readonly ExplorerNode[]>();
  /** Fires after the root level was read from the engine (tests and the bench wait on it). */
  readonly onDidLoad = this.loadedEmitter.event;
  private readonly subs: vscode.Disposable[] = [];
  /** Set by the explorer: the tree view, to show "reconnecting" and errors in its message. */
  view: vscode.TreeView<ExplorerNode> | undefined;
  /** Root nodes of the last successful load, shown again while the engine reconnects. */
  protected lastRoots: ExplorerNode[] = [];
  private loadError: string | undefined;

  constructor(
    readonly kind: ViewKind,
    protected readonly session: EngineSession,
  ) {
    this.subs.push(
      session.onDidChangeData((views) => {
        if (views.has(kind)) this.refresh();
      }),
      session.onDidChangeState(() => this.updateMessage()),
    );
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return toTreeItem(node.row);
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node) return this.childrenOf(node);
    void this.session.ensureStarted();
    const s = this.session.state;
    if (s.kind === 'idle' || s.kind === 'connecting') {
      this.updateMessage();
      return [];
    }
    // No engine: an empty tree lets the welcome view (Retry, Open Settings) show.
    if (s.kind === 'error') {
      this.lastRoots = [];
      this.updateMessage();
      this.loadedEmitter.fire([]);
      return [];
    }
    try {
      const roots = await this.roots(s.client);
      this.lastRoots = roots;
      this.loadError = undefined;
      this.updateMessage();
      this.loadedEmitter.fire(roots);
      return roots;
    } catch (err) {
      // Reconnecting: keep showing what we had, the message says why it may be stale.
      this.loadError = s.client.toError(err).message;
      this.updateMessage();
      return this.lastRoots;
    }
  }

  /** The roots as last loaded (test hook: what the view shows now). */
  get current(): readonly ExplorerNode[] {
    return this.lastRoots;
  }

  protected abstract roots(client: EngineClient): Promise<ExplorerNode[]>;

  protected async childrenOf(_node: ExplorerNode): Promise<ExplorerNode[]> {
    return [];
  }

  /** The line above the tree: connecting, reconnecting (attempt n), or the last load's failure. */
  protected updateMessage(): void {
    const view = this.view;
    if (!view) return;
    const s = this.session.state;
    let message: string | undefined;
    if (s.kind === 'connecting') message = 'Connecting to the Docker engine…';
    else if (s.kind === 'reconnecting') message = `Reconnecting to ${s.client.endpoint.url} (attempt ${s.attempt})… ${s.error ? s.error.detail : ''}`.trim();
    else if (s.kind === 'error') message = s.error.message;
    else if (s.kind === 'connected' && this.loadError) message = this.loadError;
    if (view.message !== message) view.message = message;
  }

  dispose(): void {
    for (const d of this.subs.splice(0)) d.dispose();
    this.changed.dispose();
    this.loadedEmitter.dispose();
  }
}

export class EngineInfoView extends EngineView {
  constructor(session: EngineSession) {
    super('engine', session);
  }

  protected async roots(client: EngineClient): Promise<ExplorerNode[]> {
    const s = this.session.state;
    const platform = this.session.platform;
    if (!platform) return [];
    const switchable = platform.dockerDesktop && process.platform === 'win32';
    const connection = s.kind === 'reconnecting' ? `reconnecting (attempt ${s.attempt})` : 'connected';
    return engineRows(platform, client.endpoint, { switchable, connection, ssh: client.ssh?.verification }).map((row): ExplorerNode => ({ kind: 'engine', row }));
  }
}

export class ContainersView extends EngineView {
  /** HostConfig.Isolation per container id, read by inspect on Windows engines only. */
  private readonly isolation = new Map<string, string>();
  /** State.Error/ExitCode of stopped containers, by id and finish time (Windows engines only). */
  private readonly failures = new Map<string, ContainerFailure | null>();
  private readonly imageOs = new Map<string, ImageOsInfo | null>();
  private inspecting = false;

  constructor(session: EngineSession) {
    super('containers', session);
  }

  private rowOf(c: ContainerSummary): RowSpec {
    const failure = this.failures.get(c.id) ?? undefined;
    return containerRow(c, failure ? osMismatchLines(c, failure, this.session.platform, this.imageOs.get(c.image) ?? undefined) : []);
  }

  protected async roots(client: EngineClient): Promise<ExplorerNode[]> {
    const containers = await listContainers(client, { all: true });
    if (this.session.platform?.osType === 'windows') this.readFailures(client, containers);
    const tree = containerTree(containers);
    return [
      ...tree.groups.map((g): ExplorerNode => ({ kind: 'composeProject', row: g.row, project: g.project, containers: g.containers })),
      ...tree.loose.map((c): ExplorerNode => ({ kind: 'container', row: this.rowOf(c), container: c })),
    ];
  }

  /**
   * Why stopped containers stopped, read in the background (bounded) and shown at the next
   * refresh: a container that failed with the OS mismatch says so, with the image's verdict.
   */
  private readFailures(client: EngineClient, containers: readonly ContainerSummary[]): void {
    if (this.inspecting) return;
    const todo = containers.filter((c) => (c.state === 'exited' || c.state === 'created' || c.state === 'dead') && !this.failures.has(c.id)).slice(0, MAX_FAILURE_INSPECTS);
    if (todo.length === 0) return;
    this.inspecting = true;
    void mapBounded(todo, INSPECT_CONCURRENCY, async (c) => {
      const info = await inspect(client, 'container', c.id);
      const state = (info.State ?? {}) as { Error?: unknown; ExitCode?: unknown };
      const error = typeof state.Error === 'string' ? state.Error : '';
      this.failures.set(c.id, error ? { error, exitCode: typeof state.ExitCode === 'number' ? state.ExitCode : -1 } : null);
      if (error && !this.imageOs.has(c.image)) this.imageOs.set(c.image, await getImageOs(client, c.image).catch(() => null));
    }).finally(() => {
      this.inspecting = false;
      if ([...this.failures.values()].some((f) => f !== null)) this.refresh();
    });
  }

  override getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const item = super.getTreeItem(node);
    if (node.kind === 'containerPath' && node.type === 'file') {
      item.command = { command: 'dockerWorkbench.container.file.open', title: 'Open File', arguments: [node] };
      item.resourceUri = vscode.Uri.parse(containerFileUri(node.container.id, node.path));
    }
    return item;
  }

  protected override async childrenOf(node: ExplorerNode): Promise<ExplorerNode[]> {
    if (node.kind === 'composeProject') return node.containers.map((c): ExplorerNode => ({ kind: 'container', row: this.rowOf(c), container: c }));
    if (node.kind === 'containerPath') return this.filesOf(node);
    if (node.kind !== 'container') return [];
    const windows = this.session.platform?.osType === 'windows';
    const isolation = windows ? await this.isolationOf(node.container.id) : '';
    const details = containerDetailRows(node.container, { windows, isolation }).map((row): ExplorerNode => {
      const ip = row.contextValue === 'detail.ip' ? node.container.networks.find((n) => row.id.endsWith(`:net:${n.network}`))?.ipAddress : undefined;
      return { kind: 'detail', row, parent: node, value: ip };
    });
    return [...details, { kind: 'containerPath', row: filesRootRow(node.container.id), container: node.container, path: '/', type: 'directory' }];
  }

  private async isolationOf(id: string): Promise<string> {
    let isolation = this.isolation.get(id);
    if (isolation === undefined) {
      try {
        const info = await inspect(await this.session.requireClient(), 'container', id);
        isolation = String((info.HostConfig as { Isolation?: unknown } | undefined)?.Isolation ?? '');
        this.isolation.set(id, isolation);
      } catch {
        isolation = '';
      }
    }
    return isolation;
  }

  /** A folder's entries (a link: its target's), or one line saying why there are none. */
  private async filesOf(node: Extract<ExplorerNode, { kind: 'containerPath' }>): Promise<ExplorerNode[]> {
    const ct = node.container;
    const message = (text: string, icon = 'info'): ExplorerNode[] => [{ kind: 'message', row: fileMessageRow(ct.id, node.path, text, icon) }];
    const platform = this.session.platform;
    const windows = platform?.osType === 'windows';
    const refusal = filesRefusal({ windows, running: ct.state === 'running' || ct.state === 'paused', isolation: windows ? await this.isolationOf(ct.id) : '', engineDefault: platform?.isolation });
    if (refusal) return message(refusal, 'lock');
    const dir = node.type === 'symlink' && node.linkName ? joinContainerPath(parentOf(node.path), node.linkName) : node.path;
    try {
      const listing = await listContainerDirectory(await this.session.requireClient(), ct.id, dir);
      const rows = listing.entries.map((e): ExplorerNode => {
        // Below a link, paths stay under the link's name, as a shell shows them.
        const path = joinContainerPath(node.path, e.name);
        const row = fileEntryRow(ct.id, { ...e, path });
        return { kind: 'containerPath', row, container: ct, path, type: e.type === 'directory' || e.type === 'symlink' || e.type === 'file' ? e.type : 'other', linkName: e.linkName || undefined };
      });
      if (listing.truncated) rows.push(...message(`Not all entries are shown: ${listing.truncated}.`, 'warning'));
      return rows.length > 0 ? rows : message('Empty folder');
    } catch (err) {
      return message(err instanceof Error ? err.message : String(err), 'warning');
    }
  }
}

export class ImagesView extends EngineView {
  private showDanglingValue = false;
  private runsHereOnlyValue = false;
  /** Os/OsVersion need one inspect per image: read in the background (bounded), kept by image id. */
  private readonly osCache = new Map<string, ImageOsInfo>();
  private readonly osInFlight = new Set<string>();

  constructor(session: EngineSession) {
    super('images', session);
  }

  get showDangling(): boolean {
    return this.showDanglingValue;
  }

  setShowDangling(show: boolean): void {
    this.showDanglingValue = show;
    void vscode.commands.executeCommand('setContext', 'dockerWorkbench.images.showDangling', show);
    this.refresh();
  }

  get runsHereOnly(): boolean {
    return this.runsHereOnlyValue;
  }

  /** The title bar's filter: only images that run on the connected host (or whose verdict is unknown). */
  setRunsHereOnly(only: boolean): void {
    this.runsHereOnlyValue = only;
    void vscode.commands.executeCommand('setContext', 'dockerWorkbench.images.runsHereOnly', only);
    this.refresh();
  }

  protected async roots(client: EngineClient): Promise<ExplorerNode[]> {
    const images = sortImages(await listImages(client, { dangling: this.showDanglingValue ? 'include' : 'exclude' }));
    const reading = this.readOs(client, images);
    // The filter needs every verdict; otherwise the list shows now and the verdicts follow.
    if (this.runsHereOnlyValue) await reading;
    const host = this.session.platform;
    const nodes = images.map((image): ExplorerNode => {
      const os = this.osCache.get(image.id);
      return { kind: 'image', image, row: imageRow(image, os, Date.now(), imageVerdict(host, os, imageLabelFor(image))) };
    });
    if (!this.runsHereOnlyValue) return nodes;
    return nodes.filter((n) => n.kind === 'image' && runsHere(imageVerdict(host, this.osCache.get(n.image.id), imageLabelFor(n.image))));
  }

  /** Inspects the images not read yet, a few at a time; refreshes once when something new is known. */
  private async readOs(client: EngineClient, images: readonly ImageSummary[]): Promise<void> {
    const todo = images.filter((i) => !this.osCache.has(i.id) && !this.osInFlight.has(i.id));
    if (todo.length === 0) return;
    for (const i of todo) this.osInFlight.add(i.id);
    let learned = 0;
    await mapBounded(todo, INSPECT_CONCURRENCY, async (image) => {
      try {
        this.osCache.set(image.id, await getImageOs(client, image.id));
        learned++;
      } finally {
        this.osInFlight.delete(image.id);
      }
    });
    if (learned > 0) this.refresh();
  }

  /** The verdict shown for an image now (tests and the bench read it). */
  verdictOf(image: ImageSummary): ReturnType<typeof imageVerdict> {
    return imageVerdict(this.session.platform, this.osCache.get(image.id), imageLabelFor(image));
  }

  protected override async childrenOf(node: ExplorerNode): Promise<ExplorerNode[]> {
    if (node.kind !== 'image') return [];
    let os = this.osCache.get(node.image.id);
    if (!os) {
      try {
        os = await getImageOs(await this.session.requireClient(), node.image.id);
        this.osCache.set(node.image.id, os);
      } catch {
        os = undefined;
      }
    }
    return imageDetailRows(node.image, os).map((row): ExplorerNode => ({ kind: 'detail', row, parent: node }));
  }
}

function imageLabelFor(image: ImageSummary): string {
  return image.repoTags[0] ?? image.id;
}

export class NetworksView extends EngineView {
  constructor(session: EngineSession) {
    super('networks', session);
  }

  protected async roots(client: EngineClient): Promise<ExplorerNode[]> {
    const networks = (await listNetworks(client)).sort((a, b) => a.name.localeCompare(b.name));
    return networks.map((network): ExplorerNode => ({ kind: 'network', network, row: networkRow(network) }));
  }
}

export class VolumesView extends EngineView {
  constructor(session: EngineSession) {
    super('volumes', session);
  }

  protected async roots(client: EngineClient): Promise<ExplorerNode[]> {
    const volumes = (await listVolumes(client)).sort((a, b) => a.name.localeCompare(b.name));
    return volumes.map((volume): ExplorerNode => ({ kind: 'volume', volume, row: volumeRow(volume) }));
  }
}

export type AnyEngineView = EngineInfoView | ContainersView | ImagesView | NetworksView | VolumesView;
