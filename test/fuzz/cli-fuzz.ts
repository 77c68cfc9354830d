// The CLI path: `docker-workbench lint` (dist/cli.js) over a folder of fuzz files, one process per
// batch. Each Dockerfile has its own `<name>.dockerignore` (BuildKit's per-Dockerfile ignore file)
// or falls back to the folder's `.dockerignore`; the folder is a small real build context with
// subfolders, a link inside it and one leaving it. Some files are written as raw bytes with flips
// (invalid UTF-8). Formats rotate: json, sarif, text, json with --fix. A crash is an exit code other
// than 0 or 1, a signal, or a stack trace or failed rule on stderr; a hang is a batch past its
// deadline. A failing batch is narrowed down to one file when one alone fails.
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { MAX_MESSAGE_LENGTH } from '../../server/src/messages';
import { type CliRun, runCli } from './cli-run';
import type { FuzzInput } from './inputs';
import { Random } from './random';
import { type Findings, type PathTotals, noteTime } from './report';

export const FORMATS = ['json', 'sarif', 'text', 'json --fix'] as const;
export type CliFormat = (typeof FORMATS)[number];

export class CliFuzzer {
  private batches = 0;

  constructor(
    private readonly cli: string,
    private readonly workDir: string,
    private readonly totals: PathTotals,
    private readonly findings: Findings,
  ) {}

  /** Deadline for a batch: generous, since a hang is what it is for; a slow file shows in the other paths. */
  static deadlineMs(files: number): number {
    return 30_000 + files * 30;
  }

  async run(inputs: readonly FuzzInput[], format: CliFormat): Promise<void> {
    const dir = path.join(this.workDir, `batch-${++this.batches}`);
    const names = await writeBatch(dir, inputs);
    this.totals.inputs += inputs.length;
    this.totals.calls++;
    const result = await runLint(this.cli, dir, format, CliFuzzer.deadlineMs(inputs.length));
    this.totals.ms += result.ms;
    noteTime(this.totals, result.ms, `batch of ${inputs.length} (${format})`, inputs[0]?.seed ?? 0);
    const problem = judge(result, format, names);
    if (problem !== undefined) await this.narrow(dir, inputs, format, problem, result.timedOut);
    rmSync(dir, { recursive: true, force: true });
  }

  /** Halves the batch while one half alone still fails, then reports the input (or the batch) left. */
  private async narrow(dir: string, inputs: readonly FuzzInput[], format: CliFormat, problem: string, timedOut: boolean): Promise<void> {
    const kind = timedOut ? 'hang' : 'crash';
    let suspects = inputs;
    let detail = problem;
    while (suspects.length > 1) {
      const halves = [suspects.slice(0, suspects.length >> 1), suspects.slice(suspects.length >> 1)];
      let next: readonly FuzzInput[] | undefined;
      for (const half of halves) {
        const sub = `${dir}-narrow`;
        const names = await writeBatch(sub, half);
        const again = await runLint(this.cli, sub, format, CliFuzzer.deadlineMs(half.length));
        rmSync(sub, { recursive: true, force: true });
        const p = judge(again, format, names);
        if (p !== undefined) {
          next = half;
          detail = p;
          break;
        }
      }
      if (next === undefined) break;
      suspects = next;
    }
    if (suspects.length === 1) {
      this.findings.add({ path: 'cli', kind, seed: suspects[0].seed, detail: `lint --format ${format}: ${detail}` }, suspects[0], this.totals);
      return;
    }
    // No single file fails alone: keep the whole batch for a look.
    const kept = path.join(this.findings.dir, `cli-${kind}-batch-${inputs[0].seed}`);
    mkdirSync(this.findings.dir, { recursive: true });
    cpSync(dir, kept, { recursive: true, verbatimSymlinks: true });
    this.findings.add({ path: 'cli', kind, seed: inputs[0].seed, detail: `lint --format ${format} on the batch kept in ${kept} (${suspects.length} files together): ${detail}` }, undefined, this.totals);
  }
}

/** The file name of input `i` in a batch. */
function fileName(i: number): string {
  return `f${String(i).padStart(5, '0')}.Dockerfile`;
}

async function writeBatch(dir: string, inputs: readonly FuzzInput[]): Promise<string[]> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'src', 'lib'), { recursive: true });
  writeFileSync(path.join(dir, 'src', 'app.js'), '');
  writeFileSync(path.join(dir, 'src', 'lib', 'util.js'), '');
  mkdirSync(path.join(dir, 'node_modules', 'x'), { recursive: true });
  writeFileSync(path.join(dir, 'node_modules', 'x', 'Dockerfile'), 'FROM skipped\n');
  symlinkSync('src', path.join(dir, 'link-in'));
  symlinkSync('/', path.join(dir, 'link-out'));
  const names: string[] = [];
  let contexts = 0;
  for (const [i, input] of inputs.entries()) {
    // The language server's lane shares this thread: it must get a turn now and then.
    if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
    const name = fileName(i);
    names.push(name);
    const r = new Random(input.seed ^ 0x68e31da4);
    writeFileSync(path.join(dir, name), r.chance(0.1) ? flipBytes(r, Buffer.from(input.text, 'utf8')) : input.text);
    if (input.dockerignore !== undefined) writeFileSync(path.join(dir, `${name}.dockerignore`), input.dockerignore);
    // The context's folders and files, from a few inputs (a folder named like a file is skipped).
    if (input.contextPaths !== undefined && contexts++ < 10) {
      for (const p of input.contextPaths.slice(0, 20)) {
        try {
          mkdirSync(path.join(dir, 'ctx', path.dirname(p)), { recursive: true });
          writeFileSync(path.join(dir, 'ctx', p), '');
        } catch {
          // `a/b` as a file and `a/b/c` as a path: one of them cannot exist.
        }
      }
    }
  }
  writeFileSync(path.join(dir, '.dockerignore'), inputs.find((i) => i.dockerignore !== undefined)?.dockerignore ?? 'node_modules\n');
  return names;
}

function flipBytes(r: Random, bytes: Buffer): Buffer {
  for (let n = r.int(1, 8); n > 0 && bytes.length > 0; n--) bytes[r.int(0, bytes.length - 1)] ^= 1 << r.int(0, 7);
  if (r.chance(0.2)) return Buffer.concat([Buffer.from([r.pick([0xff, 0xfe, 0xc0, 0xed, 0x80])]), bytes]);
  return bytes;
}

function runLint(cli: string, dir: string, format: CliFormat, deadlineMs: number): Promise<CliRun> {
  const [fmt, ...extra] = format.split(' ');
  return runCli(cli, ['lint', '--format', fmt, ...extra, '.'], dir, deadlineMs);
}

/** What is wrong with a batch's run, or undefined when nothing is. */
function judge(run: CliRun, format: CliFormat, names: readonly string[]): string | undefined {
  // Notes (a link leaving the folder) are expected; anything else on stderr is a failure.
  const stray = run.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('docker-workbench: note:'));
  const said = stray.join('\n').slice(0, 1500);
  if (run.timedOut) return `no exit within ${(run.ms / 1000).toFixed(0)} s`;
  if (run.signal !== null) return `killed by ${run.signal}: ${said}`;
  if (run.code !== 0 && run.code !== 1) return `exit ${String(run.code)}: ${said}`;
  if (stray.length > 0) return `stderr: ${stray.slice(0, 20).join('\n').slice(0, 1500)}`;
  const known = new Set(names);
  try {
    if (format.startsWith('json')) {
      const findings = JSON.parse(run.stdout) as Array<{ file: string; line: number; column: number; message: string }>;
      for (const f of findings) {
        if (!known.has(f.file) && !f.file.startsWith('ctx/')) return `json: a finding for unknown file ${JSON.stringify(f.file)}`;
        if (!(f.line >= 1 && f.column >= 1)) return `json: position ${f.line}:${f.column} in ${f.file}`;
        if (f.message.length === 0 || f.message.length > MAX_MESSAGE_LENGTH) return `json: message of ${f.message.length} characters in ${f.file}`;
      }
    } else if (format === 'sarif') {
      const log = JSON.parse(run.stdout) as { runs: Array<{ artifacts: Array<{ location: { uri: string } }>; results: unknown[] }> };
      const uris = new Set(log.runs[0].artifacts.map((a) => decodeURIComponent(a.location.uri)));
      const missing = names.filter((n) => !uris.has(n));
      if (missing.length > 0) return `sarif: ${missing.length} files missing from artifacts, e.g. ${missing[0]}`;
      if (!Array.isArray(log.runs[0].results)) return 'sarif: no results array';
    } else {
      // The context may hold files named Dockerfile too: at least the batch's files are counted.
      const m = /(?:No problems in|of) (\d+) (?:files?|checked)/.exec(run.stdout.slice(-400));
      if (m === null || Number(m[1]) < names.length) return `text: the summary does not count ${names.length} files: ${run.stdout.slice(-300)}`;
    }
  } catch (error) {
    return `${format}: output does not parse: ${String(error)}`;
  }
  return undefined;
}
