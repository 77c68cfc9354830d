// Work written as steps (a generator that yields between parts of it), run in one go: the same
// steps the language server runs in slices (features/diagnostics.ts runInSlices).

/** Runs `steps` to the end and returns what they return. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}
