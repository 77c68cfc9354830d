// `docker-workbench lint --engine`: the flag, how its host facts meet the explicit flags, the
// engine's answers feeding UndefinedVar, and every way it fails with exit status 2. The real
// engine is exercised in the engine tier (test/engine/image-env.test.ts).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs, UsageError, type LintCommand } from '../../server/src/cli/args';
import { ENGINE_BUNDLE, loadEngineModule, mergeEngineHost, openLintEngine, type EngineInspection, type EngineReport, type LintEngine, type LintEngineModule } from '../../server/src/cli/engine';
import { runEngine } from '../../server/src/cli/engineCommand';
import { lint } from '../../server/src/lint';
import type { ImageEnvInfo } from '../../shared/protocol';
import { runCli, type CliResult } from '../support/cli';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function lintCommand(argv: string[]): LintCommand {
  const command = parseArgs(['lint', ...argv]);
  assert.equal(command.kind, 'lint');
  return command as LintCommand;
}

function run(args: string[], env: NodeJS.ProcessEnv, cli = CLI, cwd = ROOT): Promise<CliResult> {
  return runCli(args, { env, cli, cwd });
}

function fakeModule(engine: LintEngine | string): () => LintEngineModule {
  return () => ({
    connectLintEngine: async () => (typeof engine === 'string' ? { ok: false, message: engine } : { ok: true, engine }),
    inspectEngine: async () => {
      throw new Error('lint --engine does not inspect');
    },
  });
}

describe('lint --engine', function () {
  this.timeout(60_000);

  describe('the flag', () => {
    it('is off unless given, and records which host fields the command line set', () => {
      assert.equal(lintCommand(['Dockerfile']).engine, false);
      const plain = lintCommand(['--engine', 'Dockerfile']);
      assert.equal(plain.engine, true);
      assert.deepEqual(plain.hostGiven, []);
      assert.deepEqual(lintCommand(['--engine', '--host-build', '17763', 'x']).hostGiven, ['build', 'engineOs']);
      assert.deepEqual(lintCommand(['--isolation=hyperv', '--engine-os', 'windows', '--engine', 'x']).hostGiven, ['isolation', 'engineOs']);
    });

    it('takes no value, and is a lint option only', () => {
      assert.throws(() => parseArgs(['lint', '--engine=yes', 'x']), (e: unknown) => e instanceof UsageError && /'--engine' takes no value/.test(e.message));
      assert.throws(() => parseArgs(['rules', '--engine']), (e: unknown) => e instanceof UsageError && /unknown option '--engine'/.test(e.message));
    });
  });

  describe('host facts: the explicit flags win field by field', () => {
    const windowsEngine = { engineOs: 'windows' as const, build: 20348, isolation: 'hyperv' as const, source: 'engine' as const };
    it('takes the engine’s facts when no flag is given', () => {
      assert.deepEqual(mergeEngineHost({}, [], windowsEngine), { engineOs: 'windows', build: 20348, isolation: 'hyperv', source: 'engine' });
      assert.deepEqual(mergeEngineHost({}, [], { engineOs: 'linux', source: 'engine' }), { engineOs: 'linux', source: 'engine' });
      assert.deepEqual(mergeEngineHost({}, [], {}), {});
    });
    it('keeps a typed build, but lets the engine’s isolation replace the one --host-build only defaulted', () => {
      const c = lintCommand(['--engine', '--host-build', '17763', 'x']);
      assert.deepEqual(mergeEngineHost(c.host, c.hostGiven, windowsEngine), { engineOs: 'windows', build: 17763, isolation: 'hyperv', source: 'cli' });
    });
    it('keeps a typed isolation and engine OS', () => {
      const c = lintCommand(['--engine', '--isolation', 'process', '--engine-os', 'linux', 'x']);
      assert.deepEqual(mergeEngineHost(c.host, c.hostGiven, windowsEngine), { engineOs: 'linux', build: 20348, isolation: 'process', source: 'cli' });
    });
  });

  describe('connecting and asking', () => {
    it('says what is missing when the engine bundle cannot be loaded', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-no-engine-'));
      try {
        const missing = await openLintEngine({ host: {}, hostGiven: [] }, () => loadEngineModule(dir));
        assert.deepEqual(missing, { ok: false, message: `--engine needs ${path.join(dir, ENGINE_BUNDLE)}, which is missing; rebuild with 'npm run build'` });
        fs.writeFileSync(path.join(dir, ENGINE_BUNDLE), 'module.exports = { something: 1 };\n');
        const wrong = await openLintEngine({ host: {}, hostGiven: [] }, () => loadEngineModule(dir));
        assert.deepEqual(wrong, { ok: false, message: `${path.join(dir, ENGINE_BUNDLE)} does not export connectLintEngine; rebuild with 'npm run build'` });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('passes the engine layer’s message on when no engine answers', async () => {
      const opened = await openLintEngine({ host: {}, hostGiven: [] }, fakeModule('Docker is not running at unix:///var/run/docker.sock: the connection was refused. Start Docker.'));
      assert.equal(opened.ok, false);
      assert.match(!opened.ok ? opened.message : '', /^--engine: Docker is not running at unix:\/\/\/var\/run\/docker\.sock/);
    });

    it('asks about each base image once, and its answers reach UndefinedVar over the table', async () => {
      const asked: string[][] = [];
      const engine: LintEngine = {
        endpointUrl: 'unix:///fake.sock',
        host: { engineOs: 'linux', source: 'engine' },
        environments: async (refs) => {
          asked.push([...refs]);
          return refs.filter((r) => r === 'alpine:3.19').map((reference): ImageEnvInfo => ({ reference, id: 'sha256:1', os: 'linux', env: ['PATH', 'APP_DIR'] }));
        },
      };
      const opened = await openLintEngine({ host: {}, hostGiven: [] }, fakeModule(engine));
      assert.ok(opened.ok);
      assert.deepEqual(opened.host, { engineOs: 'linux', source: 'engine' });
      const a = 'FROM alpine:3.19\nCOPY $APP_DIR /x\n';
      const b = 'FROM alpine:3.19\nFROM myorg/base\nCOPY $APP_DIR /x\n';
      await opened.facts.prepare(a);
      await opened.facts.prepare(b);
      assert.deepEqual(asked, [['alpine:3.19'], ['myorg/base']]);
      const undefinedVars = (text: string) => lint(text, { imageEnv: opened.facts.lookup }).filter((f) => f.rule === 'UndefinedVar');
      assert.deepEqual(undefinedVars(a), [], 'the engine says alpine:3.19 sets APP_DIR');
      assert.equal(lint(a).filter((f) => f.rule === 'UndefinedVar').length, 1, 'the table alone does not');
      assert.equal(opened.facts.failure, undefined);
    });

    it('falls back to the table and records the failure when the engine stops answering', async () => {
      const engine: LintEngine = {
        endpointUrl: 'unix:///fake.sock',
        host: {},
        environments: async () => {
          throw new Error('connection reset');
        },
      };
      const opened = await openLintEngine({ host: {}, hostGiven: [] }, fakeModule(engine));
      assert.ok(opened.ok);
      await opened.facts.prepare('FROM alpine\nCOPY $X /x\n');
      assert.equal(opened.facts.failure, 'the engine at unix:///fake.sock failed while inspecting images: connection reset');
      assert.equal(lint('FROM alpine\nCOPY $X /x\n', { imageEnv: opened.facts.lookup }).filter((f) => f.rule === 'UndefinedVar').length, 1);
    });
  });

  describe('the real CLI process', () => {
    let work: string;
    before(() => {
      execFileSync(process.execPath, ['scripts/build.mjs', 'cli', 'engine'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-cli-engine-'));
      fs.writeFileSync(path.join(work, 'Dockerfile'), 'FROM alpine\nCOPY $NOPE /x\n');
    });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it('exits 2 naming the endpoint and the fix when no engine answers, and lints nothing', async () => {
      const r = await run(['lint', '--engine', 'Dockerfile'], { DOCKER_HOST: `unix://${path.join(work, 'no-such.sock')}` }, CLI, work);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^docker-workbench: --engine: No Docker socket at .*no-such\.sock\. .*DOCKER_HOST/);
    });

    it('exits 2 with a malformed DOCKER_HOST, rather than trying another engine', async () => {
      const r = await run(['lint', '--engine', 'Dockerfile'], { DOCKER_HOST: 'bogus://nowhere' }, CLI, work);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--engine: .*bogus:\/\/nowhere/);
    });

    it('exits 2 when the engine bundle is not next to the CLI', async () => {
      const alone = path.join(work, 'alone');
      fs.mkdirSync(alone);
      fs.copyFileSync(CLI, path.join(alone, 'cli.js'));
      const r = await run(['lint', '--engine', 'Dockerfile'], {}, path.join(alone, 'cli.js'), work);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--engine needs .*alone[\\/]engine\.js, which is missing/);
      // Without --engine the same lone CLI works: the engine layer is only loaded when asked.
      const plain = await run(['lint', 'Dockerfile'], {}, path.join(alone, 'cli.js'), work);
      assert.equal(plain.code, 0);
      assert.match(plain.stdout, /UndefinedVar: Usage of undefined variable '\$NOPE'/);
    });

    it('documents the flag in --help', async () => {
      const r = await run(['--help'], {});
      assert.match(r.stdout, /--engine {2,}ask the Docker engine/);
      assert.match(r.stdout, /-H, --host URL {2,}with --engine: that engine/);
      assert.match(r.stdout, /docker-workbench engine \[--host URL \| --context NAME\] \[--format text\|json\]/);
    });

    it('engine: exit 2 with the typed error, the endpoint tried and the fix on stderr, nothing on stdout', async () => {
      const sock = path.join(work, 'absent.sock');
      const r = await run(['engine', '--host', `unix://${sock}`], {}, CLI, work);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(
        r.stderr,
        [
          `docker-workbench: cannot use the engine at unix://${sock} (chosen by the command line)`,
          `  error: No Docker socket at ${sock}.`,
          '  kind:  socket-missing',
          "  fix:   Start Docker (it creates the socket), or point the --host or --context option at the engine's real endpoint.",
          '',
        ].join('\n'),
      );
      const asJson = await run(['engine', '--format', 'json', '--host', 'https://build.example:2376'], {}, CLI, work);
      assert.equal(asJson.code, 2);
      const error = (JSON.parse(asJson.stderr) as { error: Record<string, unknown> }).error;
      assert.deepEqual([error.kind, error.tlsProblem, error.endpoint, error.source], ['bad-endpoint', null, 'https://build.example:2376', null]);
      assert.match(String(error.message), /the docker CLI does not take https:\/\/ hosts/);
    });

    it('engine: the bundle missing is exit 2 naming it', async () => {
      const alone = path.join(work, 'alone-engine');
      fs.mkdirSync(alone);
      fs.copyFileSync(CLI, path.join(alone, 'cli.js'));
      const r = await run(['engine'], {}, path.join(alone, 'cli.js'), work);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^docker-workbench: engine needs .*alone-engine[\\/]engine\.js, which is missing/);
    });
  });
});

describe('docker-workbench engine', () => {
  describe('arguments', () => {
    it('engine takes --host (-H) or --context (-c), and --format text|json', () => {
      assert.deepEqual(parseArgs(['engine']), { kind: 'engine', format: 'text', target: {} });
      assert.deepEqual(parseArgs(['engine', '-H', ' tcp://h:2376 ', '-f', 'json']), { kind: 'engine', format: 'json', target: { host: 'tcp://h:2376' } });
      assert.deepEqual(parseArgs(['engine', '--context=remote']), { kind: 'engine', format: 'text', target: { context: 'remote' } });
      assert.deepEqual(parseArgs(['engine', '-c', 'win']), { kind: 'engine', format: 'text', target: { context: 'win' } });
    });

    it('refuses both at once, empty values, arguments, other formats and unknown options', () => {
      const usage = (argv: string[], message: RegExp): void => assert.throws(() => parseArgs(argv), (e: unknown) => e instanceof UsageError && message.test(e.message), argv.join(' '));
      usage(['engine', '--host', 'unix:///x', '--context', 'c'], /either --host or --context, not both/);
      usage(['engine', '--host', ''], /--host needs an endpoint/);
      usage(['engine', '--context', '  '], /--context needs the name of a docker context/);
      usage(['engine', 'remote'], /engine takes no arguments, got 'remote'/);
      usage(['engine', '--format', 'sarif'], /--format for engine must be text or json, got 'sarif'/);
      usage(['engine', '--engine'], /unknown option '--engine'/);
      usage(['engine', '--host'], /option '--host' needs a value/);
      usage(['engine', '--host', 'a', '--host', 'b'], /--host given more than once/);
      usage(['frob'], /expected lint, parse, rules, engine or lsp/);
    });

    it('lint takes --host / --context with --engine only, and not both', () => {
      assert.deepEqual(lintCommand(['--engine', '--host', 'ssh://ops@build', 'x']).target, { host: 'ssh://ops@build' });
      assert.deepEqual(lintCommand(['--engine', '-c', 'win2022', 'x']).target, { context: 'win2022' });
      assert.deepEqual(lintCommand(['--engine', 'x']).target, {});
      assert.throws(() => parseArgs(['lint', '--host', 'tcp://h:2376', 'x']), (e: unknown) => e instanceof UsageError && /--host chooses the engine for --engine; add --engine/.test(e.message));
      assert.throws(() => parseArgs(['lint', '--context', 'c', 'x']), (e: unknown) => e instanceof UsageError && /--context chooses the engine for --engine/.test(e.message));
      assert.throws(() => parseArgs(['lint', '--engine', '-H', 'a', '-c', 'b', 'x']), (e: unknown) => e instanceof UsageError && /not both/.test(e.message));
      assert.throws(() => parseArgs(['parse', '--host', 'a', 'x']), (e: unknown) => e instanceof UsageError && /unknown option '--host'/.test(e.message));
    });

    it('lint passes the target on to the engine bundle', async () => {
      const seen: unknown[] = [];
      const module = (): LintEngineModule => ({
        connectLintEngine: async (options) => {
          seen.push(options?.target);
          return { ok: false, message: 'no engine' };
        },
        inspectEngine: async () => {
          throw new Error('not asked');
        },
      });
      const command = lintCommand(['--engine', '--context', 'win2022', 'x']);
      await openLintEngine(command, module);
      assert.deepEqual(seen, [{ context: 'win2022' }]);
    });
  });

  describe('output', () => {
    const report: EngineReport = {
      formatVersion: 1,
      endpoint: { url: 'tcp://build.example:2376', source: 'context', reason: 'docker context "win" (--context)', transport: 'tcp', context: 'win', note: null },
      tls: { enabled: true, verified: false, certDir: '/home/u/.docker/contexts/tls/x/docker', unverifiedReason: 'the docker context "win" sets SkipTLSVerify' },
      ssh: null,
      engine: {
        osType: 'windows',
        operatingSystem: 'Windows Server 2022 Datacenter Version 2009 (OS Build 20348.2849)',
        architecture: 'x86_64',
        engineVersion: '27.3.1',
        apiVersion: '1.47',
        minApiVersion: '1.24',
        dockerDesktop: false,
        desktopEngine: null,
        windows: { build: 20348, revision: 2849, release: 'Windows Server 2022', server: true },
        isolation: 'process',
      },
    };
    const io = () => {
      const out = { stdout: '', stderr: '' };
      return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
    };
    const module = (inspection: EngineInspection) => (): LintEngineModule => ({
      connectLintEngine: async () => ({ ok: false, message: 'not asked' }),
      inspectEngine: async () => inspection,
    });

    it('text: one line per fact, an unverified TLS said in capitals', async () => {
      const { out, io: sink } = io();
      assert.equal(await runEngine({ kind: 'engine', format: 'text', target: {} }, sink, module({ ok: true, report })), 0);
      assert.equal(
        out.stdout,
        [
          'Endpoint   tcp://build.example:2376',
          'Chosen by  a docker context: docker context "win" (--context)',
          'TLS        NOT VERIFIED: the docker context "win" sets SkipTLSVerify',
          'OS         windows: Windows Server 2022 Datacenter Version 2009 (OS Build 20348.2849) (x86_64)',
          'Windows    build 20348.2849, Windows Server 2022 (Server)',
          'Isolation  process (the default for containers)',
          'Engine     27.3.1, API 1.47 (minimum 1.24)',
          '',
        ].join('\n'),
      );
      assert.equal(out.stderr, '');
    });

    it('json: the report as is; a failure goes to stderr as {error}, exit 2', async () => {
      const ok = io();
      assert.equal(await runEngine({ kind: 'engine', format: 'json', target: {} }, ok.io, module({ ok: true, report })), 0);
      assert.deepEqual(JSON.parse(ok.out.stdout), report);
      const failed = io();
      const error = { kind: 'tls', tlsProblem: 'expired', sshProblem: null, message: 'The certificate of the engine at tcp://h:2376 has expired.', endpoint: 'tcp://h:2376', source: 'DOCKER_HOST', fix: 'Renew it.' };
      assert.equal(await runEngine({ kind: 'engine', format: 'json', target: {} }, failed.io, module({ ok: false, error })), 2);
      assert.equal(failed.out.stdout, '');
      assert.deepEqual(JSON.parse(failed.out.stderr), { error });
    });
  });
});
