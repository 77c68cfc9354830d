// What a fuzz run counts and where it keeps what it found. A failing input is written to a
// git-ignored folder (.cache/fuzz by default) with its seed, so it can be replayed and turned into
// a regression test.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FuzzInput } from './inputs';

export type FuzzPath = 'in-process' | 'lsp' | 'cli';
/** crash: the process or a handler died; hang: no answer by the hard deadline; slow: over 1 s; invariant: a wrong answer. */
export type FailureKind = 'crash' | 'hang' | 'slow' | 'invariant';

export interface Failure {
  path: FuzzPath;
  kind: FailureKind;
  seed: number;
  detail: string;
  /** Where the input was saved. */
  saved?: string;
}

export interface PathTotals {
  inputs: number;
  /** Requests (lsp), batches (cli) or feature calls (in-process) made. */
  calls: number;
  crashes: number;
  hangs: number;
  slow: number;
  invariants: number;
  /** Calls over 1 s while the lanes ran that stayed under it when the input was run again alone. */
  slowUnderLoad: number;
  slowest: { ms: number; what: string; seed: number };
  ms: number;
  /** Time by kind of call, to see where a path spends it. */
  byWhat: Record<string, { count: number; ms: number; max: number }>;
}

export function emptyTotals(): PathTotals {
  return { inputs: 0, calls: 0, crashes: 0, hangs: 0, slow: 0, invariants: 0, slowUnderLoad: 0, slowest: { ms: 0, what: '', seed: 0 }, ms: 0, byWhat: {} };
}

export function noteTime(totals: PathTotals, ms: number, what: string, seed: number): void {
  const kind = (totals.byWhat[what.replace(/ v\d+$/, '')] ??= { count: 0, ms: 0, max: 0 });
  kind.count++;
  kind.ms += ms;
  kind.max = Math.max(kind.max, ms);
  if (ms > totals.slowest.ms) totals.slowest = { ms, what, seed };
}

export function count(totals: PathTotals, kind: FailureKind): void {
  if (kind === 'crash') totals.crashes++;
  else if (kind === 'hang') totals.hangs++;
  else if (kind === 'slow') totals.slow++;
  else totals.invariants++;
}

/** Keeps the failures of a run and saves each one's input once. */
export interface Suspect {
  path: FuzzPath;
  input: FuzzInput;
  what: string;
  ms: number;
}

export class Findings {
  readonly failures: Failure[] = [];
  /**
   * Calls over 1 s, not yet counted: on two shared cores, three lanes and whatever else runs can
   * stretch any call. Each is run again alone at the end, and counts only if it is slow again.
   */
  readonly suspects: Suspect[] = [];
  private saved = new Set<string>();

  constructor(
    readonly dir: string,
    private readonly log: (line: string) => void,
  ) {}

  add(failure: Omit<Failure, 'saved'>, input: FuzzInput | undefined, totals: PathTotals): void {
    count(totals, failure.kind);
    let saved: string | undefined;
    if (input !== undefined) saved = this.save(input, failure);
    const entry = { ...failure, ...(saved ? { saved } : {}) };
    // A pathological input can fail a hundred ways; the first few say enough.
    if (this.failures.length < 500) this.failures.push(entry);
    this.log(`FOUND ${failure.path} ${failure.kind} seed=${failure.seed}${saved ? ` saved=${saved}` : ''}: ${failure.detail.split('\n')[0].slice(0, 300)}`);
  }

  suspect(s: Suspect): void {
    if (!this.suspects.some((o) => o.path === s.path && o.input.seed === s.input.seed)) this.suspects.push(s);
  }

  private save(input: FuzzInput, failure: Omit<Failure, 'saved'>): string {
    const base = path.join(this.dir, `${failure.path}-${failure.kind}-${input.seed}`);
    if (this.saved.has(base)) return `${base}.Dockerfile`;
    this.saved.add(base);
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(`${base}.Dockerfile`, input.text);
    if (input.dockerignore !== undefined) writeFileSync(`${base}.Dockerfile.dockerignore`, input.dockerignore);
    writeFileSync(
      `${base}.json`,
      JSON.stringify({ ...failure, inputKind: input.kind, host: input.host, contextPaths: input.contextPaths, replay: `node scripts/bench-fuzz.mjs replay ${input.seed}` }, null, 2) + '\n',
    );
    return `${base}.Dockerfile`;
  }
}
