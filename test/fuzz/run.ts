// A fuzz run: three lanes at once, each on its own inputs of the same seeded stream (in-process in a
// worker thread, the language server over stdio, the CLI in batches), each bounded in count and
// in time. Used by the test tier (a short run) and by `npm run bench -- fuzz` (the long one).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkInput } from './check';
import { CliFuzzer, FORMATS } from './cli-fuzz';
import { STEP_LIMIT_MS, recheckInWorker, runInProcess } from './in-process';
import { type Corpus, type FuzzInput, makeInput } from './inputs';
import { LspFuzzer, REQUEST_LIMIT_MS } from './lsp-fuzz';
import { inputSeed } from './random';
import { type Failure, type FuzzPath, type PathTotals, Findings, emptyTotals } from './report';

export interface FuzzOptions {
  seed: number;
  /** Inputs per lane. */
  counts: Record<FuzzPath, number>;
  cliBatch: number;
  /** CLI processes running at once (default 1). */
  cliProcesses?: number;
  repoRoot: string;
  corpus: Corpus;
  corpusDir: string;
  failuresDir: string;
  /** Each lane stops here (epoch ms) even if its count is not reached. */
  deadline: number;
  log: (line: string) => void;
  /** How often to print progress; 0 for never. */
  progressEveryMs?: number;
}

export interface FuzzReport {
  seed: number;
  totals: Record<FuzzPath, PathTotals>;
  failures: Failure[];
  wallMs: number;
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const totals: Record<FuzzPath, PathTotals> = { 'in-process': emptyTotals(), lsp: emptyTotals(), cli: emptyTotals() };
  const findings = new Findings(o.failuresDir, o.log);
  // Disjoint index ranges: every input of the run is a different one.
  const base = { 'in-process': 0, lsp: o.counts['in-process'], cli: o.counts['in-process'] + o.counts.lsp };
  const input = (lane: FuzzPath, i: number): FuzzInput => makeInput(inputSeed(o.seed, base[lane] + i), o.corpus);
  const progress =
    o.progressEveryMs !== undefined && o.progressEveryMs > 0
      ? setInterval(() => o.log(`  ${((Date.now() - started) / 1000).toFixed(0)} s: ${(Object.keys(totals) as FuzzPath[]).map((p) => `${p} ${totals[p].inputs}`).join(', ')}; found ${findings.failures.length}`), o.progressEveryMs)
      : undefined;

  const inProcess = runInProcess({
    runSeed: o.seed,
    from: 0,
    to: o.counts['in-process'],
    corpusDir: o.corpusDir,
    corpus: o.corpus,
    deadline: o.deadline,
    totals: totals['in-process'],
    findings,
  });

  const lsp = (async () => {
    const fuzzer = new LspFuzzer(totals.lsp, findings);
    try {
      for (let i = 0; i < o.counts.lsp && Date.now() < o.deadline; i++) await fuzzer.run(input('lsp', i));
    } finally {
      await fuzzer.stop();
    }
  })();

  const cli = (async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'dwb-fuzz-'));
    const fuzzer = new CliFuzzer(path.join(o.repoRoot, 'dist', 'cli.js'), work, totals.cli, findings);
    let next = 0;
    let b = 0;
    // Several CLI processes at once: each spends part of its time waiting on the file system.
    const worker = async () => {
      while (next < o.counts.cli && Date.now() < o.deadline) {
        const from = next;
        const n = Math.min(o.cliBatch, o.counts.cli - from);
        next += n;
        const format = FORMATS[b++ % FORMATS.length];
        const batch: FuzzInput[] = [];
        for (let i = 0; i < n; i++) {
          batch.push(input('cli', from + i));
          // Made on the thread that also times the server's answers: a pause often, or they look slow.
          if (i % 20 === 19) await yieldTurn();
        }
        await fuzzer.run(batch, format);
      }
    };
    try {
      await Promise.all(Array.from({ length: o.cliProcesses ?? 1 }, worker));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  })();

  try {
    await Promise.all([inProcess, lsp, cli]);
  } finally {
    if (progress !== undefined) clearInterval(progress);
  }
  await confirmSlow(findings, totals, o.log);
  return { seed: o.seed, totals, failures: findings.failures, wallMs: Date.now() - started };
}

const MAX_RECHECKS = 30;

export function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs each input that had a call over 1 s again, alone (no other lane running), three times: it
 * counts as slow only if that call is over 1 s every time; otherwise as slow under load.
 */
async function confirmSlow(findings: Findings, totals: Record<FuzzPath, PathTotals>, log: (line: string) => void): Promise<void> {
  const suspects = findings.suspects.splice(0);
  for (const [i, s] of suspects.entries()) {
    const limit = s.path === 'lsp' ? REQUEST_LIMIT_MS : STEP_LIMIT_MS;
    let again: number[] = [];
    if (i < MAX_RECHECKS && s.path === 'in-process') {
      again = await recheckInWorker(s.input, 120_000).catch(() => []);
    } else if (i < MAX_RECHECKS && s.path === 'lsp') {
      const scratch = emptyTotals();
      const fuzzer = new LspFuzzer(scratch, findings);
      try {
        // A warm server first: the first requests to a fresh process also pay for loading and compiling it.
        await fuzzer.run({ seed: 0, kind: 'generated', text: 'FROM alpine\nRUN echo hi\n', host: 0 });
        for (let n = 0; n < 3; n++) {
          scratch.byWhat = {};
          await fuzzer.run(s.input);
          again.push(scratch.byWhat[s.what.replace(/ v\d+$/, '')]?.max ?? 0);
        }
      } finally {
        await fuzzer.stop();
      }
    }
    const detail = `${s.what} took ${s.ms.toFixed(0)} ms${again.length > 0 ? `, run again alone ${again.map((ms) => ms.toFixed(0)).join(', ')} ms` : ' (not run again: too many)'}`;
    if (again.length > 0 && Math.min(...again) <= limit) {
      totals[s.path].slowUnderLoad++;
      log(`note: ${s.path} seed=${s.input.seed}: ${detail}: slow only under load, not counted`);
    } else {
      findings.add({ path: s.path, kind: 'slow', seed: s.input.seed, detail }, s.input, totals[s.path]);
    }
  }
}

/** One input through the three paths (every CLI format), for replaying a seed or a saved file. */
export async function replay(input: FuzzInput, repoRoot: string, failuresDir: string, log: (line: string) => void): Promise<FuzzReport> {
  const started = Date.now();
  const totals: Record<FuzzPath, PathTotals> = { 'in-process': emptyTotals(), lsp: emptyTotals(), cli: emptyTotals() };
  const findings = new Findings(failuresDir, log);
  const checked = checkInput(input, totals['in-process'].byWhat);
  totals['in-process'].inputs = 1;
  totals['in-process'].slowest = { ms: checked.slowest.ms, what: checked.slowest.step, seed: input.seed };
  for (const p of checked.problems) findings.add({ path: 'in-process', kind: 'invariant', seed: input.seed, detail: p }, input, totals['in-process']);
  if (checked.slowest.ms > STEP_LIMIT_MS) findings.suspect({ path: 'in-process', input, what: checked.slowest.step, ms: checked.slowest.ms });
  const lsp = new LspFuzzer(totals.lsp, findings);
  try {
    await lsp.run(input);
  } finally {
    await lsp.stop();
  }
  const work = mkdtempSync(path.join(tmpdir(), 'dwb-fuzz-replay-'));
  try {
    const cli = new CliFuzzer(path.join(repoRoot, 'dist', 'cli.js'), work, totals.cli, findings);
    for (const format of FORMATS) await cli.run([input], format);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  await confirmSlow(findings, totals, log);
  return { seed: input.seed, totals, failures: findings.failures, wallMs: Date.now() - started };
}

/** The report as lines: per path, then totals and a plain FOUND or NONE. */
export function describeReport(report: FuzzReport): string[] {
  const paths = Object.keys(report.totals) as FuzzPath[];
  const rows = paths.map((p) => {
    const t = report.totals[p];
    const slowest = t.slowest.ms > 0 ? `${t.slowest.ms.toFixed(0)} ms (${t.slowest.what}, seed ${t.slowest.seed})` : '-';
    return [p, String(t.inputs), String(t.calls), String(t.crashes), String(t.hangs), String(t.slow), String(t.slowUnderLoad), String(t.invariants), slowest];
  });
  const header = ['path', 'inputs', 'calls', 'crashes', 'hangs', 'over 1 s', 'only under load', 'invariants', 'slowest call'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const sum = (f: (t: PathTotals) => number) => paths.reduce((n, p) => n + f(report.totals[p]), 0);
  const failures = sum((t) => t.crashes + t.hangs + t.slow + t.invariants);
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  out.push(
    `total: ${sum((t) => t.inputs)} inputs (${report.totals.lsp.inputs + report.totals.cli.inputs} through the language server and the CLI), ` +
      `${sum((t) => t.crashes)} crashes, ${sum((t) => t.hangs)} hangs, ${sum((t) => t.slow)} over 1 s, ${sum((t) => t.invariants)} broken invariants; seed ${report.seed}; ${(report.wallMs / 1000).toFixed(1)} s`,
  );
  out.push(failures === 0 ? 'NONE: no crash, no hang, no call over 1 s, no broken invariant' : `FOUND: ${failures} failures (inputs saved; replay with node scripts/bench-fuzz.mjs replay SEED)`);
  return out;
}
