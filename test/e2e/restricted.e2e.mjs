// Browser end-to-end of Restricted Mode (issue 8): code-server with workspace trust on opens a copy
// of examples/ untrusted, the extension installed as a user's (VS Code never restricts one under
// development). The language features still work; Build Image is not in the editor's context menu,
// and run from the Command Palette it refuses with a notification that says why and offers Manage
// Workspace Trust, which opens VS Code's Workspace Trust editor. The vscode tier
// (test/vscode/restricted.test.ts) checks the engine stays as it was; this story checks what the
// person reads, which the extension host cannot see. Screenshots in test-results/e2e-restricted/.
import * as assert from 'node:assert/strict';
import { browserStory, examplesCopy, explorerRow as explorer, problemRows, STEP_MS } from './story.mjs';

const BUILD_REFUSED = "Build Image sends this workspace's files";
const OFF_HERE = 'off in Restricted Mode';
const MANAGE_TRUST = 'Manage Workspace Trust';

describe('e2e: Restricted Mode, a workspace VS Code does not trust (code-server + Chromium)', function () {
  this.timeout(90_000);
  let page;
  const session = browserStory({ name: 'e2e-restricted', workspace: examplesCopy, restricted: true });
  before(() => {
    page = session.page;
  });

  it('opens the examples workspace in Restricted Mode, the extension enabled', async () => {
    await page.locator('.monaco-workbench').waitFor();
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'windows-iis' }).first().waitFor();
    await page.locator('.statusbar-item[id="status.workspaceTrust"]', { hasText: 'Restricted Mode' }).waitFor();
    // Without `untrustedWorkspaces` in package.json VS Code disables the extension here, and its
    // activity bar icon never appears.
    await page.locator('.activitybar .action-item a[aria-label^="Docker Workbench"], .activitybar .action-item[aria-label^="Docker Workbench"]').first().waitFor();
  });

  it('opens windows-iis/Dockerfile and sees its problems: the language features work', async () => {
    await explorer(page, 'windows-iis').click();
    await explorer(page, 'Dockerfile').first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'Dockerfile' }).waitFor();
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor();
    await problemRows(page, 'Not valid JSON').first().waitFor();
    assert.equal(await problemRows(page, 'Not valid JSON').count(), 1);
  });

  it("right-clicks in the editor: the menu has no Build Image, only what reads the file", async () => {
    const line = page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'ENTRYPOINT' }).first();
    // Clicked where it is drawn (Playwright's own click may scroll the editor's inner layers); the
    // line may be redrawn between being found and measured, so measured again a few times.
    let box = null;
    for (let attempt = 1; attempt <= 3 && !box; attempt++) {
      await line.waitFor({ state: 'visible' });
      box = await line.boundingBox().catch(() => null);
    }
    assert.ok(box, 'the ENTRYPOINT line has no box on screen');
    await page.mouse.click(box.x + 40, box.y + box.height / 2, { button: 'right' });
    const entries = page.locator('.context-view .monaco-menu .action-label');
    // The menu is open and has our other entry and VS Code's own: an absent Build Image means hidden.
    await entries.filter({ hasText: /^Show How Docker Reads This Dockerfile$/ }).waitFor({ state: 'visible' });
    await entries.filter({ hasText: /^Command Palette/ }).waitFor({ state: 'visible' });
    const labels = (await entries.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    assert.ok(!labels.some((t) => /Build Image/.test(t)), `the editor's context menu offers Build Image in Restricted Mode: ${labels.join(' | ')}`);
    await page.keyboard.press('Escape');
    await entries.first().waitFor({ state: 'detached' });
  });

  it('runs Build Image from the Command Palette: a warning says why it is off, and asks nothing', async () => {
    await page.keyboard.press('F1');
    const palette = page.locator('.quick-input-widget');
    await palette.locator('input').waitFor({ state: 'visible' });
    await palette.locator('input').fill('>Docker Workbench: Build Image');
    await palette.locator('.quick-input-list .monaco-list-row.focused', { hasText: /Docker Workbench: Build Image/ }).waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: BUILD_REFUSED });
    await refusedOrAsked(page, toast);
    // Faded in completely before the step's screenshot.
    await page.locator('.notification-toast.notification-fade-in-done', { hasText: BUILD_REFUSED }).waitFor();
    const message = await toast.locator('.notification-list-item-message').innerText();
    assert.match(message, new RegExp(OFF_HERE));
    assert.match(message, /trust this workspace to use it/);
    assert.equal(await toast.locator('.notification-list-item-icon.codicon-warning').count(), 1, 'not a warning');
    await toast.locator('.monaco-button', { hasText: new RegExp(`^${MANAGE_TRUST}$`) }).waitFor({ state: 'visible' });
    // Refused before any question: a Build that went on would pick a Dockerfile or ask for a tag.
    assert.equal(await palette.isVisible(), false, 'a question opened');
  });

  it('clicks Manage Workspace Trust: the Workspace Trust editor opens', async () => {
    const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: BUILD_REFUSED });
    await toast.locator('.monaco-button', { hasText: new RegExp(`^${MANAGE_TRUST}$`) }).click();
    // VS Code 1.139 opens it in a modal editor; a tab in older layouts.
    await page.locator('.part.editor .modal-editor-title, .part.editor .tabs-container .tab.active', { hasText: /^\s*Workspace Trust\s*$/ }).first().waitFor();
    await page.locator('.workspace-trust-editor.untrusted', { hasText: 'You are in Restricted Mode' }).waitFor();
    await toast.waitFor({ state: 'detached' });
    assert.equal(await page.locator('.quick-input-widget').isVisible(), false, 'a question opened');
  });
});

/**
 * Waits for the refusal; fails at once, saying what it asks, if the command asks a question instead
 * (the quick input shows something other than the Command Palette's `>` query).
 */
async function refusedOrAsked(page, toast) {
  const widget = page.locator('.quick-input-widget');
  const deadline = Date.now() + STEP_MS;
  while (Date.now() < deadline) {
    if (await toast.isVisible()) return;
    if (await widget.isVisible()) {
      const value = await widget.locator('input').first().inputValue().catch(() => '>');
      if (!value.startsWith('>')) assert.fail(`Build Image went on and asked: ${(await widget.innerText().catch(() => '')).trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail('neither the refusal nor a question appeared');
}
