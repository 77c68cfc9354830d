// Browser end-to-end: what a person does in VS Code (code-server 4.139 = VS Code 1.139) with
// Chromium, without the smoke-test driver. Each step is one test and leaves a screenshot under
// test-results/e2e/; a failing step leaves its own (NN-name-FAILED.png). Steps depend on the ones
// before, so after a failure the rest fail at once (counted, never silently skipped).
// code-server sees the private engine (DOCKER_HOST), as a person's VS Code sees their local Docker:
// the extension connects to it on activation, so besides the four problems the settings' Windows
// Server 2022 host gives, the Problems panel says the local engine runs Linux containers.
import * as assert from 'node:assert/strict';
import { workbenchUrl } from '../../scripts/lib/code-server.mjs';
import { browserStory, clickAt, editorText, examplesCopy, explorerRow as explorer, problemRows, shot, STEP_MS, waitForText } from './story.mjs';

/** The settings' host (build 20348) judges the image; the local engine judges the mode. */
const HOST_PROBLEMS = ['escape directive is ignored', 'read as a line continuation', 'cannot run on this host'];
const ENGINE_PROBLEM = 'cannot be used on this platform';

describe('e2e: the Windows Dockerfile in VS Code (code-server + Chromium)', function () {
  this.timeout(90_000);
  let page;
  const session = browserStory({
    name: 'e2e',
    // A copy, so applying the fix leaves the examples as they are.
    workspace: examplesCopy,
    open: false,
  });
  before(() => {
    page = session.page;
  });

  it('opens the example workspace', async () => {
    await page.goto(workbenchUrl(session.server, session.workspace), { timeout: STEP_MS });
    await page.locator('.monaco-workbench').waitFor();
    const explorer = page.locator('.explorer-folders-view');
    for (const folder of ['windows-iis', 'nanoserver-app', 'linux-multistage']) {
      await explorer.locator('.monaco-list-row', { hasText: folder }).first().waitFor();
    }
  });

  it('opens the Windows Dockerfile', async () => {
    await explorer(page, 'windows-iis').click();
    await explorer(page, 'Dockerfile').first().waitFor();
    // The explorer shows one Dockerfile under the expanded folder; open it like a person would.
    await explorer(page, 'Dockerfile').first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'Dockerfile' }).waitFor();
    await waitForText(editorText(page), 'ServiceMonitor.exe');
  });

  it('shows its problems in the Problems panel', async () => {
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor();
    for (const text of ['Not valid JSON', ...HOST_PROBLEMS, ENGINE_PROBLEM]) {
      await panel.locator('.monaco-list-row', { hasText: text }).first().waitFor();
    }
    assert.equal(await problemRows(page, 'Not valid JSON').count(), 1);
    // No Docker Workbench view was opened: the engine's host came with activation alone.
    assert.equal(await page.locator('.pane-header', { hasText: /^\s*Containers/ }).count(), 0);
  });

  it('applies the quick fix from the light bulb', async () => {
    // Put the cursor inside the broken exec form (line 7), where the light bulb offers its fix.
    // Clicked where they are drawn: Playwright's own click first scrolls the element into view,
    // which can scroll the editor's inner layers so that only line 8 stays visible.
    const entrypoint = page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'ENTRYPOINT' }).first();
    await entrypoint.waitFor();
    // The bulb is redrawn when code actions or diagnostics arrive, so it can vanish between being
    // seen and being clicked; and a click on the line that lands while the editor is being laid
    // out (the Problems panel just opened) can leave the cursor elsewhere, with no bulb. Each try
    // puts the cursor on the line again; at most three tries, and a failure says where the cursor was.
    const bulb = page.locator('.monaco-editor .lightBulbWidget');
    const item = page.locator('.action-widget .monaco-list-row', { hasText: 'escape backslashes' }).first();
    const seen = [];
    for (let attempt = 1; ; attempt++) {
      await clickAt(page, entrypoint, { x: 40 });
      await page.keyboard.press('End');
      const shown = await bulb.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
      const clicked = shown && (await clickAt(page, bulb, { required: false }));
      if (clicked && (await item.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false))) break;
      const cursor = await page.locator('[id="status.editor.selection"]').first().innerText().catch(() => 'no cursor position shown');
      seen.push(`try ${attempt}: ${shown ? (clicked ? 'bulb clicked, no menu' : 'bulb gone before the click') : 'no bulb'} at ${cursor.trim()}`);
      await page.keyboard.press('Escape');
      assert.ok(attempt < 3, `the light bulb menu never opened (${seen.join('; ')})`);
    }
    await shot(session, 'light-bulb-menu');
    await item.click();
    await waitForText(editorText(page), 'ENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]');
  });

  it('sees the problem go', async () => {
    await problemRows(page, 'Not valid JSON').first().waitFor({ state: 'detached' });
    // The other problems of the file stay: only the fixed one went.
    for (const text of [...HOST_PROBLEMS, ENGINE_PROBLEM]) {
      await problemRows(page, text).first().waitFor();
    }
  });
});
