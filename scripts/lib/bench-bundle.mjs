// The benches measure our TypeScript in this Node process: each bundles what it needs with esbuild
// into .bench/ (git-ignored) and loads it.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

/**
 * Bundles `exports` (TypeScript export lines resolved from the repository root) to .bench/NAME.cjs
 * and returns the loaded module. `external` names what must stay out of the bundle.
 */
export async function loadBundle(name, exports, external = []) {
  const outfile = path.join(repoRoot, '.bench', `${name}.cjs`);
  await build({
    stdin: { contents: exports.join('\n'), resolveDir: repoRoot, loader: 'ts' },
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external,
    logLevel: 'warning',
  });
  return require(outfile);
}
