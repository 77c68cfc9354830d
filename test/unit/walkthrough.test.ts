// The walkthrough (contributes.walkthroughs) against the code: every step completes on an event the
// extension really produces (a context key it sets, or a command it contributes), its media exist,
// its links name commands that exist; and the progress logic sets its keys on the right events.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WALKTHROUGH_ID, WALKTHROUGH_KEYS, WalkthroughProgress, namesWindowsImage } from '../../client/src/companion/walkthrough/progress';

const root = path.resolve(__dirname, '..', '..', '..');

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: Array<{ command: string }>; views: Record<string, Array<{ id: string }>>; walkthroughs: Array<{ id: string; title: string; steps: Step[] }> };
};

describe('walkthrough', () => {
  const walkthrough = pkg.contributes.walkthroughs.find((w) => w.id === WALKTHROUGH_ID);

  it('has the six steps in order, each with existing Markdown media', () => {
    assert.ok(walkthrough, 'no walkthrough with the id the code uses');
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['connect', 'windowsEngine', 'lint', 'build', 'run', 'diagnose']);
    for (const s of walkthrough.steps) {
      assert.ok(s.media.markdown, s.id);
      assert.ok(fs.statSync(path.join(root, s.media.markdown)).isFile(), s.media.markdown);
    }
  });

  it('completes every step on an event the extension produces: its own context keys, the session\'s, or a contributed command', () => {
    const session = fs.readFileSync(path.join(root, 'client', 'src', 'explorer', 'session.ts'), 'utf8');
    const commands = new Set(pkg.contributes.commands.map((c) => c.command));
    const own = new Set<string>(Object.values(WALKTHROUGH_KEYS));
    const events = Object.fromEntries(walkthrough!.steps.map((s) => [s.id, s.completionEvents ?? []]));
    assert.deepEqual(events, {
      connect: ['onContext:dockerWorkbench.engine.state == connected'],
      windowsEngine: ['onContext:dockerWorkbench.engine.mode == windows'],
      lint: [`onContext:${WALKTHROUGH_KEYS.windowsDockerfile}`],
      build: [`onContext:${WALKTHROUGH_KEYS.imageBuilt}`],
      run: [`onContext:${WALKTHROUGH_KEYS.containerStarted}`],
      diagnose: ['onCommand:dockerWorkbench.diagnoseHost'],
    });
    for (const list of Object.values(events)) {
      for (const e of list) {
        const ctx = /^onContext:([\w.]+)(?: == (\w+))?$/.exec(e);
        const cmd = /^onCommand:([\w.]+)$/.exec(e);
        if (cmd) assert.ok(commands.has(cmd[1]), e);
        else if (ctx && own.has(ctx[1])) assert.equal(ctx[2], undefined, e);
        else {
          // The session's keys: declared there and set to the compared value.
          assert.ok(ctx, e);
          assert.ok(session.includes(`'${ctx[1]}'`), `session.ts does not declare ${ctx[1]}`);
        }
      }
    }
    assert.match(session, /setContext', STATE_CONTEXT_KEY, s\.kind\)/);
    assert.match(session, /setContext', MODE_CONTEXT_KEY, platform\?\.osType/);
  });

  it('links only to contributed commands or view focus commands', () => {
    const commands = new Set(pkg.contributes.commands.map((c) => c.command));
    const views = new Set(Object.values(pkg.contributes.views).flat().map((v) => `${v.id}.focus`));
    let links = 0;
    for (const s of walkthrough!.steps) {
      for (const m of s.description.matchAll(/\(command:([\w.]+)\)/g)) {
        links++;
        assert.ok(commands.has(m[1]) || views.has(m[1]), `${s.id}: ${m[1]}`);
      }
    }
    assert.ok(links >= 6);
  });

  it('sets each key once, on the real events only', () => {
    const set: string[] = [];
    const p = new WalkthroughProgress((k, v) => set.push(v ? k : `!${k}`));
    p.wantedImages(['alpine:3.19', 'mcr.microsoft.com/dotnet/sdk:8.0']);
    p.engineEvent({ type: 'image', action: 'pull' });
    p.engineEvent({ type: 'container', action: 'create' });
    p.engineEvent({ type: 'network', action: 'start' });
    assert.deepEqual(set, [], 'a Linux or multi-OS image, a pull, a create: nothing');
    p.wantedImages(['alpine:3.19', 'mcr.microsoft.com/windows/servercore:ltsc2019']);
    p.engineEvent({ type: 'image', action: 'tag' });
    p.engineEvent({ type: 'container', action: 'start' });
    p.wantedImages(['mcr.microsoft.com/windows/nanoserver:1809']);
    p.engineEvent({ type: 'image', action: 'tag' });
    assert.deepEqual(set, [WALKTHROUGH_KEYS.windowsDockerfile, WALKTHROUGH_KEYS.imageBuilt, WALKTHROUGH_KEYS.containerStarted]);
    assert.deepEqual([...p.keys], set);
    p.reset();
    assert.deepEqual((set as string[]).slice(3), [`!${WALKTHROUGH_KEYS.windowsDockerfile}`, `!${WALKTHROUGH_KEYS.imageBuilt}`, `!${WALKTHROUGH_KEYS.containerStarted}`]);
    assert.deepEqual([...p.keys], []);
    assert.equal(namesWindowsImage(['mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019']), true);
  });
});
