// The five tree data providers. Each reads the engine layer through the session, turns what it
// gets into rows (model.ts) and rows into TreeItems. They refresh when the session says their data
// is stale (one /events subscription for all), never on a timer.
import * as vscode from 'vscode';
import {
  getImageOs,
  inspect,
  listContainers,
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

/** A node of any view: the row plus what it stands for, so commands get typed targets. */
export type ExplorerNode =
  | { kind: 'container'; row: RowSpec; container: ContainerSummary }
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

  constructor(session: EngineSession) {
    super('containers', session);
  }

  protected async roots(client: EngineClient): Promise<ExplorerNode[]> {
    const tree = containerTree(await listContainers(client, { all: true }));
    return [
      ...tree.groups.map((g): ExplorerNode => ({ kind: 'composeProject', row: g.row, project: g.project, containers: g.containers })),
      ...tree.loose.map((c): ExplorerNode => ({ kind: 'container', row: containerRow(c), container: c })),
    ];
  }

  protected override async childrenOf(node: ExplorerNode): Promise<ExplorerNode[]> {
    if (node.kind === 'composeProject') return node.containers.map((c): ExplorerNode => ({ kind: 'container', row: containerRow(c), container: c }));
    if (node.kind !== 'container') return [];
    const windows = this.session.platform?.osType === 'windows';
    let isolation = this.isolation.get(node.container.id);
    if (windows && isolation === undefined) {
      try {
        const client = await this.session.requireClient();
        const info = await inspect(client, 'container', node.container.id);
        isolation = String((info.HostConfig as { Isolation?: unknown } | undefined)?.Isolation ?? '');
        this.isolation.set(node.container.id, isolation);
      } catch {
        isolation = '';
      }
    }
    return containerDetailRows(node.container, { windows, isolation }).map((row): ExplorerNode => {
      const ip = row.contextValue === 'detail.ip' ? node.container.networks.find((n) => row.id.endsWith(`:net:${n.network}`))?.ipAddress : undefined;
      return { kind: 'detail', row, parent: node, value: ip };
    });
  }
}

export class ImagesView extends EngineView {
  private showDanglingValue = false;
  /** Os/OsVersion need one inspect per image: read when an image is expanded, then kept. */
  private readonly osCache = new Map<string, ImageOsInfo>();

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

  protected async roots(client: EngineClient): Promise<ExplorerNode[]> {
    const images = sortImages(await listImages(client, { dangling: this.showDanglingValue ? 'include' : 'exclude' }));
    return images.map((image): ExplorerNode => ({ kind: 'image', image, row: imageRow(image, this.osCache.get(image.id)) }));
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
