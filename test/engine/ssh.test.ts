// ssh:// engines against a real OpenSSH server (test/engine/sshd.ts) whose sessions reach the
// private dockerd through `docker system dial-stdio`: host keys checked against known_hosts
// (plain, hashed by ssh-keygen -H, changed, revoked, unknown) with OpenSSH's own client run beside
// ours on the same files, the ssh config (alias, User, Port, IdentityFile, ProxyJump), one
// connection for many requests, and a connection dropped by the server made again.
import * as assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EngineClient,
  EngineError,
  buildImage,
  createEventStream,
  listContainers,
  listImages,
  removeContainer,
  removeImage,
  resolveEndpoint,
  runContainer,
  type EngineEvent,
} from '../../client/src/engine';
import { SSH, SSH_KEYGEN, clientHome, keygen, startSshd, type Sshd } from './sshd';
import { REPO_ROOT, TEST_IMAGE, TEST_LABEL, requireEngine, tempDir, uniqueName, untilEventsFlow, waitFor } from './support';

/** dist/cli.js as a real process with HOME at a test home (its .ssh) and nothing else of ours. */
function cli(args: string[], home: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), ...args], { env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1' }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

function sshClient(url: string, home: string): EngineClient {
  const ep = resolveEndpoint({ hostFlag: url, env: {}, homeDir: home, platform: 'linux' });
  return new EngineClient(ep, { timeoutMs: 15_000, ssh: { home, systemConfig: '', env: {} } });
}

async function sshRefusal(url: string, home: string, problem: string): Promise<EngineError> {
  return sshRefusalWith(url, home, {}, problem);
}

async function sshRefusalWith(url: string, home: string, env: Record<string, string>, problem: string): Promise<EngineError> {
  const c = new EngineClient(resolveEndpoint({ hostFlag: url, env: {}, homeDir: home, platform: 'linux' }), { timeoutMs: 15_000, ssh: { home, systemConfig: '', env } });
  try {
    await c.connect();
  } catch (e) {
    assert.ok(e instanceof EngineError, `expected an EngineError, got ${String(e)}`);
    assert.equal(e.kind, 'ssh', e.message);
    assert.equal(e.sshProblem, problem, e.message);
    assert.ok(e.isConnectionError);
    assert.equal(e.endpoint, url);
    return e;
  } finally {
    c.dispose();
  }
  assert.fail(`expected the SSH problem ${problem}`);
}

/** OpenSSH's own client on the same files: its exit status and stderr. */
function openssh(home: string, args: string[]): { status: number | null; stderr: string } {
  const ssh = path.join(home, '.ssh');
  const r = spawnSync(
    SSH,
    ['-F', fs.existsSync(path.join(ssh, 'config')) ? path.join(ssh, 'config') : '/dev/null', '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${path.join(ssh, 'known_hosts')}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-i', path.join(ssh, 'id_ed25519'), '-o', 'IdentitiesOnly=yes', ...args, 'true'],
    { encoding: 'utf8', timeout: 20_000 },
  );
  return { status: r.status, stderr: r.stderr };
}

function fingerprintOf(pubFile: string): string {
  const r = spawnSync(SSH_KEYGEN, ['-l', '-E', 'sha256', '-f', pubFile], { encoding: 'utf8' });
  return r.stdout.split(/\s+/)[1];
}

describe('ssh:// engines over a real sshd', function () {
  this.timeout(120_000);
  let sshd: Sshd;
  let url: string;
  const built: string[] = [];

  before(async () => {
    const c = await requireEngine();
    c.dispose();
    sshd = await startSshd();
    url = `ssh://root@127.0.0.1:${sshd.port}`;
  });

  after(async () => {
    const c = await requireEngine();
    for (const t of built) await removeImage(c, t, { force: true }).catch(() => undefined);
    const all = await listContainers(c, { all: true });
    for (const ct of all) if (ct.labels[TEST_LABEL] === 'ssh') await removeContainer(c, ct.id, { force: true }).catch(() => undefined);
    c.dispose();
    await sshd?.stop();
  });

  it('connects with the key in known_hosts: list, events, build and run, over one SSH connection', async () => {
    const home = clientHome(sshd, { knownHosts: `${sshd.knownName} ${sshd.hostKeys.ed25519}\n` });
    assert.equal(openssh(home, ['-p', String(sshd.port), 'root@127.0.0.1']).status, 0, 'OpenSSH accepts the same files');
    const before = sshd.accepted();
    const c = sshClient(url, home);
    try {
      const v = await c.connect();
      assert.match(v.ApiVersion, /^1\.\d+$/);
      assert.equal(c.ssh?.verification?.fingerprint, fingerprintOf(`${sshd.hostKeyFiles.ed25519}.pub`));
      assert.match(c.ssh?.verification?.by ?? '', /known_hosts:1$/);

      const stream = createEventStream(c);
      const seen: EngineEvent[] = [];
      stream.onEvent((e) => seen.push(e));
      try {
        assert.equal(await stream.start(), true);
        await untilEventsFlow(c, stream);
        const ctx = tempDir('ssh-build');
        fs.writeFileSync(path.join(ctx, 'Dockerfile'), `FROM ${TEST_IMAGE}\nRUN echo over-ssh > /marker\n`);
        const tag = `dw-test-ssh-${process.pid}:1`;
        built.push(tag);
        const result = await buildImage(c, { contextDir: ctx, tags: [tag] });
        assert.ok(result.imageId.length > 0);
        assert.ok((await listImages(c)).some((i) => i.repoTags.includes(tag)));
        const run = await runContainer(c, { image: tag, name: uniqueName('ssh'), cmd: ['cat', '/marker'], labels: { [TEST_LABEL]: 'ssh' } });
        await waitFor('the die event over ssh', () => (seen.some((e) => e.id === run.id && e.verb === 'die') ? true : undefined), 20_000);
        assert.ok((await listContainers(c, { all: true })).some((x) => x.id === run.id));
        // Many requests, six at a time (a refresh makes four), one after another: the one handshake.
        for (let i = 0; i < 5; i++) await Promise.all(Array.from({ length: 6 }, () => listContainers(c, { all: true })));
        for (let i = 0; i < 10; i++) await listImages(c);
        assert.equal(c.ssh?.handshakes, 1);
        assert.equal(sshd.accepted() - before, 1, 'the server saw one authentication for all of it');
        assert.ok((c.ssh?.channelsOpened ?? 0) <= 8, `kept-alive channels are reused: ${c.ssh?.channelsOpened} opened`);
        // More at once than sshd's MaxSessions allows on one connection: a second connection, not a failure.
        const many = await Promise.all(Array.from({ length: 14 }, () => listContainers(c, { all: true })));
        assert.equal(many.length, 14);
        assert.equal(c.ssh?.handshakes, 2);
      } finally {
        stream.stop();
      }
    } finally {
      c.dispose();
    }
  });

  it('reads hashed known_hosts entries (ssh-keygen -H)', async () => {
    const home = clientHome(sshd, { knownHosts: `${sshd.knownName} ${sshd.hostKeys.ed25519}\n` });
    const kh = path.join(home, '.ssh', 'known_hosts');
    const r = spawnSync(SSH_KEYGEN, ['-H', '-f', kh], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(fs.readFileSync(kh, 'utf8'), /^\|1\|/, 'the file is hashed');
    assert.ok(!fs.readFileSync(kh, 'utf8').includes('127.0.0.1'));
    assert.equal(openssh(home, ['-p', String(sshd.port), 'root@127.0.0.1']).status, 0);
    const c = sshClient(url, home);
    try {
      await c.connect();
      assert.equal(c.ssh?.verification?.keyType, 'ssh-ed25519');
    } finally {
      c.dispose();
    }
  });

  it('prefers the key type known_hosts has: an rsa-only entry verifies the rsa host key', async () => {
    const home = clientHome(sshd, { knownHosts: `${sshd.knownName} ${sshd.hostKeys.rsa}\n` });
    const c = sshClient(url, home);
    try {
      await c.connect();
      assert.equal(c.ssh?.verification?.keyType, 'ssh-rsa');
    } finally {
      c.dispose();
    }
  });

  it('refuses a host missing from known_hosts before authenticating, as OpenSSH does', async () => {
    const home = clientHome(sshd, { knownHosts: '' });
    const ossh = openssh(home, ['-p', String(sshd.port), 'root@127.0.0.1']);
    assert.equal(ossh.status, 255);
    assert.match(ossh.stderr, /Host key verification failed/);
    const before = sshd.accepted();
    const e = await sshRefusal(url, home, 'host-unknown');
    assert.ok(e.detail.includes(fingerprintOf(`${sshd.hostKeyFiles.ed25519}.pub`)), e.detail);
    assert.match(e.action, /ssh -p \d+ root@127\.0\.0\.1/);
    assert.equal(sshd.accepted(), before, 'nothing was sent: no authentication happened');
  });

  it('refuses a changed host key, naming the known_hosts line', async () => {
    const rogue = keygen(path.join(tempDir('rogue'), 'k'), 'ed25519');
    const home = clientHome(sshd, { knownHosts: `# first line\n${sshd.knownName} ${rogue}\n` });
    assert.equal(openssh(home, ['-p', String(sshd.port), 'root@127.0.0.1']).status, 255);
    const e = await sshRefusal(url, home, 'host-changed');
    assert.match(e.detail, /CHANGED/);
    assert.ok(e.detail.includes(`${path.join(home, '.ssh', 'known_hosts')}:2`), e.detail);
    assert.ok(e.action.includes(`ssh-keygen -R "${sshd.knownName}"`), e.action);
  });

  it('refuses a key marked @revoked', async () => {
    const home = clientHome(sshd, { knownHosts: `${sshd.knownName} ${sshd.hostKeys.ed25519}\n@revoked * ${sshd.hostKeys.ed25519}\n` });
    await sshRefusal(url, home, 'host-revoked');
  });

  it('says which keys were refused when the server takes none', async () => {
    const home = clientHome(sshd, { knownHosts: `${sshd.knownName} ${sshd.hostKeys.ed25519}\n` });
    keygen(path.join(home, '.ssh', 'id_stranger'), 'ed25519');
    fs.rmSync(path.join(home, '.ssh', 'id_ed25519'));
    fs.renameSync(path.join(home, '.ssh', 'id_stranger'), path.join(home, '.ssh', 'id_ed25519'));
    const e = await sshRefusal(url, home, 'auth');
    assert.ok(e.detail.includes(path.join(home, '.ssh', 'id_ed25519')), e.detail);
  });

  it('authenticates with a key held only by ssh-agent; an encrypted key file is passed over with a note', async () => {
    const home = clientHome(sshd, { knownHosts: `${sshd.knownName} ${sshd.hostKeys.ed25519}\n` });
    const plain = path.join(home, '.ssh', 'id_ed25519');
    // The key file on disk is encrypted (as keys usually are); the agent holds the key itself.
    const p = spawnSync(SSH_KEYGEN, ['-p', '-q', '-N', 'a passphrase', '-f', plain], { encoding: 'utf8' });
    assert.equal(p.status, 0, p.stderr);
    const sock = path.join(tempDir('agent'), 'agent.sock');
    const agent = spawn('/usr/bin/ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      await waitFor('the agent socket', () => (fs.existsSync(sock) ? true : undefined), 10_000);
      // Without the agent: the only key is encrypted, so nothing can be offered.
      const none = await sshRefusalWith(url, home, {}, 'auth');
      assert.match(none.detail, /encrypted \(add it to ssh-agent/);
      const add = spawnSync('/usr/bin/ssh-add', ['-q', sshd.userKey], { encoding: 'utf8', env: { SSH_AUTH_SOCK: sock } });
      assert.equal(add.status, 0, add.stderr);
      const c = new EngineClient(resolveEndpoint({ hostFlag: url, env: {}, homeDir: home, platform: 'linux' }), { timeoutMs: 15_000, ssh: { home, systemConfig: '', env: { SSH_AUTH_SOCK: sock } } });
      try {
        await c.connect();
        assert.equal(c.ssh?.handshakes, 1);
      } finally {
        c.dispose();
      }
    } finally {
      agent.kill('SIGTERM');
    }
  });

  it('honours the ssh config: a Host alias with HostName, Port, User and IdentityFile', async () => {
    const home = clientHome(sshd, { knownHosts: `${sshd.knownName} ${sshd.hostKeys.ed25519}\n` });
    const key = path.join(home, '.ssh', 'engine_key');
    fs.renameSync(path.join(home, '.ssh', 'id_ed25519'), key);
    fs.writeFileSync(path.join(home, '.ssh', 'config'), `Host wb-engine\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User root\n  IdentityFile ~/.ssh/engine_key\n\nHost *\n  User nobody\n`);
    const c = sshClient('ssh://wb-engine', home);
    try {
      await c.connect();
      assert.equal(c.ssh?.verification?.where, `127.0.0.1:${sshd.port}`);
    } finally {
      c.dispose();
    }
  });

  it('goes through a ProxyJump host, checking both hosts keys', async () => {
    const home = clientHome(sshd, { knownHosts: `${sshd.knownName} ${sshd.hostKeys.ed25519}\n` });
    fs.writeFileSync(
      path.join(home, '.ssh', 'config'),
      `Host wb-jump\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User root\n\nHost wb-behind\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User root\n  ProxyJump wb-jump\n`,
    );
    const before = sshd.accepted();
    const c = sshClient('ssh://wb-behind', home);
    try {
      await c.connect();
      assert.equal(c.ssh?.handshakes, 2, 'the jump host and the engine host');
      await listContainers(c);
    } finally {
      c.dispose();
    }
    assert.equal(sshd.accepted() - before, 2);
    assert.match(fs.readFileSync(sshd.log, 'utf8'), /direct-tcpip|connect from 127\.0\.0\.1/i, 'the jump forwarded a TCP connection');
  });

  it('makes the connection again after the server dropped it', async () => {
    const home = clientHome(sshd, { knownHosts: `${sshd.knownName} ${sshd.hostKeys.ed25519}\n` });
    const c = sshClient(url, home);
    try {
      await c.connect();
      assert.equal(c.ssh?.handshakes, 1);
      assert.ok((await sshd.dropConnections()) >= 1);
      await waitFor('the session to notice', () => (c.ssh?.state !== 'connected' ? true : undefined), 10_000);
      assert.ok(Array.isArray(await listContainers(c)));
      assert.equal(c.ssh?.handshakes, 2);
    } finally {
      c.dispose();
    }
  });

  it('docker-workbench engine --host ssh://: the host key in the report, a refusal typed on stderr, and the process ends', async () => {
    const home = clientHome(sshd, { knownHosts: `${sshd.knownName} ${sshd.hostKeys.ed25519}\n` });
    const ok = await cli(['engine', '--host', url, '--format', 'json'], home);
    assert.equal(ok.code, 0, ok.stderr);
    const report = JSON.parse(ok.stdout) as { endpoint: { transport: string }; ssh: { hostKeyType: string; fingerprint: string; verifiedBy: string } | null; tls: unknown };
    assert.equal(report.endpoint.transport, 'ssh');
    assert.equal(report.tls, null);
    assert.equal(report.ssh?.fingerprint, fingerprintOf(`${sshd.hostKeyFiles.ed25519}.pub`));
    assert.equal(report.ssh?.verifiedBy, `${path.join(home, '.ssh', 'known_hosts')}:1`);
    const text = await cli(['engine', '--host', url], home);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /SSH host key\s+ssh-ed25519 SHA256:/);

    const stranger = clientHome(sshd, { knownHosts: '' });
    const refused = await cli(['engine', '--host', url, '--format', 'json'], stranger);
    assert.equal(refused.code, 2);
    const err = JSON.parse(refused.stderr) as { error: { kind: string; sshProblem: string; endpoint: string; fix: string } };
    assert.equal(err.error.kind, 'ssh');
    assert.equal(err.error.sshProblem, 'host-unknown');
    assert.equal(err.error.endpoint, url);
    assert.ok(err.error.fix.length > 0);
  });

  it('names the remote docker when dial-stdio fails on the host', async () => {
    const broken = await startSshd({ dockerHost: 'unix:///nonexistent/docker.sock' });
    try {
      const home = clientHome(broken, { knownHosts: `${broken.knownName} ${broken.hostKeys.ed25519}\n` });
      const e = await sshRefusal(`ssh://root@127.0.0.1:${broken.port}`, home, 'remote-docker');
      assert.match(e.detail, /dial-stdio/);
    } finally {
      await broken.stop();
    }
  });
});
