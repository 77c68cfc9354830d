// `npm run bench -- remote`: the explorer over an ssh:// engine. Debian's sshd is started on a
// free 127.0.0.1 port (test/engine/sshd.ts, keys made by ssh-keygen) in front of the private
// engine, with 200 containers on it. (1) A full Containers refresh (list + tree, the views' code)
// over the extension's one SSH connection, against `docker -H ssh://... ps -a --format json`,
// which starts an ssh process and a handshake per call, as CLI-based tools do; goal: ours at
// least 5x faster. (2) SSH handshakes the server accepted while idle for 10 s with the events
// subscription open, and during 20 refreshes; goal: 0 for both. (3) A container's create+start
// to its node appearing, through /events over SSH. The docker CLI's ssh is pointed at this run's
// keys and known_hosts by a PATH entry whose `ssh` adds `-F <this run's config>` (fixed text; the
// path comes in through the environment).
import { loadBundle, repoRoot } from './lib/bench-bundle.mjs';
import { BENCH_LABEL, engineScript, ensureEngine, listAndTree, makeBenchContainers, median, pool } from './lib/bench-engine-util.mjs';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const COUNT = Number(process.env.DOCKER_WORKBENCH_BENCH_CONTAINERS ?? 200);
const DEADLINE_MS = 8 * 60_000;
const IDLE_MS = 10_000;

export async function benchRemote() {
  const out = [];
  const started = Date.now();
  const overDeadline = () => Date.now() - started > DEADLINE_MS;
  const image = process.env.DOCKER_WORKBENCH_ENGINE_IMAGE || 'workbench-busybox:latest';
  const engine = ensureEngine();
  if (engine.skipped) return [engine.skipped];
  const startedEngine = engine.started;
  const E = await loadBundle(
    'remote',
    [
      "export * from './client/src/engine';",
      "export { containerTree, containerRow } from './client/src/explorer/model';",
      "export { Refresher } from './client/src/explorer/refresher';",
      "export { startSshd, clientHome } from './test/engine/sshd';",
    ],
    ['cpu-features', '*.node'],
  );
  const socket = path.join(process.env.DOCKER_WORKBENCH_ENGINE_DIR || path.join(repoRoot, '.cache', 'engine'), 'docker.sock');
  const local = new E.EngineClient(E.parseHostUrl(`unix://${socket}`, 'setting', 'bench'), { timeoutMs: 60_000 });
  await local.connect();
  const sshd = await E.startSshd({ dockerHost: `unix://${socket}` });
  const home = E.clientHome(sshd, { knownHosts: `${sshd.knownName} ${sshd.hostKeys.ed25519}\n` });
  const url = `ssh://root@127.0.0.1:${sshd.port}`;
  const made = [];
  const work = mkdtempSync(path.join(tmpdir(), 'dw-bench-remote-'));
  let remote;
  try {
    // The docker CLI's ssh, on this run's files only.
    const sshConfig = path.join(work, 'ssh_config');
    writeFileSync(sshConfig, `Host *\n  IdentityFile ${path.join(home, '.ssh', 'id_ed25519')}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${path.join(home, '.ssh', 'known_hosts')}\n  GlobalKnownHostsFile /dev/null\n  BatchMode yes\n`);
    const bin = path.join(work, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'ssh'), '#!/bin/sh\nexec /usr/bin/ssh -F "$DW_BENCH_SSH_CONFIG" "$@"\n');
    chmodSync(path.join(bin, 'ssh'), 0o755);
    const dockerConfig = path.join(work, 'docker-config');
    mkdirSync(dockerConfig);
    const cliEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}`, DW_BENCH_SSH_CONFIG: sshConfig, DOCKER_CONFIG: dockerConfig };
    const cli = () => {
      const r = spawnSync('docker', ['-H', url, 'ps', '-a', '--format', 'json'], { encoding: 'utf8', timeout: 60_000, env: cliEnv });
      if (r.status !== 0) throw new Error(`docker -H ${url} ps failed: ${r.stderr}`);
      return r.stdout.split('\n').filter((l) => l.trim().startsWith('{')).length;
    };

    const t0 = Date.now();
    await makeBenchContainers(E, local, { image, count: COUNT, prefix: 'dw-bench-remote', made, overDeadline });
    out.push(`sshd (OpenSSH, Debian) on 127.0.0.1:${sshd.port} in front of the private engine; created ${made.length} containers in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    remote = new E.EngineClient(E.resolveEndpoint({ hostFlag: url, env: {}, homeDir: home }), { timeoutMs: 60_000, ssh: { home, systemConfig: '', env: {} } });
    await remote.connect();
    const stream = E.createEventStream(remote);
    let latest = new Map();
    let waiting;
    const refresher = new E.Refresher(async (views) => {
      if (!views.has('containers')) return;
      const rows = E.containerTree(await E.listContainers(remote, { all: true }));
      latest = new Map([...rows.loose, ...rows.groups.flatMap((g) => g.containers)].map((c) => [c.name, c.state]));
      waiting?.();
    });
    stream.onEvent((ev) => refresher.onEvent(ev));
    if (!(await stream.start())) throw new Error('the events subscription over SSH did not connect');

    // ---- 1. refresh vs docker -H ssh:// ps -a
    const oursRows = await listAndTree(E, remote);
    const cliRows = cli();
    const handshakesBefore = sshd.accepted();
    const a = [];
    const b = [];
    for (let i = 0; i < 20 && !overDeadline(); i++) {
      let s = process.hrtime.bigint();
      await listAndTree(E, remote);
      a.push(Number(process.hrtime.bigint() - s) / 1e6);
      s = process.hrtime.bigint();
      cli();
      b.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    const cliHandshakes = sshd.accepted() - handshakesBefore;
    const oursHandshakesInRefresh = remote.ssh.handshakes - 1;
    out.push(`Containers refresh over SSH (list + tree), ${oursRows} rows: median ${median(a).toFixed(1)} ms (min ${Math.min(...a).toFixed(1)}, ${a.length} runs)`);
    out.push(`docker -H ssh://… ps -a --format json, ${cliRows} lines: median ${median(b).toFixed(1)} ms (min ${Math.min(...b).toFixed(1)}, ${b.length} runs; a new ssh process and handshake each)`);
    const ratio = median(b) / median(a);
    out.push(`ratio docker -H ssh:// ps / ours: ${ratio.toFixed(2)}x  ${ratio >= 5 ? 'GOAL MET (>= 5x)' : 'GOAL NOT MET (< 5x)'}`);

    // ---- 2. handshakes while idle and per refresh
    const idleBefore = sshd.accepted();
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const idle = sshd.accepted() - idleBefore;
    out.push(
      `SSH handshakes the server accepted: ${cliHandshakes} for ${b.length} docker CLI calls; ours ${oursHandshakesInRefresh} during ${a.length} refreshes, ${idle} while idle ${IDLE_MS / 1000} s with /events open ` +
        `(ours in all: ${remote.ssh.handshakes}, exec channels opened: ${remote.ssh.channelsOpened})  ${oursHandshakesInRefresh === 0 && idle === 0 ? 'GOAL MET (0 and 0)' : 'GOAL NOT MET'}`,
    );

    // ---- 3. create+start -> node, through /events over SSH
    const delays = [];
    for (let i = 0; i < 10 && !overDeadline(); i++) {
      const name = `dw-bench-remote-ev-${process.pid}-${i}`;
      const seen = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} did not show as running within 10 s`)), 10_000);
        waiting = () => {
          if (latest.get(name) === 'running') {
            clearTimeout(timer);
            resolve(performance.now());
          }
        };
      });
      const s = performance.now();
      const r = await E.runContainer(local, { image, name, cmd: ['sleep', '600'], init: true, labels: { [BENCH_LABEL]: '1' } });
      made.push(r.id);
      delays.push((await seen) - s);
    }
    stream.stop();
    refresher.dispose();
    out.push(`create+start (on the engine) -> node shows running in the tree over SSH, ${delays.length} runs: median ${median(delays).toFixed(0)} ms (max ${Math.max(...delays).toFixed(0)})`);
  } finally {
    remote?.dispose();
    const t = Date.now();
    await pool(made, 8, (id) => E.removeContainer(local, id, { force: true }).catch(() => undefined));
    out.push(`removed ${made.length} containers in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    await sshd.stop();
    rmSync(work, { recursive: true, force: true });
    local.dispose();
    if (startedEngine) engineScript('stop');
  }
  return out;
}
