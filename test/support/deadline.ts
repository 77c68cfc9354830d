// Runs code in a worker thread and stops it at a deadline. A synchronous hang (catastrophic
// regexp backtracking, an endless loop) would otherwise hold the whole test run: mocha's own
// timeout needs the event loop, which such code never gives back.
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * `source` is CommonJS run in the worker: it reads `workerData` and posts one message with
 * `parentPort`, which is the result. Rejects, naming `what`, when the deadline passes first, or
 * when the worker runs out of the memory `limits` give it.
 */
export function runWithDeadline<T>(source: string, workerData: unknown, deadlineMs: number, what: string, limits?: ResourceLimits): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData, resourceLimits: limits });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`${what} did not finish within ${deadlineMs / 1000} s`));
    }, deadlineMs);
    worker.once('message', (m: T) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
