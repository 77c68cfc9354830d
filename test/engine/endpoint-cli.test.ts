// Endpoint resolution against the docker CLI itself as the oracle: for each environment (and docker
// config with contexts made by `docker context create`), `docker context inspect` prints the
// context the CLI would use, its host, SkipTLSVerify and TLS material; resolveEndpoint (with the
// TLS files read as the client reads them) must pick the same context, host, port and TLS, and
// fail where the CLI fails. Nothing connects: no engine is needed beyond the CLI binary.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineError, readTlsMaterial, resolveEndpoint, type ResolvedEndpoint } from '../../client/src/engine';
import { certDir, issue, makeCa } from './certs';
import { tempDir } from './support';

const DOCKER = fs.existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';

interface CliView {
  name: string;
  host: string;
  skipTlsVerify: boolean;
  /** TLS material is listed for the docker endpoint (a folder, or files from the variables). */
  tlsMaterial: boolean;
}

type Env = Record<string, string>;

function cliResolve(env: Env, flags: string[] = []): CliView | { error: string } {
  const r = spawnSync(DOCKER, [...flags, 'context', 'inspect', '--format', '{{json .}}'], { env: { PATH: process.env.PATH, HOME: env.HOME ?? '/nonexistent', ...env }, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) return { error: `${r.stdout}${r.stderr}`.trim() };
  const doc = JSON.parse(r.stdout) as { Name: string; Endpoints: { docker: { Host: string; SkipTLSVerify: boolean } }; TLSMaterial?: Record<string, unknown> };
  return { name: doc.Name, host: doc.Endpoints.docker.Host, skipTlsVerify: doc.Endpoints.docker.SkipTLSVerify, tlsMaterial: doc.TLSMaterial !== undefined && 'docker' in doc.TLSMaterial };
}

function ours(env: Env, options: { hostFlag?: string; contextFlag?: string } = {}): ResolvedEndpoint | { error: string } {
  try {
    const ep = resolveEndpoint({ env, homeDir: env.HOME ?? '/nonexistent', platform: 'linux', ...options });
    if (ep.tls) readTlsMaterial(ep);
    return ep;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return { error: e.message };
  }
}

/** The CLI stores a context's Host as given; Go's HTTP client then dials 443 (TLS) or 80 without a port. */
function effectiveHost(cli: CliView, tls: boolean): string {
  if (cli.name === 'default' || !cli.host.startsWith('tcp://') || /:\d+$/.test(cli.host)) return cli.host;
  return `${cli.host}:${tls ? 443 : 80}`;
}

function agree(label: string, env: Env, flags: string[] = [], options: { hostFlag?: string; contextFlag?: string } = {}): ResolvedEndpoint | undefined {
  const cli = cliResolve(env, flags);
  const mine = ours(env, options);
  if ('error' in cli) {
    assert.ok('error' in mine, `${label}: the CLI fails (${cli.error}) but we resolved ${'url' in mine ? mine.url : ''}`);
    return undefined;
  }
  assert.ok(!('error' in mine), `${label}: the CLI resolves ${cli.host} but we failed: ${'error' in mine ? mine.error : ''}`);
  const cliTls = cli.host.startsWith('tcp://') && (cli.tlsMaterial || cli.skipTlsVerify);
  assert.equal(mine.source === 'context' ? mine.contextName : 'default', cli.name, `${label}: context`);
  assert.equal(mine.url, effectiveHost(cli, cliTls), `${label}: host`);
  assert.equal(mine.tls !== undefined, cliTls, `${label}: TLS on`);
  if (mine.tls) {
    assert.equal(mine.tls.verify, !cli.skipTlsVerify, `${label}: verification`);
    assert.equal(mine.tls.unverifiedReason !== undefined, !mine.tls.verify, `${label}: an unverified endpoint says why`);
  }
  return mine;
}

describe('engine: endpoint resolution agrees with the docker CLI', function () {
  this.timeout(120_000);
  let dir: string;
  let config: string;
  let certs: string;
  let caOnly: string;
  let noCa: string;
  const base = (over: Env = {}): Env => ({ DOCKER_CONFIG: config, HOME: path.join(dir, 'home'), ...over });

  before(() => {
    const version = spawnSync(DOCKER, ['--version'], { encoding: 'utf8' });
    assert.equal(version.status, 0, `the docker CLI (${DOCKER}) must be installed for this test (scripts/engine-host.sh installs docker.io)`);
    dir = tempDir('cli-oracle');
    config = path.join(dir, 'config');
    fs.mkdirSync(config);
    const ca = makeCa(path.join(dir, 'ca'), 'Oracle CA');
    const client = issue(ca, { dir: path.join(dir, 'client'), commonName: 'client', usage: 'client' });
    certs = certDir(path.join(dir, 'client'), ca.cert, client);
    caOnly = certDir(path.join(dir, 'ca-only'), ca.cert);
    noCa = path.join(dir, 'no-ca');
    fs.mkdirSync(noCa);
    const create = (name: string, docker: string): void => {
      const r = spawnSync(DOCKER, ['context', 'create', name, '--docker', docker], { env: { PATH: process.env.PATH, DOCKER_CONFIG: config }, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    create('plain', 'host=tcp://127.0.0.1:2375');
    create('no-port', 'host=tcp://10.1.1.1');
    create('no-port-tls', `host=tcp://10.1.1.2,ca=${ca.cert}`);
    create('with-tls', `host=tcp://10.1.1.3:2376,ca=${ca.cert},cert=${client.cert},key=${client.key}`);
    create('skip', 'host=tcp://10.1.1.4:2376,skip-tls-verify=true');
    create('skip-files', `host=tcp://10.1.1.5:2376,ca=${ca.cert},skip-tls-verify=true`);
    create('local', 'host=unix:///run/other/docker.sock');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('DOCKER_HOST forms and ports: tcp:// is 2375 and plain unless TLS is asked for, 2376 included', () => {
    for (const host of ['tcp://10.0.0.5', 'tcp://10.0.0.5:2376', 'tcp://10.0.0.5:12345', 'localhost', 'host.example:123', 'tcp://', 'tcp://:2376', 'unix://', 'unix:///run/x.sock', '   ', 'https://10.0.0.5:2376', '/var/run/docker.sock', './rel.sock', 'tcp://10.0.0.5:2375/prefix', 'tcp://10.0.0.5:2375/', 'TCP://10.0.0.5', 'NPIPE:////./pipe/x', 'npipe://tcp://x', 'npipe://\\\\.\\pipe\\docker_engine']) {
      const ep = agree(`DOCKER_HOST=${JSON.stringify(host)}`, base({ DOCKER_HOST: host }));
      if (ep?.transport === 'tcp') assert.equal(ep.tls, undefined, 'no TLS settings: plain HTTP');
    }
    // No scheme: TCP even for a path (the CLI's `tcp://localhost:2375/var/run/docker.sock`), and we say so.
    assert.match(agree('a bare socket path', base({ DOCKER_HOST: '/var/run/docker.sock' }))?.note ?? '', /has no scheme, so it is read as the docker CLI \(28\) reads it/);
  });

  it('TLS variables: DOCKER_TLS_VERIFY (any value) verifies, DOCKER_TLS alone does not, files from DOCKER_CERT_PATH or the config folder', () => {
    const cases: Array<[string, Env]> = [
      ['verify', { DOCKER_HOST: 'tcp://10.0.0.5', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }],
      ['verify=0 still verifies', { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '0', DOCKER_CERT_PATH: certs }],
      ['DOCKER_TLS only', { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: certs }],
      ['DOCKER_TLS with only ca.pem', { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: caOnly }],
      ['verify without ca.pem', { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: noCa }],
      ['DOCKER_TLS without ca.pem', { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS: '1', DOCKER_CERT_PATH: noCa }],
      ['verify, no host: the CLI default tcp://localhost:2376', { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }],
      ['DOCKER_TLS, no host', { DOCKER_TLS: '1', DOCKER_CERT_PATH: certs }],
      ['files from the config folder', { DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1' }],
      ['TLS variables do not apply to a socket', { DOCKER_HOST: 'unix:///run/x.sock', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }],
    ];
    for (const [label, env] of cases) agree(label, base(env));
    fs.copyFileSync(path.join(certs, 'ca.pem'), path.join(config, 'ca.pem'));
    try {
      const ep = agree('files from the config folder, present', base({ DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1' }));
      assert.equal(ep?.tls?.certDir, config);
    } finally {
      fs.rmSync(path.join(config, 'ca.pem'));
    }
  });

  it('contexts made by docker context create: which one is current, its host as stored, its TLS folder and SkipTLSVerify', () => {
    for (const name of ['plain', 'no-port', 'no-port-tls', 'with-tls', 'skip', 'skip-files', 'local', 'missing', 'default']) {
      agree(`DOCKER_CONTEXT=${name}`, base({ DOCKER_CONTEXT: name }));
      // The context's TLS comes from the context only: the variables are not read for it.
      agree(`DOCKER_CONTEXT=${name} with TLS variables`, base({ DOCKER_CONTEXT: name, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }));
      agree(`--context ${name}`, base(), ['--context', name], { contextFlag: name });
    }
    fs.writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'with-tls' }));
    try {
      assert.equal(agree('currentContext in config.json', base())?.contextName, 'with-tls');
      agree('DOCKER_CONTEXT wins over currentContext', base({ DOCKER_CONTEXT: 'skip' }));
      assert.equal(agree('DOCKER_HOST wins over the current context', base({ DOCKER_HOST: 'tcp://10.9.9.9:2375' }))?.source, 'DOCKER_HOST');
      agree('DOCKER_HOST and TLS variables over the current context', base({ DOCKER_HOST: 'tcp://10.9.9.9', DOCKER_TLS: '1', DOCKER_CERT_PATH: certs }));
      agree('--context wins over DOCKER_HOST', base({ DOCKER_HOST: 'tcp://10.9.9.9:2375' }), ['--context', 'plain'], { contextFlag: 'plain' });
      agree('--context default reads DOCKER_HOST', base({ DOCKER_HOST: 'tcp://10.9.9.9:2375' }), ['--context', 'default'], { contextFlag: 'default' });
      agree('-H wins over the current context', base(), ['-H', 'tcp://10.8.8.8'], { hostFlag: 'tcp://10.8.8.8' });
      agree('-H with TLS variables', base({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }), ['-H', 'tcp://10.8.8.8:2376'], { hostFlag: 'tcp://10.8.8.8:2376' });
    } finally {
      fs.rmSync(path.join(config, 'config.json'));
    }
  });
});
