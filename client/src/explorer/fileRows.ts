// The Files node under a container, as plain rows: the root, each folder's entries (folders first),
// and the line that says a listing was cut or refused. The URIs the editor opens them under
// (docker-workbench-container://<container id>/<path>, `?edit` for a writable one) are made here too.
// No 'vscode' here.
import type { DirEntry } from '../engine/containerFiles';
import { formatBytes, type RowSpec } from './model';

export const CONTAINER_FILE_SCHEME = 'docker-workbench-container';

export type ContainerPathType = 'directory' | 'file' | 'symlink' | 'other';

/** `docker-workbench-container://ID/etc/hosts`, with `?edit` when it is to be saved back. */
export function containerFileUri(containerId: string, path: string, edit = false): string {
  const encoded = path
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
  return `${CONTAINER_FILE_SCHEME}://${containerId.toLowerCase()}${encoded.startsWith('/') ? encoded : `/${encoded}`}${edit ? '?edit' : ''}`;
}

export function filesRootRow(containerId: string): RowSpec {
  return {
    id: `container:${containerId}:files`,
    label: 'Files',
    description: '/',
    tooltip: "The container's filesystem, read through the Engine API (GET/HEAD/PUT /containers/{id}/archive).",
    icon: { id: 'files' },
    contextValue: 'containerFolder',
    collapsible: 'collapsed',
  };
}

export function fileEntryRow(containerId: string, e: DirEntry): RowSpec {
  const id = `container:${containerId}:file:${e.path}`;
  const mode = e.mode ? ` · ${e.mode.toString(8).padStart(4, '0')}` : '';
  if (e.type === 'directory') {
    return { id, label: e.name, tooltip: e.path, icon: { id: 'folder' }, contextValue: 'containerFolder', collapsible: 'collapsed' };
  }
  if (e.type === 'symlink') {
    return { id, label: e.name, description: `→ ${e.linkName}`, tooltip: `${e.path} → ${e.linkName}\nOpened or expanded as its target.`, icon: { id: 'file-symlink-file' }, contextValue: 'containerLink', collapsible: 'collapsed' };
  }
  if (e.type === 'file') {
    return { id, label: e.name, description: `${formatBytes(e.size)}${mode}`, tooltip: `${e.path}\n${e.size} bytes${mode}`, icon: { id: 'file' }, contextValue: 'containerFile', collapsible: 'none' };
  }
  return { id, label: e.name, description: e.type === 'hardlink' ? `hard link to ${e.linkName}` : 'special file', tooltip: e.path, icon: { id: 'circle-slash' }, contextValue: 'detail', collapsible: 'none' };
}

/** A line in place of (or after) a folder's entries: why it is empty, cut or refused. */
export function fileMessageRow(containerId: string, path: string, message: string, icon = 'info'): RowSpec {
  return { id: `container:${containerId}:file:${path}:message`, label: message, tooltip: message, icon: { id: icon }, contextValue: 'detail', collapsible: 'none' };
}

/**
 * Whether the engine will read this container's files now: a running Hyper-V isolated container on
 * Windows it will not (moby refuses filesystem operations on it). `isolation` is HostConfig.Isolation;
 * `default` and '' take the engine's default.
 */
export function filesRefusal(opts: { windows: boolean; running: boolean; isolation: string; engineDefault?: 'process' | 'hyperv' }): string | undefined {
  if (!opts.windows || !opts.running) return undefined;
  const isolation = opts.isolation && opts.isolation !== 'default' ? opts.isolation : opts.engineDefault;
  if (isolation !== 'hyperv') return undefined;
  return 'The engine does not read or write the files of a running Hyper-V isolated container: stop it to browse its files.';
}
