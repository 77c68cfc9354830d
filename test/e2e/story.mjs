// What every e2e file shares: one test per step of a person's story, a screenshot after each step
// (NN-step.png, or NN-step-FAILED.png), and once a step fails the later ones fail at once (they
// depend on it), counted rather than silently skipped. And the session each story runs in:
// code-server with DOCKER_HOST at the private engine, and Chromium on its workbench.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
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
 * `settings()`: more user settings, read once `setup` has run (an engine address it started, say);
 * written to the Machine settings too, where code-server reads machine-scoped ones.
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
    const extra = settings?.() ?? {};
    writeUserSettings(session.runDir, { ...(restricted ? RESTRICTED_SETTINGS : {}), ...extra });
    // code-server is a remote window: a machine-scoped setting (dockerWorkbench.host) is read from
    // the server's Machine settings only, and ignored in the User ones.
    mkdirSync(path.join(session.runDir, 'user', 'Machine'), { recursive: true });
    writeFileSync(path.join(session.runDir, 'user', 'Machine', 'settings.json'), JSON.stringify(extra, null, 2));
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
    // Not thrown here: mocha would report one hook failure and drop the remaining steps uncounted.
    // The step itself fails instead, so each one left is counted as a failure.
    const broken = state.broken;
    if (broken && this.currentTest) {
      this.currentTest.fn = () => {
        throw new Error(`not run: step "${broken}" failed`);
      };
    }
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

/** The text of the active editor's visible lines, non-breaking spaces as spaces. */
export function editorText(page) {
  return async () => (await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

/** Polls `read()` until `ok` holds for what it returns (a string: until it contains it); bounded. */
export async function waitForText(read, ok, what = `text ${JSON.stringify(ok)}`, timeoutMs = STEP_MS) {
  const test = typeof ok === 'string' ? (text) => text.includes(ok) : ok;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await read().catch(() => '');
    if (test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never saw ${what}; last seen:\n${last}`);
}

/**
 * A mouse click at a point of the element's box (its centre unless x is given), without scrolling.
 * Returns false when the element has no box on screen (it was just redrawn), unless `required`.
 */
export async function clickAt(page, locator, { x, required = true } = {}) {
  const box = await locator.boundingBox().catch(() => null);
  if (!box && !required) return false;
  if (!box) throw new Error('the element has no box on screen');
  await page.mouse.click(box.x + (x ?? box.width / 2), box.y + box.height / 2);
  return true;
}

/** Opens a row's context menu and runs the entry labelled exactly `label`. */
export async function contextMenu(page, row, label) {
  await row.waitFor();
  await row.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu, .monaco-menu-container');
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const item = menu.locator('.action-label', { hasText: exact }).first();
  await item.waitFor({ state: 'visible' });
  // Hovering focuses the entry (as a person's pointer does); Enter then runs it. A plain click
  // right after the menu opened is sometimes swallowed by the menu's own mouse handling.
  await item.hover();
  await menu.locator('.action-item.focused .action-label', { hasText: exact }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await item.waitFor({ state: 'hidden' });
}

/** A row of the file Explorer whose name is exactly `name`. */
export function explorerRow(page, name) {
  return page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
}

/** Rows of the Problems panel that contain `text`. */
export function problemRows(page, text) {
  return page.locator('.markers-panel .monaco-list-row', { hasText: text });
}

/** A screenshot inside a step, beside the step's own: NN-<what>.png. */
export async function shot(session, what) {
  await session.page.screenshot({ path: path.join(session.shots, `${String(session.story.step).padStart(2, '0')}-${what}.png`), timeout: 10_000 });
}
