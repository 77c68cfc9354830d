// docker-workbench-container://<container id>/<path>: a container's files in the editor, through
// the engine layer's archive operations. Read-only unless the URI carries `?edit` (Edit File); a
// save then writes the file back with the mode and owner it had. Folders are listed, never created,
// renamed or deleted from here. Where the engine refuses (a running Hyper-V container) the editor
// shows the engine layer's plain message.
import * as vscode from 'vscode';
import { EngineError, listContainerDirectory, readContainerFile, statContainerPath, writeContainerFile, type PathStat } from '../engine';
import { CONTAINER_FILE_SCHEME } from './fileRows';
import type { EngineSession } from './session';

function target(uri: vscode.Uri): { id: string; path: string; edit: boolean } {
  if (uri.scheme !== CONTAINER_FILE_SCHEME || !/^[0-9a-f]{12,64}$/.test(uri.authority)) throw vscode.FileSystemError.FileNotFound(uri);
  return { id: uri.authority, path: uri.path || '/', edit: uri.query === 'edit' };
}

function fileType(stat: PathStat): vscode.FileType {
  return stat.type === 'directory' ? vscode.FileType.Directory : stat.type === 'file' ? vscode.FileType.File : stat.type === 'symlink' ? vscode.FileType.SymbolicLink : vscode.FileType.Unknown;
}

function toFsError(err: unknown, uri: vscode.Uri): Error {
  if (err instanceof vscode.FileSystemError) return err;
  if (err instanceof EngineError) {
    if (err.kind === 'not-found') return vscode.FileSystemError.FileNotFound(uri);
    if (err.kind === 'conflict') return vscode.FileSystemError.NoPermissions(err.message);
    return vscode.FileSystemError.Unavailable(err.message);
  }
  return vscode.FileSystemError.Unavailable(err instanceof Error ? err.message : String(err));
}

export class ContainerFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  /** Mode and owner of files read for editing, by URI: a save writes them back unchanged. */
  private readonly owners = new Map<string, { mode: number; uid: number; gid: number }>();

  constructor(private readonly session: EngineSession) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const t = target(uri);
    try {
      const client = await this.session.requireClient();
      let stat = await statContainerPath(client, t.id, t.path);
      let type = fileType(stat);
      if (stat.type === 'symlink' && stat.linkTarget) {
        const to = await statContainerPath(client, t.id, stat.linkTarget.startsWith('/') ? stat.linkTarget : `${t.path}/../${stat.linkTarget}`);
        stat = to;
        type = fileType(to) | vscode.FileType.SymbolicLink;
      }
      const mtime = Date.parse(stat.mtime);
      return {
        type,
        ctime: 0,
        mtime: Number.isFinite(mtime) ? mtime : 0,
        size: stat.size,
        ...(t.edit ? {} : { permissions: vscode.FilePermission.Readonly }),
      };
    } catch (err) {
      throw toFsError(err, uri);
    }
  }

  async readDirectory(uri: vscode.Uri): Promise<Array<[string, vscode.FileType]>> {
    const t = target(uri);
    try {
      const listing = await listContainerDirectory(await this.session.requireClient(), t.id, t.path);
      return listing.entries.map((e) => [e.name, e.type === 'directory' ? vscode.FileType.Directory : e.type === 'file' ? vscode.FileType.File : e.type === 'symlink' ? vscode.FileType.SymbolicLink : vscode.FileType.Unknown]);
    } catch (err) {
      throw toFsError(err, uri);
    }
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const t = target(uri);
    try {
      const file = await readContainerFile(await this.session.requireClient(), t.id, t.path);
      if (t.edit) this.owners.set(uri.toString(), { mode: file.entry.mode, uid: file.entry.uid, gid: file.entry.gid });
      return file.content;
    } catch (err) {
      throw toFsError(err, uri);
    }
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const t = target(uri);
    if (!t.edit) throw vscode.FileSystemError.NoPermissions('This file was opened read-only: use "Edit File" on it in the Files node to save changes back into the container.');
    try {
      const client = await this.session.requireClient();
      let owner = this.owners.get(uri.toString());
      if (!owner) {
        const current = await readContainerFile(client, t.id, t.path);
        owner = { mode: current.entry.mode, uid: current.entry.uid, gid: current.entry.gid };
      }
      await writeContainerFile(client, t.id, t.path, Buffer.from(content), owner);
      this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    } catch (err) {
      throw toFsError(err, uri);
    }
  }

  createDirectory(): never {
    throw vscode.FileSystemError.NoPermissions('Folders are not created inside containers from here.');
  }

  delete(): never {
    throw vscode.FileSystemError.NoPermissions('Files are not deleted inside containers from here.');
  }

  rename(): never {
    throw vscode.FileSystemError.NoPermissions('Files are not renamed inside containers from here.');
  }

  dispose(): void {
    this.changed.dispose();
  }
}
