// Browser end-to-end for the Docker explorer: code-server (VS Code 1.139) with DOCKER_HOST at the
// private engine of scripts/engine-host.sh, driven by Chromium like a person. One test per step,
// a screenshot per step in test-results/e2e-explorer/ (NN-step.png, or NN-step-FAILED.png).
// The engine is started here if it is not running, and stopped again only if it was started here.
import * as assert from 'node:assert/strict';
import Docker from 'dockerode';
import { browserStory, examplesCopy, openDockerWorkbench, shot, view } from './story.mjs';
import { image, socket } from './engine.mjs';

const LABEL = 'dev.docker-workbench.e2e-test';

describe('e2e: the Docker Workbench explorer shows the real engine (code-server + Chromium)', function () {
  this.timeout(90_000);
  let page;
  let docker;
  const names = { web: `dw-e2e-web-${process.pid}`, idle: `dw-e2e-idle-${process.pid}` };
  const session = browserStory({
    name: 'e2e-explorer',
    workspace: examplesCopy,
    async setup() {
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
    },
    async teardown() {
      if (!docker) return;
      const mine = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [LABEL] }) }).catch(() => []);
      for (const c of mine) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
    },
  });
  before(() => {
    page = session.page;
  });

  it('opens the Docker Workbench view from the activity bar', async () => {
    await page.locator('.monaco-workbench').waitFor();
    await openDockerWorkbench(page, 'Containers');
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
    await shot(session, 'context-menu');
    await page.keyboard.press('Escape');
  });

  it('refreshes from engine events: a container started outside VS Code appears', async () => {
    const name = `dw-e2e-late-${process.pid}`;
    const late = await docker.createContainer({ Image: image, name, Cmd: ['sleep', '300'], Labels: { [LABEL]: '1' }, HostConfig: { Init: true } });
    await late.start();
    await view(page, 'Containers').filter({ hasText: name }).first().waitFor({ timeout: 10_000 });
  });
});
