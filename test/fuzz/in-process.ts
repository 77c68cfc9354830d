// The in-process path at volume: a worker thread makes its own inputs (from the run's seed and an
// index range) and checks each (check.ts). The worker writes the index it is on into shared memory,
// so the main thread can tell a hang from slow progress and stop it: a synchronous endless loop
// would otherwise hold the whole run. After a hang or a crash a new worker goes on past the input.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { type Timings, checkInput } from './check';
import { type Corpus, type FuzzInput, loadCorpus, makeInput } from './inputs';
import { inputSeed } from './random';
import type { Findings, PathTotals } from './report';

export const STEP_LIMIT_MS = 1000;
const HANG_MS = 20_000;
const WORKER_KIND = 'docker-workbench-fuzz-in-process';
const PROGRESS_EVERY = 500;

interface Task {
  kind: typeof WORKER_KIND;
  runSeed: number;
  from: number;
  to: number;
  corpusDir: string;
  progress: SharedArrayBuffer;
  deadline: number;
}

interface Tally {
  count: number;
  ms: number;
  byStep: Timings;
  slowest: { ms: number; step: string; seed: number };
}

type Message = { type: 'tally'; tally: Tally; last: boolean } | { type: 'problems'; seed: number; problems: string[] } | { type: 'slow'; seed: number; step: string; ms: number };

const RECHECK_KIND = 'docker-workbench-fuzz-recheck';

if (!isMainThread && (workerData as Task | undefined)?.kind === WORKER_KIND) work(workerData as Task);
if (!isMainThread && (workerData as { kind?: string } | undefined)?.kind === RECHECK_KIND) recheck((workerData as { input: FuzzInput }).input);

/** A fresh thread, warmed up, then the input three times: the time of each run's slowest step. */
function recheck(input: FuzzInput): void {
  for (let i = 1; i <= 30; i++) checkInput(makeInput(i, { texts: [] }));
  parentPort?.postMessage([0, 1, 2].map(() => checkInput(input).slowest.ms));
}

/**
 * Checks one input again in a new worker, so that neither the heap of a long run nor a cold
 * compiler weighs on the time; rejects when it does not finish in `deadlineMs`.
 */
export function recheckInWorker(input: FuzzInput, deadlineMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { kind: RECHECK_KIND, input } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`no answer in ${deadlineMs / 1000} s`));
    }, deadlineMs);
    worker.once('message', (times: number[]) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(times);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function work(task: Task): void {
  const progress = new Int32Array(task.progress);
  const corpus = loadCorpus(task.corpusDir);
  const fresh = (): Tally => ({ count: 0, ms: 0, byStep: {}, slowest: { ms: 0, step: '', seed: 0 } });
  // Sent every PROGRESS_EVERY inputs, so a worker stopped later loses little of its figures.
  let tally = fresh();
  for (let i = task.from; i < task.to && Date.now() < task.deadline; i++) {
    Atomics.store(progress, 0, i);
    const seed = inputSeed(task.runSeed, i);
    const started = performance.now();
    const result = checkInput(makeInput(seed, corpus), tally.byStep);
    tally.ms += performance.now() - started;
    const { step, ms } = result.slowest;
    if (ms > tally.slowest.ms) tally.slowest = { ms, step, seed };
    if (result.problems.length > 0) post({ type: 'problems', seed, problems: result.problems });
    if (ms > STEP_LIMIT_MS) post({ type: 'slow', seed, step, ms });
    if (++tally.count === PROGRESS_EVERY) {
      post({ type: 'tally', tally, last: false });
      tally = fresh();
    }
  }
  post({ type: 'tally', tally, last: true });
}

function add(totals: PathTotals, tally: Tally): void {
  totals.inputs += tally.count;
  totals.ms += tally.ms;
  for (const [step, s] of Object.entries(tally.byStep)) {
    const t = (totals.byWhat[step] ??= { count: 0, ms: 0, max: 0 });
    t.count += s.count;
    t.ms += s.ms;
    t.max = Math.max(t.max, s.max);
    totals.calls += s.count;
  }
  if (tally.slowest.ms > totals.slowest.ms) totals.slowest = { ms: tally.slowest.ms, what: tally.slowest.step, seed: tally.slowest.seed };
}

function post(message: Message): void {
  parentPort?.postMessage(message);
}

/**
 * Checks inputs `from`..`to` of the run in a worker (this file is its script), restarting past an
 * input that hung or crashed it. Stops early at `deadline` (epoch ms).
 */
export async function runInProcess(options: {
  runSeed: number;
  from: number;
  to: number;
  corpusDir: string;
  corpus: Corpus;
  deadline: number;
  totals: PathTotals;
  findings: Findings;
}): Promise<void> {
  const { totals, findings } = options;
  let from = options.from;
  while (from < options.to && Date.now() < options.deadline) {
    const progress = new SharedArrayBuffer(4);
    const view = new Int32Array(progress);
    Atomics.store(view, 0, from);
    const task: Task = { kind: WORKER_KIND, runSeed: options.runSeed, from, to: options.to, corpusDir: options.corpusDir, progress, deadline: options.deadline };
    let counted = 0;
    const outcome = await new Promise<{ stoppedAt?: number; why?: 'hang' | 'crash'; detail?: string }>((resolve) => {
      const worker = new Worker(__filename, { workerData: task, resourceLimits: { maxOldGenerationSizeMb: 4096 } });
      let last = from;
      let lastChange = Date.now();
      const watchdog = setInterval(() => {
        const now = Atomics.load(view, 0);
        if (now !== last) {
          last = now;
          lastChange = Date.now();
        } else if (Date.now() - lastChange > HANG_MS) {
          clearInterval(watchdog);
          void worker.terminate();
          resolve({ stoppedAt: now, why: 'hang', detail: `no progress in ${HANG_MS / 1000} s` });
        }
      }, 250);
      worker.on('message', (m: Message) => {
        if (m.type === 'tally') {
          add(totals, m.tally);
          counted += m.tally.count;
        } else if (m.type === 'problems') {
          findings.add({ path: 'in-process', kind: 'invariant', seed: m.seed, detail: m.problems.join('\n') }, makeInput(m.seed, options.corpus), totals);
        } else {
          findings.suspect({ path: 'in-process', input: makeInput(m.seed, options.corpus), what: m.step, ms: m.ms });
        }
      });
      worker.on('error', (error) => {
        clearInterval(watchdog);
        resolve({ stoppedAt: Atomics.load(view, 0), why: 'crash', detail: String(error) });
      });
      worker.on('exit', () => {
        clearInterval(watchdog);
        resolve({});
      });
    });
    if (outcome.stoppedAt === undefined) return;
    const seed = inputSeed(options.runSeed, outcome.stoppedAt);
    // The inputs before the one that stopped the worker were checked; their last tally never came.
    totals.inputs += outcome.stoppedAt - from + 1 - counted;
    findings.add({ path: 'in-process', kind: outcome.why ?? 'crash', seed, detail: outcome.detail ?? '' }, makeInput(seed, options.corpus), totals);
    from = outcome.stoppedAt + 1;
  }
}
