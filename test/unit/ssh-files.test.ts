// The ssh config and known_hosts readers on files written by the test: what ssh(1) would resolve
// and decide. The same readers run against a real sshd in test/engine/ssh.test.ts.
import * as assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineError, resolveEndpoint } from '../../client/src/engine';
import { addKnownHost, checkHostKey, fingerprint, keyTypeOf, knownHostsName, knownKeyTypes, parseKnownHosts } from '../../client/src/engine/ssh/knownHosts';
import { matchPatternList, parseJumpHop, resolveSshHost, splitConfigLine } from '../../client/src/engine/ssh/sshConfig';

/** Folders the tests write, removed once they have all run. */
const made: string[] = [];
after(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function scratch(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

function home(files: Record<string, string>): string {
  const dir = scratch('dw-ssh-');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** An ssh-ed25519 public key blob (string type, string key), as a server offers it. */
function ed25519Blob(): Buffer {
  const { publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]);
}

describe('ssh config (ssh_config(5) as ssh reads it)', () => {
  it('splits Key value, Key=value and quoted words', () => {
    assert.deepEqual(splitConfigLine('HostName example.com'), ['HostName', 'example.com']);
    assert.deepEqual(splitConfigLine('Port=2222'), ['Port', '2222']);
    assert.deepEqual(splitConfigLine('IdentityFile = "~/my keys/id"'), ['IdentityFile', '~/my keys/id']);
    assert.deepEqual(splitConfigLine('Host a b  c'), ['Host', 'a', 'b', 'c']);
  });

  it('matches host patterns with wildcards and negation', () => {
    assert.equal(matchPatternList('web1.corp', ['*.corp']), true);
    assert.equal(matchPatternList('web1.corp', ['*.corp', '!web1.corp']), false);
    assert.equal(matchPatternList('db', ['d?']), true);
    assert.equal(matchPatternList('DB', ['db']), true);
    assert.equal(matchPatternList('x', ['!y']), false, 'a negation alone matches nothing');
  });

  it('first value wins, IdentityFile accumulates, tokens and ~ expand, the URL beats the file', () => {
    const h = home({
      '.ssh/config': [
        'Host win',
        '  HostName %h.lab.example',
        '  User builder',
        '  Port 2200',
        '  IdentityFile ~/.ssh/id_%r_%h',
        '  ProxyJump jump1,admin@jump2:2022',
        'Host *',
        '  User nobody',
        '  Port 22',
        '  IdentityFile ~/.ssh/fallback',
        '  StrictHostKeyChecking accept-new',
        '  UserKnownHostsFile ~/.ssh/kh1 ~/.ssh/kh2',
      ].join('\n'),
    });
    const c = resolveSshHost('win', { home: h, systemConfig: '', localUser: 'me' });
    assert.equal(c.hostName, 'win.lab.example');
    assert.equal(c.user, 'builder');
    assert.equal(c.port, 2200);
    assert.deepEqual(c.identityFiles, [path.join(h, '.ssh', 'id_builder_win.lab.example'), path.join(h, '.ssh', 'fallback')]);
    assert.deepEqual(c.proxyJump, ['jump1', 'admin@jump2:2022']);
    assert.equal(c.strictHostKeyChecking, 'accept-new');
    assert.deepEqual(c.userKnownHostsFiles, [path.join(h, '.ssh', 'kh1'), path.join(h, '.ssh', 'kh2')]);

    const fromUrl = resolveSshHost('win', { home: h, systemConfig: '', user: 'urluser', port: 2022, localUser: 'me' });
    assert.equal(fromUrl.user, 'urluser');
    assert.equal(fromUrl.port, 2022);

    const other = resolveSshHost('elsewhere', { home: h, systemConfig: '', localUser: 'me' });
    assert.equal(other.hostName, 'elsewhere');
    assert.equal(other.user, 'nobody');
    assert.equal(other.port, 22);
    assert.deepEqual(other.proxyJump, []);
  });

  it('defaults: local user, port 22, ~/.ssh/known_hosts, strict checking', () => {
    const h = home({});
    const c = resolveSshHost('plain', { home: h, systemConfig: '', localUser: 'me' });
    assert.equal(c.user, 'me');
    assert.equal(c.port, 22);
    assert.equal(c.strictHostKeyChecking, 'yes');
    assert.deepEqual(c.userKnownHostsFiles, [path.join(h, '.ssh', 'known_hosts'), path.join(h, '.ssh', 'known_hosts2')]);
    assert.deepEqual(c.identityFiles, []);
  });

  it('Include (relative to ~/.ssh, with a wildcard), Match host on the HostName, other Match criteria left out', () => {
    const h = home({
      '.ssh/config': 'Include conf.d/*.conf\nMatch exec "false"\n  User fromexec\nMatch host 10.0.0.*\n  User lan\n',
      '.ssh/conf.d/a.conf': 'Host box\n  HostName 10.0.0.7\n',
      '.ssh/conf.d/b.conf': 'Host box\n  Port 2345\n',
    });
    const c = resolveSshHost('box', { home: h, systemConfig: '', localUser: 'me' });
    assert.equal(c.hostName, '10.0.0.7');
    assert.equal(c.port, 2345);
    assert.equal(c.user, 'lan', 'Match host sees the HostName');
    assert.equal(c.files.length, 3);
  });

  it('an Include loop and a missing file are harmless', () => {
    const h = home({ '.ssh/config': 'Include config\nInclude missing\nHost x\n  Port 7\n' });
    assert.equal(resolveSshHost('x', { home: h, systemConfig: '' }).port, 7);
  });

  it('reads ProxyJump hops as ssh does', () => {
    assert.deepEqual(parseJumpHop('jump'), { host: 'jump' });
    assert.deepEqual(parseJumpHop('u@jump:2022'), { host: 'jump', user: 'u', port: 2022 });
    assert.deepEqual(parseJumpHop('ssh://u@[::1]:22'), { host: '::1', user: 'u', port: 22 });
    assert.equal(parseJumpHop('a b'), undefined);
  });
});

describe('known_hosts (sshd(8) format) as ssh checks a server', () => {
  const key = ed25519Blob();
  const other = ed25519Blob();
  const b64 = key.toString('base64');

  it('names hosts as ssh looks them up', () => {
    assert.equal(knownHostsName('h', 22), 'h');
    assert.equal(knownHostsName('h', 2222), '[h]:2222');
    assert.equal(knownHostsName('h', 2222, 'alias'), 'alias');
    assert.equal(keyTypeOf(key), 'ssh-ed25519');
    assert.match(fingerprint(key), /^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('plain, pattern, negated and [host]:port entries', () => {
    const entries = parseKnownHosts(`web,[web]:2222 ssh-ed25519 ${b64}\n*.lab,!bad.lab ssh-ed25519 ${b64} comment\n`, 'kh');
    assert.equal(checkHostKey(entries, 'web', key).status, 'known');
    assert.equal(checkHostKey(entries, '[web]:2222', key).status, 'known');
    assert.equal(checkHostKey(entries, '[web]:2200', key).status, 'unknown');
    assert.equal(checkHostKey(entries, 'a.lab', key).status, 'known');
    assert.equal(checkHostKey(entries, 'bad.lab', key).status, 'unknown');
  });

  it('hashed names (|1|salt|hmac-sha1)', () => {
    const salt = Buffer.from('0123456789abcdefghij');
    const hash = createHmac('sha1', salt).update('[10.1.2.3]:22022').digest('base64');
    const entries = parseKnownHosts(`|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${b64}\n`, 'kh');
    assert.equal(checkHostKey(entries, '[10.1.2.3]:22022', key).status, 'known');
    assert.equal(checkHostKey(entries, '10.1.2.3', key).status, 'unknown');
  });

  it('a different key of the same type is a change; another type is not', () => {
    const entries = parseKnownHosts(`web ssh-ed25519 ${other.toString('base64')}\n`, 'kh');
    const v = checkHostKey(entries, 'web', key);
    assert.equal(v.status, 'changed');
    assert.equal(v.status === 'changed' && v.entry.line, 1);
    const rsaOnly = parseKnownHosts('web ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7\n', 'kh');
    const u = checkHostKey(rsaOnly, 'web', key);
    assert.deepEqual(u, { status: 'unknown', otherTypes: ['ssh-rsa'] });
    assert.deepEqual(knownKeyTypes(rsaOnly, 'web'), ['ssh-rsa']);
  });

  it('@revoked wins over a matching entry; @cert-authority never counts as the key', () => {
    const entries = parseKnownHosts(`web ssh-ed25519 ${b64}\n@revoked * ssh-ed25519 ${b64}\n`, 'kh');
    assert.equal(checkHostKey(entries, 'web', key).status, 'revoked');
    const ca = parseKnownHosts(`@cert-authority * ssh-ed25519 ${b64}\n`, 'kh');
    assert.equal(checkHostKey(ca, 'web', key).status, 'unknown');
  });

  it('skips malformed lines: wrong type for the blob, bad base64, unknown markers, comments', () => {
    const entries = parseKnownHosts(`# c\n\nweb ssh-rsa ${b64}\nweb ssh-ed25519 !!!!\n@weird web ssh-ed25519 ${b64}\nweb\n`, 'kh');
    assert.equal(entries.length, 0);
  });

  it('accept-new appends the key as ssh does, hashed when asked', () => {
    const dir = scratch('dw-kh-');
    const file = path.join(dir, '.ssh', 'known_hosts');
    addKnownHost(file, '[h]:2222', key, false);
    addKnownHost(file, 'g', key, true);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.startsWith(`[h]:2222 ssh-ed25519 ${b64}\n|1|`));
    assert.equal((fs.statSync(path.dirname(file)).mode & 0o777).toString(8), '700');
    const entries = parseKnownHosts(text, file);
    assert.equal(checkHostKey(entries, '[h]:2222', key).status, 'known');
    assert.equal(checkHostKey(entries, 'g', key).status, 'known');
  });
});

describe('ssh:// URLs as the docker CLI reads them (connhelper/ssh ParseURL)', () => {
  const parse = (v: string) => resolveEndpoint({ hostFlag: v, env: {}, platform: 'linux' });
  it('keeps user and port only when given, so the ssh config decides the rest', () => {
    const a = parse('ssh://builder@win-2022');
    assert.equal(a.transport, 'ssh');
    assert.equal(a.host, 'win-2022');
    assert.equal(a.username, 'builder');
    assert.equal(a.port, undefined);
    const b = parse('ssh://win-2022:2200');
    assert.equal(b.port, 2200);
    assert.equal(b.username, undefined);
    assert.equal(b.url, 'ssh://win-2022:2200');
  });
  for (const bad of ['ssh://u:secret@h', 'ssh://h?x=1', 'ssh://h#frag', 'ssh://h/var/run/docker.sock', 'ssh://']) {
    it(`refuses ${bad}`, () => {
      assert.throws(() => parse(bad), (e: unknown) => e instanceof EngineError && e.kind === 'bad-endpoint');
    });
  }
});
