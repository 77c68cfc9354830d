// What a command acts on: the clicked node, the multi-selection, ids passed by a caller (tests,
// other commands), or, from the palette, what the user picks.
import * as vscode from 'vscode';
import { listContainers, listImages, type ContainerSummary, type ImageSummary } from '../engine';
import { imageLabel } from '../explorer/model';
import type { ExplorerNode } from '../explorer/views';
import type { Deps } from './types';

export function isNode(v: unknown): v is ExplorerNode {
  return typeof v === 'object' && v !== null && 'kind' in v && 'row' in v;
}

/** The selection VS Code passes as the second argument when several items are selected. */
function selection(arg0: unknown, arg1: unknown): ExplorerNode[] {
  if (Array.isArray(arg1) && arg1.length > 0 && arg1.every(isNode)) return arg1;
  if (isNode(arg0)) return [arg0];
  return [];
}

function ids(arg0: unknown): string[] {
  if (typeof arg0 === 'string' && arg0.trim()) return [arg0.trim()];
  if (Array.isArray(arg0) && arg0.every((x) => typeof x === 'string')) return arg0 as string[];
  return [];
}

/**
 * Containers to act on. `filter` limits the palette's choices (e.g. only running ones for Stop);
 * undefined means the user cancelled, a thrown error means a named container does not exist.
 */
export async function resolveContainers(deps: Deps, arg0: unknown, arg1: unknown, purpose: string, filter: (c: ContainerSummary) => boolean = () => true): Promise<ContainerSummary[] | undefined> {
  const nodes = selection(arg0, arg1);
  if (nodes.length > 0) {
    const out: ContainerSummary[] = [];
    for (const n of nodes) {
      if (n.kind === 'container') out.push(n.container);
      else if (n.kind === 'composeProject') out.push(...n.containers);
      else if (n.kind === 'detail' && n.parent?.kind === 'container') out.push(n.parent.container);
    }
    return out;
  }
  const client = await deps.session.requireClient();
  const all = await listContainers(client, { all: true });
  const wanted = ids(arg0);
  if (wanted.length > 0) {
    return wanted.map((w) => {
      const found = all.find((c) => c.id === w || c.id.startsWith(w) || c.name === w.replace(/^\//, ''));
      if (!found) throw new Error(`No container named or with id "${w}".`);
      return found;
    });
  }
  const choices = all.filter(filter);
  if (choices.length === 0) {
    await deps.ui.info(`No container to ${purpose}.`);
    return undefined;
  }
  const picked = await deps.ui.pickMany({
    id: 'containers',
    placeHolder: `Containers to ${purpose}`,
    items: choices.map((c) => ({ label: c.name, description: `${c.image} · ${c.state}`, container: c })),
  });
  return picked?.map((p) => p.container);
}

/** One container (Logs, Shell, Copy IP, Open in Browser). */
export async function resolveContainer(deps: Deps, arg0: unknown, purpose: string, filter?: (c: ContainerSummary) => boolean): Promise<ContainerSummary | undefined> {
  const nodes = selection(arg0, undefined);
  if (nodes.length > 0 || ids(arg0).length > 0) return (await resolveContainers(deps, arg0, undefined, purpose, filter))?.[0];
  const client = await deps.session.requireClient();
  const choices = (await listContainers(client, { all: true })).filter(filter ?? (() => true));
  if (choices.length === 0) {
    await deps.ui.info(`No container to ${purpose}.`);
    return undefined;
  }
  const picked = await deps.ui.pick({ id: 'container', placeHolder: `Container to ${purpose}`, items: choices.map((c) => ({ label: c.name, description: `${c.image} · ${c.state}`, container: c })) });
  return picked?.container;
}

/** Images: the clicked or selected ones, a reference passed in, or picked. */
export async function resolveImages(deps: Deps, arg0: unknown, arg1: unknown, purpose: string, many: boolean): Promise<ImageSummary[] | undefined> {
  const nodes = selection(arg0, arg1).filter((n): n is Extract<ExplorerNode, { kind: 'image' }> => n.kind === 'image');
  if (nodes.length > 0) return nodes.map((n) => n.image);
  const client = await deps.session.requireClient();
  const all = await listImages(client, { dangling: 'include' });
  const wanted = ids(arg0);
  if (wanted.length > 0) {
    return wanted.map((w) => {
      const ref = w.includes(':') || w.startsWith('sha256') ? w : `${w}:latest`;
      const found = all.find((i) => i.id === w || i.id === `sha256:${w}` || i.id.replace(/^sha256:/, '').startsWith(w) || i.repoTags.includes(ref));
      if (!found) throw new Error(`No local image "${w}".`);
      return found;
    });
  }
  const choices = all.filter((i) => !i.dangling);
  if (choices.length === 0) {
    await deps.ui.info(`No image to ${purpose}.`);
    return undefined;
  }
  const items = choices.map((i) => ({ label: imageLabel(i), description: i.id.replace(/^sha256:/, '').slice(0, 12), image: i }));
  if (many) return (await deps.ui.pickMany({ id: 'images', placeHolder: `Images to ${purpose}`, items }))?.map((p) => p.image);
  const one = await deps.ui.pick({ id: 'image', placeHolder: `Image to ${purpose}`, items });
  return one ? [one.image] : undefined;
}

/** A file argument: a Uri from the explorer or editor menu, a path string, or the active editor. */
export function fileArg(arg0: unknown): vscode.Uri | undefined {
  if (arg0 instanceof vscode.Uri) return arg0;
  if (typeof arg0 === 'object' && arg0 !== null && 'fsPath' in arg0 && 'scheme' in arg0) return arg0 as vscode.Uri;
  if (typeof arg0 === 'string' && arg0.startsWith('/')) return vscode.Uri.file(arg0);
  return undefined;
}

/** Options object a caller passes to skip the questions: the first plain object among the args. */
export function optionsArg<T extends object>(args: readonly unknown[]): Partial<T> {
  for (const a of args) {
    if (typeof a === 'object' && a !== null && !Array.isArray(a) && !isNode(a) && !(a instanceof vscode.Uri) && !('fsPath' in a)) return a as Partial<T>;
  }
  return {};
}
