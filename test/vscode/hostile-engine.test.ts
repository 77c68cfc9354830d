// Engines that misbehave, in the real extension host. (1) An engine that accepts GET /events and
// closes it at once: the private engine cannot do that, so the stand-in of test/support/fake-engine.ts
// (a small HTTP server on a unix socket, misbehaving on purpose) plays it, under an EngineSession
// of its own with a short backoff; counted, not timed. (2) A container on the private engine that
// prints more than the extension keeps: the logs channel's text and the terminal's transcript stay
// bounded and keep the tail.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DockerWorkbenchApi } from '../../client/src/api';
import { OUTPUT_TAIL_LIMIT, execInContainer } from '../../client/src/engine';
import { EngineSession, STATE_CONTEXT_KEY } from '../../client/src/explorer/session';
import type { ViewKind } from '../../client/src/explorer/model';
import { startFakeEngine, type FakeEngine } from '../support/fake-engine';
import { runContainer, type EngineClient } from './engine-ops';
import { ENGINE_MS, TEST_IMAGE, TEST_LABEL, api, removeTestContainers, uniqueName, waitForContainer } from './engine-helpers';
import { waitFor } from './helpers';

const ALL_VIEWS = 5;

describe('Engines that misbehave', function () {
  this.timeout(ENGINE_MS);
  let a: DockerWorkbenchApi;

  before(async () => {
    a = await api();
  });

  describe('an engine that drops /events at once', () => {
    let fake: FakeEngine | undefined;
    let session: EngineSession | undefined;

    after(async () => {
      session?.dispose();
      await fake?.close();
      // This suite's session set the shared context key; give it back to the extension's own.
      await vscode.commands.executeCommand('setContext', STATE_CONTEXT_KEY, a.session.state.kind);
    });

    it('is given up on after a bounded number of reconnects and refreshes, with Retry', async () => {
      const f = (fake = await startFakeEngine('drop'));
      const s = (session = new EngineSession({
        hostSetting: () => f.url,
        onHost: () => undefined,
        backoff: { initialMs: 1, maxMs: 8, maxAttempts: 6, resetAfterMs: 30_000 },
      }));
      let fullRefreshes = 0;
      s.onDidChangeData((views: ReadonlySet<ViewKind>) => (views.size === ALL_VIEWS ? fullRefreshes++ : undefined));
      await s.ensureStarted();
      // Bounded by count: before the fix it never stops, so stop looking after 40 subscriptions.
      await waitFor('the error state, or 40 subscriptions', () => s.state.kind === 'error' || f.count('/events') >= 40);
      // A re-read still in flight must not undo the error state.
      await new Promise((r) => setTimeout(r, 100));
      const counts = { subscriptions: f.count('/events'), info: f.count('/info'), version: f.count('/version'), fullRefreshes };
      console.log(`      ${JSON.stringify(counts)}`);
      assert.equal(s.state.kind, 'error', `still reconnecting: ${JSON.stringify(counts)}`);
      assert.equal(counts.subscriptions, 7, 'one subscription and six retries');
      // Connect reads /info once; each of the six reconnects re-reads it once.
      assert.ok(counts.info <= 7, `/info read ${counts.info} times`);
      // Connected, each re-read (one refresh each, no more), and the error state.
      assert.ok(counts.fullRefreshes <= 8, `${counts.fullRefreshes} full refreshes`);
      const error = s.state.kind === 'error' ? s.state.error : undefined;
      assert.match(error?.message ?? '', /closes it at once \(7 times in a row\)/);
      assert.ok(error?.isConnectionError, 'the views offer Retry and Open Settings, as for a dead endpoint');

      // Retry, once the engine behaves, connects again.
      f.events = 'stay';
      await s.retry();
      await waitFor('connected after Retry', () => s.state.kind === 'connected' && f.count('/events') === 8);
      // And a single drop of a healthy stream heals by itself: reconnecting, then connected again.
      const states: string[] = [];
      s.onDidChangeState((state) => states.push(state.kind));
      f.dropOpenStreams();
      await waitFor('reconnected after one drop', () => states.includes('reconnecting') && s.state.kind === 'connected' && f.count('/events') === 9);
    });
  });

  describe('a container that prints more than is kept', () => {
    let client: EngineClient;

    before(async () => {
      assert.ok(process.env.DOCKER_HOST, 'the vscode tier gives code-server the private engine');
      await waitFor('the session to connect', () => a.session.state.kind === 'connected', 30_000);
      client = await a.session.requireClient();
    });
    after(async () => {
      if (client) await removeTestContainers(client).catch(() => undefined);
    });

    it('keeps the tail of followed logs in the channel text and the terminal transcript', async () => {
      const name = uniqueName('chatty');
      // It prints 3 MB (three times what is kept) only when told, once both followers are attached.
      const script = 'echo waiting-for-go; while [ ! -f /tmp/go ]; do sleep 0.1; done; yes chatty-line | head -c 3000000; echo END-OF-CHATTY';
      const run = await runContainer(client, { image: TEST_IMAGE, name, cmd: ['sh', '-c', `${script}; sleep 300`], init: true, labels: { [TEST_LABEL]: '1' } });
      const node = await waitForContainer(a, name, (n) => n.container.state === 'running');
      const logs = (await vscode.commands.executeCommand('dockerWorkbench.container.logs', node)) as { text: () => string };
      const term = (await vscode.commands.executeCommand('dockerWorkbench.container.logsInTerminal', node)) as { terminal: string; transcript: () => string };
      try {
        await waitFor('both followers attached', () => logs.text().includes('waiting-for-go') && term.transcript().includes('waiting-for-go'));
        assert.equal((await execInContainer(client, run.id, ['touch', '/tmp/go'])).exitCode, 0);
        await waitFor('the end of the output in the channel text', () => logs.text().includes('END-OF-CHATTY'), 60_000);
        await waitFor('the end of the output in the terminal', () => term.transcript().includes('END-OF-CHATTY'), 60_000);
        for (const [what, text] of [
          ['channel text', logs.text()],
          ['terminal transcript', term.transcript()],
        ] as const) {
          assert.ok(text.length <= OUTPUT_TAIL_LIMIT + 200, `${what}: ${text.length} characters kept`);
          assert.match(text, /^… \d+\.\d MB of earlier output not kept …\r?\n/, `${what} says what was dropped`);
          assert.match(text, /(chatty-line\r?\n){1000}END-OF-CHATTY\r?\n$/, `${what}: the tail is intact`);
        }
      } finally {
        vscode.window.terminals.find((t) => t.name === term.terminal)?.dispose();
      }
    });
  });
});
