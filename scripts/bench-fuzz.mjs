// The `fuzz` group of `npm run bench`: generated and mutated Dockerfiles and .dockerignore files
// (test/fuzz) through lint() in a worker, the language server over stdio and the CLI in batches,
// all three at once. It prints the counts per path and says FOUND or NONE. Not a test: it exits 0
// either way. Failing inputs go to .cache/fuzz (git-ignored) with their seeds.
//
//   DOCKER_WORKBENCH_FUZZ_SEED=N          the run's seed (default: a fresh one, printed)
//   DOCKER_WORKBENCH_FUZZ_INPUTS=A,B,C    inputs in-process, through the server, through the CLI
//   DOCKER_WORKBENCH_FUZZ_MINUTES=M       each lane stops after M minutes (default 14)
//   node scripts/bench-fuzz.mjs replay SEED|FILE   one input (a seed, or a saved .Dockerfile) through all three paths
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const failuresDir = path.join(root, '.cache', 'fuzz');
// 100 000 through the language server and the CLI together, as issue 8 asks, and 30 000 more in-process.
const DEFAULT_COUNTS = [30_000, 12_000, 90_000];

async function loadFuzz() {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), 'server', 'cli'], { cwd: root, stdio: 'inherit' });
  // Three folders below the root, as out/test/fuzz is: test/support finds the repository (and
  // dist/server.js) from its own __dirname, which in a bundle is the bundle's folder.
  const outfile = path.join(root, '.bench', 'fuzz', 'bundle', 'fuzz.cjs');
  await build({
    stdin: { contents: "export * from './test/fuzz/run'; export * from './test/fuzz/inputs';", resolveDir: root, loader: 'ts' },
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  return require(outfile);
}

export async function benchFuzz() {
  const fuzz = await loadFuzz();
  const seed = process.env.DOCKER_WORKBENCH_FUZZ_SEED ? Number(process.env.DOCKER_WORKBENCH_FUZZ_SEED) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
  const counts = (process.env.DOCKER_WORKBENCH_FUZZ_INPUTS ?? DEFAULT_COUNTS.join(',')).split(',').map(Number);
  const minutes = Number(process.env.DOCKER_WORKBENCH_FUZZ_MINUTES ?? 14);
  const corpusDir = fuzz.defaultCorpusDir(root);
  const corpus = fuzz.loadCorpus(corpusDir);
  const out = [];
  if (corpus.note) console.log(corpus.note);
  console.log(
    `seed ${seed}: ${counts[0]} inputs in-process, ${counts[1]} through the language server, ${counts[2]} through the CLI (batches of 1000, two processes at once); ` +
      `each lane stops after ${minutes} min; replay one with DOCKER_WORKBENCH_FUZZ_SEED=${seed}`,
  );
  const report = await fuzz.runFuzz({
    seed,
    counts: { 'in-process': counts[0], lsp: counts[1], cli: counts[2] },
    cliBatch: 1000,
    cliProcesses: 2,
    repoRoot: root,
    corpus,
    corpusDir,
    failuresDir,
    deadline: Date.now() + minutes * 60_000,
    log: (line) => console.log(line),
    progressEveryMs: 30_000,
  });
  for (const [name, t] of Object.entries(report.totals)) {
    const by = Object.entries(t.byWhat)
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 8)
      .map(([what, s]) => `${what} ${(s.ms / s.count).toFixed(2)} ms avg, ${s.max.toFixed(0)} max`);
    out.push(`${name}: ${(t.ms / 1000).toFixed(0)} s busy; ${by.join('; ')}`);
  }
  out.push(...fuzz.describeReport(report));
  const short = counts.some((n, i) => Object.values(report.totals)[i].inputs < n);
  if (short) out.push(`the time limit stopped a lane before its count (raise DOCKER_WORKBENCH_FUZZ_MINUTES)`);
  return out;
}

async function replayOne(what) {
  const fuzz = await loadFuzz();
  let input;
  if (/^\d+$/.test(what)) {
    input = fuzz.makeInput(Number(what) >>> 0, fuzz.loadCorpus(fuzz.defaultCorpusDir(root)));
  } else {
    const ignore = `${what}.dockerignore`;
    // A saved input has its note beside it: the host it was linted for and its context's paths.
    const notePath = what.replace(/\.Dockerfile$/, '.json');
    const note = notePath !== what && existsSync(notePath) ? JSON.parse(readFileSync(notePath, 'utf8')) : {};
    input = {
      seed: note.seed ?? 0,
      kind: note.inputKind ?? 'generated',
      text: readFileSync(what, 'utf8'),
      host: note.host ?? 0,
      ...(note.contextPaths ? { contextPaths: note.contextPaths } : {}),
      ...(existsSync(ignore) ? { dockerignore: readFileSync(ignore, 'utf8') } : {}),
    };
  }
  console.log(`replaying ${what}: ${input.kind}, ${input.text.length} characters${input.dockerignore !== undefined ? `, a .dockerignore of ${input.dockerignore.length}` : ''}`);
  const report = await fuzz.replay(input, root, path.join(failuresDir, 'replay'), (line) => console.log(line));
  for (const line of fuzz.describeReport(report)) console.log(line);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [command, what] = process.argv.slice(2);
  if (command === 'replay' && what) await replayOne(what);
  else for (const line of await benchFuzz()) console.log(line);
}
