// The engine layer, for the explorer suite's own set-up and clean-up (the extension's bundle has
// its own copy; both talk to the same engine), plus the two volume calls the layer does not need.
import type { EngineClient } from '../../client/src/engine';

export { listImages, removeImage, runContainer, listContainers, removeContainer, saveImage, type EngineClient, type RunResult } from '../../client/src/engine';

export async function createVolume(c: EngineClient, name: string): Promise<void> {
  await c.call(() => c.docker.createVolume({ Name: name, Labels: { 'dev.docker-workbench.vscode-test': '1' } }));
}

export async function removeVolume(c: EngineClient, name: string): Promise<void> {
  await c.call(() => c.docker.getVolume(name).remove());
}
