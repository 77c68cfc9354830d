// Browser end-to-end: the Windows containers walkthrough opened on the Get Started page first
// (VS Code creates its walkthrough service then, and counts only events after that), nothing
// checked; Diagnose Windows Container Host run from the command palette on the private engine
// (Linux containers, so the OS check fails with its fix) and the report read in its Markdown
// preview; a Windows Dockerfile opened; then back on the walkthrough VS Code itself has checked
// the steps those events complete: an engine connected (onContext), a Windows Dockerfile
// (onContext, the extension's key), the diagnose command (onCommand); not the Windows engine one.
// Screenshots in test-results/e2e-diagnose/.
import * as assert from 'node:assert/strict';
import { browserStory, editorText, examplesCopy, waitForText } from './story.mjs';

function quickInput(page) {
  return page.locator('.quick-input-widget');
}

async function runFromPalette(page, text, pick) {
  await page.keyboard.press('F1');
  const input = quickInput(page).locator('input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${text}`);
  const row = quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: pick ?? text }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
}

/**
 * The notification with this text, found where it is: its toast, or the Notification Center. VS
 * Code hides an info toast 10 s after it shows while the window has focus (`PURGE_TIMEOUT` in its
 * notificationsToasts); the diagnose notification shows as the preview opens, so a preview that
 * drew slowly (a CI run on a loaded machine) outlived its toast. The center keeps every notification.
 */
async function notification(page, text) {
  const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: text }).first();
  if (await toast.waitFor({ timeout: 2_000 }).then(() => true, () => false)) return toast;
  await runFromPalette(page, 'Notifications: Show Notifications');
  const listed = page.locator('.notifications-center .notification-list-item', { hasText: text }).first();
  await listed.waitFor();
  return listed;
}

/** The Markdown preview's document: a webview, an iframe inside an iframe. */
function preview(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

describe('e2e: Diagnose Windows Container Host and the walkthrough (code-server + Chromium, private engine)', function () {
  this.timeout(90_000);
  let page;
  const session = browserStory({ name: 'e2e-diagnose', workspace: examplesCopy });
  before(() => {
    page = session.page;
  });
  const doneClass = async (id) => (await page.locator(`[data-done-step-id$="#${id}"]`).first().getAttribute('class')) ?? '';

  it('opens the Windows containers walkthrough on the Get Started page, nothing done yet', async () => {
    await page.locator('.monaco-workbench').waitFor();
    // The extension's contributions are in once its activity-bar icon is (nothing is activated by it).
    await page.locator('.activitybar .action-item a[aria-label^="Docker Workbench"], .activitybar .action-item[aria-label^="Docker Workbench"]').first().waitFor();
    await runFromPalette(page, 'Welcome: Open Walkthrough', 'Open Walkthrough');
    const row = quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: 'Windows Containers with Docker Workbench' }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
    await page.locator('[data-done-step-id$="#connect"]').first().waitFor();
    for (const id of ['connect', 'windowsEngine', 'lint', 'build', 'run', 'diagnose']) assert.doesNotMatch(await doneClass(id), /\bcomplete\b/, id);
  });

  it('runs Diagnose Windows Container Host from the command palette and the report opens in the preview', async () => {
    await runFromPalette(page, 'Docker Workbench: Diagnose Windows Container Host');
    await page.locator('.tab', { hasText: 'Preview Windows container host.md' }).first().waitFor();
    await preview(page).locator('h1', { hasText: 'Windows container host diagnosis' }).waitFor();
  });

  it('shows the engine checks: the engine answers, it runs Linux containers, and the fix to copy', async () => {
    const doc = preview(page);
    await doc.locator('h3', { hasText: '✓ Pass: A Docker engine answers' }).waitFor();
    await doc.locator('h3', { hasText: '✗ Fail: The engine runs Windows containers' }).waitFor();
    await doc.locator('pre code', { hasText: 'docker context ls' }).first().waitFor();
    assert.match(await doc.locator('body').innerText(), /1 passed, 1 failed, 0 unknown/);
    const told = await notification(page, '1 check failed');
    assert.match(await told.innerText(), /Windows container host: 1 check failed; the report gives the fixes\./);
    await told.locator('.monaco-button', { hasText: 'Copy Fix Commands' }).first().waitFor();
    await page.keyboard.press('Escape');
  });

  it('opens the IIS Dockerfile (a Windows base image)', async () => {
    const tab = page.locator('.tab', { hasText: 'Dockerfile' }).first();
    // Quick Open can fall back to its recently-opened list between the search results showing and
    // the click (seen on a loaded 2-core machine: the click then opened nothing): asked again, at most three times.
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Control+P');
      const input = quickInput(page).locator('input');
      await input.waitFor({ state: 'visible' });
      await input.fill('windows-iis/Dockerfile');
      const row = quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: 'Dockerfile' }).first();
      await row.waitFor({ state: 'visible' });
      await row.click();
      // Opened is the IIS file itself in the editor, not only a tab named Dockerfile.
      const opened = await tab.waitFor({ timeout: 10_000 }).then(
        () => waitForText(editorText(page), 'servercore:ltsc2019', 'the IIS base image', 5_000).then(() => true, () => false),
        () => false,
      );
      if (opened) break;
      await page.keyboard.press('Escape');
      assert.ok(attempt < 3, 'Quick Open never opened windows-iis/Dockerfile');
    }
  });

  it('the walkthrough has the engine, lint and diagnose steps checked by VS Code, not the Windows engine one', async () => {
    // The extension sets the lint step's key as the server names the file's image, a few
    // milliseconds after the file opens (a startup trace of the failing runs showed it set); the
    // Welcome page, shown again in that moment, was seen not to draw the step as done. So it is
    // looked at up to three times, 10 s each: the Welcome tab clicked; then the Dockerfile's tab and
    // the Welcome tab again; then the walkthrough opened again from the palette.
    const steps = ['connect', 'lint', 'diagnose'];
    const shown = () => page.evaluate((ids) => ids.map((id) => {
      const element = document.querySelector(`[data-done-step-id$="#${id}"]`);
      return `${id}: ${element ? (element.classList.contains('complete') ? 'complete' : 'not complete') : 'not on the page'}`;
    }), steps);
    for (let attempt = 1; ; attempt++) {
      if (attempt === 2) await page.locator('.tab', { hasText: 'Dockerfile' }).first().click();
      if (attempt === 3) {
        await runFromPalette(page, 'Welcome: Open Walkthrough', 'Open Walkthrough');
        const row = quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: 'Windows Containers with Docker Workbench' }).first();
        await row.waitFor({ state: 'visible' });
        await row.click();
      }
      await page.locator('.tab', { hasText: 'Welcome' }).first().click();
      const done = await page
        .waitForFunction((ids) => ids.every((id) => document.querySelector(`[data-done-step-id$="#${id}"]`)?.classList.contains('complete')), steps, { timeout: 10_000 })
        .then(() => true, () => false);
      if (done) break;
      if (attempt < 3) continue;
      // What else the page shows, so a failure tells whether the Dockerfile was open and linted.
      const seen = await page.evaluate(() => ({
        tabs: [...document.querySelectorAll('.tabs-container .tab')].map((t) => `${t.classList.contains('active') ? '*' : ''}${t.getAttribute('aria-label') ?? t.textContent}`),
        problems: document.querySelector('[id="status.problems"]')?.textContent ?? 'no problems item',
        notifications: [...document.querySelectorAll('.notification-toast .notification-list-item-message')].map((n) => n.textContent),
      }));
      assert.fail(`the walkthrough's steps were never all shown as done: ${(await shown()).join(', ')}; tabs: ${seen.tabs.join(' | ')}; problems: ${seen.problems}; notifications: ${seen.notifications.join(' | ') || 'none'}`);
    }
    assert.doesNotMatch(await doneClass('windowsEngine'), /\bcomplete\b/, 'the private engine runs Linux containers');
    assert.doesNotMatch(await doneClass('build'), /\bcomplete\b/);
  });
});
