// The Files node's actions: Open File (read-only), Edit File (saved back into the container),
// Download File and Download Folder. Everything goes through the Engine API archive endpoints
// (engine/containerFiles.ts); where the engine will not read a container's files (a running
// Hyper-V container on Windows) the command says so before trying.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { downloadContainerFile, downloadContainerFolder, joinContainerPath, parentOf } from '../engine';
import { containerFileUri, filesRefusal } from '../explorer/fileRows';
import type { ExplorerNode } from '../explorer/views';
import type { CommandSpec, Deps } from './types';

type PathNode = Extract<ExplorerNode, { kind: 'containerPath' }>;

function pathNode(arg: unknown): PathNode {
  const node = arg as Partial<PathNode> | undefined;
  if (!node || node.kind !== 'containerPath' || !node.container || typeof node.path !== 'string') throw new Error('Choose a file or folder under a container\'s "Files" node.');
  return node as PathNode;
}

/** The path a link stands for (the engine's archive of a link is the link itself). */
function resolved(node: PathNode): string {
  return node.type === 'symlink' && node.linkName ? joinContainerPath(parentOf(node.path), node.linkName) : node.path;
}

async function refuseIfHyperv(deps: Deps, node: PathNode): Promise<void> {
  const platform = deps.session.platform;
  const windows = platform?.osType === 'windows';
  if (!windows) return;
  const info = await deps.session.requireClient().then((c) => c.docker.getContainer(node.container.id).inspect());
  const refusal = filesRefusal({ windows, running: info.State?.Running === true, isolation: String(info.HostConfig?.Isolation ?? ''), engineDefault: platform?.isolation });
  if (refusal) throw new Error(refusal);
}

async function open(deps: Deps, edit: boolean, arg: unknown): Promise<string> {
  const node = pathNode(arg);
  await refuseIfHyperv(deps, node);
  const uri = vscode.Uri.parse(containerFileUri(node.container.id, resolved(node), edit));
  await vscode.commands.executeCommand('vscode.open', uri, { preview: !edit });
  return uri.toString();
}

async function downloadFile(deps: Deps, arg: unknown): Promise<string | undefined> {
  const node = pathNode(arg);
  await refuseIfHyperv(deps, node);
  const name = path.posix.basename(resolved(node)) || 'file';
  const dest = await deps.ui.saveFile({ id: 'files.download', title: `Download ${node.path} from ${node.container.name}`, defaultUri: vscode.Uri.file(path.join(defaultFolder(), name)) });
  if (!dest) return undefined;
  // Written beside the target under a new name and renamed over it (the save dialog asked about
  // replacing): a link at the target is replaced, never written through.
  const temp = path.join(path.dirname(dest.fsPath), `.${path.basename(dest.fsPath)}.download-${process.pid}-${Date.now()}`);
  const client = await deps.session.requireClient();
  try {
    const { bytes } = await downloadContainerFile(client, node.container.id, resolved(node), temp);
    fs.renameSync(temp, dest.fsPath);
    void deps.ui.info(`Downloaded ${node.path} (${bytes} bytes) to ${dest.fsPath}.`);
    return dest.fsPath;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

async function downloadFolder(deps: Deps, arg: unknown): Promise<string | undefined> {
  const node = pathNode(arg);
  await refuseIfHyperv(deps, node);
  const parent = await deps.ui.openFile({ id: 'files.downloadFolder', title: `Download ${node.path} from ${node.container.name} into…`, folders: true });
  if (!parent) return undefined;
  const base = (path.posix.basename(resolved(node)) || node.container.name || 'container').replace(/[^\w.-]/g, '_');
  // Always a new folder: the download never writes into one that holds anything already.
  let dest = path.join(parent.fsPath, base);
  for (let i = 1; fs.existsSync(dest) && i < 100; i++) dest = path.join(parent.fsPath, `${base}-${i}`);
  const r = await downloadContainerFolder(await deps.session.requireClient(), node.container.id, resolved(node), dest);
  const skipped = r.skipped.length ? ` Not copied (${r.skipped.length}): ${r.skipped.slice(0, 5).join('; ')}${r.skipped.length > 5 ? '; …' : ''}.` : '';
  const stopped = r.stopped ? ` The download ${r.stopped}.` : '';
  const message = `Downloaded ${node.path}: ${r.files} files, ${r.folders} folders into ${dest}.${stopped}${skipped}`;
  void (r.stopped || r.skipped.length ? deps.ui.warn(message) : deps.ui.info(message));
  return dest;
}

function defaultFolder(): string {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
}

export const filesCommands: CommandSpec[] = [
  { id: 'dockerWorkbench.container.file.open', run: (deps, arg) => open(deps, false, arg) },
  { id: 'dockerWorkbench.container.file.edit', run: (deps, arg) => open(deps, true, arg) },
  { id: 'dockerWorkbench.container.file.download', run: (deps, arg) => downloadFile(deps, arg) },
  { id: 'dockerWorkbench.container.folder.download', run: (deps, arg) => downloadFolder(deps, arg) },
];
