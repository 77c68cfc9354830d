// What the engine benches share: the private engine's script, a bounded worker pool, a median,
// and the 200 containers both list (made with a label, removed by the caller).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './bench-bundle.mjs';

export const BENCH_LABEL = 'dev.docker-workbench.bench';

export function engineScript(cmd) {
  const r = spawnSync('bash', [path.join(repoRoot, 'scripts', 'engine-host.sh'), cmd], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/**
 * The private engine, started when not running: `{ started }` (stop it after when true), or
 * `{ skipped }` with the script's output when it cannot start.
 */
export function ensureEngine() {
  if (engineScript('status').status === 0) return { started: false };
  const r = engineScript('start');
  return r.status === 0 ? { started: true } : { skipped: `engine did not start; skipped:\n${r.output}` };
}

/** Runs `fn` over items with at most `limit` at a time. */
export async function pool(items, limit, fn) {
  const out = [];
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return out;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * `count` containers, created and not started but for one in 20 (200 idle processes would
 * measure the machine, not the listing), one in 40 with a published port. Ids go into `made`.
 */
export async function makeBenchContainers(E, client, { image, count, prefix, made, overDeadline }) {
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${process.pid}-${i}`);
  await pool(names, 8, async (name, i) => {
    if (overDeadline()) return;
    const r = await E.runContainer(client, { image, name, cmd: ['sleep', '600'], init: true, labels: { [BENCH_LABEL]: '1' }, createOnly: i % 20 !== 0, ports: i % 40 === 0 ? ['127.0.0.1::80'] : [] });
    made.push(r.id);
  });
}

/** The Containers view's work without VS Code: list, group, make every row. Returns the row count. */
export async function listAndTree(E, client) {
  const list = await E.listContainers(client, { all: true });
  const tree = E.containerTree(list);
  let rows = 0;
  // One argument: containerRow's second is the OS-mismatch explanation, not map's index.
  for (const g of tree.groups) rows += 1 + g.containers.map((c) => E.containerRow(c)).length;
  rows += tree.loose.map((c) => E.containerRow(c)).length;
  return rows;
}
