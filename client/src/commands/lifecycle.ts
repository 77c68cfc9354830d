// Start, Stop, Restart, Remove (multi-select; Remove asks first and offers force for running
// containers), Remove Image, and the two prunes, which ask first and report what went.
import {
  EngineError,
  pruneContainers,
  pruneImages,
  removeContainer,
  removeImage,
  restartContainer,
  startContainer,
  stopContainer,
  type ContainerSummary,
  type EngineClient,
} from '../engine';
import { formatBytes, imageLabel, isRunningState } from '../explorer/model';
import { optionsArg, resolveContainers, resolveImages } from './targets';
import type { CommandSpec, Deps } from './types';

export interface BatchResult {
  done: string[];
  failed: Array<{ name: string; message: string }>;
}

async function forEach(deps: Deps, verb: string, items: readonly ContainerSummary[], act: (c: EngineClient, ct: ContainerSummary) => Promise<void>): Promise<BatchResult> {
  const client = await deps.session.requireClient();
  const result: BatchResult = { done: [], failed: [] };
  // In parallel: stopping ten containers should take one grace period, not ten.
  await Promise.all(
    items.map(async (ct) => {
      try {
        await act(client, ct);
        result.done.push(ct.name);
      } catch (err) {
        result.failed.push({ name: ct.name, message: err instanceof EngineError ? err.message : String((err as Error)?.message ?? err) });
      }
    }),
  );
  deps.session.markStale(['containers']);
  if (result.failed.length > 0) {
    void deps.ui.error(`Could not ${verb} ${result.failed.map((f) => `${f.name}: ${f.message}`).join('; ')}`);
  }
  return result;
}

const running = (c: ContainerSummary): boolean => isRunningState(c.state);

export async function startCommand(deps: Deps, ...args: unknown[]): Promise<BatchResult | undefined> {
  const targets = await resolveContainers(deps, args[0], args[1], 'start', (c) => !running(c));
  if (!targets?.length) return undefined;
  return forEach(deps, 'start', targets, (c, ct) => startContainer(c, ct.id));
}

export async function stopCommand(deps: Deps, ...args: unknown[]): Promise<BatchResult | undefined> {
  const targets = await resolveContainers(deps, args[0], args[1], 'stop', running);
  if (!targets?.length) return undefined;
  const { timeoutSeconds } = optionsArg<{ timeoutSeconds: number }>(args.slice(1));
  return forEach(deps, 'stop', targets, (c, ct) => stopContainer(c, ct.id, { timeoutSeconds }));
}

export async function restartCommand(deps: Deps, ...args: unknown[]): Promise<BatchResult | undefined> {
  const targets = await resolveContainers(deps, args[0], args[1], 'restart');
  if (!targets?.length) return undefined;
  const { timeoutSeconds } = optionsArg<{ timeoutSeconds: number }>(args.slice(1));
  return forEach(deps, 'restart', targets, (c, ct) => restartContainer(c, ct.id, { timeoutSeconds }));
}

export async function removeCommand(deps: Deps, ...args: unknown[]): Promise<BatchResult | undefined> {
  const targets = await resolveContainers(deps, args[0], args[1], 'remove');
  if (!targets?.length) return undefined;
  const live = targets.filter(running);
  const names = targets.map((t) => t.name);
  const what = targets.length === 1 ? `container ${names[0]}` : `${targets.length} containers`;
  const buttons = live.length > 0 ? ['Force Remove'] : ['Remove'];
  const answer = await deps.ui.confirm({
    id: 'remove.containers',
    message: `Remove ${what}?`,
    detail:
      live.length > 0
        ? `${live.map((l) => l.name).join(', ')} ${live.length === 1 ? 'is' : 'are'} running: force removal kills ${live.length === 1 ? 'it' : 'them'} first.\n\n${names.join('\n')}`
        : names.join('\n'),
    buttons,
  });
  if (answer === undefined) return undefined;
  const force = answer === 'Force Remove';
  return forEach(deps, 'remove', targets, (c, ct) => removeContainer(c, ct.id, { force }));
}

export async function removeImageCommand(deps: Deps, ...args: unknown[]): Promise<BatchResult | undefined> {
  const images = await resolveImages(deps, args[0], args[1], 'remove', true);
  if (!images?.length) return undefined;
  const labels = images.map(imageLabel);
  const answer = await deps.ui.confirm({ id: 'remove.images', message: `Remove ${images.length === 1 ? `image ${labels[0]}` : `${images.length} images`}?`, detail: labels.join('\n'), buttons: ['Remove', 'Force Remove'] });
  if (answer === undefined) return undefined;
  const client = await deps.session.requireClient();
  const result: BatchResult = { done: [], failed: [] };
  for (const img of images) {
    const label = imageLabel(img);
    try {
      // A tagged image is removed by its tag, so other tags of the same ID stay.
      await removeImage(client, img.repoTags[0] ?? img.id, { force: answer === 'Force Remove' });
      result.done.push(label);
    } catch (err) {
      result.failed.push({ name: label, message: err instanceof Error ? err.message : String(err) });
    }
  }
  deps.session.markStale(['images']);
  if (result.failed.length) void deps.ui.error(`Could not remove ${result.failed.map((f) => `${f.name}: ${f.message}`).join('; ')}`);
  return result;
}

export async function pruneContainersCommand(deps: Deps): Promise<{ deleted: string[]; spaceReclaimed: number } | undefined> {
  const answer = await deps.ui.confirm({ id: 'prune.containers', message: 'Remove all stopped containers?', detail: 'Containers that are not running are deleted with their writable layers.', buttons: ['Prune'] });
  if (answer !== 'Prune') return undefined;
  const r = await pruneContainers(await deps.session.requireClient());
  deps.session.markStale(['containers']);
  void deps.ui.info(r.deleted.length === 0 ? 'No stopped containers to remove.' : `Removed ${r.deleted.length} stopped container${r.deleted.length === 1 ? '' : 's'}, reclaimed ${formatBytes(r.spaceReclaimed)}.`);
  return r;
}

export async function pruneImagesCommand(deps: Deps): Promise<{ deleted: string[]; untagged: string[]; spaceReclaimed: number } | undefined> {
  const answer = await deps.ui.confirm({ id: 'prune.images', message: 'Remove all dangling images?', detail: 'Untagged images no container uses are deleted.', buttons: ['Prune'] });
  if (answer !== 'Prune') return undefined;
  const r = await pruneImages(await deps.session.requireClient());
  deps.session.markStale(['images']);
  void deps.ui.info(r.deleted.length === 0 ? 'No dangling images to remove.' : `Removed ${r.deleted.length} dangling image${r.deleted.length === 1 ? '' : 's'}, reclaimed ${formatBytes(r.spaceReclaimed)}.`);
  return r;
}

export const lifecycleCommands: CommandSpec[] = [
  { id: 'dockerWorkbench.container.start', run: startCommand },
  { id: 'dockerWorkbench.container.stop', run: stopCommand },
  { id: 'dockerWorkbench.container.restart', run: restartCommand },
  { id: 'dockerWorkbench.container.remove', run: removeCommand },
  { id: 'dockerWorkbench.image.remove', run: removeImageCommand },
  { id: 'dockerWorkbench.containers.prune', run: pruneContainersCommand },
  { id: 'dockerWorkbench.images.prune', run: pruneImagesCommand },
];
