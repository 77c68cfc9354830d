// Browser end-to-end for the Docker explorer: code-server (VS Code 1.139) with DOCKER_HOST at the
// private engine of scripts/engine-host.sh, driven by Chromium like a person. One test per step,
// a screenshot per step in test-results/e2e-explorer/ (NN-step.png, or NN-step-FAILED.png).
// The engine is started here if it is not running, and stopped again only if it was started here.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import Docker from 'dockerode';
import { ensureTestHost, root } from '../../scripts/test-host.mjs';
import { copyTree, launchChromium, linkExtension, makeRunDir, startCodeServer, workbenchUrl, writeUserSettings } from '../../scripts/lib/code-server.mjs';
import { storySteps } from './story.mjs';
import { dockerHost, engine, ensureEngine, image, socket } from './engine.mjs';

const shots = path.join(root, 'test-results', 'e2e-explorer');
const STEP_MS = 30_000;
const LABEL = 'dev.docker-workbench.e2e-test';

describe('e2e: the Docker Workbench explorer shows the real engine (code-server + Chromium)', function () {
  this.timeout(90_000);
  let runDir;
  let server;
  let browser;
  let page;
  let docker;
  let startedEngine = false;
  const names = { web: `dw-e2e-web-${process.pid}`, idle: `dw-e2e-idle-${process.pid}` };

  before(async function () {
    this.timeout(300_000);
    ensureTestHost({ parts: ['code-server', 'playwright'] });
    rmSync(shots, { recursive: true, force: true });
    mkdirSync(shots, { recursive: true });
    startedEngine = ensureEngine();
    docker = new Docker({ socketPath: socket });
    // One running container with a published port, one created (stopped) one.
    const web = await docker.createContainer({
      Image: image,
      name: names.web,
      Cmd: ['httpd', '-f', '-p', '80', '-h', '/www'],
      Labels: { [LABEL]: '1' },
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] }, Init: true },
    });
    await web.start();
    await docker.createContainer({ Image: image, name: names.idle, Cmd: ['true'], Labels: { [LABEL]: '1' } });
    runDir = makeRunDir('e2e-explorer');
    linkExtension(runDir);
    writeUserSettings(runDir);
    const workspace = path.join(runDir, 'examples');
    copyTree(path.join(root, 'examples'), workspace);
    server = await startCodeServer({ runDir, env: { DOCKER_HOST: dockerHost } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(STEP_MS);
    await page.goto(workbenchUrl(server, workspace), { timeout: STEP_MS });
  });

  after(async function () {
    this.timeout(120_000);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (docker) {
      const mine = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [LABEL] }) }).catch(() => []);
      for (const c of mine) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    }
    if (startedEngine) engine('stop');
    if (runDir && !story.broken) rmSync(runDir, { recursive: true, force: true });
    else if (runDir) console.log(`    code-server log kept: ${path.relative(root, server?.logFile ?? runDir)}`);
  });

  const story = storySteps(shots, () => page);

  it('opens the Docker Workbench view from the activity bar', async () => {
    await page.locator('.monaco-workbench').waitFor();
    const icon = page.locator('.activitybar .action-item a[aria-label^="Docker Workbench"], .activitybar .action-item[aria-label^="Docker Workbench"]').first();
    await icon.waitFor();
    await icon.click();
    await page.locator('.pane-header', { hasText: /Containers/i }).first().waitFor();
  });

  it('shows the engine: endpoint and Linux mode', async () => {
    const rows = view(page, 'Engine');
    await rows.filter({ hasText: 'Endpoint' }).first().waitFor();
    assert.match(await rows.filter({ hasText: 'Endpoint' }).first().innerText(), new RegExp(socket.replace(/[/.]/g, '\\$&')));
    await rows.filter({ hasText: 'Linux containers' }).first().waitFor();
  });

  it("lists the real engine's containers, running and stopped", async () => {
    const rows = view(page, 'Containers');
    const web = rows.filter({ hasText: names.web }).first();
    await web.waitFor();
    assert.match(await web.innerText(), /running/);
    assert.match(await web.innerText(), /127\.0\.0\.1:\d+:80\/tcp/);
    await rows.filter({ hasText: names.idle }).first().waitFor();
    assert.match(await rows.filter({ hasText: names.idle }).first().innerText(), /created/);
  });

  it('expands a container into its ports and per-network IP', async () => {
    const rows = view(page, 'Containers');
    await rows.filter({ hasText: names.web }).first().click();
    await page.keyboard.press('ArrowRight');
    await rows.filter({ hasText: 'Ports' }).first().waitFor();
    assert.match(await rows.filter({ hasText: /^bridge/ }).first().innerText(), /\d+\.\d+\.\d+\.\d+/);
  });

  it('offers Stop, Logs, Open Shell and Inspect on a running container', async () => {
    const rows = view(page, 'Containers');
    await rows.filter({ hasText: names.web }).first().click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu, .monaco-menu-container');
    for (const label of ['Stop', 'Show Logs', 'Open Shell', 'Inspect', 'Open in Browser', 'Remove…']) {
      await menu.locator('.action-label', { hasText: new RegExp(`^${label}$`) }).first().waitFor();
    }
    // Start is offered on stopped containers only.
    assert.equal(await menu.locator('.action-label', { hasText: /^Start$/ }).count(), 0);
    await page.screenshot({ path: path.join(shots, `${String(story.step).padStart(2, '0')}-context-menu.png`), timeout: 10_000 });
    await page.keyboard.press('Escape');
  });

  it('refreshes from engine events: a container started outside VS Code appears', async () => {
    const name = `dw-e2e-late-${process.pid}`;
    const late = await docker.createContainer({ Image: image, name, Cmd: ['sleep', '300'], Labels: { [LABEL]: '1' }, HostConfig: { Init: true } });
    await late.start();
    await view(page, 'Containers').filter({ hasText: name }).first().waitFor({ timeout: 10_000 });
  });
});

/** Rows of one of our views, found by its pane header. */
function view(page, name) {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: new RegExp(`^\\s*${name}`, 'i') }) }).first();
  return pane.locator('.monaco-list-row');
}
