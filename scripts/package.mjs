// `npm run package`: builds the bundles and packs docker-workbench-<version>.vsix with @vscode/vsce.
// vsce 4 needs Node >= 22, so it runs on the test host's Node 24 (the same binary code-server uses),
// installed into .cache/test-host by scripts/test-host.mjs; the project itself stays on Node 20.
// The bundles are built minified into a staging folder, .cache/package/ (their source maps stay
// there, outside the .vsix), with the manifest and the files .vscodeignore lets in copied beside
// them, and vsce packs that folder: a build of dist/ running meanwhile cannot change the package.
// .vscodeignore decides what goes in; test/package checks the result.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ensureTestHost, paths, root } from './test-host.mjs';

export const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
export const vsixPath = path.join(root, `${manifest.name}-${manifest.version}.vsix`);
/** The folder vsce packs; its dist/ holds the packed bundles and their source maps. */
export const stageDir = path.join(root, '.cache', 'package');
/** Copied into the stage when they exist; .vscodeignore there has the last word. */
const STAGED = ['package.json', '.vscodeignore', 'language-configuration.json', 'language-configuration.compose.json', 'syntaxes', 'snippets', 'media', 'images', 'README.md', 'CHANGELOG.md', 'LICENSE', 'LICENSE.md', 'LICENSE.txt'];

/** @param {{ build?: boolean }} options build: false packs dist/ as it is (unminified, say) */
export function packageVsix({ build = true } = {}) {
  ensureTestHost({ parts: ['vsce'] });
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(stageDir, { recursive: true });
  const stagedDist = path.join(stageDir, 'dist');
  if (build) run(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--minify', '--outdir', stagedDist, 'client', 'workbench', 'server'], root);
  else cpSync(path.join(root, 'dist'), stagedDist, { recursive: true });
  for (const name of STAGED) {
    if (existsSync(path.join(root, name))) cpSync(path.join(root, name), path.join(stageDir, name), { recursive: true, dereference: true });
  }
  // --no-dependencies: esbuild bundled every runtime dependency into dist/, node_modules stays out.
  // --no-rewrite-relative-links: README links stay relative (no repository URL to point them at).
  run(paths.node24, [paths.vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsixPath], stageDir);
  return vsixPath;
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.map((a) => path.basename(a)).join(' ')} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(root, 'scripts', 'package.mjs')) {
  try {
    const file = packageVsix({ build: !process.argv.includes('--no-build') });
    console.log(`${path.relative(root, file)}: ${(statSync(file).size / 1024).toFixed(0)} KiB`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
