// The groups of `npm run bench [-- GROUP...]` (entered through bench.mjs, which installs the npm
// packages first): timings, not tests; nothing here asserts. Each group measures one thing the
// product promises and says plainly when a goal is missed. Groups run in order; name some on the
// command line to run only those.
import { loadBundle } from './lib/bench-bundle.mjs';
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDockerignore } from './bench-dockerignore.mjs';
import { benchEngine } from './bench-engine.mjs';
import { benchRemote } from './bench-remote.mjs';
import { benchFuzz } from './bench-fuzz.mjs';
import { benchMemory } from './bench-memory.mjs';
import { benchStartup } from './bench-startup.mjs';
import { benchLsp } from './bench-lsp.mjs';
import { benchCompose } from './bench-compose.mjs';
import { generateDockerfile, longRun } from './lib/bench-inputs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, '.bench');
const require = createRequire(import.meta.url);


/** @typedef {{ name: string, describe: string, run: () => Promise<string[]> }} BenchGroup */
/** @type {BenchGroup[]} */
const groups = [
  {
    name: 'lint',
    describe: 'docker-workbench lint() against dockerfile-utils validate() (goal: >= 10x faster on every input)',
    run: benchLint,
  },
  {
    name: 'dockerignore',
    describe: '.dockerignore: `**/`x13 `z` on a 19-deep tree (goal: < 50 ms) and the walk of a 150k-file context (event-loop stalls)',
    run: benchDockerignore,
  },
  {
    name: 'memory',
    describe: 'peak memory of docker-workbench lint against file size (1, 5, 10 MiB; the worst shape at 1, 2 MiB), and a 50 MiB file over the size limit',
    run: () => benchMemory({ generate: generateDockerfile, benchDir }),
  },
  {
    name: 'lsp',
    describe: 'editor requests over stdio, ours beside dockerfile-language-server-nodejs 0.15.0 in the same run (goals: 5 ms at 10k lines, linear; formatting 2x faster; change to diagnostics 50 ms; peak memory)',
    run: benchLsp,
  },
  {
    name: 'compose',
    describe: 'a 2,000-line compose file validated after a change (parse, schema, rules; goal < 50 ms) beside docker-compose config on the same file',
    run: benchCompose,
  },
  {
    name: 'startup',
    describe: 'language server start (initialize, first diagnostics) and activation in VS Code (code-server)',
    run: benchStartup,
  },
  {
    name: 'fuzz',
    describe: 'generated and mutated Dockerfiles and .dockerignore files through lint() (a worker), the language server over stdio and the CLI: crashes, hangs, calls over 1 s',
    run: benchFuzz,
  },
  {
    name: 'engine',
    describe: 'the explorer on a real engine with 200 containers: list + tree vs docker ps -a --format json, and run -> node delay (events)',
    run: benchEngine,
  },
  {
    name: 'remote',
    describe: 'the explorer over an ssh:// engine (Debian sshd in front of the private engine, 200 containers): refresh vs docker -H ssh:// ps -a (goal >= 5x), SSH handshakes idle and per refresh (goal 0), run -> node over SSH',
    run: benchRemote,
  },
];

// ---------------------------------------------------------------------------------------------

async function benchLint() {
  const { lint } = await loadBundle('lint', ["export { lint } from './server/src/lint';"]);
  const { validate } = require('dockerfile-utils');
  // A Windows host, so the host rules run too: the figure must include the most work we do.
  const host = { engineOs: 'windows', build: 17763, isolation: 'process', source: 'cli' };

  let validateThrows = 0;
  const ours = (texts) => {
    for (const text of texts) lint(text, { host });
  };
  const theirs = (texts) => {
    for (const text of texts) {
      try {
        validate(text);
      } catch {
        // dockerfile-utils overflows its stack on some inputs (see LIBRARIES.md); count, keep timing.
        validateThrows++;
      }
    }
  };

  const inputs = [];
  const corpus = loadCorpus();
  if (corpus.texts) inputs.push({ name: `corpus (${corpus.texts.length} files)`, texts: corpus.texts });
  for (const size of [1_000, 10_000, 50_000]) {
    inputs.push({ name: `generated ${size / 1000}k lines`, texts: [generateDockerfile(size, size)], perLine: true });
  }
  inputs.push({ name: 'one RUN over 10k lines', texts: [longRun(10_000)] });

  const rows = [];
  for (const input of inputs) {
    const lines = input.texts.reduce((n, t) => n + countLines(t), 0);
    const a = time(() => ours(input.texts), { budgetMs: 3000, min: 5, max: 40 });
    // dockerfile-utils takes seconds at 50k lines: there one timed run after the warm-up is all the budget allows.
    const b = time(() => theirs(input.texts), { budgetMs: 8000, min: 1, max: 10 });
    // What each side found, so a fast figure cannot come from doing nothing.
    const found = input.texts.reduce((n, t) => n + lint(t, { host }).length, 0);
    const diagnostics = input.texts.reduce((n, t) => {
      try {
        return n + validate(t).length;
      } catch {
        return n;
      }
    }, 0);
    rows.push({ ...input, lines, ours: a, theirs: b, ratio: b.median / a.median, found, diagnostics });
  }

  const out = [];
  if (corpus.note) out.push(corpus.note);
  out.push(
    table(
      ['input', 'lines', 'ours ms', 'runs', 'findings', 'dockerfile-utils ms', 'runs', 'diagnostics', 'ratio', 'ours ms/1k lines'],
      rows.map((r) => [
        r.name,
        String(r.lines),
        r.ours.median.toFixed(2),
        String(r.ours.runs),
        String(r.found),
        r.theirs.median.toFixed(1),
        String(r.theirs.runs),
        String(r.diagnostics),
        `${r.ratio.toFixed(1)}x`,
        r.perLine ? ((r.ours.median / r.lines) * 1000).toFixed(3) : '',
      ]),
    ),
  );
  out.push('median of the timed runs after about 1 s of warm-up; ratio = dockerfile-utils / ours');
  if (validateThrows > 0) out.push(`dockerfile-utils threw on ${validateThrows} validate() calls (counted in its time)`);
  const sized = rows.filter((r) => r.perLine);
  if (sized.length > 1) {
    const perK = sized.map((r) => (r.ours.median / r.lines) * 1000);
    // 1k lines fit in the young generation and caches; from 10k on, time per line should stay flat.
    const growth = perK[perK.length - 1] / perK[perK.length - 2];
    out.push(
      `linearity: ours per 1k lines ${sized.map((r, i) => `${perK[i].toFixed(2)} ms (${r.lines / 1000}k)`).join(', ')}; ` +
        `${sized[sized.length - 1].lines / 1000}k vs ${sized[sized.length - 2].lines / 1000}k: ${growth.toFixed(2)}x (1 = linear)` +
        (growth > 1.5 ? ' - GROWS WITH SIZE: superlinear work somewhere' : ''),
    );
  }
  const GOAL = 10;
  const missed = rows.filter((r) => r.ratio < GOAL);
  out.push(
    missed.length === 0
      ? `GOAL MET: >= ${GOAL}x faster than dockerfile-utils on every input`
      : `GOAL MISSED (>= ${GOAL}x faster on every input): ${missed.map((r) => `${r.name} ${r.ratio.toFixed(1)}x`).join('; ')}`,
  );
  return out;
}

function loadCorpus() {
  const dir = process.env.DOCKER_WORKBENCH_CORPUS ?? path.resolve(root, '..', 'shared', 'corpus');
  const manifestPath = path.join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return { note: `corpus not found at ${dir} (set DOCKER_WORKBENCH_CORPUS); skipping that input` };
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  return { texts: manifest.map((entry) => readFileSync(path.join(dir, entry.file), 'utf8')) };
}

/** Warm up for about a second (at least once) so the JIT has settled, then time runs until the budget is spent (within min..max runs). */
function time(fn, { budgetMs, min, max }) {
  let warm = measure(fn);
  for (let spent = warm, i = 1; spent < 1000 && i < 20; i++) {
    warm = measure(fn);
    spent += warm;
  }
  const runs = Math.max(min, Math.min(max, Math.floor(budgetMs / Math.max(warm, 0.01))));
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(measure(fn));
  samples.sort((x, y) => x - y);
  const mid = Math.floor(samples.length / 2);
  const median = samples.length % 2 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
  return { median, runs };
}

// No forced collection between runs: a full GC throws away type feedback and doubled our figures,
// and an editor re-linting as you type never runs one either; each run pays for its own garbage.
function measure(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * What the figures depend on most besides the code: this machine's cost of touching memory the
 * process has not used yet (each page's first touch is a fault; on a virtual machine that can cost
 * microseconds) beside copying into memory already in use. Large strings and buffers made per edit
 * or per answer pay the first; the same code measured 2-3x slower on a machine where it was high.
 */
function machineLine() {
  const MB = 4;
  const size = MB * 1024 * 1024;
  const reused = new Uint8Array(size);
  const fresh = [];
  const copy = [];
  for (let i = 0; i < 15; i++) {
    fresh.push(measure(() => new Uint8Array(size).fill(i + 1)));
    copy.push(measure(() => reused.fill(i + 1)));
  }
  const mid = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  return `this machine: ${(mid(fresh) / MB).toFixed(2)} ms per MB of fresh memory touched, ${(mid(copy) / MB).toFixed(3)} ms per MB of memory in use written (medians of 15)`;
}

/**
 * How busy the machine was, for reading the figures beside it (the bench's own processes count
 * too): the load average over a minute, and where Linux reports it (/proc/pressure/cpu) the share
 * of the last minute in which some runnable task waited for a CPU.
 */
function loadLine() {
  const parts = [`load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} CPUs`];
  try {
    const some = /^some avg10=([\d.]+) avg60=([\d.]+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    if (some !== null) parts.push(`tasks waiting for a CPU ${some[2]}% of the last minute`);
  } catch {
    // No pressure figures on this system: the load average alone.
  }
  return parts.join(', ');
}

function countLines(text) {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !groups.some((g) => g.name === name));
if (unknown.length > 0) {
  console.error(`unknown benchmark group ${unknown.join(', ')}; groups: ${groups.map((g) => g.name).join(', ')}`);
  process.exit(2);
}
const started = Date.now();
console.log(machineLine());
console.log(`machine load at the start: ${loadLine()}`);
for (const group of groups.filter((g) => wanted.length === 0 || wanted.includes(g.name))) {
  console.log(`\n== ${group.name}: ${group.describe}`);
  const groupStart = Date.now();
  for (const line of await group.run()) console.log(line);
  console.log(`(${group.name} took ${((Date.now() - groupStart) / 1000).toFixed(1)} s; machine load at its end: ${loadLine()})`);
}
console.log(`\nbench finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
