// What every e2e file shares: one test per step of a person's story, a screenshot after each step
// (NN-step.png, or NN-step-FAILED.png), and once a step fails the later ones fail at once (they
// depend on it), counted rather than silently skipped. And the session each story runs in:
// code-server with DOCKER_HOST at the private engine, and Chromium on its workbench.
import { mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { ensureTestHost, root } from '../../scripts/test-host.mjs';
import { copyTree, launchChromium, linkExtension, makeRunDir, startCodeServer, workbenchUrl, writeUserSettings } from '../../scripts/lib/code-server.mjs';
import { dockerHost, engine, ensureEngine } from './engine.mjs';

export const STEP_MS = 30_000;

/** Trust on, and neither the start-up prompt nor the banner: the folder simply opens untrusted. */
const RESTRICTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
};

/**
 * Registers, in the calling `describe`, the hooks of one story in a browser: before it, the test
 * host, the private engine (started here only if it was not running), a run folder with the
 * extension linked, the workspace `workspace(runDir)` returns, code-server and a Chromium page
 * (opened on the workspace unless `open` is false); after it, all of that stopped again, the run
 * folder kept when a step failed. `setup` and `teardown` run once the engine is up / before it stops.
 * Screenshots go to test-results/<name>/. The returned session's fields fill in as `before` runs.
 * `restricted`: workspace trust on and no prompt, so the folder opens untrusted (Restricted Mode).
 * `settings()`: more user settings, read once `setup` has run (an engine address it started, say).
 */
export function browserStory({ name, workspace, open = true, restricted = false, settings, setup, teardown }) {
  const session = { shots: path.join(root, 'test-results', name), runDir: undefined, workspace: undefined, server: undefined, browser: undefined, page: undefined };
  let startedEngine = false;
  before(async function () {
    this.timeout(300_000);
    ensureTestHost({ parts: ['code-server', 'playwright'] });
    rmSync(session.shots, { recursive: true, force: true });
    mkdirSync(session.shots, { recursive: true });
    startedEngine = ensureEngine();
    await setup?.();
    session.runDir = makeRunDir(name);
    linkExtension(session.runDir);
    writeUserSettings(session.runDir, { ...(restricted ? RESTRICTED_SETTINGS : {}), ...(settings?.() ?? {}) });
    session.workspace = workspace(session.runDir);
    session.server = await startCodeServer({ runDir: session.runDir, workspaceTrust: restricted, env: { DOCKER_HOST: dockerHost } });
    session.browser = await launchChromium();
    session.page = await session.browser.newPage({ viewport: { width: 1400, height: 900 } });
    session.page.setDefaultTimeout(STEP_MS);
    if (open) await session.page.goto(workbenchUrl(session.server, session.workspace), { timeout: STEP_MS });
  });
  after(async function () {
    this.timeout(120_000);
    await session.browser?.close().catch(() => undefined);
    await session.server?.stop();
    await teardown?.();
    if (startedEngine) engine('stop');
    if (session.runDir && !session.story.broken) rmSync(session.runDir, { recursive: true, force: true });
    else if (session.runDir) console.log(`    code-server log kept: ${path.relative(root, session.server?.logFile ?? session.runDir)}`);
  });
  session.story = storySteps(session.shots, () => session.page);
  return session;
}

/** A copy of examples/ in the run folder, so a story may change it: the `workspace` of most stories. */
export function examplesCopy(runDir) {
  const workspace = path.join(runDir, 'examples');
  copyTree(path.join(root, 'examples'), workspace);
  return workspace;
}

/** Clicks the Docker Workbench icon in the activity bar and waits for the named view's header. */
export async function openDockerWorkbench(page, viewName) {
  const icon = page.locator('.activitybar .action-item a[aria-label^="Docker Workbench"], .activitybar .action-item[aria-label^="Docker Workbench"]').first();
  await icon.waitFor();
  await icon.click();
  await page.locator('.pane-header', { hasText: new RegExp(viewName, 'i') }).first().waitFor();
}

/** Rows of one of our views, found by its pane header. */
export function view(page, name) {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: new RegExp(`^\\s*${name}`, 'i') }) }).first();
  return pane.locator('.monaco-list-row');
}

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
