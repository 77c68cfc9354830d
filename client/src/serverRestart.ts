// What the client does when the language server's process dies (it should not: the server guards
// every handler, but an out-of-memory or a native crash cannot be caught). Restart it, at most
// MAX_RESTARTS times within RESTART_WINDOW_MS; past that, leave it stopped and tell the user once,
// with a way to restart it. Pure, so the policy is tested without VS Code (ctx.ts wires it).

export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60_000;

export type CloseDecision =
  | { action: 'restart'; restartsInWindow: number }
  /** `tell` is true the first time only: one message, however often the connection reports closing. */
  | { action: 'give-up'; crashesInWindow: number; tell: boolean };

export class RestartPolicy {
  private crashes: number[] = [];
  private told = false;

  constructor(private readonly now: () => number = Date.now) {}

  /** The connection to the server closed without being asked to. */
  closed(): CloseDecision {
    const now = this.now();
    this.crashes = this.crashes.filter((t) => now - t < RESTART_WINDOW_MS);
    this.crashes.push(now);
    if (!this.told && this.crashes.length <= MAX_RESTARTS) return { action: 'restart', restartsInWindow: this.crashes.length };
    const tell = !this.told;
    this.told = true;
    return { action: 'give-up', crashesInWindow: this.crashes.length, tell };
  }

  /** The user restarted the server: count from nothing again. */
  reset(): void {
    this.crashes = [];
    this.told = false;
  }
}

export const RESTART_ACTION = 'Restart Server';

export function giveUpMessage(crashes: number): string {
  return (
    `The Docker Workbench language server stopped ${crashes} times in ${RESTART_WINDOW_MS / 60_000} minutes and will not be restarted ` +
    `automatically: Dockerfile diagnostics, hover and completion are off. Choose ${RESTART_ACTION} to start it again ` +
    `(or reload the window); the Docker Workbench output shows why it stopped.`
  );
}

export function restartingMessage(restartsInWindow: number): string {
  return `The Docker Workbench language server stopped unexpectedly; restarting it (${restartsInWindow} of ${MAX_RESTARTS} restarts allowed within ${RESTART_WINDOW_MS / 60_000} minutes).`;
}
