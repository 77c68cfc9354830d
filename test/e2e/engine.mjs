// The private engine of scripts/engine-host.sh for the browser tiers: where its socket is, and
// "start it unless it runs, stop it afterwards only if it was started here" (the e2e tier starts
// it before both files and stops it after them; a file run alone starts and stops it itself).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { root } from '../../scripts/test-host.mjs';

export const engineDir = process.env.DOCKER_WORKBENCH_ENGINE_DIR || path.join(root, '.cache', 'engine');
export const socket = path.join(engineDir, 'docker.sock');
export const dockerHost = `unix://${socket}`;
export const image = process.env.DOCKER_WORKBENCH_ENGINE_IMAGE || 'workbench-busybox:latest';

export function engine(cmd) {
  const r = spawnSync('bash', [path.join(root, 'scripts', 'engine-host.sh'), cmd], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Starts the engine when it is not running; returns whether this call started it. */
export function ensureEngine() {
  if (engine('status').status === 0) return false;
  const r = engine('start');
  if (r.status !== 0) throw new Error(`scripts/engine-host.sh start failed:\n${r.output}`);
  return true;
}
