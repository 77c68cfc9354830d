// One fuzz input from one seed: a generated Dockerfile, a mutated real one from the corpus, a
// mutated generated one, or a Dockerfile with a .dockerignore and a context. The same seed (and
// the same corpus) always gives the same input, so a seed is a complete replay recipe.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { contextPaths, dockerfileCopying, generateDockerignore } from './dockerignore-gen';
import { generateDockerfile } from './dockerfile-gen';
import { mutate } from './mutate';
import { Random } from './random';

export type InputKind = 'generated' | 'corpus-mutated' | 'generated-mutated' | 'repeated' | 'dockerignore';

export interface FuzzInput {
  seed: number;
  kind: InputKind;
  text: string;
  /** The .dockerignore beside the Dockerfile (kind `dockerignore`, and some others). */
  dockerignore?: string;
  /** Paths of the build context, relative to its root. */
  contextPaths?: string[];
  /** Which host the in-process lint judges against (an index into HOSTS). */
  host: number;
}

export const HOSTS = [
  {},
  { engineOs: 'windows', build: 17763, isolation: 'process', source: 'engine' },
  { engineOs: 'windows', build: 26100, isolation: 'hyperv', source: 'settings' },
  { engineOs: 'linux', source: 'engine' },
] as const;

/** The real Dockerfiles the mutator starts from; empty (with a note saying why) without the corpus. */
export interface Corpus {
  texts: string[];
  note?: string;
}

export function defaultCorpusDir(repoRoot: string): string {
  return process.env.DOCKER_WORKBENCH_CORPUS ?? path.resolve(repoRoot, '..', 'shared', 'corpus');
}

export function loadCorpus(dir: string): Corpus {
  const manifest = path.join(dir, 'manifest.json');
  if (!existsSync(manifest)) return { texts: [], note: `corpus not found at ${dir} (set DOCKER_WORKBENCH_CORPUS): mutating generated files only` };
  const entries = JSON.parse(readFileSync(manifest, 'utf8')) as Array<{ file: string }>;
  return { texts: entries.map((e) => readFileSync(path.join(dir, e.file), 'utf8')) };
}

export function makeInput(seed: number, corpus: Corpus): FuzzInput {
  const r = new Random(seed);
  const host = r.int(0, HOSTS.length - 1);
  const roll = r.next();
  if (roll < 0.33) return { seed, kind: 'generated', text: generateDockerfile(r), host, ...maybeIgnore(r) };
  if (roll < 0.36) return { seed, kind: 'repeated', text: repeated(r, corpus), host };
  if (roll < 0.65 && corpus.texts.length > 0) {
    const text = mutate(r, r.pick(corpus.texts), r.pick(corpus.texts));
    return { seed, kind: 'corpus-mutated', text, host, ...maybeIgnore(r) };
  }
  if (roll < 0.85) {
    const other = generateDockerfile(r);
    return { seed, kind: 'generated-mutated', text: mutate(r, generateDockerfile(r), other), host, ...maybeIgnore(r) };
  }
  const paths = contextPaths(r);
  return { seed, kind: 'dockerignore', text: dockerfileCopying(r, paths), dockerignore: generateDockerignore(r), contextPaths: paths, host };
}

/**
 * A line or two of a real or generated file repeated thousands of times, after a head of the same
 * kind: work per line that grows with the number of lines before it (quadratic time) needs many
 * lines of one shape to show, which random text rarely has.
 */
function repeated(r: Random, corpus: Corpus): string {
  const source = corpus.texts.length > 0 && r.chance(0.5) ? r.pick(corpus.texts) : generateDockerfile(r);
  const lines = source.split(/(?<=\n)/);
  const unit = () => {
    const at = r.int(0, Math.max(0, lines.length - 1));
    const text = lines.slice(at, at + r.int(1, 3)).join('');
    return text.endsWith('\n') ? text : text + '\n';
  };
  const head = lines.slice(0, r.int(0, Math.min(lines.length, 5))).join('');
  const parts = r.int(1, 2);
  const size = r.int(20_000, 250_000);
  let text = head;
  for (let p = 0; p < parts; p++) {
    const u = unit();
    text += u.repeat(Math.max(1, Math.floor(size / parts / Math.max(1, u.length))));
  }
  return text;
}

/** Now and then any Dockerfile gets a .dockerignore too. */
function maybeIgnore(r: Random): Pick<FuzzInput, 'dockerignore' | 'contextPaths'> {
  if (!r.chance(0.1)) return {};
  return { dockerignore: generateDockerignore(r), contextPaths: contextPaths(r) };
}
