// "How Docker reads this file": the reading of a model (forms, shells, joined lines, notes), its
// text and JSON renderings, and `docker-workbench parse` run as the real bundle.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { readDockerfile, type ReadInstruction, type Reading } from '../../server/src/reading/model';
import { readingJson, renderReadingText } from '../../server/src/reading/render';
import { runCli, type CliResult } from '../support/cli';
import { SEED_LINES } from '../support/seed';


function read(text: string): Reading {
  return readDockerfile(parseDockerfile(text), { engineOs: 'windows', build: 17763, isolation: 'process' });
}

function instruction(reading: Reading, keyword: string, nth = 0): ReadInstruction {
  const found = reading.instructions.filter((i) => i.keyword === keyword)[nth];
  assert.ok(found, `no ${keyword} #${nth} in ${JSON.stringify(reading.instructions.map((i) => i.keyword))}`);
  return found;
}

// The seed's IIS file: the escape directive one line too low, a path that swallows EXPOSE, and an
// ENTRYPOINT that is not JSON.
const SEED_IIS = `${SEED_LINES.join('\n')}\n`;

describe('how Docker reads a Dockerfile', () => {
  it('says the ignored escape directive is a plain comment and the default escape is in force', () => {
    const reading = read(SEED_IIS);
    assert.equal(reading.escape.char, '\\');
    assert.equal(reading.escape.source, 'default');
    assert.deepEqual(reading.directives, [{ name: 'escape', value: '`', line: 1, active: false }]);
    const text = renderReadingText(reading, 'Dockerfile').text;
    assert.match(text, /escape character \\ \(the default/);
    assert.match(text, /line 2: "# escape=`" is not at the top of the file, so Docker reads it as a plain comment/);
  });

  it('says a check directive below the top applies to the instruction below it', () => {
    const text = renderReadingText(read('FROM alpine\n# check=skip=JSONArgsRecommended\nCMD ls\n'), 'Dockerfile').text;
    assert.match(text, /line 2: "# check=skip=JSONArgsRecommended" is not at the top of the file: BuildKit applies it to the instruction right below it only/);
  });

  it('joins the line a trailing backslash continues, and says an instruction was swallowed', () => {
    const copy = instruction(read(SEED_IIS), 'COPY');
    assert.equal(copy.text, 'COPY site/ c:\\inetpub\\wwwrootEXPOSE 80');
    assert.equal(copy.startLine, 4);
    assert.equal(copy.endLine, 5);
    assert.ok(copy.notes.some((n) => n.startsWith('line 6 starts with EXPOSE, but Docker reads it as part of this COPY')), copy.notes.join('\n'));
    assert.equal(read(SEED_IIS).instructions.some((i) => i.keyword === 'EXPOSE'), false);
  });

  it('names shell form and the Windows command line that runs: cmd /S /C, or the SHELL in force', () => {
    const reading = read(SEED_IIS);
    const run = instruction(reading, 'RUN');
    assert.deepEqual(run.form, { kind: 'shell', shell: ['cmd', '/S', '/C'], shellFrom: 'default' });
    assert.equal(run.runs, 'cmd /S /C powershell -Command Add-WindowsFeature Web-Server');
    const entry = instruction(reading, 'ENTRYPOINT');
    assert.equal(entry.form?.kind, 'shell');
    assert.ok(entry.form?.kind === 'shell' && entry.form.jsonError !== undefined && /\\S/.test(entry.form.jsonError), JSON.stringify(entry.form));
    assert.equal(entry.runs, 'cmd /S /C ["C:\\ServiceMonitor.exe", "w3svc"]');

    const withShell = read('# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:1809\nSHELL ["pwsh", "-NoLogo", "-Command"]\nRUN Write-Host `\n    hello\nHEALTHCHECK --interval=5s CMD Test-Path C:\\ok\n');
    const pwsh = instruction(withShell, 'RUN');
    assert.equal(pwsh.runs, 'pwsh -NoLogo -Command Write-Host     hello');
    assert.equal(pwsh.form?.kind === 'shell' && pwsh.form.shellFrom, 'SHELL');
    assert.equal(instruction(withShell, 'HEALTHCHECK').runs, 'pwsh -NoLogo -Command Test-Path C:\\ok');
  });

  it('inherits SHELL through FROM of an earlier stage, and quotes Linux argument vectors', () => {
    const reading = read('FROM alpine AS base\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nFROM base\nRUN echo "it\'s" | wc -c\nFROM alpine\nRUN ls\n');
    assert.equal(instruction(reading, 'RUN', 0).runs, `/bin/bash -eo pipefail -c 'echo "it'\\''s" | wc -c'`);
    assert.equal(instruction(reading, 'RUN', 1).runs, "/bin/sh -c ls");
    assert.equal(reading.stages[1].base.stage, 0);
  });

  it('shows exec form arguments as Docker decodes them, control characters made visible', () => {
    const reading = read('FROM mcr.microsoft.com/windows/servercore:ltsc2019\nENTRYPOINT ["C:\\\\app\\\\run.exe", "C:\\temp"]\n');
    const entry = instruction(reading, 'ENTRYPOINT');
    assert.deepEqual(entry.form, { kind: 'exec', argv: ['C:\\app\\run.exe', 'C:\temp'] });
    assert.equal(entry.runs, undefined);
    assert.match(renderReadingText(reading, 'Dockerfile').text, /exec form: "C:\\app\\run\.exe" "C:<TAB>emp"/);
  });

  it('notes skipped empty and comment lines, heredocs, unknown instructions and files with nothing in them', () => {
    const reading = read('FROM alpine\nRUN echo a \\\n\n# note\n  b\nRUN <<EOF\necho hi\nEOF\nFORM x\n');
    const run = instruction(reading, 'RUN', 0);
    assert.equal(run.text, 'RUN echo a   b');
    assert.ok(run.notes.includes('empty line 3 inside the continuation skipped'), run.notes.join('\n'));
    assert.ok(run.notes.includes('comment line 4 inside the continuation skipped'), run.notes.join('\n'));
    assert.ok(instruction(reading, 'RUN', 1).notes.includes('heredoc <<EOF: 1 line (7-7)'));
    assert.ok(instruction(reading, 'FORM').notes[0].startsWith('unknown instruction FORM'));
    assert.match(renderReadingText(read('# only a comment\n'), 'Dockerfile').text, /No instructions: Docker fails with "file with no instructions"/);
  });

  it('links every rendered line of an instruction to its source range', () => {
    const reading = read(SEED_IIS);
    const rendered = renderReadingText(reading, 'Dockerfile');
    const lines = rendered.text.split('\n');
    const copyLine = lines.findIndex((l) => l.startsWith('L5-6'));
    assert.ok(copyLine > 0, rendered.text);
    const copy = instruction(reading, 'COPY');
    assert.deepEqual(rendered.links.find((l) => l.line === copyLine)?.range, copy.range);
    // Its detail lines below point at the same instruction; the heading lines point nowhere.
    assert.deepEqual(rendered.links.find((l) => l.line === copyLine + 1)?.range, copy.range);
    assert.equal(rendered.links.some((l) => l.line === 0), false);
    assert.equal(lines.filter((l) => /^L\d/.test(l)).length, reading.instructions.length);
  });

  it('renders stages, base images with their Windows release, and 1-based ranges as JSON', () => {
    const json = readingJson(read(SEED_IIS), 'Dockerfile') as {
      escape: { char: string; source: string };
      stages: Array<{ os: string; baseImage: { windows?: { release?: string; build?: number } } }>;
      instructions: Array<{ keyword: string; range: { start: { line: number; column: number } }; form?: string; runs?: string }>;
    };
    assert.deepEqual(json.escape, { char: '\\', source: 'default' });
    assert.equal(json.stages[0].os, 'windows');
    assert.deepEqual(json.stages[0].baseImage.windows, { release: 'Windows Server 2019 (1809)', build: 17763, family: 'servercore' });
    const entry = json.instructions.find((i) => i.keyword === 'ENTRYPOINT');
    assert.deepEqual(entry?.range.start, { line: 7, column: 1 });
    assert.equal(entry?.form, 'shell');
  });
});

function cli(args: string[], input = ''): Promise<CliResult> {
  return runCli(args, { input });
}

describe('docker-workbench parse', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-parse-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), SEED_IIS);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the text reading, and exits 0 for a file without syntax errors', async () => {
    const r = await cli(['parse', path.join(dir, 'Dockerfile')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, renderReadingText(readDockerfile(parseDockerfile(SEED_IIS), {}), path.join(dir, 'Dockerfile')).text);
  });

  it('prints JSON with --format json, with the Windows facts of --host-build', async () => {
    const r = await cli(['parse', '--format', 'json', '--host-build', '17763', '-'], SEED_IIS);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { file: string; stages: Array<{ baseImage: { description?: string } }> };
    assert.equal(json.file, '<stdin>');
    assert.equal(json.stages[0].baseImage.description, 'Windows Server 2019 (1809), build 17763, servercore');
  });

  it("prints BuildKit's dump with --format buildkit", async () => {
    const r = await cli(['parse', '-f', 'buildkit', '-'], 'FROM alpine AS b\nCOPY --from=a src /dst\nCMD ["sh", "-c", "x"]\n');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '(from "alpine" "AS" "b")\n(copy ["--from=a"] "src" "/dst")\n(cmd "sh" "-c" "x")\n');
  });

  it('exits 1 on syntax errors, still printing the reading, and names the error on stderr', async () => {
    const r = await cli(['parse', '-'], 'FROM alpine\nFORM x\n');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /L2 {8}FORM x/);
    assert.match(r.stderr, /^<stdin>:2:1: error: .*\[unknown-instruction\]$/m);
  });

  it('exits 2 for a missing file, a folder, a wrong format or more than one file', async () => {
    const missing = await cli(['parse', path.join(dir, 'nope')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*nope/);
    const folder = await cli(['parse', dir]);
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /is not a regular file/);
    assert.equal((await cli(['parse', '--format', 'sarif', '-'])).code, 2);
    assert.equal((await cli(['parse', 'a', 'b'])).code, 2);
  });
});
