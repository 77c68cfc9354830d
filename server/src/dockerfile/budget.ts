// A budget of work for expanding the words of one document. Expansion is cheap word by word but
// not in total: a file can apply thousands of patterns to a 100 KB value (time), or copy that
// value into thousands of others (memory: 45k such ARGs in 1 MiB took 3.4 GB and crashed). The
// caller that expands a whole document opens one budget, linear in its length; work past it
// fails the expansion, so its value is unknown to the rules.

/** The budget ran out; the message says what for. */
export class BudgetExceeded extends Error {}

export interface Budget {
  remaining: number;
  /** Thrown again for every later expansion: building an Error each time cost more than the work. */
  exceeded?: BudgetExceeded;
}

let ambient: Budget | undefined;

/**
 * Runs `fn` spending from `budget` (a number opens a new one of that many units), unless a budget
 * is open already: that one applies.
 */
export function withBudget<T>(budget: Budget | number, fn: () => T): T {
  if (ambient !== undefined) return fn();
  ambient = typeof budget === 'number' ? { remaining: budget } : budget;
  try {
    return fn();
  } finally {
    ambient = undefined;
  }
}

/** What is left; unlimited outside any budget. */
export function remaining(): number {
  return ambient?.remaining ?? Infinity;
}

/** Takes `units` from the budget; throws once it is spent. */
export function spend(units: number, what: string): void {
  if (ambient === undefined) return;
  ambient.remaining -= units;
  if (ambient.remaining < 0) throw (ambient.exceeded ??= new BudgetExceeded(`too much expansion work for this file (${what})`));
}
