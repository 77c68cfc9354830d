// Browser end-to-end: the Images view's verdicts on a recorded Windows 11 engine (build 22631), as
// a person sees them. The recording (test/engine/fixtures/windows-11-verdicts.json) is replayed on
// loopback by test/engine/replay-loopback.ts (compiled here if the engine tier has not), and
// dockerWorkbench.host points at it. Screenshots in test-results/e2e-runs-here/: the view with an
// image of each verdict, and the tooltip of the one that does not run.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { root } from '../../scripts/test-host.mjs';
import { browserStory, examplesCopy, openDockerWorkbench, view } from './story.mjs';

const require = createRequire(import.meta.url);
const compiled = path.join(root, 'out', 'test', 'engine', 'replay-loopback.js');

describe('e2e: which images run on a Windows host (code-server + Chromium, recorded Windows 11 engine)', function () {
  this.timeout(90_000);
  let page;
  let replay;
  let scratch;
  const session = browserStory({
    name: 'e2e-runs-here',
    workspace: examplesCopy,
    async setup() {
      if (!existsSync(compiled)) {
        const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.engine.json'], { cwd: root, encoding: 'utf8', timeout: 180_000 });
        assert.equal(r.status, 0, `tsc -p tsconfig.engine.json: ${r.stdout}${r.stderr}`);
      }
      const { replayOnLoopback } = require(compiled);
      const { load } = require(path.join(root, 'out', 'test', 'engine', 'windows-replay.js'));
      scratch = mkdtempSync(path.join(tmpdir(), 'dw-e2e-runs-here-'));
      replay = await replayOnLoopback(load('windows-11-verdicts.json'), scratch);
    },
    settings: () => ({ 'dockerWorkbench.host': replay.url }),
    async teardown() {
      await replay?.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  });
  const { story } = session;
  before(() => {
    page = session.page;
  });

  it('opens the Docker Workbench view on the recorded Windows engine', async () => {
    await page.locator('.monaco-workbench').waitFor();
    await openDockerWorkbench(page, 'Images');
    await view(page, 'Engine').filter({ hasText: 'Windows containers' }).first().waitFor();
  });

  it('shows each image as running in process isolation, under Hyper-V only, or not at all', async () => {
    const rows = view(page, 'Images');
    const process = rows.filter({ hasText: 'servercore:ltsc2022' }).first();
    await process.filter({ hasText: 'runs here (process)' }).waitFor();
    await rows.filter({ hasText: 'nanoserver-1809' }).filter({ hasText: 'runs here (Hyper-V)' }).first().waitFor();
    const none = rows.filter({ hasText: 'servercore:ltsc2025' }).first();
    await none.filter({ hasText: 'does not run here' }).waitFor();
    assert.equal(await none.locator('.codicon-error').count(), 1, 'the red error icon');
    assert.equal(await process.locator('.codicon-pass-filled').count(), 1, 'the green pass icon');
  });

  it('says why in the tooltip of the image that does not run', async () => {
    const row = view(page, 'Images').filter({ hasText: 'servercore:ltsc2025' }).first();
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Tags that would run here' }).first();
    // A tooltip shows after the pointer rests on the row; when it did not (the row redrawn under the
    // pointer on a loaded machine), the pointer leaves and comes back, at most three times, 8 s each.
    for (let attempt = 1; ; attempt++) {
      await page.mouse.move(0, 0);
      await row.hover();
      if (await hover.waitFor({ timeout: 8_000 }).then(() => true, () => false)) break;
      assert.ok(attempt < 3, 'the tooltip of servercore:ltsc2025 never showed');
    }
    assert.match(await hover.innerText(), /build 22631/);
    assert.ok(story.step > 0);
  });
});
