// Save Image to a .tar chosen with a save dialog, with progress and cancel; Load Image from a .tar.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadImage, saveImage } from '../engine';
import { formatBytes, imageLabel } from '../explorer/model';
import { fileArg, optionsArg, resolveImages } from './targets';
import { diskPath } from './trust';
import type { CommandSpec, Deps } from './types';

export async function saveCommand(deps: Deps, ...args: unknown[]): Promise<{ file: string; bytes: number } | undefined> {
  const images = await resolveImages(deps, args[0], args[1], 'save', false);
  const image = images?.[0];
  if (!image) return undefined;
  const ref = image.repoTags[0] ?? image.id;
  let file = optionsArg<{ file: string }>(args.slice(1)).file;
  if (!file) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const base = folder?.scheme === 'file' ? folder : vscode.Uri.file(process.cwd());
    const suggested = `${imageLabel(image).replace(/[/:@ <>]+/g, '_')}.tar`;
    const uri = await deps.ui.saveFile({ id: 'save.file', title: `Save ${ref}`, defaultUri: vscode.Uri.joinPath(base, suggested), filters: { 'Image archive': ['tar'] } });
    if (!uri) return undefined;
    file = diskPath(uri, 'Save Image');
  }
  const target = file;
  const client = await deps.session.requireClient();
  const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Saving ${ref}`, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    let last = 0;
    try {
      return await saveImage(client, [ref], target, {
        signal: controller.signal,
        onProgress: (bytes) => {
          // A report per chunk floods the notification; one per megabyte is plenty.
          if (bytes - last >= 1_000_000) {
            last = bytes;
            progress.report({ message: formatBytes(bytes) });
          }
        },
      });
    } finally {
      sub.dispose();
    }
  });
  void deps.ui.info(`Saved ${ref} to ${path.basename(target)} (${formatBytes(r.bytes)}).`);
  return { file: target, bytes: r.bytes };
}

export async function loadCommand(deps: Deps, ...args: unknown[]): Promise<{ loaded: string[] } | undefined> {
  let uri = fileArg(args[0]);
  if (!uri) {
    uri = await deps.ui.openFile({ id: 'load.file', title: 'Load an image archive (docker save)', filters: { 'Image archive': ['tar'] } });
    if (!uri) return undefined;
  }
  const file = diskPath(uri, 'Load Image');
  const client = await deps.session.requireClient();
  const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Loading ${path.basename(file)}`, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    let lastPct = 0;
    try {
      return await loadImage(client, file, {
        signal: controller.signal,
        onProgress: (sent, total) => {
          const pct = total > 0 ? Math.floor((sent / total) * 100) : 0;
          if (pct > lastPct) {
            progress.report({ increment: pct - lastPct, message: `${formatBytes(sent)} of ${formatBytes(total)}` });
            lastPct = pct;
          }
        },
      });
    } finally {
      sub.dispose();
    }
  });
  deps.session.markStale(['images']);
  void deps.ui.info(r.loaded.length ? `Loaded ${r.loaded.join(', ')}.` : `Loaded ${path.basename(file)}.`);
  return r;
}

export const saveLoadCommands: CommandSpec[] = [
  { id: 'dockerWorkbench.image.save', run: saveCommand },
  {
    id: 'dockerWorkbench.image.load',
    untrusted: 'Load Image loads an image archive, perhaps from this workspace, into the Docker engine.',
    run: loadCommand,
  },
];
