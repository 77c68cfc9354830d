// The explorer's rows (client/src/explorer/model.ts) and its event-to-view mapping (refresher.ts),
// without VS Code: Windows display from the recorded engines, ports, compose grouping, contexts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeImageOs, parseHostPlatform, type ContainerSummary, type ImageSummary } from '../../client/src/engine';
import { browsablePorts, containerContext, containerDetailRows, containerRow, containerTree, engineRows, formatBytes, formatPorts, imageDetailRows, imageRow, networkRow } from '../../client/src/explorer/model';
import { Refresher, viewsForEvent } from '../../client/src/explorer/refresher';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'engine', 'fixtures');
const recording = (name: string): { info: unknown; version: unknown; imageInspect: Record<string, { Os: string; OsVersion: string }> } =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as never;

function container(over: Partial<ContainerSummary>): ContainerSummary {
  return { id: 'c'.repeat(64), name: 'web', image: 'nginx:1', imageId: 'sha256:1', command: 'x', created: 0, state: 'running', status: 'Up 1 minute', ports: [], networks: [], labels: {}, ...over };
}

describe('explorer model', () => {
  it('shows a recorded Windows Server 2019 engine: build, release, process isolation, not switchable', () => {
    const rec = recording('windows-server-2019.json');
    const p = parseHostPlatform(rec.info, rec.version);
    const rows = engineRows(p, { url: 'npipe:////./pipe/docker_engine', reason: 'the Windows default pipe' }, { switchable: false, connection: 'connected' });
    const row = (k: string) => rows.find((r) => r.id === `engine:${k}`);
    assert.equal(row('ostype')?.description, 'windows');
    assert.equal(row('build')?.description, '17763.5329 — Windows Server 2019 (1809)');
    assert.equal(row('isolation')?.description, 'process');
    assert.equal(row('mode')?.description, 'Windows containers');
    assert.equal(row('mode')?.contextValue, 'engine.mode');
  });

  it('shows Docker Desktop on Windows 11 as Hyper-V isolation and offers the switch', () => {
    const rec = recording('windows-11-desktop.json');
    const p = parseHostPlatform(rec.info, rec.version);
    const rows = engineRows(p, { url: 'npipe:////./pipe/docker_engine', reason: 'x' }, { switchable: true, connection: 'connected' });
    assert.equal(rows.find((r) => r.id === 'engine:isolation')?.description, 'hyperv');
    assert.equal(rows.find((r) => r.id === 'engine:mode')?.contextValue, 'engine.mode.switchable.windows');
  });

  it("shows a Windows image's OS version with its release, from a recorded inspect", () => {
    const rec = recording('windows-server-2019.json');
    const [id, inspected] = Object.entries(rec.imageInspect)[0];
    const os = { ...describeImageOs(inspected), id, architecture: 'amd64' };
    const img: ImageSummary = { id, repoTags: ['mcr.microsoft.com/windows/servercore:ltsc2019'], repoDigests: [], dangling: false, size: 2_500_000_000, created: 1_700_000_000, labels: {}, containers: -1 };
    const details = imageDetailRows(img, os, 1_700_000_060_000);
    assert.match(details.find((d) => d.label === 'OS version')?.description ?? '', /^10\.0\.17763\.\d+ — Windows Server 2019 \(1809\)$/);
    assert.equal(details.find((d) => d.label === 'OS')?.description, 'windows/amd64');
    assert.match(imageRow(img, os, 1_700_000_060_000).description ?? '', /^2\.50 GB · 1 minute ago · windows 10\.0\.17763/);
    assert.equal(imageRow({ ...img, repoTags: [], dangling: true }).label, `<none> ${id.slice(7, 19)}`);
  });

  it('writes ports host:container once per binding and marks browsable containers', () => {
    const ct = container({
      ports: [
        { privatePort: 80, publicPort: 8080, hostIp: '0.0.0.0', protocol: 'tcp' },
        { privatePort: 80, publicPort: 8080, hostIp: '::', protocol: 'tcp' },
        { privatePort: 53, publicPort: 5353, hostIp: '127.0.0.1', protocol: 'udp' },
        { privatePort: 9000, protocol: 'tcp' },
      ],
    });
    assert.deepEqual(formatPorts(ct), ['8080:80/tcp', '127.0.0.1:5353:53/udp', '9000/tcp']);
    assert.deepEqual(browsablePorts(ct), [{ hostPort: 8080, containerPort: 80, hostIp: '0.0.0.0' }]);
    assert.equal(containerContext(ct), 'container.running.web');
    assert.equal(containerContext({ ...ct, state: 'exited' }), 'container.stopped.web');
    assert.equal(containerContext({ state: 'created', ports: [] }), 'container.stopped');
    assert.equal(containerRow(ct).description, 'nginx:1 · running · 8080:80/tcp, 127.0.0.1:5353:53/udp');
  });

  it('shows isolation under a container only on Windows engines, and an IP per network', () => {
    const ct = container({ networks: [{ network: 'nat', ipAddress: '172.20.1.5', ipv6Address: '', gateway: '', macAddress: '' }] });
    assert.equal(containerDetailRows(ct, { windows: true, isolation: 'hyperv' }).find((r) => r.label === 'Isolation')?.description, 'hyperv');
    assert.equal(containerDetailRows(ct).find((r) => r.label === 'Isolation'), undefined);
    assert.equal(containerDetailRows(ct).find((r) => r.label === 'nat')?.description, '172.20.1.5');
  });

  it('groups by compose project, projects first, each sorted by name', () => {
    const tree = containerTree([
      container({ id: '1', name: 'zeta' }),
      container({ id: '2', name: 'b-web-1', composeProject: 'shop', state: 'exited' }),
      container({ id: '3', name: 'a-db-1', composeProject: 'shop' }),
      container({ id: '4', name: 'alpha' }),
    ]);
    assert.deepEqual(tree.groups.map((g) => [g.project, g.containers.map((c) => c.name), g.row.description]), [['shop', ['a-db-1', 'b-web-1'], 'compose · 1/2 running']]);
    assert.deepEqual(tree.loose.map((c) => c.name), ['alpha', 'zeta']);
  });

  it('describes networks with driver, scope and subnet (nat on Windows)', () => {
    const row = networkRow({ id: 'n'.repeat(64), name: 'nat', driver: 'nat', scope: 'local', internal: false, subnets: ['172.20.0.0/16'], gateways: ['172.20.0.1'], containers: {}, labels: {} });
    assert.equal(row.description, 'nat · local · 172.20.0.0/16');
    assert.equal(row.contextValue, 'network.builtin');
    assert.equal(formatBytes(1_234_567), '1.23 MB');
  });

  it('maps engine events to the views they make stale, ignoring exec and attach noise', () => {
    assert.deepEqual(viewsForEvent({ type: 'container', verb: 'start' }), ['containers']);
    assert.deepEqual(viewsForEvent({ type: 'container', verb: 'exec_start' }), []);
    assert.deepEqual(viewsForEvent({ type: 'network', verb: 'connect' }), ['networks', 'containers']);
    assert.deepEqual(viewsForEvent({ type: 'image', verb: 'tag' }), ['images']);
    assert.deepEqual(viewsForEvent({ type: 'volume', verb: 'mount' }), []);
    assert.equal(viewsForEvent({ type: 'daemon', verb: 'reload' }).length, 5);
  });

  it('coalesces a burst of events into one refresh per view', async () => {
    const flushes: string[][] = [];
    const r = new Refresher((v) => flushes.push([...v].sort()), 20, 200);
    for (let i = 0; i < 50; i++) r.onEvent({ type: 'container', verb: i % 2 ? 'start' : 'create' });
    r.onEvent({ type: 'volume', verb: 'create' });
    await new Promise((res) => setTimeout(res, 80));
    assert.deepEqual(flushes, [['containers', 'volumes']]);
    r.dispose();
  });
});
