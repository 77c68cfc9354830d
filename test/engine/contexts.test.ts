// Docker contexts against the docker CLI itself (Debian's docker.io) in temporary DOCKER_CONFIG
// folders: what the CLI created we list and inspect as `docker context ls` / `inspect` show it;
// what we write, the CLI reads back as one it wrote itself (byte for byte, modes included), and
// `docker context use` and ours leave config.json the same. Last, a context we wrote with the
// private engine's TLS client files connects, for the CLI and for us.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  contextMetaDir,
  contextTlsDir,
  createContext,
  EngineClient,
  inspectContext,
  listContexts,
  resolveEndpoint,
  setCurrentContext,
  type ContextStoreOptions,
} from '../../client/src/engine';
import { issue, makeCa } from './certs';
import { ENGINE_TLS_CLIENT_DIR, engineTlsPort, tempDir } from './support';

const DOCKER = fs.existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';

type Env = Record<string, string>;

function docker(env: Env, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(DOCKER, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function dockerOk(env: Env, args: string[]): string {
  const r = docker(env, args);
  assert.equal(r.status, 0, `docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

interface CliRow {
  Name: string;
  Description: string;
  DockerEndpoint: string;
  Current: boolean;
}

function cliList(env: Env): CliRow[] {
  return dockerOk(env, ['context', 'ls', '--format', '{{json .}}'])
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as CliRow)
    .map(({ Name, Description, DockerEndpoint, Current }) => ({ Name, Description, DockerEndpoint, Current }));
}

function ourList(env: Env): CliRow[] {
  return listContexts(store(env)).contexts.map((c) => ({ Name: c.name, Description: c.description, DockerEndpoint: c.host, Current: c.current }));
}

function store(env: Env): ContextStoreOptions {
  return { env, homeDir: env.HOME, platform: 'linux' };
}

/** Modes and contents of everything under a folder, by path relative to it (names hashed alike). */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    const abs = path.join(dir, rel);
    const st = fs.statSync(abs);
    const mode = (st.mode & 0o777).toString(8);
    if (st.isDirectory()) {
      out[rel || '.'] = `dir ${mode}`;
      for (const e of fs.readdirSync(abs).sort()) walk(path.join(rel, e));
    } else {
      out[rel] = `file ${mode} ${fs.readFileSync(abs, 'utf8')}`;
    }
  };
  walk('');
  return out;
}

describe('engine: docker contexts, read and written as the docker CLI does', function () {
  this.timeout(120_000);
  let dir: string;
  let n = 0;
  let ca: { cert: string; key: string };
  let client: { cert: string; key: string };
  /** A fresh config folder and HOME for one case. */
  const fresh = (over: Env = {}): Env => {
    const base = path.join(dir, `case-${++n}`);
    fs.mkdirSync(path.join(base, 'home'), { recursive: true });
    return { DOCKER_CONFIG: path.join(base, 'config'), HOME: path.join(base, 'home'), ...over };
  };

  before(() => {
    const version = docker({}, ['--version']);
    assert.equal(version.status, 0, `the docker CLI (${DOCKER}) must be installed for this test (scripts/engine-host.sh installs docker.io)`);
    dir = tempDir('contexts');
    const made = makeCa(path.join(dir, 'ca'), 'Contexts CA');
    ca = made;
    client = issue(made, { dir: path.join(dir, 'client'), commonName: 'client', usage: 'client' });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists the contexts docker context create made, and which is current, exactly as docker context ls', () => {
    const env = fresh();
    dockerOk(env, ['context', 'create', 'win-2022', '--description', 'Windows <LTSC> & more', '--docker', `host=tcp://10.0.0.22:2376,ca=${ca.cert},cert=${client.cert},key=${client.key}`]);
    dockerOk(env, ['context', 'create', 'ssh-box', '--docker', 'host=ssh://me@box.example:2222']);
    dockerOk(env, ['context', 'create', 'Skip.1', '--docker', 'host=tcp://10.0.0.23:2376,skip-tls-verify=true']);
    dockerOk(env, ['context', 'create', 'ca-only', '--docker', `host=tcp://10.0.0.24,ca=${ca.cert}`]);
    dockerOk(env, ['context', 'create', 'local+x', '--docker', 'host=unix:///run/other.sock']);
    const situations: Array<[string, Env, string]> = [
      ['nothing current', env, 'default'],
      ['DOCKER_CONTEXT', { ...env, DOCKER_CONTEXT: 'ssh-box' }, 'ssh-box'],
      ['DOCKER_HOST wins over DOCKER_CONTEXT', { ...env, DOCKER_CONTEXT: 'ssh-box', DOCKER_HOST: 'tcp://10.9.9.9:2375' }, 'default'],
    ];
    for (const [label, e, current] of situations) {
      assert.deepEqual(ourList(e), cliList(e), label);
      assert.equal(listContexts(store(e)).current.name, current, label);
    }
    dockerOk(env, ['context', 'use', 'win-2022']);
    assert.deepEqual(ourList(env), cliList(env), 'after docker context use');
    const ours = listContexts(store(env));
    assert.equal(ours.current.via, 'currentContext in config.json');
    assert.equal(ours.contexts.length, 6);
    // TLS and SkipTLSVerify, and the whole inspect document, as `docker context inspect` has them.
    for (const c of ours.contexts) {
      const cli = JSON.parse(dockerOk(env, ['context', 'inspect', c.name])) as Array<Record<string, unknown> & { Endpoints: { docker: { SkipTLSVerify: boolean } }; TLSMaterial: { docker?: string[] } }>;
      // The CLI's in-memory default carries a StackOrchestrator it makes up from config.json; the rest agrees.
      const mine = inspectContext(c.name, store(env));
      if (c.name === 'default') delete cli[0].Metadata;
      if (c.name === 'default') delete mine.Metadata;
      assert.deepEqual(mine, cli[0], `inspect ${c.name}`);
      assert.deepEqual(c.tlsFiles, cli[0].TLSMaterial.docker ?? [], `TLS files of ${c.name}`);
      assert.equal(c.skipTlsVerify, cli[0].Endpoints.docker.SkipTLSVerify, `SkipTLSVerify of ${c.name}`);
    }
    assert.deepEqual(ours.contexts.find((c) => c.name === 'win-2022')?.tlsFiles, ['ca.pem', 'cert.pem', 'key.pem']);
  });

  it('writes a context the CLI reads back as one it wrote: same meta.json bytes, TLS files and modes', () => {
    const cases: Array<{ name: string; description?: string; host: string; ca?: string; cert?: string; key?: string; skip?: boolean }> = [
      { name: 'tls-full', description: 'Windows <LTSC 2022> & "quotes"', host: 'tcp://10.0.0.22:2376', ca: ca.cert, cert: client.cert, key: client.key },
      { name: 'ssh_box', host: 'ssh://me@box.example:2222' },
      { name: 'skip-1', description: 'lab', host: 'tcp://10.0.0.23:2376', ca: ca.cert, skip: true },
      { name: 'client-only', host: 'tcp://10.0.0.24', cert: client.cert, key: client.key },
    ];
    for (const c of cases) {
      const theirs = fresh();
      const mine = fresh();
      const opts = [`host=${c.host}`, ...(c.ca ? [`ca=${c.ca}`] : []), ...(c.cert ? [`cert=${c.cert}`, `key=${c.key}`] : []), ...(c.skip ? ['skip-tls-verify=true'] : [])];
      dockerOk(theirs, ['context', 'create', c.name, ...(c.description ? ['--description', c.description] : []), '--docker', opts.join(',')]);
      const made = createContext({ name: c.name, description: c.description, host: c.host, ca: c.ca, cert: c.cert, key: c.key, skipTlsVerify: c.skip }, store(mine));
      assert.deepEqual(tree(mine.DOCKER_CONFIG), tree(theirs.DOCKER_CONFIG), c.name);
      // The CLI lists and inspects ours as it does its own (Storage names the folder, so it differs by design).
      assert.deepEqual(cliList(mine), cliList(theirs), `${c.name}: docker context ls`);
      const strip = (text: string): unknown => (JSON.parse(text) as Array<Record<string, unknown>>).map(({ Storage: _s, ...rest }) => rest);
      assert.deepEqual(strip(dockerOk(mine, ['context', 'inspect', c.name])), strip(dockerOk(theirs, ['context', 'inspect', c.name])), `${c.name}: docker context inspect`);
      assert.equal(made.name, c.name);
      assert.equal(made.host, c.host);
    }
  });

  it('refuses what the CLI refuses (names, default, an existing context) and writes nothing for an unreadable file', () => {
    const env = fresh();
    dockerOk(env, ['context', 'create', 'taken', '--docker', 'host=unix:///x.sock']);
    for (const name of ['default', 'taken', 'a', '-x', '.x', 'x@y', 'a b', 'é1', 'ok', 'Ok.2+3_4-5']) {
      const cli = docker(env, ['context', 'create', name, '--docker', 'host=unix:///x.sock']);
      let ours: string | undefined;
      const other = fresh();
      dockerOk(other, ['context', 'create', 'taken', '--docker', 'host=unix:///x.sock']);
      try {
        createContext({ name, host: 'unix:///x.sock' }, store(other));
      } catch (e) {
        ours = (e as Error).message;
      }
      assert.equal(ours === undefined, cli.status === 0, `${name}: CLI ${cli.status === 0 ? 'accepts' : `refuses (${cli.stderr.trim()})`}, ours ${ours ?? 'accepts'}`);
    }
    const before = tree(env.DOCKER_CONFIG);
    assert.throws(() => createContext({ name: 'nofile', host: 'tcp://h:2376', ca: path.join(dir, 'missing.pem') }, store(env)), /Cannot read .*missing\.pem for ca\.pem: ENOENT\. Nothing was written/);
    assert.throws(() => createContext({ name: 'halfpair', host: 'tcp://h:2376', cert: client.cert }, store(env)), /needs its key/);
    assert.throws(() => createContext({ name: 'nohost', host: 'h:2376' }, store(env)), /not a docker endpoint/);
    assert.deepEqual(tree(env.DOCKER_CONFIG), before, 'nothing written');
  });

  it('sets the current context as docker context use does: other keys and the mode kept, default removes it', () => {
    const start = JSON.stringify({ auths: { 'registry.example': { auth: 'bWU6c2VjcmV0' } }, psFormat: 'table {{.ID}}', detachKeys: 'ctrl-x,x', currentContext: 'old' });
    const pair = (): [Env, Env] => {
      const a = fresh();
      const b = fresh();
      for (const e of [a, b]) {
        dockerOk(e, ['context', 'create', 'one', '--docker', 'host=unix:///one.sock']);
        dockerOk(e, ['context', 'create', 'old', '--docker', 'host=unix:///old.sock']);
      }
      return [a, b];
    };
    const cfg = (e: Env): string => path.join(e.DOCKER_CONFIG, 'config.json');
    const state = (e: Env): { exists: boolean; mode?: string; json?: unknown } =>
      fs.existsSync(cfg(e)) ? { exists: true, mode: (fs.statSync(cfg(e)).mode & 0o777).toString(8), json: JSON.parse(fs.readFileSync(cfg(e), 'utf8')) } : { exists: false };

    for (const [label, mode, content] of [['existing 0644 file', 0o644, start], ['existing 0600 file', 0o600, start], ['no file', undefined, undefined]] as const) {
      for (const target of ['one', 'default']) {
        const [cli, ours] = pair();
        for (const e of [cli, ours]) {
          if (content !== undefined) {
            fs.writeFileSync(cfg(e), content);
            fs.chmodSync(cfg(e), mode as number);
          }
        }
        dockerOk(cli, ['context', 'use', target]);
        setCurrentContext(target, store(ours));
        // docker 20.10 (Debian's docker.io) saves `{"auths": {}}` where there was no file; docker 28
        // writes nothing, as ours does. Either way the CLI reads the same configuration.
        const cliState = state(cli);
        const noFile = content === undefined && target === 'default' && JSON.stringify(cliState.json) === '{"auths":{}}';
        assert.deepEqual(state(ours), noFile ? { exists: false } : cliState, `${label}, use ${target}`);
        assert.equal(listContexts(store(ours)).current.name, target);
        assert.deepEqual(cliList(ours), cliList(cli), `${label}, use ${target}: docker context ls`);
      }
    }

    // Where ours differs on purpose: a key the CLI does not know is kept (the CLI drops it), a
    // config.json that does not parse is left alone (the CLI overwrites it), a link stays a link.
    const [, e] = pair();
    fs.writeFileSync(cfg(e), JSON.stringify({ 'x-tool': { keep: true }, currentContext: 'old' }));
    setCurrentContext('one', store(e));
    assert.deepEqual(JSON.parse(fs.readFileSync(cfg(e), 'utf8')), { auths: {}, 'x-tool': { keep: true }, currentContext: 'one' });
    assert.equal(dockerOk(e, ['context', 'inspect', '--format', '{{.Name}}']).trim(), 'one');
    fs.writeFileSync(cfg(e), '{broken');
    assert.throws(() => setCurrentContext('old', store(e)), /cannot be read as JSON .* left as it is/);
    assert.equal(fs.readFileSync(cfg(e), 'utf8'), '{broken');
    const real = path.join(dir, 'real-config.json');
    fs.writeFileSync(real, '{"currentContext":"old"}');
    fs.rmSync(cfg(e));
    fs.symlinkSync(real, cfg(e));
    setCurrentContext('one', store(e));
    assert.ok(fs.lstatSync(cfg(e)).isSymbolicLink());
    assert.equal(dockerOk(e, ['context', 'inspect', '--format', '{{.Name}}']).trim(), 'one');
    assert.throws(() => setCurrentContext('nope', store(e)), /context "nope" does not exist/);
    assert.equal(setCurrentContext('one', store({ ...e, DOCKER_HOST: 'unix:///y.sock' })).note, 'DOCKER_HOST is set, so the docker CLI uses it instead of the current context.');
  });

  it('a TLS context we wrote reaches the private engine, through the CLI and through us', async () => {
    const env = fresh();
    const url = `tcp://127.0.0.1:${engineTlsPort()}`;
    const tls = ENGINE_TLS_CLIENT_DIR;
    createContext({ name: 'private-tls', host: url, ca: path.join(tls, 'ca.pem'), cert: path.join(tls, 'cert.pem'), key: path.join(tls, 'key.pem') }, store(env));
    assert.match(dockerOk(env, ['--context', 'private-tls', 'version', '--format', '{{.Server.Os}}']), /^linux$/m);
    const ep = resolveEndpoint({ env, homeDir: env.HOME, platform: 'linux', contextFlag: 'private-tls', contextFlagVia: 'this window' });
    assert.deepEqual([ep.source, ep.contextName, ep.url, ep.tls?.verify, ep.tls?.certDir], ['context', 'private-tls', url, true, contextTlsDir(env.DOCKER_CONFIG, 'private-tls')]);
    assert.equal(ep.reason, 'docker context "private-tls" (this window)');
    await new EngineClient(ep).connect({ timeoutMs: 10_000 });
    assert.ok(fs.existsSync(path.join(contextMetaDir(env.DOCKER_CONFIG, 'private-tls'), 'meta.json')));
    // A removed context named by the window's choice: an error that names it, with its own fix.
    assert.throws(
      () => resolveEndpoint({ env, homeDir: env.HOME, platform: 'linux', contextFlag: 'gone', contextFlagVia: 'this window' }),
      (e: Error & { action?: string }) => /"gone" \(from this window\)/.test(e.message) && /Choose an existing context/.test(e.action ?? ''),
    );
  });
});
