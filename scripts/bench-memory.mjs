// The `memory` group of `npm run bench`: peak memory of `docker-workbench lint` (the bundled CLI,
// one process per file, JSON to /dev/null) against the size of the Dockerfile it lints. Below the
// size limit, peak resident memory above a bare start should grow linearly with the file; the
// factor (bytes of peak per byte of file) is the figure the docs quote, for generated files of the
// usual shapes and for the worst shape found. Above the limit the CLI
// only stats the file and reports file-too-large, so its peak is the bare start's.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MiB = 1024 * 1024;
const SIZES_MIB = [1, 5, 10];
// The shape that costs the most per byte among those tried (long RUN continuations, one huge word,
// huge exec-form arrays, deep ${...} nesting): one ENV with very many variables referencing another.
const WORST_SIZES_MIB = [1, 2];
const worstShape = (mib) => `FROM alpine:3.19\nENV ${'A=$B '.repeat(Math.ceil((mib * MiB) / 5))}\n`;
const OVER_LIMIT_MIB = 50;

// Loaded into the measured process with --require: writes its peak resident set (KiB) to the file
// the bench names, as it exits. On Linux that is VmHWM of /proc/self/status: getrusage's maxrss
// survives exec, so a child would report its parent's size at the fork when that was larger.
const PRELOAD = `process.on('exit', () => {
  const fs = require('node:fs');
  let kib = process.resourceUsage().maxRSS;
  try {
    const m = /^VmHWM:\\s+(\\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) kib = Number(m[1]);
  } catch {}
  fs.writeFileSync(process.env.DW_BENCH_RSS_OUT, String(kib));
});
`;

/** @param {{ generate: (lines: number, seed: number) => string, benchDir: string }} options */
export async function benchMemory({ generate, benchDir }) {
  if (spawnSync(process.execPath, ['scripts/build.mjs', 'cli'], { cwd: root, stdio: 'inherit' }).status !== 0) return ['build failed; nothing measured'];
  const dir = path.join(benchDir, 'memory');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const preload = path.join(dir, 'preload.cjs');
  writeFileSync(preload, PRELOAD);

  // The same mixed Linux/Windows text the lint group times, grown to each size.
  const sample = generate(2000, 7);
  const bytesPerLine = Buffer.byteLength(sample) / 2000;
  const fileOf = (mib) => {
    const file = path.join(dir, `${mib}MiB.Dockerfile`);
    writeFileSync(file, generate(Math.ceil((mib * MiB) / bytesPerLine), mib));
    return file;
  };

  const bare = await peak(preload, fileOf(0.001), []);
  const rows = [];
  for (const mib of SIZES_MIB) {
    const file = fileOf(mib);
    // The limit is raised past each file, so every one of them is really linted.
    const run = await peak(preload, file, ['--max-file-size', `${mib + 1}M`]);
    const size = statSync(file).size;
    rows.push({ mib, size, ...run, factor: ((run.peakKiB - bare.peakKiB) * 1024) / size });
  }
  const worst = [];
  for (const mib of WORST_SIZES_MIB) {
    const file = path.join(dir, `worst-${mib}MiB.Dockerfile`);
    writeFileSync(file, worstShape(mib));
    const run = await peak(preload, file, ['--max-file-size', `${mib + 1}M`]);
    worst.push({ mib, ...run, factor: ((run.peakKiB - bare.peakKiB) * 1024) / run.size });
  }
  const over = await peak(preload, fileOf(OVER_LIMIT_MIB), []);
  rmSync(dir, { recursive: true, force: true });

  const out = [];
  out.push(`bare start (a ${Math.round(bare.size)}-byte file): peak ${(bare.peakKiB / 1024).toFixed(0)} MiB`);
  out.push(
    table(
      ['file', 'bytes', 'peak MiB', 'above bare MiB', 'peak bytes per file byte', 'seconds', 'findings'],
      rows.map((r) => [
        `${r.mib} MiB`,
        String(r.size),
        (r.peakKiB / 1024).toFixed(0),
        ((r.peakKiB - bare.peakKiB) / 1024).toFixed(0),
        r.factor.toFixed(1),
        (r.ms / 1000).toFixed(2),
        String(r.findings),
      ]),
    ),
  );
  // The factor at each size includes what a first real lint costs whatever the size (compiled
  // code, the heap's first growth); the step between sizes is what one more byte of file costs.
  const steps = rows.slice(1).map((r, i) => ((r.peakKiB - rows[i].peakKiB) * 1024) / (r.size - rows[i].size));
  const spread = Math.max(...steps) / Math.min(...steps);
  out.push(
    `factor: ${rows[rows.length - 1].factor.toFixed(0)} bytes of peak memory per byte of Dockerfile at ${rows[rows.length - 1].mib} MiB; ` +
      `per added byte ${steps.map((f, i) => `${f.toFixed(1)} (${rows[i].mib}-${rows[i + 1].mib} MiB)`).join(', ')}: ` +
      (spread > 1.5 ? `spread ${spread.toFixed(2)}x - NOT LINEAR` : `spread ${spread.toFixed(2)}x, linear`),
  );
  out.push(
    `worst shape found (one ENV with very many variables): ` +
      worst.map((w) => `${w.mib} MiB: peak ${(w.peakKiB / 1024).toFixed(0)} MiB, ${w.factor.toFixed(0)} bytes per byte, ${(w.ms / 1000).toFixed(2)} s`).join('; '),
  );
  out.push(
    `${OVER_LIMIT_MIB} MiB file over the default limit: peak ${(over.peakKiB / 1024).toFixed(0)} MiB in ${(over.ms / 1000).toFixed(2)} s, ` +
      `${over.findings} finding(s): ${over.rules.join(', ')} (exit ${over.code})`,
  );
  return out;
}

/** Runs the CLI on one file; its peak RSS (KiB), time, and what it found. */
function peak(preload, file, extraArgs) {
  const rssOut = `${file}.rss`;
  const jsonOut = `${file}.json`;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', preload, path.join(root, 'dist', 'cli.js'), 'lint', '--format', 'json', ...extraArgs, file], {
      cwd: root,
      env: { ...process.env, DW_BENCH_RSS_OUT: rssOut },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      try {
        writeFileSync(jsonOut, Buffer.concat(chunks));
        const findings = JSON.parse(readFileSync(jsonOut, 'utf8'));
        resolve({
          code,
          ms,
          size: statSync(file).size,
          peakKiB: Number(readFileSync(rssOut, 'utf8')),
          findings: findings.length,
          rules: [...new Set(findings.map((f) => f.rule))],
        });
      } catch (error) {
        reject(new Error(`lint of ${file} exited ${code} without a report: ${error.message}`));
      }
    });
  });
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
