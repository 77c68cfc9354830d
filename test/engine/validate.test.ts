// Bad input is rejected with a message that says what is wrong and what right looks like, before
// anything reaches the engine; good input turns into the engine's create fields.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EngineError,
  buildCreateBody,
  buildImage,
  collectContext,
  defaultTagForFolder,
  isExcluded,
  listContainers,
  locateBuildError,
  parseDockerignore,
  parseKeyValue,
  parsePortMapping,
  runContainer,
  toPortConfig,
  validateContainerName,
  validateImageTag,
  validateIsolation,
} from '../../client/src/engine';
import { TEST_IMAGE, TEST_LABEL, engineClient, tempDir } from './support';

function message<T>(r: { ok: true; value: T } | { ok: false; message: string }): string {
  assert.equal(r.ok, false, 'expected a rejection');
  return r.ok ? '' : r.message;
}

describe('engine: input validation', () => {
  it('ports: the forms docker run accepts', () => {
    assert.deepEqual(parsePortMapping('8080:80'), { ok: true, value: { hostIp: '', hostPort: '8080', containerPort: '80', protocol: 'tcp' } });
    assert.deepEqual(parsePortMapping('80'), { ok: true, value: { hostIp: '', hostPort: '', containerPort: '80', protocol: 'tcp' } });
    assert.deepEqual(parsePortMapping('127.0.0.1::80'), { ok: true, value: { hostIp: '127.0.0.1', hostPort: '', containerPort: '80', protocol: 'tcp' } });
    assert.deepEqual(parsePortMapping('127.0.0.1:8080:80/udp'), { ok: true, value: { hostIp: '127.0.0.1', hostPort: '8080', containerPort: '80', protocol: 'udp' } });
    assert.deepEqual(parsePortMapping('[::1]:8080:80'), { ok: true, value: { hostIp: '::1', hostPort: '8080', containerPort: '80', protocol: 'tcp' } });
    assert.deepEqual(parsePortMapping('8000-8001:9000-9001').ok, true);
  });

  it('ports: bad ones are rejected with a message', () => {
    assert.match(message(parsePortMapping('')), /empty.*8080:80/);
    assert.match(message(parsePortMapping('70000:80')), /Host port 70000 is out of range: ports run from 1 to 65535/);
    assert.match(message(parsePortMapping('8080:0')), /Container port 0 is out of range/);
    assert.match(message(parsePortMapping('http:80')), /Host port "http" is not a port number/);
    assert.match(message(parsePortMapping('8080:80/icmp')), /Protocol "icmp" .* is not tcp, udp or sctp/);
    assert.match(message(parsePortMapping('1:2:3:4')), /too many colons/);
    assert.match(message(parsePortMapping('300.1.1.1:80:80')), /not an IPv4 address/);
    assert.match(message(parsePortMapping(':80')), /empty host port/);
    assert.match(message(parsePortMapping('8080 80')), /contains spaces/);
    assert.match(message(parsePortMapping('8000-8002:9000-9001')), /differ in length/);
  });

  it('ports become ExposedPorts and PortBindings', () => {
    const a = parsePortMapping('127.0.0.1:8080:80');
    const b = parsePortMapping('9000-9001:7000-7001/udp');
    assert.ok(a.ok && b.ok);
    assert.deepEqual(toPortConfig([a.value, b.value]), {
      ExposedPorts: { '80/tcp': {}, '7000/udp': {}, '7001/udp': {} },
      PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }], '7000/udp': [{ HostIp: '', HostPort: '9000' }], '7001/udp': [{ HostIp: '', HostPort: '9001' }] },
    });
  });

  it('tags: valid references normalize to name:tag, bad ones say why', () => {
    assert.deepEqual(validateImageTag('myapp'), { ok: true, value: 'myapp:latest' });
    assert.deepEqual(validateImageTag('registry.local:5000/team/app:1.2.3'), { ok: true, value: 'registry.local:5000/team/app:1.2.3' });
    assert.deepEqual(validateImageTag('MyRegistry.io/app:v1'), { ok: true, value: 'MyRegistry.io/app:v1' });
    assert.match(message(validateImageTag('MyApp:1')), /Repository names must be lowercase: "MyApp". Try "myapp"/);
    assert.match(message(validateImageTag('')), /empty/);
    assert.match(message(validateImageTag('app:-bad')), /"-bad" is not a valid tag/);
    assert.match(message(validateImageTag(`app:${'x'.repeat(129)}`)), /up to 128/);
    assert.match(message(validateImageTag('my app:1')), /contains spaces/);
    assert.match(message(validateImageTag('app_:1')), /not a valid repository name/);
    assert.match(message(validateImageTag('app@sha256:abc')), /digest/);
    assert.equal(defaultTagForFolder('My Web App'), 'my-web-app:latest');
    assert.equal(defaultTagForFolder('__'), 'image:latest');
    assert.equal(validateImageTag(defaultTagForFolder('Some.Folder--Name')).ok, true);
  });

  it('names, env, isolation', () => {
    assert.deepEqual(validateContainerName(''), { ok: true, value: undefined });
    assert.deepEqual(validateContainerName('/web-1'), { ok: true, value: 'web-1' });
    assert.match(message(validateContainerName('a')), /at least two characters/);
    assert.match(message(validateContainerName('-web')), /starting with a letter or digit/);
    assert.deepEqual(parseKeyValue('A=b=c'), { ok: true, value: { key: 'A', value: 'b=c' } });
    assert.match(message(parseKeyValue('NOVALUE')), /has no '='. Write KEY=VALUE/);
    assert.match(message(parseKeyValue('=x')), /no name before '='/);
    assert.deepEqual(validateIsolation('HyperV', 'windows'), { ok: true, value: 'hyperv' });
    assert.match(message(validateIsolation('process', 'linux')), /Windows containers only; this engine runs linux containers/);
    assert.match(message(validateIsolation('vm', 'windows')), /not process, hyperv or default/);
  });

  it('run options: the first bad input is named and nothing reaches the engine', async () => {
    const bad = buildCreateBody({ image: TEST_IMAGE, ports: ['8080:80', '99999:1'] });
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.message, /Host port 99999/);
    const good = buildCreateBody({ image: TEST_IMAGE, ports: ['8080:80'], env: ['A=1'], network: 'bridge', name: 'web' });
    assert.ok(good.ok);
    assert.deepEqual(good.body.HostConfig?.PortBindings, { '80/tcp': [{ HostIp: '', HostPort: '8080' }] });
    assert.equal(good.body.HostConfig?.NetworkMode, 'bridge');
    assert.deepEqual(good.body.Env, ['A=1']);

    const c = engineClient();
    const before = (await listContainers(c)).length;
    const name = `dw-bad-${process.pid}`;
    await assert.rejects(
      runContainer(c, { image: TEST_IMAGE, name, ports: ['8080:80/icmp'], labels: { [TEST_LABEL]: '1' } }),
      (e: unknown) => e instanceof EngineError && e.kind === 'bad-request' && /icmp/.test(e.message) && /Correct the value/.test(e.action),
    );
    await assert.rejects(
      runContainer(c, { image: TEST_IMAGE, isolation: 'hyperv', engineOs: 'linux', labels: { [TEST_LABEL]: '1' } }),
      (e: unknown) => e instanceof EngineError && /Windows containers only/.test(e.message),
    );
    assert.equal((await listContainers(c)).length, before);
    const ctx = tempDir('tag');
    try {
      await assert.rejects(
        buildImage(c, { contextDir: ctx, tags: ['Bad Tag'] }),
        (e: unknown) => e instanceof EngineError && e.kind === 'bad-request' && /spaces/.test(e.message),
      );
    } finally {
      fs.rmSync(ctx, { recursive: true, force: true });
    }
  });
});

describe('engine: build context and build errors (pure)', () => {
  it('.dockerignore: last match wins, folders exclude their contents, ** spans folders', () => {
    const p = parseDockerignore('# c\n\n/node_modules\n**/*.tmp\n!keep/**/x.tmp\nbuild/\n*.md\n!README.md\n');
    assert.equal(isExcluded('node_modules/a/b.js', p), true);
    assert.equal(isExcluded('a/b/c.tmp', p), true);
    assert.equal(isExcluded('c.tmp', p), true);
    assert.equal(isExcluded('keep/deep/x.tmp', p), false);
    assert.equal(isExcluded('build/out.bin', p), true);
    assert.equal(isExcluded('NOTES.md', p), true);
    assert.equal(isExcluded('README.md', p), false);
    assert.equal(isExcluded('docs/guide.md', p), false, '*.md matches at the top only');
    assert.equal(isExcluded('src/main.ts', p), false);
  });

  it('collectContext walks, filters and always keeps the Dockerfile', async () => {
    const dir = tempDir('ctx');
    fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a', 'b', 'f.txt'), 'x');
    fs.writeFileSync(path.join(dir, 'a', 'drop.log'), 'x');
    fs.writeFileSync(path.join(dir, 'Dockerfile.dev'), 'FROM x');
    fs.writeFileSync(path.join(dir, '.dockerignore'), '*.log\na/*.log\nDockerfile*\n.dockerignore\n');
    fs.symlinkSync('b/f.txt', path.join(dir, 'a', 'link'));
    const rels = (await collectContext(dir, { dockerfile: 'Dockerfile.dev' })).map((e) => `${e.kind}:${e.rel}`);
    assert.deepEqual(rels, ['file:.dockerignore', 'file:Dockerfile.dev', 'dir:a', 'dir:a/b', 'file:a/b/f.txt', 'symlink:a/link']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('locateBuildError: from the message, from the step text, from the step number for repeats', () => {
    const df = 'FROM a\nRUN make\nRUN make\nCOPY x \\\n  /y\n';
    assert.deepEqual(locateBuildError('dockerfile parse error line 7: unknown instruction: X', df), { line: 6, via: 'message' });
    assert.deepEqual(locateBuildError('failed to solve: Dockerfile:12', df), { line: 11, via: 'message' });
    assert.deepEqual(locateBuildError("COPY failed: file not found in build context", df, { step: 4, instruction: 'COPY x   /y' }), { line: 3, via: 'step', instruction: 'COPY x   /y' });
    assert.deepEqual(locateBuildError("The command '/bin/sh -c make' returned a non-zero code: 2", df, { step: 3, instruction: 'RUN make' })?.line, 2);
    assert.equal(locateBuildError('something vague', df), undefined);
  });
});
