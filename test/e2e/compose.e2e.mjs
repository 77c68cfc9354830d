// Browser end-to-end for a compose file (issue 11): in code-server with DOCKER_HOST at the private
// engine (Linux containers), a person opens a compose.yaml holding a Linux service and a Windows
// one; sees the Windows service's findings in the Problems panel and in the hover; fixes the
// misspelt isolation from the quick-fix menu (Ctrl+.) and saves; clicks the "Up" code lens above
// the Linux service, whose image is the engine's offline one (pull_policy: never: nothing is
// pulled), and sees its container running, in the engine and as a compose group of the Containers
// view; then takes the project down from the group's context menu. One test per step, a
// screenshot per step in test-results/e2e-compose/; teardown removes the project by its label.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Docker from 'dockerode';
import { browserStory, clickAt, contextMenu, editorText, explorerRow, openDockerWorkbench, problemRows, shot, STEP_MS, view, waitForText } from './story.mjs';
import { image, socket } from './engine.mjs';

const LABEL = 'dev.docker-workbench.e2e-test';
const WINDOWS_IMAGE = 'mcr.microsoft.com/windows/servercore:ltsc2022';
const ENGINE_FINDING = 'image operating system "windows" cannot be used on this platform';
const ISOLATION_FINDING = 'isolation `proces` is not one the engine accepts';

describe('e2e: a compose file with a Windows service, fixed and brought up from the browser (code-server + Chromium)', function () {
  this.timeout(90_000);
  let page;
  const docker = new Docker({ socketPath: socket });
  let dir;
  let file;
  let project;
  /** The project's containers in the engine, found by the working folder compose labels them with. */
  const mine = async () => docker.listContainers({ all: true, filters: JSON.stringify({ label: [`com.docker.compose.project.working_dir=${dir}`] }) });
  const session = browserStory({
    name: 'e2e-compose',
    workspace: (runDir) => {
      const workspace = path.join(runDir, 'compose-ws');
      // The folder names the compose project: unique, so no other run's project is touched.
      dir = path.join(workspace, `dw-e2e-compose-${process.pid}`);
      file = path.join(dir, 'compose.yaml');
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        file,
        [
          'services:',
          '  web:',
          `    image: ${image}`,
          '    pull_policy: never',
          `    command: ["sh", "-c", "trap 'exit 0' TERM; echo web is up; sleep 300 & wait"]`,
          '    labels:',
          `      ${LABEL}: "1"`,
          '  iis:',
          `    image: ${WINDOWS_IMAGE}`,
          '    isolation: proces',
          '',
        ].join('\n'),
      );
      return workspace;
    },
    async teardown() {
      if (!dir) return;
      const left = await mine().catch(() => []);
      const projects = new Set(left.map((c) => c.Labels['com.docker.compose.project']));
      for (const c of left) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
      for (const p of projects) await docker.getNetwork(`${p}_default`).remove().catch(() => undefined);
    },
  });
  before(() => {
    page = session.page;
  });

  it('opens compose.yaml from the file Explorer', async () => {
    await page.locator('.monaco-workbench').waitFor();
    await explorerRow(page, path.basename(dir)).first().click();
    await explorerRow(page, 'compose.yaml').first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'compose.yaml' }).waitFor();
    await waitForText(editorText(page), WINDOWS_IMAGE, 'the compose file in the editor');
    // The Up | Logs lenses come a moment later and push the lines below them down; wait for both
    // services' lenses, so the steps below find the lines where a person sees them.
    const lenses = page.locator('.editor-instance .monaco-editor .codelens-decoration a', { hasText: /^Up$/ });
    await lenses.nth(1).waitFor();
  });

  it("shows the Windows service's findings in the Problems panel", async () => {
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor();
    const engineRow = problemRows(page, ENGINE_FINDING).first();
    await engineRow.waitFor();
    assert.match(await engineRow.innerText(), /compose-windows-image-linux-engine/);
    assert.match(await engineRow.innerText(), /iis/);
    const isolationRow = problemRows(page, ISOLATION_FINDING).first();
    await isolationRow.waitFor();
    assert.match(await isolationRow.innerText(), /compose-isolation-invalid/);
    // The Linux service is fine: these two are the file's only problems.
    assert.equal(await problemRows(page, 'Service `').count(), 2);
  });

  it('shows the engine finding when hovering the Windows image', async () => {
    const value = page.locator('.editor-instance .monaco-editor .view-line span span', { hasText: 'servercore' }).first();
    await value.waitFor();
    const hover = page.locator('.monaco-hover:visible', { hasText: 'cannot be used on this platform' }).first();
    // The hover opens after the pointer rests on a word. If it was not taken (a busy machine, or a
    // late lens or banner moved the lines under the pointer), the pointer leaves the editor and
    // comes back to where the value is now: a move within the same word would not ask again.
    const seen = [];
    for (let attempt = 1; ; attempt++) {
      const box = await value.boundingBox();
      assert.ok(box, 'the image value is on screen');
      await page.mouse.move(0, 0);
      await page.mouse.move(box.x + box.width / 2 - 3, box.y + box.height / 2);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      if (await hover.waitFor({ state: 'visible', timeout: 8_000 }).then(() => true, () => false)) break;
      const shown = await page.locator('.monaco-hover:visible').allInnerTexts().catch(() => []);
      seen.push(`attempt ${attempt}: ${shown.length === 0 ? 'no hover' : shown.map((t) => JSON.stringify(t.slice(0, 160))).join(' | ')}`);
      assert.ok(attempt < 4, `the hover never showed the finding (${seen.join('; ')})`);
    }
    assert.match(await hover.innerText(), /compose-windows-image-linux-engine/);
  });

  it('fixes the isolation from the quick-fix menu (Ctrl+.) and saves', async () => {
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');
    const value = page.locator('.editor-instance .monaco-editor .view-line span span', { hasText: /^proces$/ }).first();
    await value.waitFor();
    const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Use isolation: process' }).first();
    // The menu is asked for at the cursor; ask again (bounded) if the code actions were not in yet.
    for (let attempt = 1; ; attempt++) {
      await clickAt(page, value);
      await page.keyboard.press('Control+Period');
      if (await item.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) break;
      await page.keyboard.press('Escape');
      assert.ok(attempt < 3, 'the quick-fix menu never offered "Use isolation: process"');
    }
    await shot(session, 'quick-fix-menu');
    await item.click();
    await waitForText(editorText(page), 'isolation: process', 'the fixed isolation');
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
    const saved = readFileSync(file, 'utf8');
    assert.match(saved, /^ {4}isolation: process$/m);
    assert.doesNotMatch(saved, /proces$/m);
  });

  it('sees the isolation problem go while the engine finding stays', async () => {
    await problemRows(page, ISOLATION_FINDING).first().waitFor({ state: 'detached' });
    await problemRows(page, ENGINE_FINDING).first().waitFor();
  });

  it('clicks the "Up" code lens above the Linux service and sees its container running', async () => {
    const webLine = page.locator('.editor-instance .monaco-editor .view-line', { hasText: /^\s*web:\s*$/ }).first();
    await webLine.waitFor();
    const lenses = page.locator('.editor-instance .monaco-editor .codelens-decoration a', { hasText: /^Up$/ });
    // The lens drawn right above the web: line (each service has its own). Lenses are redrawn after
    // an edit or a save, so look again (bounded) while they are being replaced.
    const lensAboveWeb = async () => {
      const seen = [];
      const lineBox = await webLine.boundingBox();
      if (!lineBox) return { seen: ['web: not on screen'] };
      for (const candidate of await lenses.all()) {
        const box = await candidate.boundingBox().catch(() => null);
        seen.push(box ? `${Math.round(box.y)} (web: at ${Math.round(lineBox.y)})` : 'no box');
        if (box && box.y < lineBox.y && lineBox.y - box.y < 2 * lineBox.height) return { lens: candidate, seen };
      }
      return { seen };
    };
    let found = await lensAboveWeb();
    for (const deadline = Date.now() + STEP_MS; !found.lens && Date.now() < deadline; found = await lensAboveWeb()) await new Promise((resolve) => setTimeout(resolve, 200));
    const { lens, seen } = found;
    assert.ok(lens, `an Up lens right above web:; lenses at y ${seen.join(', ')}`);
    await shot(session, 'code-lens');
    await clickAt(page, lens);
    const deadline = Date.now() + STEP_MS;
    let running;
    while (!running && Date.now() < deadline) {
      running = (await mine()).find((c) => c.Labels['com.docker.compose.service'] === 'web' && c.State === 'running');
      if (!running) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.ok(running, 'the web service is running in the engine');
    assert.equal(running.Image, image);
    assert.equal(running.Labels[LABEL], '1');
    project = running.Labels['com.docker.compose.project'];
    assert.deepEqual((await mine()).map((c) => c.Labels['com.docker.compose.service']), ['web'], 'only the service whose lens was clicked');
    await page.locator('.notifications-toasts, .notification-toast', { hasText: 'Compose up web finished' }).first().waitFor();
  });

  it('sees the compose group in the Containers view', async () => {
    await openDockerWorkbench(page, 'Containers');
    const group = view(page, 'Containers').filter({ hasText: project }).filter({ hasText: /compose · 1\/1 running/ }).first();
    await group.waitFor();
    if ((await group.getAttribute('aria-expanded')) !== 'true') {
      await group.click();
      await page.keyboard.press('ArrowRight');
    }
    const [container] = await mine();
    const name = container.Names[0].replace(/^\//, '');
    await view(page, 'Containers').filter({ hasText: name }).filter({ hasText: /running/ }).first().waitFor();
  });

  it('takes the project down from the group\'s context menu', async () => {
    const group = view(page, 'Containers').filter({ hasText: project }).filter({ hasText: /compose/ }).first();
    await contextMenu(page, group, 'Compose Down');
    await group.waitFor({ state: 'detached' });
    const deadline = Date.now() + STEP_MS;
    while ((await mine()).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(await mine(), [], 'no container of the project is left');
  });
});
