// The client's policy when the language server dies: restart it, at most 4 times in 3 minutes,
// then stop and say so once, with a way to restart. Pure (no VS Code), with a fake clock.
import * as assert from 'node:assert/strict';
import { MAX_RESTARTS, RESTART_WINDOW_MS, RestartPolicy, giveUpMessage } from '../../client/src/serverRestart';

describe('language server restart policy', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('restarts 4 times within 3 minutes, then gives up and tells once', () => {
    assert.equal(MAX_RESTARTS, 4);
    assert.equal(RESTART_WINDOW_MS, 3 * 60_000);
    const policy = new RestartPolicy(clock);
    for (let i = 1; i <= MAX_RESTARTS; i++) {
      now += 1000;
      assert.deepEqual(policy.closed(), { action: 'restart', restartsInWindow: i });
    }
    now += 1000;
    assert.deepEqual(policy.closed(), { action: 'give-up', crashesInWindow: MAX_RESTARTS + 1, tell: true });
    // Should the connection report closing again, nobody is told twice.
    now += 1000;
    assert.deepEqual(policy.closed(), { action: 'give-up', crashesInWindow: MAX_RESTARTS + 2, tell: false });
  });

  it('forgets crashes older than the window, so a server that dies now and then keeps coming back', () => {
    const policy = new RestartPolicy(clock);
    for (let i = 0; i < 20; i++) {
      now += RESTART_WINDOW_MS / 2;
      const decision = policy.closed();
      assert.equal(decision.action, 'restart', `crash ${i + 1}`);
      assert.ok(decision.action === 'restart' && decision.restartsInWindow <= 3);
    }
  });

  it('starts counting afresh when the user restarts the server', () => {
    const policy = new RestartPolicy(clock);
    for (let i = 0; i <= MAX_RESTARTS; i++) policy.closed();
    assert.equal(policy.closed().action, 'give-up');
    policy.reset();
    assert.deepEqual(policy.closed(), { action: 'restart', restartsInWindow: 1 });
  });

  it('says what happened, that features are off, and how to get them back', () => {
    const message = giveUpMessage(5);
    assert.match(message, /stopped 5 times in 3 minutes/);
    assert.match(message, /Restart Server/);
  });
});
