// The Contexts view, this window's context choice and the engine status-bar item.
//
// The choice (Use) is kept in workspace state and fed to the engine resolution as `--context` is,
// so the session, and through it the views, events, commands, compose and shells, all follow it;
// the docker CLI's current context changes only with Use and Make Current. The status bar shows
// the engine in use and how the connection stands, and picks a context when clicked.
import * as vscode from 'vscode';
import { EngineError, listContexts, resolveEndpoint, type ContextList, type DockerContext, type ResolvedEndpoint } from '../engine';
import { engineStatus, type StatusInput } from './engineStatus';
import type { EngineSession } from './session';

export const CONTEXTS_VIEW_ID = 'dockerWorkbench.contexts';
export const PICK_CONTEXT_COMMAND = 'dockerWorkbench.context.pick';
const CHOICE_KEY = 'dockerWorkbench.contextChoice';
/** True while this window has a context of its own (Reset is offered). */
const CHOSEN_CONTEXT_KEY = 'dockerWorkbench.context.chosen';
/** How the choice is named in messages and the Engine view's "chosen by". */
export const CHOICE_VIA = 'chosen for this window';

/** This window's context (Use), remembered per workspace; undefined: the usual resolution. */
export class ContextChoice implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {
    void this.setContextKey();
  }

  get name(): string | undefined {
    const v = this.state.get<unknown>(CHOICE_KEY);
    return typeof v === 'string' && v !== '' ? v : undefined;
  }

  /** What the session passes to the resolution. */
  resolveOptions(): { contextFlag?: string; contextFlagVia?: string } {
    const name = this.name;
    return name ? { contextFlag: name, contextFlagVia: CHOICE_VIA } : {};
  }

  async set(name: string | undefined): Promise<void> {
    await this.state.update(CHOICE_KEY, name);
    await this.setContextKey();
    this.changed.fire(name);
  }

  private async setContextKey(): Promise<void> {
    await Promise.resolve(vscode.commands.executeCommand('setContext', CHOSEN_CONTEXT_KEY, this.name !== undefined)).catch(() => undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export interface ContextNode {
  kind: 'dockerContext';
  context: DockerContext;
  /** The context this window's engine comes from. */
  inUse: boolean;
}

/** The endpoint this window resolves to now (no connection), or the reason it cannot. */
export function windowEndpoint(hostSetting: string, choice: ContextChoice): ResolvedEndpoint | EngineError {
  try {
    return resolveEndpoint({ hostSetting, ...choice.resolveOptions() });
  } catch (err) {
    if (err instanceof EngineError) return err;
    throw err;
  }
}

/** Which listed context this window uses: the choice, else the resolved context, else `default` (DOCKER_HOST, the platform's). */
function inUseName(ep: ResolvedEndpoint | EngineError, choice: string | undefined): string | undefined {
  if (choice) return choice;
  if (ep instanceof EngineError) return undefined;
  if (ep.contextName) return ep.contextName;
  return ep.source === 'default' || ep.source === 'DOCKER_HOST' ? 'default' : undefined;
}

export class ContextsView implements vscode.TreeDataProvider<ContextNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ContextNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly loaded = new vscode.EventEmitter<readonly ContextNode[]>();
  /** Fires after each read of the contexts (tests wait on it). */
  readonly onDidLoad = this.loaded.event;
  private last: ContextNode[] = [];
  view: vscode.TreeView<ContextNode> | undefined;

  constructor(
    private readonly hostSetting: () => string,
    private readonly choice: ContextChoice,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** The rows as last read. */
  get current(): readonly ContextNode[] {
    return this.last;
  }

  /** Reads the contexts now (the view, the pickers and the tests). */
  read(): { list: ContextList; nodes: ContextNode[]; endpoint: ResolvedEndpoint | EngineError } {
    const list = listContexts();
    const endpoint = windowEndpoint(this.hostSetting(), this.choice);
    const inUse = inUseName(endpoint, this.choice.name);
    const nodes = list.contexts.map((context): ContextNode => ({ kind: 'dockerContext', context, inUse: context.name === inUse }));
    return { list, nodes, endpoint };
  }

  getChildren(node?: ContextNode): ContextNode[] {
    if (node) return [];
    const { list, nodes, endpoint } = this.read();
    this.last = nodes;
    if (this.view) {
      const setting = !(endpoint instanceof EngineError) && endpoint.source === 'setting' && !this.choice.name;
      const missing = this.choice.name && !nodes.some((n) => n.context.name === this.choice.name);
      this.view.message = missing
        ? `This window uses the context "${this.choice.name}", which no longer exists in ${list.configDir}: Use another one, or Reset.`
        : setting
          ? `The dockerWorkbench.host setting (${endpoint.url}) chooses the engine; Use a context to override it in this window.`
          : undefined;
    }
    this.loaded.fire(nodes);
    return nodes;
  }

  getTreeItem(node: ContextNode): vscode.TreeItem {
    const c = node.context;
    const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
    item.id = `context:${c.name}`;
    const marks = [...(node.inUse ? ['in use here'] : []), ...(c.current ? ['current'] : [])];
    item.description = [marks.length > 0 ? `(${marks.join(', ')})` : '', c.host, c.description && c.name !== 'default' ? `— ${c.description}` : ''].filter(Boolean).join(' ');
    const tls = c.tlsFiles.length > 0 ? `TLS files: ${c.tlsFiles.join(', ')}` : c.skipTlsVerify ? 'TLS without files' : c.host.startsWith('tcp://') ? 'no TLS (plain HTTP)' : '';
    item.tooltip = [
      `${c.name}${c.current ? ' — the docker CLI\u2019s current context' : ''}${node.inUse ? ' — used by this window' : ''}`,
      `Endpoint: ${c.host || '(none)'}`,
      ...(c.description ? [`Description: ${c.description}`] : []),
      ...(tls ? [tls] : []),
      ...(c.skipTlsVerify ? ["SkipTLSVerify: the engine's certificate is not checked"] : []),
      ...(c.error ? [`Error: ${c.error}`] : []),
    ].join('\n');
    item.contextValue = c.name === 'default' ? 'dockerContext.default' : 'dockerContext';
    item.iconPath = new vscode.ThemeIcon(
      c.error ? 'warning' : node.inUse ? 'vm-active' : c.current ? 'star-full' : 'vm-outline',
      c.error || c.skipTlsVerify ? new vscode.ThemeColor('list.warningForeground') : undefined,
    );
    return item;
  }

  dispose(): void {
    this.changed.dispose();
    this.loaded.dispose();
  }
}

/** The engine in use, its OS, Windows build and release, default isolation and connection state. */
export class EngineStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dockerWorkbench.engine', vscode.StatusBarAlignment.Left, 50);
  private readonly subs: vscode.Disposable[];

  constructor(
    private readonly session: EngineSession,
    private readonly choice: ContextChoice,
  ) {
    this.item.name = 'Docker Workbench: Engine';
    this.item.command = PICK_CONTEXT_COMMAND;
    this.subs = [session.onDidChangeState(() => this.update()), choice.onDidChange(() => this.update())];
    this.update();
    this.item.show();
  }

  /** What the item shows now (tests read it). */
  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : '';
  }

  update(): void {
    const s = this.session.state;
    const target = this.choice.name;
    let input: StatusInput;
    if (s.kind === 'connected' || s.kind === 'reconnecting') {
      input = { kind: s.kind, endpoint: s.client.endpoint, platform: s.platform, attempt: s.kind === 'reconnecting' ? s.attempt : undefined };
    } else if (s.kind === 'error') {
      input = { kind: 'error', target, endpointUrl: s.endpointUrl ?? s.error.endpoint, message: s.error.message };
    } else {
      input = { kind: s.kind, target };
    }
    const status = engineStatus(input);
    this.item.text = status.text;
    this.item.tooltip = status.tooltip;
    this.item.backgroundColor =
      status.level === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : status.level === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    for (const d of this.subs.splice(0)) d.dispose();
    this.item.dispose();
  }
}

export interface ContextsPart {
  choice: ContextChoice;
  view: ContextsView;
  treeView: vscode.TreeView<ContextNode>;
  statusBar: EngineStatusBar;
}

/** The view and the status bar; a change of choice reconnects the session and re-reads the list. */
export function registerContexts(context: vscode.ExtensionContext, session: EngineSession, choice: ContextChoice, hostSetting: () => string): ContextsPart {
  const view = new ContextsView(hostSetting, choice);
  const treeView = vscode.window.createTreeView<ContextNode>(CONTEXTS_VIEW_ID, { treeDataProvider: view, showCollapseAll: false });
  view.view = treeView;
  const statusBar = new EngineStatusBar(session, choice);
  context.subscriptions.push(
    view,
    treeView,
    statusBar,
    choice.onDidChange(() => {
      view.refresh();
      void session.retry().catch(() => undefined);
    }),
    // A connection made or lost may follow a change of the docker config (a context added by the CLI).
    session.onDidChangeState((s) => {
      if (s.kind === 'connected' || s.kind === 'error') view.refresh();
    }),
  );
  return { choice, view, treeView, statusBar };
}
