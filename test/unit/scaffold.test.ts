// "Add Dockerfile to Workspace" without VS Code: every kind on every host the scaffolding is
// tested on lints with no finding through the real linter (server/src/lint.ts, with the host's
// facts and the generated .dockerignore), the tag matches the host by hcsshim's rules, Windows
// files start with the escape directive and write exec-form paths as JSON, and a host no image of
// the kind runs on is refused with what would run.
import * as assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { lint } from '../../server/src/lint';
import { resolveWindowsImage } from '../../server/src/windows';
import { checkCompat } from '../../shared/windows/compat';
import { parseDockerignore } from '../../shared/dockerignore';
import {
  COMPOSE_FILE,
  DOCKERFILE,
  DOCKERIGNORE,
  KINDS,
  NoReleaseForHost,
  ScaffoldSpecError,
  TESTED_HOSTS,
  generate,
  imageForHost,
  IIS_IMAGE,
  dotnetImage,
  type KindId,
  type ScaffoldSpec,
  type WindowsHost,
} from '../../client/src/companion/scaffold';
import { sampleSpec } from '../support/scaffold-samples';

const hostName = (h: WindowsHost) => `${h.build} ${h.isolation}`;
const fileOf = (g: ReturnType<typeof generate>, name: string) => g.files.find((f) => f.name === name)?.text;

/** Which tested hosts have no release of a kind's images: .NET (Core) images start at Server 2019. */
function refused(kind: KindId, host: WindowsHost): boolean {
  return (kind === 'aspnet-core' || kind === 'dotnet-console') && host.build === 14393;
}

function lintClean(dockerfile: string, dockerignore: string, host: Parameters<typeof lint>[1]): void {
  const findings = lint(dockerfile, { ...host, dockerignore });
  assert.deepEqual(
    findings.map((f) => `${f.rule} L${f.range.start.line + 1}: ${f.message}`),
    [],
    `findings in\n${dockerfile}`,
  );
}

function composeChecked(text: string, spec: ScaffoldSpec, port: number | undefined, host?: WindowsHost): void {
  const doc = parseYaml(text) as { services: Record<string, { build: { context: string; dockerfile: string }; ports?: string[]; isolation?: string }> };
  assert.deepEqual(Object.keys(doc), ['services']);
  const service = doc.services[spec.serviceName];
  assert.deepEqual(service.build, { context: '.', dockerfile: DOCKERFILE });
  if (port === undefined) assert.equal(service.ports, undefined);
  else assert.deepEqual(service.ports, [`${port === 80 ? 8080 : port}:${port}`]);
  assert.equal(service.isolation, host?.isolation);
}

describe('scaffold: every kind on every tested host lints clean', () => {
  for (const info of KINDS.filter((k) => k.os === 'windows')) {
    for (const host of TESTED_HOSTS) {
      it(`${info.id} on ${hostName(host)}: ${refused(info.id, host) ? 'refused with what would run' : 'Dockerfile, .dockerignore and compose.yaml lint with no finding; every base image runs there'}`, () => {
        const spec = sampleSpec(info.id);
        if (refused(info.id, host)) {
          assert.throws(() => generate(spec, host), (err: Error) => err instanceof NoReleaseForHost && /has no image that runs on Windows Server 2016/.test(err.message) && /Published: .*-(nanoserver-1809|windowsservercore-ltsc2019)\b/.test(err.message));
          return;
        }
        const g = generate(spec, host);
        const dockerfile = fileOf(g, DOCKERFILE) as string;
        const dockerignore = fileOf(g, DOCKERIGNORE) as string;
        assert.equal(dockerfile.split('\n')[0], '# escape=`');
        assert.equal(parseDockerignore(dockerignore).length, dockerignore.trim().split('\n').length);
        lintClean(dockerfile, dockerignore, { host: { engineOs: 'windows', build: host.build, isolation: host.isolation } });
        for (const image of g.baseImages) {
          const resolved = resolveWindowsImage(image);
          assert.equal(resolved.windows, 'yes', image);
          assert.ok(resolved.build !== undefined, `${image}: the tag names a release`);
          assert.ok(checkCompat(host.build, resolved.build, host.isolation).runs, `${image} runs on ${hostName(host)}`);
        }
        composeChecked(fileOf(g, COMPOSE_FILE) as string, spec, g.port, host);
      });
    }
  }
  for (const info of KINDS.filter((k) => k.os === 'linux')) {
    it(`${info.id}: Dockerfile, .dockerignore and compose.yaml lint with no finding on a Linux engine and with no host known`, () => {
      const spec = sampleSpec(info.id);
      const g = generate(spec);
      const dockerfile = fileOf(g, DOCKERFILE) as string;
      const dockerignore = fileOf(g, DOCKERIGNORE) as string;
      assert.notEqual(dockerfile.split('\n')[0], '# escape=`');
      lintClean(dockerfile, dockerignore, { host: { engineOs: 'linux' } });
      lintClean(dockerfile, dockerignore, { host: {} });
      for (const image of g.baseImages) assert.equal(resolveWindowsImage(image).windows, 'no', image);
      composeChecked(fileOf(g, COMPOSE_FILE) as string, spec, g.port);
    });
  }
});

describe('scaffold: .NET kinds, every image version and Windows base on every tested host', () => {
  // .NET 8.0 and 9.0 publish Server 2019 to 2025 images, 10.0 only Server 2022 and 2025.
  const refusedDotnet = (version: string, host: WindowsHost) => host.build < 17763 || (version === '10.0' && host.build < 20348);
  for (const kind of ['aspnet-core', 'dotnet-console'] as const) {
    for (const dotnetVersion of ['8.0', '9.0', '10.0'] as const) {
      for (const variant of ['nanoserver', 'servercore'] as const) {
        for (const host of TESTED_HOSTS) {
          const name = `${kind} ${dotnetVersion} ${variant} on ${hostName(host)}`;
          it(`${name}: ${refusedDotnet(dotnetVersion, host) ? 'refused' : 'lints with no finding'}`, () => {
            const spec: ScaffoldSpec = { ...sampleSpec(kind), dotnetVersion, variant };
            if (refusedDotnet(dotnetVersion, host)) {
              assert.throws(() => generate(spec, host), NoReleaseForHost);
              return;
            }
            const g = generate(spec, host);
            lintClean(fileOf(g, DOCKERFILE) as string, fileOf(g, DOCKERIGNORE) as string, { host: { engineOs: 'windows', build: host.build, isolation: host.isolation } });
            const tagWord = variant === 'nanoserver' ? 'nanoserver' : 'windowsservercore';
            for (const image of g.baseImages) assert.match(image, new RegExp(`:${dotnetVersion.replace('.', '\\.')}-${tagWord}-(1809|ltsc20\\d\\d)$`));
          });
        }
      }
    }
  }
});

describe('scaffold: tags and exec form', () => {
  it('the tag follows the host: ltsc2019 on 17763, ltsc2022 on 20348 and on 23H2 (25398), ltsc2025 on 26100', () => {
    const tag = (build: number) => imageForHost(IIS_IMAGE, { build, isolation: 'process', source: 'chosen' }).image;
    assert.equal(tag(17763), 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019');
    assert.equal(tag(20348), 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022');
    assert.equal(tag(25398), 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022');
    assert.equal(tag(26100), 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2025');
    assert.equal(tag(14393), 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2016');
  });

  it('Nano Server names Server 2019 1809; .NET 10 has no 2019 image, so a 17763 host is refused and Hyper-V offers nothing older', () => {
    const h2019: WindowsHost = { build: 17763, isolation: 'process', source: 'engine' };
    assert.equal(imageForHost(dotnetImage('aspnet', '8.0', 'nanoserver'), h2019).image, 'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-1809');
    assert.equal(imageForHost(dotnetImage('runtime', '9.0', 'servercore'), h2019).image, 'mcr.microsoft.com/dotnet/runtime:9.0-windowsservercore-ltsc2019');
    assert.throws(() => imageForHost(dotnetImage('aspnet', '10.0', 'nanoserver'), h2019), (err: Error) => err instanceof NoReleaseForHost && !/would run/.test(err.message));
  });

  it('a Windows 10 host under process isolation is refused with the Hyper-V tag that would run', () => {
    assert.throws(
      () => imageForHost(IIS_IMAGE, { build: 19045, isolation: 'process', source: 'settings' }),
      (err: Error) => err instanceof NoReleaseForHost && /Under Hyper-V isolation windowsservercore-ltsc2019 would run/.test(err.message),
    );
  });

  it('exec form is JSON with doubled backslashes, and Docker reads it as exec form', () => {
    const host: WindowsHost = { build: 17763, isolation: 'process', source: 'engine' };
    const iis = fileOf(generate(sampleSpec('iis-static'), host), DOCKERFILE) as string;
    assert.match(iis, /^ENTRYPOINT \["C:\\\\ServiceMonitor\.exe", "w3svc"\]$/m);
    const ps = fileOf(generate(sampleSpec('powershell'), host), DOCKERFILE) as string;
    assert.match(ps, /"-File", "C:\\\\app\\\\scripts\\\\run\.ps1"\]$/m);
    for (const text of [iis, ps]) {
      const model = parseDockerfile(text);
      assert.deepEqual([model.escape.char, model.escape.source], ['`', 'directive']);
      const entry = model.instructions.find((i) => i.keyword === 'ENTRYPOINT');
      assert.equal(entry?.exec?.form, 'exec');
    }
    const entry = parseDockerfile(ps).instructions.find((i) => i.keyword === 'ENTRYPOINT');
    assert.deepEqual(entry?.exec?.form === 'exec' ? entry.exec.values : undefined, ['powershell', '-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', 'C:\\app\\scripts\\run.ps1']);
  });

  it('the comment names the host and where its build came from', () => {
    const g = generate(sampleSpec('powershell', false), { build: 20348, isolation: 'process', source: 'settings' });
    assert.match(fileOf(g, DOCKERFILE) as string, /^# PowerShell script app for Windows Server 2022, build 20348, process isolation \(dockerWorkbench\.windows\.hostBuild\):$/m);
    assert.equal(fileOf(g, COMPOSE_FILE), undefined);
  });
});

describe('scaffold: values that reach the files are checked', () => {
  const host: WindowsHost = { build: 20348, isolation: 'process', source: 'chosen' };
  const bad: Array<[string, Partial<ScaffoldSpec>]> = [
    ['an entry with a shell metacharacter', { kind: 'node', entry: 'server.js && curl x' }],
    ['an entry with a newline (a new instruction)', { kind: 'node', entry: 'a.js\nRUN rm -rf /' }],
    ['an entry leaving the folder', { kind: 'python', entry: '../etc/passwd' }],
    ['a project with a quote', { kind: 'aspnet-core', project: 'a".csproj' }],
    ['an assembly with a space', { kind: 'dotnet-console', assembly: 'My App' }],
    ['a Go package outside ./', { kind: 'go', entry: '/usr/bin' }],
    ['a service name in capitals', { kind: 'node', serviceName: 'Shop' }],
    ['a port out of range', { kind: 'node', port: 70000 }],
  ];
  for (const [what, change] of bad) {
    it(`refuses ${what}`, () => {
      const spec = { ...sampleSpec(change.kind as KindId), ...change } as ScaffoldSpec;
      assert.throws(() => generate(spec, host), ScaffoldSpecError);
    });
  }
  it('a Windows kind without a host is refused, not guessed', () => {
    assert.throws(() => generate(sampleSpec('iis-static')), /host build is needed/);
  });
});
