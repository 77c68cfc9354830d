// The task types: package.json's taskDefinitions schemas (what VS Code completes and checks in
// tasks.json) list exactly the properties the resolvers read, with the same enums; the resolvers
// fill in defaults, make paths absolute and refuse bad values naming the property; the env file is
// read as docker run --env-file reads it; and the isolation a docker-run gets on a Windows engine.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decideRunIsolation } from '../../client/src/engine/runIsolation';
import {
  BUILD_TASK,
  COMPOSE_TASK,
  COMPOSE_TASK_ACTIONS,
  ISOLATIONS,
  RUN_TASK,
  TASK_PROPERTIES,
  detectionExclude,
  parseEnvFile,
  resolveBuildTask,
  resolveComposeTask,
  resolveRunTask,
} from '../../client/src/tasks/definitions';
import { chooseIsolation } from '../../shared/windows/compat';

const root = path.resolve(__dirname, '..', '..', '..');
interface Schema {
  type?: string | string[];
  enum?: string[];
  default?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
}
const definitions = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { taskDefinitions: Array<Schema & { type: string }> } }).contributes.taskDefinitions;
const schema = (type: string) => definitions.find((d) => d.type === type);

const folder = path.join(path.sep, 'ws', 'app');

describe('task definitions: the manifest schemas', () => {
  it('declares the three task types with exactly the properties the resolvers read, each described', () => {
    assert.deepEqual(definitions.map((d) => d.type).sort(), [BUILD_TASK, COMPOSE_TASK, RUN_TASK].sort());
    for (const type of [BUILD_TASK, RUN_TASK, COMPOSE_TASK] as const) {
      const s = schema(type);
      assert.ok(s?.properties, type);
      assert.deepEqual(Object.keys(s.properties), [...TASK_PROPERTIES[type]], type);
      for (const [key, prop] of Object.entries(s.properties)) assert.ok((prop.description ?? '').length > 10, `${type}.${key} has no description`);
    }
    assert.deepEqual(schema(RUN_TASK)?.required, ['image']);
  });

  it('uses the same enums and defaults as the resolvers', () => {
    assert.deepEqual(schema(BUILD_TASK)?.properties?.isolation.enum, [...ISOLATIONS]);
    assert.deepEqual(schema(RUN_TASK)?.properties?.isolation.enum, [...ISOLATIONS]);
    assert.deepEqual(schema(COMPOSE_TASK)?.properties?.action.enum, [...COMPOSE_TASK_ACTIONS]);
    const run = resolveRunTask({ image: 'x' }, folder, () => '');
    assert.ok(run.ok);
    assert.equal(schema(RUN_TASK)?.properties?.detached.default, run.value.detached);
    assert.equal(schema(RUN_TASK)?.properties?.remove.default, run.value.remove);
    const build = resolveBuildTask({}, folder);
    assert.ok(build.ok);
    assert.equal(schema(BUILD_TASK)?.properties?.noCache.default, build.value.noCache);
    for (const key of ['ports', 'volumes']) assert.equal(schema(RUN_TASK)?.properties?.[key].items?.type, 'string');
  });
});

describe('task definitions: docker-build', () => {
  it('defaults to the folder Dockerfile, its folder as context and folder:latest as tag', () => {
    const r = resolveBuildTask({ type: BUILD_TASK }, folder);
    assert.ok(r.ok);
    assert.deepEqual(r.value, { dockerfile: path.join(folder, 'Dockerfile'), contextDir: folder, tag: 'app:latest', buildArgs: {}, labels: {}, noCache: false });
  });

  it('resolves paths against the folder and passes every option', () => {
    const r = resolveBuildTask({ dockerfile: 'web/Dockerfile.prod', context: '.', tag: 'shop/web:1', buildArgs: { A: 'a,b', N: 3 }, target: 'final', platform: 'windows/amd64', isolation: 'hyperv', labels: { team: 'x' }, noCache: true }, folder);
    assert.ok(r.ok);
    assert.deepEqual(r.value, {
      dockerfile: path.join(folder, 'web', 'Dockerfile.prod'),
      contextDir: folder,
      tag: 'shop/web:1',
      buildArgs: { A: 'a,b', N: '3' },
      labels: { team: 'x' },
      noCache: true,
      target: 'final',
      platform: 'windows/amd64',
      isolation: 'hyperv',
    });
  });

  it('refuses bad values, naming the property', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ tag: 'Bad Tag' }, /"tag"/],
      [{ noCache: 'yes' }, /"noCache" must be true or false/],
      [{ isolation: 'vm' }, /"isolation" must be one of default, process, hyperv/],
      [{ buildArgs: ['A=1'] }, /"buildArgs" must be an object/],
      [{ dockerfile: '../other/Dockerfile', context: '.' }, /outside the context/],
    ];
    for (const [def, why] of cases) {
      const r = resolveBuildTask(def, folder);
      assert.ok(!r.ok, JSON.stringify(def));
      assert.match(r.message, why);
      assert.match(r.message, /^docker-build task: /);
    }
  });
});

describe('task definitions: docker-run', () => {
  it('needs an image; defaults to detached, not removed', () => {
    const none = resolveRunTask({}, folder, () => '');
    assert.ok(!none.ok);
    assert.match(none.message, /"image" is required/);
    const r = resolveRunTask({ image: 'app:latest' }, folder, () => '');
    assert.ok(r.ok);
    assert.deepEqual(r.value, { image: 'app:latest', ports: [], env: [], volumes: [], detached: true, remove: false, labels: {} });
  });

  it('reads the env file relative to the folder, with env winning; relative volume sources are the folder\'s', () => {
    const read: string[] = [];
    const r = resolveRunTask(
      { image: 'app', name: 'web-1', ports: ['127.0.0.1::80'], env: { MODE: 'task' }, envFile: 'conf/.env', volumes: ['./data:/data:ro', 'cache:/cache'], network: 'bridge', isolation: 'process', detached: false, remove: true },
      folder,
      (file) => {
        read.push(file);
        return 'MODE=file\nURL=http://x/?a=b\n';
      },
    );
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(read, [path.join(folder, 'conf', '.env')]);
    assert.deepEqual(r.value.env, ['MODE=file', 'URL=http://x/?a=b', 'MODE=task']);
    assert.deepEqual(r.value.volumes, [`${path.join(folder, 'data')}:/data:ro`, 'cache:/cache']);
    assert.equal(r.value.detached, false);
    assert.equal(r.value.remove, true);
    assert.equal(r.value.isolation, 'process');
  });

  it('refuses bad ports, names, volumes and an unreadable env file, naming the property', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ image: 'a', ports: ['99999:80'] }, /"ports"/],
      [{ image: 'a', name: '-x' }, /"name"/],
      [{ image: 'a', volumes: ['nocolon'] }, /"volumes"/],
      [{ image: 'a', ports: '80:80' }, /"ports" must be a list of strings/],
      [{ image: 'a', envFile: 'missing.env' }, /"envFile": .*missing\.env cannot be read/],
    ];
    for (const [def, why] of cases) {
      const r = resolveRunTask(def, folder, () => {
        throw new Error('ENOENT');
      });
      assert.ok(!r.ok, JSON.stringify(def));
      assert.match(r.message, why);
    }
  });

  it('reads an env file as docker run --env-file does', () => {
    const r = parseEnvFile('\uFEFF# comment\n\n  A=1\nB="quoted stays"\nFROM_HOST\nUNSET\nC=x=y\r\n', { FROM_HOST: 'h' });
    assert.ok(r.ok);
    assert.deepEqual(r.value, ['A=1', 'B="quoted stays"', 'FROM_HOST=h', 'C=x=y']);
    const noName = parseEnvFile('=v', {}, 'e.env');
    assert.ok(!noName.ok);
    assert.match(noName.message, /e\.env line 1: no variable name/);
    const space = parseEnvFile('A B=1', {});
    assert.ok(!space.ok);
    assert.match(space.message, /contains whitespace/);
  });
});

describe('task definitions: docker-compose', () => {
  const exists = (...names: string[]) => (p: string) => names.map((n) => path.join(folder, n)).includes(p);

  it('defaults to the folder compose file with its override, and up', () => {
    const r = resolveComposeTask({}, folder, exists('compose.yaml', 'compose.override.yaml'));
    assert.ok(r.ok);
    assert.deepEqual(r.value, { files: [path.join(folder, 'compose.yaml'), path.join(folder, 'compose.override.yaml')], profiles: [], action: 'up', services: [] });
  });

  it('takes files in order, profiles, services and down', () => {
    const r = resolveComposeTask({ files: ['compose.yaml', 'ops/compose.ci.yaml'], profiles: ['ci'], action: 'down', services: ['web'] }, folder, exists('compose.yaml', 'ops/compose.ci.yaml'));
    assert.ok(r.ok);
    assert.deepEqual(r.value.files, [path.join(folder, 'compose.yaml'), path.join(folder, 'ops', 'compose.ci.yaml')]);
    assert.deepEqual([r.value.profiles, r.value.action, r.value.services], [['ci'], 'down', ['web']]);
  });

  it('refuses missing files, bad names and unknown actions', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{}, /no "files" given and no compose\.yaml/],
      [{ files: ['nope.yaml'] }, /"files": .*nope\.yaml does not exist/],
      [{ files: ['compose.yaml'], services: ['--all'] }, /"services"/],
      [{ files: ['compose.yaml'], profiles: ['a b'] }, /"profiles"/],
      [{ files: ['compose.yaml'], action: 'restart' }, /"action" must be one of up, down/],
    ];
    for (const [def, why] of cases) {
      const r = resolveComposeTask(def, folder, (p) => p === path.join(folder, 'compose.yaml') && def.files !== undefined);
      assert.ok(!r.ok, JSON.stringify(def));
      assert.match(r.message, why);
    }
  });
});

describe('task detection honours files.exclude', () => {
  it('joins the plain patterns that are on with node_modules', () => {
    assert.equal(detectionExclude({ '**/.git': true, '**/build': true, '**/off': false, '**/*.js': { when: '$(basename).ts' }, '**/{a,b}': true }), '{**/node_modules/**,**/.git,**/build}');
    assert.equal(detectionExclude(undefined), '{**/node_modules/**}');
  });
});

describe('docker-run on a Windows engine: the isolation chosen when none is given', () => {
  const server2019 = { osType: 'windows', windowsBuild: 17763, windowsRevision: 5329 };
  const windows11 = { osType: 'windows', windowsBuild: 22631 };
  const image = (build: number) => ({ os: 'windows', build, osVersion: `10.0.${build}.1` });

  it('process where the image runs in process isolation', () => {
    const d = decideRunIsolation(server2019, image(17763), 'app');
    assert.ok(d.ok);
    assert.equal(d.isolation, 'process');
    const w = decideRunIsolation(windows11, image(20348));
    assert.ok(w.ok);
    assert.equal(w.isolation, 'process');
  });

  it('Hyper-V where only Hyper-V runs it (an older image)', () => {
    const d = decideRunIsolation(windows11, image(17763), 'aspnet:8.0-nanoserver-1809');
    assert.ok(d.ok);
    assert.equal(d.isolation, 'hyperv');
    assert.match(d.note, /hyperv isolation for aspnet:8\.0-nanoserver-1809 \(image build 17763, host build 22631\)/);
  });

  it('a clear refusal for an image newer than the host, with both reasons', () => {
    const d = decideRunIsolation(server2019, image(20348), 'servercore:ltsc2022');
    assert.ok(!d.ok);
    assert.match(d.message, /^servercore:ltsc2022: The image \(Windows build 20348, Windows Server 2022\) cannot run on this host \(build 17763, Windows Server 2019 \(1809\)\) under either isolation/);
    assert.match(d.message, /Hyper-V isolation never runs an image newer than the host/);
    assert.deepEqual(chooseIsolation(17763, 20348).ok, false);
  });

  it("leaves it to the engine on Linux, for a Linux image, and when a build is unknown", () => {
    assert.deepEqual(decideRunIsolation({ osType: 'linux' }, image(17763)), { ok: true, note: '' });
    for (const [host, img] of [
      [server2019, { os: 'linux', osVersion: '' }],
      [server2019, { os: 'windows', osVersion: '' }],
      [{ osType: 'windows' }, image(17763)],
    ] as const) {
      const d = decideRunIsolation(host, img);
      assert.ok(d.ok);
      assert.equal(d.isolation, undefined);
      assert.match(d.note, /the engine's default isolation/);
    }
  });
});
