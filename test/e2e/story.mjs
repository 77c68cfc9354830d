// What every e2e file shares: one test per step of a person's story, a screenshot after each step
// (NN-step.png, or NN-step-FAILED.png), and once a step fails the later ones fail at once (they
// depend on it), counted rather than silently skipped.
import * as path from 'node:path';

/**
 * Registers the step hooks in the calling `describe`. `page()` gives the Playwright page once the
 * suite's `before` has made it. The returned state says which step broke, if any.
 */
export function storySteps(shots, page) {
  const state = { broken: undefined, step: 0 };
  beforeEach(function () {
    state.step++;
    if (state.broken) throw new Error(`not run: step "${state.broken}" failed`);
  });
  afterEach(async function () {
    const name = `${String(state.step).padStart(2, '0')}-${slug(this.currentTest?.title ?? 'step')}`;
    const failed = this.currentTest?.state === 'failed';
    if (failed && !state.broken) state.broken = this.currentTest?.title ?? 'unknown';
    const current = page();
    if (!current || (failed && this.currentTest?.err?.message?.startsWith('not run:'))) return;
    await current.screenshot({ path: path.join(shots, `${name}${failed ? '-FAILED' : ''}.png`), timeout: 10_000 }).catch(() => undefined);
  });
  return state;
}

function slug(title) {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 50);
}
