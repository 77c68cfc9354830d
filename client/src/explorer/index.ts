// The Docker Workbench activity-bar container: five tree views over one engine session.
import * as vscode from 'vscode';
import type { ContextsPart } from './contexts';
import { ContainerFileSystem } from './containerFs';
import { CONTAINER_FILE_SCHEME } from './fileRows';
import type { ViewKind } from './model';
import type { EngineSession } from './session';
import { ContainersView, EngineInfoView, ImagesView, NetworksView, VolumesView, type ExplorerNode } from './views';

export { EngineSession, STATE_CONTEXT_KEY, type SessionState } from './session';
export type { ExplorerNode } from './views';
export { toTreeItem } from './views';

/** View ids, as package.json declares them. */
export const VIEW_IDS: Readonly<Record<ViewKind, string>> = {
  engine: 'dockerWorkbench.engine',
  containers: 'dockerWorkbench.containers',
  images: 'dockerWorkbench.images',
  networks: 'dockerWorkbench.networks',
  volumes: 'dockerWorkbench.volumes',
};

export interface Explorer {
  engine: EngineInfoView;
  containers: ContainersView;
  images: ImagesView;
  networks: NetworksView;
  volumes: VolumesView;
  /** The tree views, for multi-select and reveal. */
  treeViews: Readonly<Record<ViewKind, vscode.TreeView<ExplorerNode>>>;
  /** The Contexts view, this window's context choice and the engine status-bar item. */
  contexts: ContextsPart;
}

export function registerExplorer(context: vscode.ExtensionContext, session: EngineSession, contexts: ContextsPart): Explorer {
  const providers = {
    engine: new EngineInfoView(session),
    containers: new ContainersView(session),
    images: new ImagesView(session),
    networks: new NetworksView(session),
    volumes: new VolumesView(session),
  };
  const treeViews = {} as Record<ViewKind, vscode.TreeView<ExplorerNode>>;
  for (const kind of Object.keys(providers) as ViewKind[]) {
    const provider = providers[kind];
    const view = vscode.window.createTreeView<ExplorerNode>(VIEW_IDS[kind], {
      treeDataProvider: provider,
      canSelectMany: kind !== 'engine',
      showCollapseAll: kind === 'containers' || kind === 'images',
    });
    provider.view = view;
    treeViews[kind] = view;
    // Activation already started the connection; a view shown joins it (or starts it, were
    // the session still idle).
    context.subscriptions.push(
      view,
      provider,
      view.onDidChangeVisibility((e) => {
        if (e.visible) void session.ensureStarted();
      }),
    );
    if (view.visible) void session.ensureStarted();
  }
  void vscode.commands.executeCommand('setContext', 'dockerWorkbench.images.showDangling', false);
  void vscode.commands.executeCommand('setContext', 'dockerWorkbench.images.runsHereOnly', false);
  // The Files node's editors: docker-workbench-container://<id>/<path>.
  const files = new ContainerFileSystem(session);
  context.subscriptions.push(files, vscode.workspace.registerFileSystemProvider(CONTAINER_FILE_SCHEME, files, { isCaseSensitive: true }));
  return { ...providers, treeViews, contexts };
}
