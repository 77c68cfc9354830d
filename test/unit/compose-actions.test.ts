// Compose actions' pure parts: the argument arrays (files, profiles, services, a project's name),
// the files compose reads together (the override convention), the services and profiles a file
// declares (read with the yaml parser), and the project a container's labels name.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { composeArgs, type ComposeTool } from '../../client/src/engine/compose';
import { composeFileSet, composeProjectFromLabels, describeFileSet, mergeComposeFacts, orderComposeFiles, readComposeFacts } from '../../client/src/engine/composeFiles';
import { validateVolumes } from '../../client/src/engine/validate';
import { containerContext } from '../../client/src/explorer/model';

const PLUGIN: ComposeTool = { command: '/usr/bin/docker', prefix: ['compose'] };
const V1: ComposeTool = { command: '/usr/bin/docker-compose', prefix: [] };

describe('compose actions: argument arrays', () => {
  it('puts -f for each file in order, then --profile for each profile, then the action and the services', () => {
    assert.deepEqual(composeArgs(PLUGIN, ['/w/compose.yaml', '/w/compose.override.yaml'], 'up', { profiles: ['debug', 'tools'], services: ['web'] }), [
      'compose', '-f', '/w/compose.yaml', '-f', '/w/compose.override.yaml', '--profile', 'debug', '--profile', 'tools', 'up', '-d', 'web',
    ]);
    assert.deepEqual(composeArgs(V1, '/w/a b/compose.yaml', 'down'), ['-f', '/w/a b/compose.yaml', 'down']);
    assert.deepEqual(composeArgs(V1, '/w/compose.yaml', 'restart', { services: ['db', 'web'] }), ['-f', '/w/compose.yaml', 'restart', 'db', 'web']);
    assert.deepEqual(composeArgs(PLUGIN, '/w/compose.yaml', 'logs', { services: ['web'] }), ['compose', '-f', '/w/compose.yaml', 'logs', '--follow', 'web']);
  });

  it('takes named services down with rm --stop --force (docker-compose v1 has no down SERVICE)', () => {
    assert.deepEqual(composeArgs(V1, '/w/compose.yaml', 'down', { services: ['web'] }), ['-f', '/w/compose.yaml', 'rm', '--stop', '--force', 'web']);
  });

  it('puts the context and the project name before the files', () => {
    assert.deepEqual(composeArgs(V1, ['/w/compose.yaml'], 'up', { global: ['--context', 'remote'], projectName: 'shop' }), ['--context', 'remote', '-p', 'shop', '-f', '/w/compose.yaml', 'up', '-d']);
  });

  it('refuses a name that would read as an option, a relative file and no file at all', () => {
    assert.throws(() => composeArgs(PLUGIN, '/w/compose.yaml', 'up', { services: ['--rmi=all'] }), /not a valid compose service name/);
    assert.throws(() => composeArgs(PLUGIN, '/w/compose.yaml', 'up', { profiles: ['-x'] }), /not a valid compose profile name/);
    assert.throws(() => composeArgs(PLUGIN, '/w/compose.yaml', 'up', { profiles: ['a b'] }), /profile/);
    assert.throws(() => composeArgs(PLUGIN, 'compose.yaml', 'up'), /not an absolute path/);
    assert.throws(() => composeArgs(PLUGIN, [], 'up'), /No compose file/);
  });
});

describe('compose actions: which files go together', () => {
  const dir = path.join(path.sep, 'w', 'app');
  const on = (...names: string[]) => (p: string) => names.map((n) => path.join(dir, n)).includes(p);

  it('adds the override beside a default file, as docker compose does without -f', () => {
    assert.deepEqual(composeFileSet(path.join(dir, 'compose.yaml'), on('compose.yaml', 'compose.override.yaml')), [path.join(dir, 'compose.yaml'), path.join(dir, 'compose.override.yaml')]);
    // compose-go's order of override names: .yml before .yaml, compose. before docker-compose.
    assert.deepEqual(composeFileSet(path.join(dir, 'compose.yaml'), on('compose.yaml', 'compose.override.yaml', 'compose.override.yml')).at(-1), path.join(dir, 'compose.override.yml'));
    assert.deepEqual(composeFileSet(path.join(dir, 'docker-compose.yml'), on('docker-compose.yml', 'docker-compose.override.yml')).map((f) => path.basename(f)), ['docker-compose.yml', 'docker-compose.override.yml']);
    assert.deepEqual(composeFileSet(path.join(dir, 'compose.yaml'), on('compose.yaml')), [path.join(dir, 'compose.yaml')]);
  });

  it('reads an override with the default file it overrides; any other file stands alone', () => {
    assert.deepEqual(composeFileSet(path.join(dir, 'compose.override.yaml'), on('compose.yaml', 'compose.override.yaml')).map((f) => path.basename(f)), ['compose.yaml', 'compose.override.yaml']);
    assert.deepEqual(composeFileSet(path.join(dir, 'compose.prod.yaml'), on('compose.yaml', 'compose.override.yaml', 'compose.prod.yaml')).map((f) => path.basename(f)), ['compose.prod.yaml']);
  });

  it('orders several chosen files: as given, overrides last, each once', () => {
    const f = (n: string) => path.join(dir, n);
    assert.deepEqual(orderComposeFiles([f('compose.override.yaml'), f('compose.yaml'), f('compose.prod.yaml'), f('compose.yaml')]), [f('compose.yaml'), f('compose.prod.yaml'), f('compose.override.yaml')]);
    assert.equal(describeFileSet([f('compose.yaml'), f('compose.override.yaml')]), 'compose.yaml + compose.override.yaml');
  });
});

describe('compose actions: services and profiles a file declares', () => {
  it('reads each service and its profiles with a YAML parser (flow and block lists, anchors, quoting)', () => {
    const facts = readComposeFacts(
      [
        'x-debug: &debug [debug]',
        'services:',
        '  web:',
        '    image: nginx',
        '  "db":',
        '    image: postgres',
        '    profiles:',
        '      - data',
        "      - 'tools'",
        '  adminer:',
        '    profiles: *debug',
        '  shell: {image: busybox, profiles: [tools, debug]}',
        'volumes: {data: {}}',
      ].join('\n'),
    );
    assert.deepEqual(facts.services, ['web', 'db', 'adminer', 'shell']);
    assert.deepEqual(facts.profiles, ['data', 'debug', 'tools']);
    assert.deepEqual(facts.serviceProfiles, { db: ['data', 'tools'], adminer: ['debug'], shell: ['tools', 'debug'] });
    assert.deepEqual(facts.problems, []);
  });

  it('merges files read together and says where YAML did not parse', () => {
    const base = readComposeFacts('services:\n  web:\n    image: nginx\n');
    const override = readComposeFacts('services:\n  web:\n    profiles: [dev]\n  extra:\n    image: busybox\n    profiles: [dev, ci]\n');
    const merged = mergeComposeFacts([base, override]);
    assert.deepEqual(merged.services, ['web', 'extra']);
    assert.deepEqual(merged.profiles, ['ci', 'dev']);
    assert.deepEqual(merged.serviceProfiles.web, ['dev']);
    const broken = readComposeFacts('services:\n  web:\n    image: [unclosed\n', 'compose.yaml');
    assert.equal(broken.problems.length, 1);
    assert.match(broken.problems[0], /^compose\.yaml line \d+: /);
    assert.deepEqual(readComposeFacts('just text').services, []);
    assert.deepEqual(readComposeFacts('').services, []);
  });
});

describe('compose actions: the project a container came from', () => {
  it('reads the files, working folder, project and service from compose labels', () => {
    const r = composeProjectFromLabels({
      'com.docker.compose.project': 'shop',
      'com.docker.compose.project.working_dir': '/w/shop',
      'com.docker.compose.project.config_files': '/w/shop/compose.yaml,/w/shop/compose.override.yaml',
      'com.docker.compose.service': 'web',
    });
    assert.ok(r.ok);
    assert.deepEqual(r.value, { project: 'shop', workingDir: '/w/shop', configFiles: ['/w/shop/compose.yaml', '/w/shop/compose.override.yaml'], service: 'web' });
    const relative = composeProjectFromLabels({ 'com.docker.compose.project': 'p', 'com.docker.compose.project.working_dir': '/w/p', 'com.docker.compose.project.config_files': 'compose.yaml' });
    assert.ok(relative.ok);
    assert.deepEqual(relative.value.configFiles, [path.resolve('/w/p', 'compose.yaml')]);
  });

  it("marks a container compose can act on again, for the Containers view's per-service menu", () => {
    const files = { 'com.docker.compose.project.config_files': '/w/compose.yaml' };
    assert.equal(containerContext({ state: 'running', ports: [], composeService: 'web', labels: files }), 'container.running.compose');
    assert.equal(containerContext({ state: 'exited', ports: [{ privatePort: 80, publicPort: 8080, protocol: 'tcp' }], composeService: 'web', labels: files }), 'container.stopped.web.compose');
    // Compose labels without the files (a container labelled by hand): no per-service actions.
    assert.equal(containerContext({ state: 'running', ports: [], composeService: 'web', labels: {} }), 'container.running');
  });

  it('says why when the labels are not enough', () => {
    const none = composeProjectFromLabels({});
    assert.ok(!none.ok);
    assert.match(none.message, /not started by Docker Compose/);
    const noFiles = composeProjectFromLabels({ 'com.docker.compose.project': 'p' });
    assert.ok(!noFiles.ok);
    assert.match(noFiles.message, /does not say which files/);
  });
});

describe('docker run volumes (-v)', () => {
  it('takes host paths, volume names, Windows drive paths and the named pipe', () => {
    const ok = validateVolumes(['/data:/data', 'cache:/var/cache:ro', 'C:\\data:C:\\data', '\\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine', '/src:/src:ro,z']);
    assert.ok(ok.ok, ok.ok ? '' : ok.message);
  });

  it('refuses what docker would misread, naming the entry', () => {
    for (const [bad, why] of [
      ['/data', /SOURCE:TARGET/],
      ['./rel:/data', /neither an absolute path nor a volume name/],
      ['/data:rel', /not an absolute path/],
      ['/data:/data:rx', /unknown option/],
      ['/a:/b:ro:extra', /SOURCE:TARGET/],
    ] as const) {
      const r = validateVolumes([bad]);
      assert.ok(!r.ok, bad);
      assert.match(r.message, why, bad);
      assert.ok(r.message.includes(bad), r.message);
    }
  });
});
