// Marks on the way from opening a Dockerfile to its first diagnostics, for `npm run bench --
// startup`: the client (extension host) and the language server each append a line
// `{"what", "at", "pid"}` (`at`: milliseconds since the epoch, so both processes share one clock)
// to the file DOCKER_WORKBENCH_STARTUP_TRACE names. Without that variable nothing is written and
// a mark costs one comparison. Each mark is written once per process.
import { appendFileSync } from 'node:fs';

const traceFile = process.env.DOCKER_WORKBENCH_STARTUP_TRACE;
const written = new Set<string>();

/** `at`: now, unless given (the server marks its process start with performance.timeOrigin). */
export function startupMark(what: string, at = performance.timeOrigin + performance.now()): void {
  if (!traceFile || written.has(what)) return;
  written.add(what);
  try {
    appendFileSync(traceFile, `${JSON.stringify({ what, at, pid: process.pid })}\n`);
  } catch {
    // A bench aid: a file that cannot be written changes nothing else.
  }
}
