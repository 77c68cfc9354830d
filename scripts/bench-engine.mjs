// `npm run bench -- engine`: the explorer against the private engine (scripts/engine-host.sh) with
// 200 containers. (1) Listing them and building the Containers tree (the views' own code: the
// engine layer's listContainers, then model.ts's grouping and rows; only the TreeItem wrapping,
// which needs VS Code, is left out) against `docker ps -a --format json` in the same run, as a
// ratio. (2) The delay from creating+starting a container (what `docker run` does) to its node
// appearing, through the one /events subscription and the views' debounced refresh: no polling.
// Every container made here carries a label and is removed at the end; nothing is pulled.
import { loadBundle } from './lib/bench-bundle.mjs';
import { BENCH_LABEL, engineScript, ensureEngine, listAndTree, makeBenchContainers, median, pool } from './lib/bench-engine-util.mjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const COUNT = Number(process.env.DOCKER_WORKBENCH_BENCH_CONTAINERS ?? 200);
const DEADLINE_MS = 8 * 60_000;

export async function benchEngine() {
  const out = [];
  const started = Date.now();
  const overDeadline = () => Date.now() - started > DEADLINE_MS;
  const engineDir = process.env.DOCKER_WORKBENCH_ENGINE_DIR || path.join(root, '.cache', 'engine');
  const socket = path.join(engineDir, 'docker.sock');
  const image = process.env.DOCKER_WORKBENCH_ENGINE_IMAGE || 'workbench-busybox:latest';
  const engine = ensureEngine();
  if (engine.skipped) return [engine.skipped];
  const startedEngine = engine.started;

  // The views' code, bundled without VS Code.
  const views = await loadBundle(
    'engine',
    [
      "export * from './client/src/engine';",
      "export { containerTree, containerRow } from './client/src/explorer/model';",
      "export { Refresher } from './client/src/explorer/refresher';",
    ],
    ['cpu-features', '*.node'],
  );
  const E = views;
  const client = new E.EngineClient(E.parseHostUrl(`unix://${socket}`, 'setting', 'bench'), { timeoutMs: 60_000 });
  await client.connect();
  const labels = { [BENCH_LABEL]: '1' };
  const made = [];
  const dockerConfig = mkdtempSync(path.join(tmpdir(), 'dw-bench-docker-'));

  try {
    // ---- 1. 200 containers: list + tree vs docker ps -a --format json
    const before = (await E.listContainers(client, { all: true })).length;
    const t0 = Date.now();
    await makeBenchContainers(E, client, { image, count: COUNT, prefix: 'dw-bench', made, overDeadline });
    out.push(`created ${made.length} containers in ${((Date.now() - t0) / 1000).toFixed(1)} s (${before} were there before)`);

    const ours = () => listAndTree(E, client);
    const cli = () => {
      const r = spawnSync('docker', ['-H', `unix://${socket}`, 'ps', '-a', '--format', 'json'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, DOCKER_CONFIG: dockerConfig } });
      if (r.status !== 0) throw new Error(`docker ps failed: ${r.stderr}`);
      return r.stdout.split('\n').filter((l) => l.trim().startsWith('{')).length;
    };
    const hasCli = spawnSync('docker', ['--version'], { encoding: 'utf8' }).status === 0;
    // Warm-up, then alternate the two so both see the same engine state and machine load.
    const oursRows = await ours();
    const cliRows = hasCli ? cli() : 0;
    const a = [];
    const b = [];
    for (let i = 0; i < 15 && !overDeadline(); i++) {
      let s = process.hrtime.bigint();
      await ours();
      a.push(Number(process.hrtime.bigint() - s) / 1e6);
      if (hasCli) {
        s = process.hrtime.bigint();
        cli();
        b.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
    }
    out.push(`list + tree, ${oursRows} rows: median ${median(a).toFixed(1)} ms (min ${Math.min(...a).toFixed(1)}, ${a.length} runs)`);
    if (hasCli) {
      out.push(`docker ps -a --format json, ${cliRows} lines: median ${median(b).toFixed(1)} ms (min ${Math.min(...b).toFixed(1)}, ${b.length} runs; includes the CLI's process start)`);
      out.push(`ratio docker ps / ours: ${(median(b) / median(a)).toFixed(2)}x ${median(b) >= median(a) ? '(ours faster)' : '(docker ps faster)'}`);
    } else {
      out.push('no docker CLI on PATH: the docker ps comparison was not run');
    }

    // ---- 2. create+start -> node appears, through /events and the views' refresher
    const stream = E.createEventStream(client);
    let latest = new Map();
    let waiting;
    const refresher = new E.Refresher(async (views) => {
      if (!views.has('containers')) return;
      const rows = E.containerTree(await E.listContainers(client, { all: true }));
      latest = new Map([...rows.loose, ...rows.groups.flatMap((g) => g.containers)].map((c) => [c.name, c.state]));
      waiting?.();
    });
    stream.onEvent((ev) => refresher.onEvent(ev));
    if (!(await stream.start())) throw new Error('the events subscription did not connect');
    const delays = [];
    const runningDelays = [];
    const runCalls = [];
    for (let i = 0; i < 10 && !overDeadline(); i++) {
      const name = `dw-bench-ev-${process.pid}-${i}`;
      let appeared;
      const seen = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} did not show as running within 10 s`)), 10_000);
        waiting = () => {
          if (latest.has(name) && appeared === undefined) appeared = performance.now();
          if (latest.get(name) === 'running') {
            clearTimeout(timer);
            resolve(performance.now());
          }
        };
      });
      const s = performance.now();
      const r = await E.runContainer(client, { image, name, cmd: ['sleep', '600'], init: true, labels });
      runCalls.push(performance.now() - s);
      made.push(r.id);
      runningDelays.push((await seen) - s);
      delays.push(appeared - s);
    }
    stream.stop();
    refresher.dispose();
    out.push(
      `create+start -> node in the tree (events, 40 ms debounce, re-list), ${delays.length} runs: node appears after median ${median(delays).toFixed(0)} ms (max ${Math.max(...delays).toFixed(0)}), ` +
        `shows running after median ${median(runningDelays).toFixed(0)} ms (max ${Math.max(...runningDelays).toFixed(0)}); the create+start+inspect calls themselves take median ${median(runCalls).toFixed(0)} ms`,
    );
  } finally {
    const t = Date.now();
    await pool(made, 8, (id) => E.removeContainer(client, id, { force: true }).catch(() => undefined));
    out.push(`removed ${made.length} containers in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    rmSync(dockerConfig, { recursive: true, force: true });
    if (startedEngine) engineScript('stop');
  }
  return out;
}
