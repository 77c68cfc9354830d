// The fuzz tier's compose part: generated compose files (and, when ../shared has the Compose
// schema, files drawn from its shape) mutated in YAML-hostile ways, through the language server over
// stdio as `dockercompose` documents and through `docker-workbench lint` as a process. Fixed seed,
// bounded in count and in time; a failing input is saved to .cache/fuzz/test/compose-*.yaml.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SHARED_COMPOSE_SCHEMA } from '../support/compose-schema';
import { runCli } from './cli-run';
import { judgeCli, writeComposeFiles } from './compose-cli';
import { SchemaComposeGenerator, generateCompose } from './compose-gen';
import { COMPOSE_REQUEST_LIMIT_MS, type ComposeInput, ComposeLspFuzzer, type ComposeProblem } from './compose-lsp';
import { aliasBomb, mutateCompose } from './compose-mutate';
import { Random, inputSeed } from './random';
import { emptyTotals, type PathTotals } from './report';
import { parseDocument } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SEED = process.env.DOCKER_WORKBENCH_FUZZ_SEED !== undefined ? Number(process.env.DOCKER_WORKBENCH_FUZZ_SEED) >>> 0 : 20261130;
// Far from the Dockerfile run's indices, so these seeds are their own.
const BASE = 1_000_000;
const COUNTS = { lsp: 150, schema: 40, cli: 40 };
// Bounds on the run, not figures under test: a lane stops here even if its count is not done.
const LSP_LIMIT_MS = 60_000;
const FAILURES = path.join(ROOT, '.cache', 'fuzz', 'test');

function makeInput(seed: number, schema?: SchemaComposeGenerator): ComposeInput {
  const r = new Random(seed);
  if (schema !== undefined) {
    const text = schema.generate(r);
    return r.chance(0.6) ? { seed, kind: 'schema-mutated', text: mutateCompose(r, text) } : { seed, kind: 'schema', text };
  }
  const roll = r.next();
  if (roll < 0.25) return { seed, kind: 'generated', text: generateCompose(r) };
  if (roll < 0.3) return { seed, kind: 'alias-bomb', text: aliasBomb(r) };
  return { seed, kind: 'generated-mutated', text: mutateCompose(r, generateCompose(r)) };
}

function save(problem: ComposeProblem, input: ComposeInput | undefined): string {
  if (input === undefined) return '';
  mkdirSync(FAILURES, { recursive: true });
  const base = path.join(FAILURES, `compose-${problem.kind}-${input.seed}`);
  writeFileSync(`${base}.yaml`, input.text);
  writeFileSync(`${base}.json`, JSON.stringify({ ...problem, inputKind: input.kind, runSeed: SEED }, null, 2) + '\n');
  return ` (saved ${base}.yaml)`;
}

function describeTotals(name: string, t: PathTotals, extra = ''): string {
  const slowest = t.slowest.ms > 0 ? `slowest ${t.slowest.ms.toFixed(0)} ms (${t.slowest.what}, seed ${t.slowest.seed})` : '';
  return `${name}: ${t.inputs} inputs, ${t.calls} calls, ${t.crashes} crashes, ${t.hangs} hangs, ${t.slow} over their bound, ${t.invariants} broken invariants${extra}; ${slowest}`;
}

/**
 * The YAML library's own time to parse `text` (the fastest of three, with the server's options):
 * it is linear in the tokens but about 10 µs each here, so a hostile file of hundreds of KB of
 * tokens takes seconds in it alone, which no code of ours can shorten. A slow call is judged by
 * what the server adds to that.
 */
function yamlParseMs(text: string): number {
  const times: number[] = [];
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    for (let n = 0; n < 3; n++) {
      const start = performance.now();
      parseDocument(text, { merge: true, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false, strict: true });
      times.push(performance.now() - start);
    }
  } finally {
    Error.stackTraceLimit = limit;
  }
  return Math.min(...times);
}

/** Runs inputs through a fresh server until the count or the deadline; suspects over their bound are run again alone. */
async function lspLane(inputs: (i: number) => ComposeInput, count: number, deadline: number, work: string): Promise<{ totals: PathTotals; failures: string[]; fuzzer: ComposeLspFuzzer }> {
  const totals = emptyTotals();
  const fuzzer = new ComposeLspFuzzer(work, totals);
  const byseed = new Map<number, ComposeInput>();
  try {
    for (let i = 0; i < count && Date.now() < deadline; i++) {
      const input = inputs(i);
      byseed.set(input.seed, input);
      await fuzzer.run(input);
    }
  } finally {
    await fuzzer.stop();
  }
  const failures = fuzzer.problems.map((p) => `${p.kind} seed=${p.seed}: ${p.detail.split('\n')[0].slice(0, 400)}${save(p, byseed.get(p.seed))}`);
  // A call over its bound counts only if it is over it every time the input runs again alone (warm server).
  for (const s of fuzzer.suspects.slice(0, 10)) {
    const again: number[] = [];
    const scratch = emptyTotals();
    const alone = new ComposeLspFuzzer(work, scratch);
    try {
      await alone.run({ seed: 1, kind: 'generated', text: 'services:\n  web:\n    image: nginx\n' });
      for (let n = 0; n < 3; n++) {
        scratch.byWhat = {};
        await alone.run(s.input);
        again.push(scratch.byWhat[s.what]?.max ?? 0);
      }
    } finally {
      await alone.stop();
    }
    const bound = COMPOSE_REQUEST_LIMIT_MS + yamlParseMs(s.text);
    const detail = `${s.what} took ${s.ms.toFixed(0)} ms, alone ${again.map((ms) => ms.toFixed(0)).join(', ')} ms (bound: 1 s + the YAML parser's ${(bound - COMPOSE_REQUEST_LIMIT_MS).toFixed(0)} ms on that text)`;
    if (Math.min(...again) > bound) {
      totals.slow++;
      failures.push(`slow seed=${s.input.seed}: ${detail}${save({ kind: 'invariant', seed: s.input.seed, detail }, s.input)}`);
    } else {
      totals.slowUnderLoad++;
      console.log(`      note: seed=${s.input.seed}: ${detail}: slow only under load, not counted`);
    }
  }
  return { totals, failures, fuzzer };
}

describe('fuzz: compose files (YAML-hostile) through the language server and the CLI', function () {
  this.timeout(LSP_LIMIT_MS + 180_000);
  let work: string;

  before(function () {
    this.timeout(120_000);
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), 'server', 'cli'], { cwd: ROOT, stdio: 'pipe' });
    work = mkdtempSync(path.join(tmpdir(), 'dwb-compose-fuzz-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it(`seed ${SEED}: ${COUNTS.lsp} generated and mutated compose files over stdio: no crash, no hang, no call over 1 s beyond the YAML parser's own time, ranges inside, fixes apply and keep YAML valid`, async () => {
    const { totals, failures, fuzzer } = await lspLane((i) => makeInput(inputSeed(SEED, BASE + i)), COUNTS.lsp, Date.now() + LSP_LIMIT_MS, path.join(work, 'lsp'));
    console.log(`      ${describeTotals('language server', totals, `, ${fuzzer.fixesApplied} fixes applied, ${fuzzer.fixesRelinted} fixed texts linted again`)}`);
    assert.deepEqual(failures, []);
    assert.ok(totals.inputs > 0 && totals.calls > totals.inputs, 'the lane checked no input');
    assert.ok(fuzzer.fixesApplied > 0 && fuzzer.fixesRelinted > 0, 'no fix was applied: the fix checks ran on nothing');
  });

  it(`seed ${SEED}: ${COUNTS.schema} compose files drawn from the Compose schema's shape, mutated, over stdio`, async function () {
    if (!existsSync(SHARED_COMPOSE_SCHEMA)) {
      console.log(`      (skipped: no Compose schema at ${SHARED_COMPOSE_SCHEMA} to draw services from; the generated files above still ran)`);
      this.skip();
    }
    const generator = new SchemaComposeGenerator(JSON.parse(readFileSync(SHARED_COMPOSE_SCHEMA, 'utf8')) as Record<string, unknown>);
    const { totals, failures } = await lspLane((i) => makeInput(inputSeed(SEED, BASE + 100_000 + i), generator), COUNTS.schema, Date.now() + LSP_LIMIT_MS / 2, path.join(work, 'schema'));
    console.log(`      ${describeTotals('language server, schema-drawn', totals)}`);
    assert.deepEqual(failures, []);
    assert.ok(totals.inputs > 0, 'the lane checked no input');
  });

  it(`seed ${SEED}: docker-workbench lint on ${COUNTS.cli} mutated compose files exits 0, 1 or 2, with no stack trace`, async () => {
    const cli = path.join(ROOT, 'dist', 'cli.js');
    const inputs = Array.from({ length: COUNTS.cli }, (_, i) => makeInput(inputSeed(SEED, BASE + 200_000 + i)));
    const dir = path.join(work, 'cli');
    const files = writeComposeFiles(dir, inputs);
    const problems: string[] = [];
    let runs = 0;
    const check = async (args: string[], blame?: ComposeInput) => {
      runs++;
      const problem = judgeCli(await runCli(cli, args, dir, 60_000));
      if (problem !== undefined) problems.push(`${problem.slice(0, 600)}${blame ? save({ kind: 'crash', seed: blame.seed, detail: problem }, blame) : ''}`);
    };
    // The whole folder, without and with host facts.
    await check(['lint', '--format', 'json', '.']);
    await check(['lint', '--format', 'text', '--host-build', '20348', '--isolation', 'hyperv', '--engine-os', 'windows', '.']);
    // Files named one by one in each format, and --fix on a copy (then linted again).
    for (let i = 0; i < Math.min(6, files.length); i++) {
      await check(['lint', '--format', ['json', 'sarif', 'text'][i % 3], '--host-build', '17763', path.relative(dir, files[i])], inputs[i]);
      const copy = path.join(dir, `fix${i}`, 'compose.yaml');
      mkdirSync(path.dirname(copy), { recursive: true });
      copyFileSync(files[i], copy);
      await check(['lint', '--fix', '--format', 'json', path.relative(dir, copy)], inputs[i]);
      await check(['lint', '--format', 'json', path.relative(dir, copy)], inputs[i]);
    }
    console.log(`      CLI: ${runs} runs over ${files.length} compose files, ${problems.length} problems`);
    assert.deepEqual(problems, []);
  });
});
