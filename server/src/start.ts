// The language server's entry when VS Code starts it (dist/server-start.js; the client forks it,
// client/src/serverProcess.ts): runs dist/server.js from a V8 code cache of the whole bundle kept
// in the folder DOCKER_WORKBENCH_CODE_CACHE names; as dist/server.js alone otherwise (other editors
// run that file directly).
//
// Why not only Node's compile cache (NODE_COMPILE_CACHE)? Node makes that cache as it compiles a
// module, so it holds the bundle's top level and little else: every function the start runs
// (the connection, initialize, the first lint) is still compiled on the way to the first
// diagnostics. This cache is made a second after the first diagnostics (compileCache.ts), from
// the script as it ran, so it holds all of them. Spawn to first diagnostics over stdio on Node 24,
// medians of 9: 68 ms without a cache, 63 with Node's, 48 with this one.
//
// V8 accepts a code cache for another source of the same length, so the file keeps the bundle's
// bytes it was made from and is used only when they are the bundle's bytes now. V8 itself rejects
// a cache of another V8 or other flags (the file is then made again).
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { setCodeCacheHook } from './codeCacheHook';
import { startupMark } from '../../shared/startupTrace';

const MAGIC = 'DWC1';
const HEADER_BYTES = 8;
const DAY_MS = 24 * 60 * 60 * 1000;
const LEFT_BEHIND_MS = 30 * DAY_MS;

const bundle = path.join(__dirname, 'server.js');
const folder = process.env.DOCKER_WORKBENCH_CODE_CACHE;
if (folder && path.isAbsolute(folder)) runCached(folder, readFileSync(bundle));
else require(bundle);

function runCached(folder: string, source: Buffer): void {
  // The heap guard (heapGuard.ts) sets this flag while the bundle loads, and V8 keys a code cache
  // on the flags: set before anything is compiled, a cache made later matches the next start.
  setFlagsFromString('--expose-gc');
  const file = path.join(folder, `server-${process.versions.v8}-${process.arch}.v8cache`);
  const stored = readStored(file, source);
  const script = new Script(Module.wrap(source.toString('utf8')), { filename: bundle, cachedData: typeof stored === 'string' ? undefined : stored });
  const state = typeof stored === 'string' ? stored : script.cachedDataRejected === true ? 'rejected' : 'used';
  startupMark(`server: code cache ${state}`);
  if (state === 'used') keepFresh(file);
  setCodeCacheHook({ state, save: () => (state === 'used' ? false : save(folder, file, source, script)) });
  const module = new Module(bundle, undefined);
  module.filename = bundle;
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
}

/** The V8 data of `file` when it was made from exactly `source`; else whether there is none or one made from other bytes. */
function readStored(file: string, source: Buffer): Buffer | 'absent' | 'stale' {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return 'absent';
  }
  if (data.length <= HEADER_BYTES || data.toString('latin1', 0, 4) !== MAGIC) return 'stale';
  const length = data.readUInt32LE(4);
  if (length !== source.length || data.length <= HEADER_BYTES + length) return 'stale';
  if (!data.subarray(HEADER_BYTES, HEADER_BYTES + length).equals(source)) return 'stale';
  return data.subarray(HEADER_BYTES + length);
}

/** A cache in use is marked so each day (its modification time), so no other start takes it for one left behind. */
function keepFresh(file: string): void {
  try {
    const now = Date.now();
    if (now - statSync(file).mtimeMs > DAY_MS) utimesSync(file, now / 1000, now / 1000);
  } catch {
    // Only a mark.
  }
}

/**
 * Writes the cache whole or not at all (a file named for this process, then renamed), and removes
 * the caches of other V8s in the folder that no start has used for 30 days (the folder is the
 * user's, shared by every VS Code on the machine).
 */
function save(folder: string, file: string, source: Buffer, script: Script): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const data = script.createCachedData();
    const header = Buffer.alloc(HEADER_BYTES);
    header.write(MAGIC, 0, 'latin1');
    header.writeUInt32LE(source.length, 4);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(temporary, Buffer.concat([header, source, data]), { mode: 0o600 });
    renameSync(temporary, file);
    for (const name of readdirSync(folder)) {
      if (!/^server-.*\.v8cache$/.test(name) || name === path.basename(file)) continue;
      const other = path.join(folder, name);
      if (Date.now() - statSync(other).mtimeMs > LEFT_BEHIND_MS) unlinkSync(other);
    }
    return true;
  } catch {
    // A cache that cannot be written only makes the next start compile again.
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was written.
    }
    return false;
  }
}
