// Browser end-to-end for an image's whole life (issue 4): in code-server with DOCKER_HOST at the
// private engine, Chromium builds a small workspace's Dockerfile from the command palette, runs the
// image from the Images view, inspects, stops and removes the container from its context menu,
// answering every prompt as the UI shows it. Each step is also checked against the engine with
// dockerode. One test per step, a screenshot per step in test-results/e2e-lifecycle/.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Docker from 'dockerode';
import { browserStory, contextMenu, editorText, openDockerWorkbench, shot, view, waitForText } from './story.mjs';
import { image, socket } from './engine.mjs';

const LABEL = 'dev.docker-workbench.e2e-test';

describe('e2e: build, run, inspect, stop and remove from the browser (code-server + Chromium)', function () {
  this.timeout(90_000);
  let page;
  const docker = new Docker({ socketPath: socket });
  const tag = `dw-e2e-lifecycle-${process.pid}:v1`;
  const name = `dw-e2e-life-${process.pid}`;
  const session = browserStory({
    name: 'e2e-lifecycle',
    // A fresh workspace: a Dockerfile that COPYs a page and serves it. The label lets teardown find
    // the image and its containers; the shell traps TERM so Stop does not wait for the kill timeout.
    workspace: (runDir) => {
      const workspace = path.join(runDir, 'web-app');
      mkdirSync(workspace, { recursive: true });
      writeFileSync(path.join(workspace, 'index.html'), '<h1>Docker Workbench e2e</h1>\n');
      writeFileSync(
        path.join(workspace, 'Dockerfile'),
        [
          `FROM ${image}`,
          `LABEL ${LABEL}=1`,
          'COPY index.html /www/index.html',
          'EXPOSE 80',
          `CMD ["sh", "-c", "trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait"]`,
          '',
        ].join('\n'),
      );
      return workspace;
    },
    async teardown() {
      const filters = JSON.stringify({ label: [LABEL] });
      const containers = await docker.listContainers({ all: true, filters }).catch(() => []);
      for (const c of containers) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
      await docker.getContainer(name).remove({ force: true }).catch(() => undefined);
      await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
    },
  });
  before(() => {
    page = session.page;
  });

  it('opens the workspace and the Docker Workbench view', async () => {
    await page.locator('.monaco-workbench').waitFor();
    await openDockerWorkbench(page, 'Images');
    await view(page, 'Images').filter({ hasText: image }).first().waitFor();
  });

  it('builds the image from the command palette, answering the tag, context and build-args prompts', async () => {
    await page.keyboard.press('F1');
    const palette = quickInput(page);
    await palette.locator('input').waitFor({ state: 'visible' });
    await palette.locator('input').fill('>Docker Workbench: Build Image');
    await pickRow(page, /Docker Workbench: Build Image/);
    // The only Dockerfile of the workspace is offered in a picker.
    await pickRow(page, /^Dockerfile/);
    await answerInput(page, 'Tag the image as name:tag', tag);
    await pickRow(page, /the Dockerfile's folder/);
    await answerInput(page, 'Build args as KEY=VALUE', '');
    await view(page, 'Images').filter({ hasText: tag }).first().waitFor();
    const info = await docker.getImage(tag).inspect();
    assert.equal(info.Config.Labels?.[LABEL], '1');
    assert.ok(info.RepoTags.includes(tag));
  });

  it('runs it from the Images view: published port, detached, named', async () => {
    await contextMenu(page, view(page, 'Images').filter({ hasText: tag }).first(), 'Run…');
    await answerInput(page, 'Ports to publish', '127.0.0.1::80');
    await pickRow(page, /^Detached/);
    await answerInput(page, 'Container name', name);
    await pickRow(page, /^default/);
    await answerInput(page, 'Environment as KEY=VALUE', '');
    const row = view(page, 'Containers').filter({ hasText: name }).first();
    await row.filter({ hasText: /running/ }).waitFor();
    assert.match(await row.innerText(), /127\.0\.0\.1:\d+:80\/tcp/);
    const info = await docker.getContainer(name).inspect();
    assert.equal(info.State.Running, true);
    assert.equal(info.Config.Image, tag);
    assert.match(info.NetworkSettings.Ports['80/tcp']?.[0]?.HostPort ?? '', /^\d+$/);
  });

  it('inspects the container and sees its JSON document', async () => {
    await contextMenu(page, view(page, 'Containers').filter({ hasText: name }).first(), 'Inspect');
    await page.locator('.tabs-container .tab.active', { hasText: `${name}.json` }).waitFor();
    const id = (await docker.getContainer(name).inspect()).Id;
    await waitForText(editorText(page), (text) => text.includes('"Id"') && text.includes(id), 'the inspect document with "Id"');
  });

  it('stops the container and sees it exited', async () => {
    await contextMenu(page, view(page, 'Containers').filter({ hasText: name }).first(), 'Stop');
    await view(page, 'Containers').filter({ hasText: name }).filter({ hasText: /exited/ }).first().waitFor();
    const info = await docker.getContainer(name).inspect();
    assert.equal(info.State.Running, false);
    assert.equal(info.State.Status, 'exited');
  });

  it('removes the container after confirming, and sees it gone', async () => {
    await contextMenu(page, view(page, 'Containers').filter({ hasText: name }).first(), 'Remove…');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: `Remove container ${name}?` }).waitFor();
    await shot(session, 'confirm-dialog');
    await dialog.locator('.monaco-button', { hasText: /^Remove$/ }).first().click();
    await dialog.waitFor({ state: 'detached' });
    await view(page, 'Containers').filter({ hasText: name }).first().waitFor({ state: 'detached' });
    await assert.rejects(docker.getContainer(name).inspect(), (err) => err?.statusCode === 404);
  });
});

function quickInput(page) {
  return page.locator('.quick-input-widget');
}

/** Picks the quick-pick row whose text matches, once it is shown. */
async function pickRow(page, text) {
  const row = quickInput(page).locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
  await row.waitFor({ state: 'detached' });
}

/** Answers the input box that shows `prompt`: replaces its value and presses Enter. */
async function answerInput(page, prompt, value) {
  const box = quickInput(page).filter({ hasText: prompt });
  const input = box.locator('input').first();
  await input.waitFor({ state: 'visible' });
  await input.fill(value);
  assert.equal(await input.inputValue(), value);
  await input.press('Enter');
  await box.waitFor({ state: 'hidden' });
}
