// Named pipes and scheme-less hosts, resolved as the docker CLI (28) resolves them (opts/hosts.go:
// ParseHost, parseSimpleProtoAddr, ParseTCPAddr; Go's URL parser in front of the dialer), on a
// Windows and on a Linux platform, and the pipe path handed to Node. The docker CLI on this machine
// checks the same forms in the engine tier (endpoint-cli.test.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineClient, nodeSocketPath } from '../../client/src/engine/client';
import { resolveEndpoint, type ResolvedEndpoint } from '../../client/src/engine/endpoint';
import { writeDesktopContexts } from '../support/desktop-contexts';
import { EngineError } from '../../client/src/engine/errors';

const PLATFORMS: NodeJS.Platform[] = ['win32', 'linux'];
const NOWHERE = '/nonexistent-home';

function fromDockerHost(value: string, platform: NodeJS.Platform): ResolvedEndpoint {
  return resolveEndpoint({ env: { DOCKER_HOST: value }, homeDir: NOWHERE, platform });
}

function refusal(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof EngineError, String(e));
    return e;
  }
  assert.fail('expected an EngineError');
}

describe('engine layer: named pipes (npipe://) as the docker CLI reads them', () => {
  it('the pipe forms the CLI accepts keep their URL as written, on Windows and on Linux alike', () => {
    const accepted: Array<[string, string]> = [
      ['npipe:////./pipe/docker_engine', '//./pipe/docker_engine'],
      ['npipe:////./pipe/dockerDesktopLinuxEngine', '//./pipe/dockerDesktopLinuxEngine'],
      ['npipe:////./pipe/dockerDesktopWindowsEngine', '//./pipe/dockerDesktopWindowsEngine'],
      // An empty pipe is the CLI's default pipe.
      ['npipe://', '//./pipe/docker_engine'],
      // Backslashes after the first slash: Go's URL parser takes them in the path, Windows reads a device path.
      ['npipe:////.\\pipe\\docker_engine', '//.\\pipe\\docker_engine'],
      ['npipe:///\\.\\pipe\\docker_engine', '/\\.\\pipe\\docker_engine'],
      ['npipe:////./PIPE/docker_engine', '//./PIPE/docker_engine'],
    ];
    for (const platform of PLATFORMS) {
      for (const [value, pipe] of accepted) {
        const ep = fromDockerHost(value, platform);
        assert.deepEqual([ep.transport, ep.socketPath, ep.url, ep.source], ['npipe', pipe, `npipe://${pipe}`, 'DOCKER_HOST'], `${value} on ${platform}`);
        assert.equal(ep.tls, undefined);
      }
    }
  });

  it('refuses what the CLI refuses, and what it accepts but Windows cannot open as a pipe, saying how to write it', () => {
    const refused: Array<[string, RegExp]> = [
      // Go's URL parser: a backslash in the host part ("invalid character \"\\\\\" in host name").
      ['npipe://\\\\.\\pipe\\docker_engine', /not a URL the docker CLI can read.*npipe:\/\/\/\/\.\/pipe\/docker_engine/],
      ['npipe://a b', /not a URL the docker CLI can read/],
      // parseSimpleProtoAddr: "invalid proto, expected npipe".
      ['npipe://tcp://x', /second scheme/],
      // The CLI takes these and Windows then opens a file of that name.
      ['npipe://foo', /names no local named pipe.*"foo"/],
      ['npipe://./pipe/x', /names no local named pipe/],
      ['npipe:///./pipe/x', /names no local named pipe/],
      ['npipe:////./pipe/', /names no local named pipe/],
      // The scheme is case-sensitive in the CLI ("invalid bind address format").
      ['NPIPE:////./pipe/docker_engine', /case-sensitively.*npipe:\/\//],
    ];
    for (const platform of PLATFORMS) {
      for (const [value, message] of refused) {
        const e = refusal(() => fromDockerHost(value, platform));
        assert.equal(e.kind, 'bad-endpoint', value);
        assert.match(e.message, message, `${value} on ${platform}`);
        assert.match(e.action, /DOCKER_HOST/, 'the fix names the knob that was set');
      }
    }
  });

  it('the platform default: the pipe on Windows, the socket elsewhere; TLS variables still mean tcp://localhost:2376', () => {
    const win = resolveEndpoint({ env: {}, homeDir: NOWHERE, platform: 'win32' });
    assert.deepEqual([win.source, win.url, win.transport, win.socketPath, win.reason], ['default', 'npipe:////./pipe/docker_engine', 'npipe', '//./pipe/docker_engine', 'the Windows default pipe']);
    const linux = resolveEndpoint({ env: {}, homeDir: NOWHERE, platform: 'linux' });
    assert.deepEqual([linux.url, linux.transport], ['unix:///var/run/docker.sock', 'unix']);
    for (const platform of PLATFORMS) {
      const tls = resolveEndpoint({ env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, homeDir: NOWHERE, platform });
      assert.equal(tls.url, 'tcp://localhost:2376', platform);
    }
  });

  describe("Docker Desktop's contexts, as Docker Desktop writes them", () => {
    let config: string;
    before(() => {
      config = fs.mkdtempSync(path.join(os.tmpdir(), 'dwb-desktop-'));
      // Docker Desktop for Windows writes these two contexts (meta.json, no TLS folder) and makes desktop-linux current.
      writeDesktopContexts(config);
    });
    after(() => fs.rmSync(config, { recursive: true, force: true }));

    it('the current desktop-linux, DOCKER_CONTEXT=desktop-windows and --context, on both platforms', () => {
      for (const platform of PLATFORMS) {
        const current = resolveEndpoint({ env: { DOCKER_CONFIG: config }, homeDir: NOWHERE, platform });
        assert.deepEqual([current.source, current.contextName, current.url, current.socketPath], ['context', 'desktop-linux', 'npipe:////./pipe/dockerDesktopLinuxEngine', '//./pipe/dockerDesktopLinuxEngine']);
        assert.equal(current.reason, 'docker context "desktop-linux" (currentContext in config.json)');
        const windows = resolveEndpoint({ env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'desktop-windows' }, homeDir: NOWHERE, platform });
        assert.deepEqual([windows.contextName, windows.url], ['desktop-windows', 'npipe:////./pipe/dockerDesktopWindowsEngine']);
        const flag = resolveEndpoint({ env: { DOCKER_CONFIG: config }, contextFlag: 'desktop-windows', homeDir: NOWHERE, platform });
        assert.deepEqual([flag.contextName, flag.url, flag.reason], ['desktop-windows', 'npipe:////./pipe/dockerDesktopWindowsEngine', 'docker context "desktop-windows" (--context)']);
        // The default context on Windows is the default pipe, whichever engine Docker Desktop has switched on.
        const dflt = resolveEndpoint({ env: { DOCKER_CONFIG: config }, contextFlag: 'default', homeDir: NOWHERE, platform });
        assert.equal(dflt.url, platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock');
      }
    });
  });

  it("Node gets Windows' own form of the pipe on win32; elsewhere a pipe is refused, before anything connects", () => {
    const cases: Array<[string, string]> = [
      ['npipe:////./pipe/docker_engine', '\\\\.\\pipe\\docker_engine'],
      ['npipe:////./pipe/dockerDesktopLinuxEngine', '\\\\.\\pipe\\dockerDesktopLinuxEngine'],
      ['npipe://', '\\\\.\\pipe\\docker_engine'],
      ['npipe:////.\\pipe\\docker_engine', '\\\\.\\pipe\\docker_engine'],
    ];
    for (const [value, node] of cases) {
      const ep = fromDockerHost(value, 'win32');
      assert.equal(nodeSocketPath(ep, 'win32'), node, value);
      // What dockerode is really handed (docker-modem passes socketPath on to http.request).
      const client = new EngineClient(ep, { platform: 'win32' });
      assert.equal((client.docker.modem as unknown as { socketPath: string }).socketPath, node, value);
      const e = refusal(() => new EngineClient(fromDockerHost(value, 'linux'), { platform: 'linux' }));
      assert.equal(e.kind, 'bad-endpoint');
      assert.match(e.message, /is a Windows named pipe, and this machine runs linux: named pipes exist only on Windows/);
    }
    // A unix socket is handed over as it is.
    assert.equal(nodeSocketPath(fromDockerHost('unix:///run/docker.sock', 'linux'), 'linux'), '/run/docker.sock');
  });
});

describe('engine layer: hosts without a scheme, as docker CLI 28 reads them', () => {
  it('a bare /path is TCP to localhost:2375 with the path before the API (not a socket), and says so', () => {
    for (const platform of PLATFORMS) {
      const ep = fromDockerHost('/var/run/docker.sock', platform);
      assert.deepEqual([ep.transport, ep.url, ep.host, ep.port, ep.basePath], ['tcp', 'tcp://localhost:2375/var/run/docker.sock', 'localhost', 2375, '/var/run/docker.sock']);
      assert.match(ep.note ?? '', /^DOCKER_HOST "\/var\/run\/docker\.sock" has no scheme, so it is read as the docker CLI \(28\) reads it: TCP to localhost:2375, .*not as a socket; for a socket write unix:\/\/\/var\/run\/docker\.sock$/);
      const rel = fromDockerHost('./rel.sock', platform);
      assert.deepEqual([rel.url, rel.host, rel.port, rel.basePath], ['tcp://.:2375/rel.sock', '.', 2375, '/rel.sock']);
      assert.match(rel.note ?? '', /TCP to "\.":2375/);
    }
    const setting = resolveEndpoint({ hostSetting: '/run/user/1000/docker.sock', env: {}, homeDir: NOWHERE, platform: 'linux' });
    assert.match(setting.note ?? '', /^The host setting "\/run\/user\/1000\/docker\.sock" has no scheme/);
  });

  it('connecting to such an endpoint is refused with what was understood and how to write the socket', () => {
    const e = refusal(() => new EngineClient(fromDockerHost('/var/run/docker.sock', 'linux')));
    assert.equal(e.kind, 'bad-endpoint');
    assert.equal(e.endpoint, 'tcp://localhost:2375/var/run/docker.sock');
    assert.match(e.message, /read as the docker CLI \(28\) reads it: TCP to localhost:2375.*write unix:\/\/\/var\/run\/docker\.sock\. tcp:\/\/localhost:2375\/var\/run\/docker\.sock puts the API under the path \/var\/run\/docker\.sock/);
    assert.match(e.action, /Fix DOCKER_HOST/);
  });

  it('host:port and tcp:// forms: no note, paths kept as the CLI keeps them', () => {
    const plain = fromDockerHost('build.example:2376', 'linux');
    assert.deepEqual([plain.url, plain.note, plain.basePath], ['tcp://build.example:2376', undefined, undefined]);
    const prefixed = fromDockerHost('tcp://10.0.0.5:2375/proxy', 'linux');
    assert.deepEqual([prefixed.url, prefixed.basePath, prefixed.note], ['tcp://10.0.0.5:2375/proxy', '/proxy', undefined]);
    assert.equal(fromDockerHost('tcp://10.0.0.5:2375/', 'linux').url, 'tcp://10.0.0.5:2375/');
    assert.equal(fromDockerHost('tcp://10.0.0.5:2375/', 'linux').basePath, undefined);
    assert.match(refusal(() => new EngineClient(prefixed)).message, /puts the API under the path \/proxy, which Docker Workbench does not support/);
    for (const value of ['TCP://10.0.0.5:2375', 'Unix:///run/docker.sock']) assert.match(refusal(() => fromDockerHost(value, 'linux')).message, /case-sensitively/, value);
  });
});
