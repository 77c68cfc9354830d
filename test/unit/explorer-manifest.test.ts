// The explorer's package.json contributions against the code: every command the command table
// registers is declared (with the category and an icon), every menu names a declared command,
// every view has a welcome for "no engine", and the endpoint setting is machine-scoped.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

interface Command {
  command: string;
  title: string;
  category?: string;
  icon?: string;
}
interface Contributes {
  commands: Command[];
  menus: Record<string, Array<{ command: string; when?: string; group?: string }>>;
  views: Record<string, Array<{ id: string; name: string }>>;
  viewsContainers: { activitybar: Array<{ id: string; title: string; icon: string }> };
  viewsWelcome: Array<{ view: string; contents: string; when?: string }>;
  configuration: { properties: Record<string, { type: string; scope?: string; default?: unknown }> };
}

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: Contributes; activationEvents: string[] };
const c = pkg.contributes;

/** Command ids the command table registers, read from the command family sources. */
function registeredIds(): string[] {
  const dir = path.join(root, 'client', 'src', 'commands');
  const ids = new Set<string>();
  for (const file of fs.readdirSync(dir)) {
    if (!file.endsWith('.ts')) continue;
    for (const m of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/\bid: '(dockerWorkbench\.[\w.]+)'/g)) ids.add(m[1]);
  }
  return [...ids].sort();
}

describe('explorer manifest', () => {
  it('declares every registered command, and nothing else, under the Docker Workbench category with an icon', () => {
    const declared = c.commands.map((x) => x.command).sort();
    const registered = registeredIds();
    assert.ok(registered.length >= 25, `only ${registered.length} commands found in client/src/commands`);
    assert.deepEqual(declared, registered);
    for (const cmd of c.commands) {
      assert.equal(cmd.category, 'Docker Workbench', cmd.command);
      assert.match(cmd.icon ?? '', /^\$\([a-z-]+\)$/, `${cmd.command} has no codicon`);
    }
  });

  it('menus name declared commands only, and put the lifecycle commands on container items', () => {
    const declared = new Set(c.commands.map((x) => x.command));
    for (const [menu, items] of Object.entries(c.menus)) for (const item of items) assert.ok(declared.has(item.command), `${menu}: ${item.command}`);
    const itemMenu = c.menus['view/item/context'];
    for (const verb of ['start', 'stop', 'restart', 'remove']) {
      assert.ok(itemMenu.some((i) => i.command === `dockerWorkbench.container.${verb}` && /container/.test(i.when ?? '')), verb);
    }
    assert.ok(c.menus['explorer/context'].some((i) => i.command === 'dockerWorkbench.image.build' && /^resourceLangId == dockerfile\b/.test(i.when ?? '')));
    assert.ok(c.menus['editor/context'].some((i) => i.command === 'dockerWorkbench.image.build'));
    const composeWhen = c.menus['explorer/context'].find((i) => i.command === 'dockerWorkbench.compose.up')?.when ?? '';
    const pattern = new RegExp(/=~ \/(.*?)\/(?: |$)/.exec(composeWhen)?.[1] ?? '^$');
    for (const name of ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.prod.yaml']) assert.ok(pattern.test(name), name);
    for (const name of ['Dockerfile', 'compose.json', 'mycompose.yml']) assert.ok(!pattern.test(name), name);
    // Per service on a container compose can act on again (model.ts marks it `.compose`); per project on the group.
    const serviceWhen = itemMenu.find((i) => i.command === 'dockerWorkbench.compose.upService')?.when ?? '';
    const servicePattern = new RegExp(/=~ \/(.*?)\/(?: |$)/.exec(serviceWhen)?.[1] ?? '^$');
    for (const ctx of ['container.running.compose', 'container.running.web.compose', 'container.stopped.compose']) assert.ok(servicePattern.test(ctx), ctx);
    for (const ctx of ['container.running', 'container.running.web', 'composeProject']) assert.ok(!servicePattern.test(ctx), ctx);
    assert.ok(itemMenu.some((i) => i.command === 'dockerWorkbench.compose.down' && /viewItem == composeProject/.test(i.when ?? '')));
  });

  it('works in Restricted Mode and virtual workspaces, and hides what hands the workspace to the engine there', () => {
    const caps = (pkg as { capabilities?: Record<string, { supported?: unknown; description?: unknown }> }).capabilities ?? {};
    assert.equal(caps.untrustedWorkspaces?.supported, 'limited');
    assert.equal(caps.virtualWorkspaces?.supported, 'limited');
    for (const cap of Object.values(caps)) assert.match(String(cap.description), /Build Image/);
    const compose = ['up', 'down', 'restart', 'logs', 'upService', 'restartService', 'logsService'].map((verb) => `compose.${verb}`);
    const gated = ['image.build', 'image.run', 'image.runLast', ...compose, 'image.load'].map((id) => `dockerWorkbench.${id}`);
    for (const [menu, items] of Object.entries(c.menus)) {
      for (const item of items.filter((i) => gated.includes(i.command))) {
        assert.match(item.when ?? '', /&& isWorkspaceTrusted\b/, `${menu}: ${item.command} shows in Restricted Mode`);
        if (menu === 'explorer/context' || menu === 'editor/context') assert.match(item.when ?? '', /&& !virtualWorkspace\b/, `${menu}: ${item.command}`);
      }
    }
  });

  it('puts six views in one activity-bar container, each engine view with a welcome offering Retry and Open Settings', () => {
    assert.deepEqual(c.viewsContainers.activitybar.map((v) => v.id), ['dockerWorkbench']);
    assert.ok(fs.existsSync(path.join(root, c.viewsContainers.activitybar[0].icon)));
    const views = c.views.dockerWorkbench.map((v) => v.id);
    assert.deepEqual(views, ['engine', 'contexts', 'containers', 'images', 'networks', 'volumes'].map((v) => `dockerWorkbench.${v}`));
    // The Contexts view lists the docker config, not the engine: it has rows whatever the engine does.
    assert.ok(!c.viewsWelcome.some((w) => w.view === 'dockerWorkbench.contexts'));
    assert.ok(pkg.activationEvents.includes('onView:dockerWorkbench.contexts'));
    const onContexts = (menu: string): string[] => c.menus[menu].filter((i) => /view == dockerWorkbench\.contexts\b/.test(i.when ?? '')).map((i) => i.command);
    assert.deepEqual(onContexts('view/title').sort(), ['dockerWorkbench.context.add', 'dockerWorkbench.context.refresh', 'dockerWorkbench.context.reset']);
    assert.deepEqual([...new Set(onContexts('view/item/context'))].sort(), ['dockerWorkbench.context.inspect', 'dockerWorkbench.context.use', 'dockerWorkbench.context.useAndMakeCurrent']);
    for (const view of views.filter((v) => v !== 'dockerWorkbench.contexts')) {
      const welcome = c.viewsWelcome.find((w) => w.view === view && w.when === 'dockerWorkbench.engine.state == error');
      assert.ok(welcome, view);
      assert.match(welcome.contents, /\(command:dockerWorkbench\.engine\.retry\)/);
      assert.match(welcome.contents, /\(command:dockerWorkbench\.engine\.openSettings\)/);
      assert.ok(pkg.activationEvents.includes(`onView:${view}`), view);
    }
  });

  it('has a machine-scoped host setting, so a workspace cannot redirect the engine', () => {
    const host = c.configuration.properties['dockerWorkbench.host'];
    assert.equal(host.type, 'string');
    assert.equal(host.scope, 'machine');
    assert.equal(host.default, '');
  });
});
