// Lets scripts/build.mjs skip a bundle that is current: after each build it records, in
// .cache/build-stamps/, the size and modification time of every file esbuild read for the bundle
// (its metafile's inputs) and of the bundle it wrote, with the build's options. A second `npm start`
// or `npm test` then stats those files instead of bundling again. Any change to a source file, a
// package (npm rewrites node_modules/.package-lock.json on every install), the build scripts or the
// options rebuilds; `--force` always does.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import * as path from 'node:path';

/** Size and modification time, or null for a file that is not there. */
export function fingerprint(file) {
  try {
    const s = statSync(file);
    return [s.size, s.mtimeMs];
  } catch {
    return null;
  }
}

export class BuildStamps {
  /** @param {string} root the repository; @param {string} outdir; @param {unknown} options what else decides the output */
  constructor(root, outdir, options) {
    this.root = root;
    // The tests keep theirs apart.
    this.dir = process.env.DOCKER_WORKBENCH_BUILD_STAMPS || path.join(root, '.cache', 'build-stamps');
    this.prefix = createHash('sha256').update(path.resolve(root, outdir)).digest('hex').slice(0, 16);
    const scripts = ['scripts/build.mjs', 'scripts/lib/build-stamps.mjs', 'scripts/lib/lsp-client-trim.mjs', 'scripts/lib/server-split.mjs', 'scripts/lib/lsp-server-trim.mjs', 'scripts/compose-schema.mjs', 'node_modules/.package-lock.json', 'package.json'];
    this.key = JSON.stringify({ options, scripts: scripts.map((f) => [f, fingerprint(path.join(root, f))]) });
  }

  file(name) {
    return path.join(this.dir, `${this.prefix}-${name}.json`);
  }

  /** Whether `name` was built with these options from files that have not changed since, and its outputs are as written. */
  current(name) {
    const file = this.file(name);
    if (!existsSync(file)) return false;
    try {
      const stamp = JSON.parse(readFileSync(file, 'utf8'));
      if (stamp.key !== this.key) return false;
      return Object.entries({ ...stamp.inputs, ...stamp.outputs }).every(([f, print]) => JSON.stringify(fingerprint(path.resolve(this.root, f))) === JSON.stringify(print));
    } catch {
      return false;
    }
  }

  /**
   * Records a build of `name` from esbuild's metafile; `outputs` are the files it wrote,
   * `startedAt` (Date.now()) when the build began. A file changed after that may have been read
   * before the change: then nothing is recorded, and the next build builds again.
   */
  record(name, metafile, outputs, startedAt) {
    const inputs = {};
    for (const input of Object.keys(metafile.inputs)) {
      // A plugin's namespace (`unused-lsp-feature:/path`) over a real file: that file counts.
      const file = input.replace(/^[\w-]+:/, '');
      const print = fingerprint(path.resolve(this.root, file));
      if (print === null) continue;
      if (print[1] >= startedAt - 50) return;
      inputs[file] = print;
    }
    const stamp = { key: this.key, inputs, outputs: Object.fromEntries(outputs.map((f) => [f, fingerprint(path.resolve(this.root, f))])) };
    writeStamp(this.file(name), stamp);
  }
}

/** Writes a stamp whole or not at all (a reader never sees half of one). */
export function writeStamp(file, stamp) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(stamp));
  renameSync(temp, file);
}
