// Open in Browser's URL: the engine's machine for tcp:// and ssh:// engines, localhost for a local
// socket or pipe, the bound address when the port is bound to one, IPv6 in brackets.
import * as assert from 'node:assert/strict';
import { browseTarget, engineHost, urlHost } from '../../client/src/engine/browse';
import { parseHostUrl } from '../../client/src/engine/endpoint';

function url(engine: string, hostPort: number, hostIp?: string): string {
  return browseTarget(parseHostUrl(engine, 'setting', 'test'), { hostPort, hostIp }).url;
}

describe('engine layer: the URL Open in Browser opens', () => {
  it('a local socket or pipe: localhost', () => {
    assert.equal(url('unix:///var/run/docker.sock', 8080), 'http://localhost:8080/');
    assert.equal(url('npipe:////./pipe/docker_engine', 8080, '0.0.0.0'), 'http://localhost:8080/');
  });

  it('a remote engine: its host, whatever the port and scheme', () => {
    assert.equal(url('tcp://build.example:2375', 8080), 'http://build.example:8080/');
    assert.equal(url('tcp://10.1.2.3:2376', 32768, '0.0.0.0'), 'http://10.1.2.3:32768/');
    assert.equal(url('ssh://ops@build.example', 8080, '::'), 'http://build.example:8080/');
    assert.equal(url('ssh://ops@build.example:2222', 8080), 'http://build.example:8080/');
    assert.equal(url('build.example:2375', 80), 'http://build.example:80/', 'a bare host:port is tcp');
  });

  it('IPv6 engine hosts and bound addresses go in brackets', () => {
    assert.equal(url('tcp://[2001:db8::7]:2375', 8080), 'http://[2001:db8::7]:8080/');
    assert.equal(url('tcp://[::1]:2375', 8080, '::'), 'http://[::1]:8080/');
    assert.equal(url('unix:///run/docker.sock', 8080, '2001:db8::9'), 'http://[2001:db8::9]:8080/');
    assert.equal(urlHost('fe80::1%eth0'), '[fe80::1%25eth0]');
    assert.equal(urlHost('[::1]'), '[::1]');
  });

  it('a port bound to one address opens there, not on the engine host', () => {
    assert.equal(url('tcp://build.example:2375', 8080, '192.168.5.20'), 'http://192.168.5.20:8080/');
    assert.equal(url('unix:///var/run/docker.sock', 8080, '127.0.0.1'), 'http://127.0.0.1:8080/');
    assert.equal(browseTarget(parseHostUrl('unix:///var/run/docker.sock', 'setting', 't'), { hostPort: 8080, hostIp: '127.0.0.1' }).note, undefined);
  });

  it("a remote engine's loopback binding says it needs a tunnel", () => {
    const t = browseTarget(parseHostUrl('ssh://ops@build.example', 'setting', 't'), { hostPort: 8080, hostIp: '127.0.0.1' });
    assert.equal(t.url, 'http://127.0.0.1:8080/');
    assert.match(t.note ?? '', /published on 127\.0\.0\.1 of the engine's machine \(build\.example\).*ssh -L 8080:127\.0\.0\.1:8080 build\.example/);
    assert.equal(browseTarget(parseHostUrl('tcp://127.0.0.1:2375', 'setting', 't'), { hostPort: 8080, hostIp: '127.0.0.1' }).note, undefined, 'an engine on this machine needs none');
  });

  it('an engine host given as an unspecified address means this machine', () => {
    assert.equal(engineHost({ transport: 'tcp', host: '0.0.0.0' }), 'localhost');
    assert.equal(engineHost({ transport: 'tcp', host: undefined }), 'localhost');
  });
});
