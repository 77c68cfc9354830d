// The server's code caches, written soon after its first diagnostics (server.ts), while it runs:
// a server ended by a signal (its window closed abruptly, the client's stop timing out) writes
// nothing at exit, and every later start would compile the bundle again.
// - The whole bundle's, which dist/server-start.js (start.ts) reads at the next start: made now,
//   it holds every function the start compiled, up to the first diagnostics and the warm-up.
// - Node's compile cache (NODE_COMPILE_CACHE, which the client sets to the same folder): Node
//   writes it only at a normal exit; it covers what the server requires later (server-compose.js).
import * as nodeModule from 'node:module';
import { codeCacheHook } from './codeCacheHook';

export function saveCodeCaches(): void {
  codeCacheHook()?.save();
  // Node 22.10 and later; an older Node, or no cache asked for, has nothing to write.
  const { flushCompileCache: flush, getCompileCacheDir } = nodeModule as { flushCompileCache?: () => void; getCompileCacheDir?: () => string | undefined };
  if (typeof flush !== 'function' || typeof getCompileCacheDir !== 'function' || !getCompileCacheDir()) return;
  try {
    flush();
  } catch {
    // A cache that cannot be written only makes the next start compile again.
  }
}
