// The V8 code cache of the server bundle, kept by Node where NODE_COMPILE_CACHE says (the
// extension sets a folder in its global storage: client/src/serverProcess.ts). Node writes it when
// the process exits normally; a server ended by a signal (its window closed abruptly, the client's
// stop timing out) would leave none, and every later start would compile the bundle again, so the
// server writes it soon after its first diagnostics. What Node keeps is the bundle's compile (its
// top level and the functions V8 compiled eagerly), about 200 KB: a start with it answered
// initialize about 10 ms sooner (Node 24, alone on the machine).
import * as nodeModule from 'node:module';

export function flushCompileCache(): void {
  // Node 22.10 and later; an older Node, or no cache asked for, has nothing to write.
  const flush = (nodeModule as { flushCompileCache?: () => void }).flushCompileCache;
  if (!process.env.NODE_COMPILE_CACHE || typeof flush !== 'function') return;
  try {
    flush();
  } catch {
    // A cache that cannot be written only makes the next start compile again.
  }
}
