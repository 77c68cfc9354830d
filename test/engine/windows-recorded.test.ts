// A recorded Windows engine: /info, /version, /images/json and image inspect bodies (see the
// fixtures' `about`) replayed by a tiny HTTP server on a unix socket, through the same client and
// operations as the real engine. Tests Windows host detection and the images' OS display data.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { EngineClient, connectEngine, describeHost, getHostPlatform, getImageOs, listImages, parseHostUrl, toHostContext } from '../../client/src/engine';
import { tempDir } from './support';
import { load, replay } from './windows-replay';

describe('engine: recorded Windows engines', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('win');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the fixtures say what they are', () => {
    for (const f of ['windows-server-2019.json', 'windows-11-desktop.json']) {
      const rec = load(f);
      assert.match(rec.about, /Replay of .*GET \/info, GET \/version, GET \/images\/json/);
      assert.equal(rec.info.OSType, 'windows');
    }
  });

  it('Windows Server 2019: windows, build 17763.5329, process isolation, not Desktop', async () => {
    const r = await replay(load('windows-server-2019.json'), dir);
    try {
      const c = new EngineClient(parseHostUrl(r.url, 'setting', 'recorded'));
      const p = await getHostPlatform(c);
      assert.equal(p.osType, 'windows');
      assert.equal(p.windowsBuild, 17763);
      assert.equal(p.windowsRevision, 5329);
      assert.equal(p.windowsRelease, 'Windows Server 2019 (1809)');
      assert.equal(p.windowsServer, true);
      assert.equal(p.isolation, 'process');
      assert.equal(p.engineVersion, '20.10.9');
      assert.equal(p.apiVersion, '1.41');
      assert.equal(p.storageDriver, 'windowsfilter');
      assert.equal(p.dockerDesktop, false);
      assert.deepEqual(toHostContext(p), { source: 'engine', engineOs: 'windows', build: 17763, isolation: 'process' });
      assert.equal(describeHost(p), 'Windows containers on Windows Server 2019 (1809), build 17763.5329, process isolation');
    } finally {
      await r.close();
    }
  });

  it('Windows 11 Docker Desktop: build from OSVersion (not the kernel bracket), Hyper-V, Desktop detected', async () => {
    const r = await replay(load('windows-11-desktop.json'), dir);
    try {
      const res = await connectEngine({ hostSetting: r.url, env: {} });
      assert.ok(res.ok, res.ok ? '' : res.error.message);
      assert.equal(res.platform.windowsBuild, 22631);
      assert.equal(res.platform.windowsRevision, 4460);
      assert.equal(res.platform.windowsRelease, 'Windows 11 23H2');
      assert.equal(res.platform.windowsServer, false);
      assert.equal(res.platform.isolation, 'hyperv');
      assert.equal(res.platform.dockerDesktop, true);
      assert.equal(res.platform.apiVersion, '1.47');
      assert.deepEqual(res.host, { source: 'engine', engineOs: 'windows', build: 22631, isolation: 'hyperv' });
      assert.equal(res.platform.desktopEngine, 'windows');
      assert.match(describeHost(res.platform), /\(Docker Desktop for Windows: its Windows containers engine\)$/);
    } finally {
      await r.close();
    }
  });

  it('Server 2019 images: tags, dangling on demand, and OsVersion display with the release', async () => {
    const r = await replay(load('windows-server-2019.json'), dir);
    try {
      const c = new EngineClient(parseHostUrl(r.url, 'setting', 'recorded'));
      const tagged = await listImages(c);
      assert.deepEqual(tagged.map((i) => i.repoTags[0]).sort(), ['contoso/iis-site:2.3', 'mcr.microsoft.com/windows/nanoserver:1809', 'mcr.microsoft.com/windows/servercore:ltsc2019']);
      const dangling = await listImages(c, { dangling: 'only' });
      assert.equal(dangling.length, 1);
      assert.equal(dangling[0].dangling, true);
      assert.deepEqual(dangling[0].repoTags, []);
      assert.equal((await listImages(c, { dangling: 'include' })).length, 4);

      const core = tagged.find((i) => i.repoTags[0].endsWith('servercore:ltsc2019'));
      assert.ok(core);
      assert.equal(core.size, 5703217563);
      const os = await getImageOs(c, core.id);
      assert.equal(os.os, 'windows');
      assert.equal(os.osVersion, '10.0.17763.5329');
      assert.equal(os.build, 17763);
      assert.equal(os.revision, 5329);
      assert.equal(os.release, 'Windows Server 2019 (1809)');
      assert.equal(os.label, 'windows 10.0.17763.5329 (Windows Server 2019 (1809))');
      assert.equal(os.architecture, 'amd64');
      const old = await getImageOs(c, dangling[0].id);
      assert.equal(old.osVersion, '10.0.17763.5206');
      // Nothing was pulled or written: only reads reached the engine.
      assert.ok(r.requests.every((q) => q.startsWith('GET ')), r.requests.join(', '));
    } finally {
      await r.close();
    }
  });

  it('Windows 11 images: a Server 2022 and a 2019 image, each named by its build', async () => {
    const r = await replay(load('windows-11-desktop.json'), dir);
    try {
      const c = new EngineClient(parseHostUrl(r.url, 'setting', 'recorded'));
      const images = await listImages(c);
      const labels = new Map<string, string>();
      for (const i of images) labels.set(i.repoTags[0], (await getImageOs(c, i.id)).label);
      assert.equal(labels.get('mcr.microsoft.com/windows/servercore:ltsc2022'), 'windows 10.0.20348.2849 (Windows Server 2022)');
      assert.equal(labels.get('mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-1809'), 'windows 10.0.17763.6532 (Windows Server 2019 (1809))');
      assert.equal(labels.get('myapp:dev'), 'windows 10.0.20348.2849 (Windows Server 2022)');
    } finally {
      await r.close();
    }
  });
});
