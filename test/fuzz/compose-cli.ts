// `docker-workbench lint` (dist/cli.js) on mutated compose files, as a process: a folder of them
// (the walk finds `compose.*.yaml` and `docker-compose.yml` by name), one file named on the command
// line, and `--fix` on a copy. What it may do: exit 0, 1 or 2 (a file it cannot read is a usage or
// I/O problem, named); never a signal, another code or a stack trace, and its JSON and SARIF parse.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CliRun } from './cli-run';
import type { ComposeInput } from './compose-lsp';
import { Random } from './random';

/** Writes each input as a compose file of its own name under `dir` (some as raw bytes with flips); returns the paths. */
export function writeComposeFiles(dir: string, inputs: readonly ComposeInput[]): string[] {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'web.env'), 'A=1\n');
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\n');
  return inputs.map((input, i) => {
    const r = new Random(input.seed ^ 0x7f4a7c15);
    const file = i % 5 === 0 ? path.join(dir, `p${i}`, 'docker-compose.yml') : path.join(dir, `compose.f${i}.yaml`);
    mkdirSync(path.dirname(file), { recursive: true });
    let bytes = Buffer.from(input.text, 'utf8');
    if (r.chance(0.15)) {
      // Invalid UTF-8: bytes flipped, a stray lead or continuation byte first.
      for (let n = r.int(1, 6); n > 0 && bytes.length > 0; n--) bytes[r.int(0, bytes.length - 1)] ^= 1 << r.int(0, 7);
      if (r.chance(0.3)) bytes = Buffer.concat([Buffer.from([r.pick([0xff, 0xfe, 0xc0, 0x80])]), bytes]);
    }
    writeFileSync(file, bytes);
    return file;
  });
}

/** What is wrong with a run, or undefined. */
export function judgeCli(run: CliRun): string | undefined {
  const what = `lint ${run.args.slice(1).join(' ')}`;
  if (run.timedOut) return `${what}: no exit before the deadline`;
  if (run.signal !== null) return `${what}: killed by ${run.signal}`;
  if (run.code !== 0 && run.code !== 1 && run.code !== 2) return `${what}: exit ${String(run.code)}: ${run.stderr.slice(0, 1000)}`;
  // A stack trace (`    at f (file:1:2)`), an uncaught error's name, or a rule that failed.
  const trace = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m.exec(run.stderr) ?? /^(?:Uncaught |)(?:TypeError|RangeError|ReferenceError|SyntaxError|Error): /m.exec(run.stderr) ?? /rule \S+ failed/.exec(run.stderr);
  if (trace !== null) return `${what}: stderr has ${JSON.stringify(trace[0].slice(0, 200))}: ${run.stderr.slice(0, 1500)}`;
  if (run.code === 2) return run.stderr.trim() === '' ? `${what}: exit 2 without a message` : undefined;
  const format = run.args[run.args.indexOf('--format') + 1];
  try {
    if (format === 'json') JSON.parse(run.stdout);
    if (format === 'sarif') {
      const log = JSON.parse(run.stdout) as { runs?: Array<{ results?: unknown }> };
      if (!Array.isArray(log.runs?.[0]?.results)) return `${what}: SARIF without results`;
    }
  } catch (error) {
    return `${what}: ${format} output does not parse: ${String(error)}`;
  }
  return undefined;
}
