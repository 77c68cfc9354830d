// scripts/tsc.mjs skips a TypeScript project whose sources, folders, outputs and tsconfig chain
// are as its last clean compile left them, so a second `npm test` does not compile each tier again.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/lsp-client';

describe('tsc stamps: a current TypeScript project is not compiled again', function () {
  this.timeout(120_000);
  let work: string;

  const tsc = (project: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, ['scripts/tsc.mjs', path.join(work, project), ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, DOCKER_WORKBENCH_BUILD_STAMPS: path.join(work, 'stamps') },
      timeout: 120_000,
    });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
    writeFileSync(path.join(work, file), text);
    // Sources older than the compile that reads them (one written in the same instant is not trusted).
    const past = new Date(Date.now() - 10_000);
    utimesSync(path.join(work, file), past, past);
  };

  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'dw-tsc-stamps-'));
    const compilerOptions = { target: 'ES2022', module: 'commonjs', strict: true, rootDir: '.', outDir: 'out', types: [] };
    write('tsconfig.json', JSON.stringify({ compilerOptions, include: ['src'] }));
    write('tsconfig.two.json', JSON.stringify({ extends: './tsconfig.json', include: ['two'] }));
    write('src/a.ts', 'export const a: number = 1;\n');
    write('two/b.ts', "import { a } from '../src/a';\nexport const b = a + 1;\n");
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('compiles the first time, then says it is up to date', () => {
    assert.match(tsc('tsconfig.json').out, /compiled in/);
    assert.match(tsc('tsconfig.json').out, /up to date, not compiled/);
  });

  it('compiles again when a file is added to an include folder, or an output changed', () => {
    write('src/c.ts', 'export const c = 3;\n');
    assert.match(tsc('tsconfig.json').out, /compiled in/);
    assert.match(tsc('tsconfig.json').out, /up to date/);
    appendFileSync(path.join(work, 'out/src/a.js'), '\n// changed\n');
    assert.match(tsc('tsconfig.json').out, /compiled in/);
    assert.match(tsc('tsconfig.json', '--force').out, /compiled in/);
  });

  it('reports a type error with tsc exit status and keeps no stamp for it', () => {
    write('src/a.ts', 'export const a: number = "one";\n');
    const broken = tsc('tsconfig.json');
    assert.notEqual(broken.status, 0);
    assert.match(broken.out, /TS2322/);
    assert.notEqual(tsc('tsconfig.json').status, 0, 'a failed compile is never taken as current');
    write('src/a.ts', 'export const a: number = 2;\n');
    assert.equal(tsc('tsconfig.json').status, 0);
    assert.match(tsc('tsconfig.json').out, /up to date/);
  });

  it('keeps two projects that share out/ both current (each rewrites the shared outputs alike)', () => {
    assert.match(tsc('tsconfig.two.json').out, /compiled in/);
    assert.match(tsc('tsconfig.json').out, /up to date/);
    assert.match(tsc('tsconfig.two.json').out, /up to date/);
    // An edit to a file the second project imports from outside its include folder.
    write('src/a.ts', 'export const a: number = 5;\n');
    assert.match(tsc('tsconfig.two.json').out, /compiled in/);
  });
});
