// Add Dockerfile to Workspace, Linux kinds, on the private engine. The engine has one offline image
// (workbench-busybox) and nothing may be pulled, so node, python, golang, distroless and nginx
// cannot be the base here. The test-only seam: each generated FROM is rewritten to a stand-in base
// made FROM workbench-busybox that carries shell-script stand-ins for npm, node, pip, python and go
// and the node user. What this proves: detection on a sample project, then the generated
// Dockerfile and .dockerignore, build on a real engine instruction by instruction (every COPY
// source is in the context and not ignored, WORKDIR, ENV, USER, the second stage's COPY --from
// path), and the container starts the entry the Dockerfile names (the stand-ins check the file
// exists where CMD says). What it does not prove: that the real toolchains build the project.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildImage, getLogs, removeImage, type EngineClient } from '../../client/src/engine';
import { DOCKERFILE, detectProject, generate, initialSpec, questionsFor, type KindId } from '../../client/src/companion/scaffold';
import { TEST_IMAGE, TEST_LABEL, removeTestContainers, requireEngine, tempDir } from './support';

const STAND_INS: Record<string, string> = {
  npm: '#!/bin/sh\nset -e\ntest -f package.json\nmkdir -p node_modules\necho "$*" > node_modules/.stand-in-npm\n',
  node: '#!/bin/sh\ntest -f "$1" || { echo "no $1 in $(pwd)"; exit 3; }\necho "stand-in node ran $(pwd)/$1 as $(id -u)"\n',
  pip: '#!/bin/sh\nset -e\ncase " $* " in *" -r "*) test -f requirements.txt;; esac\necho "stand-in pip $*"\n',
  python: '#!/bin/sh\ntest -f "$1" || { echo "no $1 in $(pwd)"; exit 3; }\necho "stand-in python ran $(pwd)/$1 as $(id -u)"\n',
  go: [
    '#!/bin/sh',
    'set -e',
    'case "$1" in',
    '  mod) test -f go.mod ;;',
    '  build)',
    '    shift; out=""; pkg=""',
    '    while [ $# -gt 0 ]; do case "$1" in -o) out="$2"; shift ;; -*) ;; *) pkg="$1" ;; esac; shift; done',
    '    test "$CGO_ENABLED" = 0',
    '    ls "$pkg"/*.go > /dev/null',
    '    mkdir -p "$(dirname "$out")"',
    '    printf \'#!/bin/sh\\necho "stand-in go binary of %s ran as $(id -u)"\\n\' "$pkg" > "$out"',
    '    chmod 755 "$out" ;;',
    '  *) exit 2 ;;',
    'esac',
    '',
  ].join('\n'),
};

/** The sample projects, as their authors would have them. */
const PROJECTS: Record<'node' | 'python' | 'go' | 'nginx-static', Record<string, string>> = {
  node: { 'package.json': JSON.stringify({ name: 'shop', scripts: { start: 'node server.js' } }), 'package-lock.json': '{"lockfileVersion":3}', 'server.js': 'console.log(1)\n', 'node_modules/left/index.js': '' },
  python: { 'requirements.txt': 'flask\n', 'app.py': 'print(1)\n', '__pycache__/app.cpython-313.pyc': '' },
  go: { 'go.mod': 'module example.com/shop\n\ngo 1.23\n', 'go.sum': '', 'cmd/shop/main.go': 'package main\nfunc main() {}\n' },
  'nginx-static': { 'public/index.html': '<h1>shop</h1>\n', '.env': 'SECRET=1\n' },
};

/** The seam: every FROM's image becomes the stand-in base, stage names kept. */
function withStandInBase(dockerfile: string, base: string): string {
  return dockerfile.replace(/^FROM \S+/gm, `FROM ${base}`);
}

describe('engine: Add Dockerfile to Workspace, Linux kinds build (bases swapped for busybox with stand-in toolchains)', function () {
  this.timeout(120_000);
  let c: EngineClient;
  let work: string;
  const base = `dw-scaffold-base-${process.pid}:test`;
  const tags: string[] = [base];

  before(async () => {
    c = await requireEngine();
    work = tempDir('scaffold');
    const ctx = path.join(work, 'base');
    fs.mkdirSync(ctx);
    for (const [name, text] of Object.entries(STAND_INS)) fs.writeFileSync(path.join(ctx, name), text, { mode: 0o755 });
    fs.writeFileSync(
      path.join(ctx, 'Dockerfile'),
      [
        `FROM ${TEST_IMAGE}`,
        `COPY ${Object.keys(STAND_INS).join(' ')} /usr/bin/`,
        'RUN mkdir -p /etc /home/node /tmp && echo "root:x:0:0:root:/root:/bin/sh" > /etc/passwd && echo "node:x:1000:1000::/home/node:/bin/sh" >> /etc/passwd && echo "root:x:0:" > /etc/group && echo "node:x:1000:" >> /etc/group',
        '',
      ].join('\n'),
    );
    await buildImage(c, { contextDir: ctx, tags: [base] });
  });
  after(async () => {
    await removeTestContainers(c);
    for (const t of tags.reverse()) await removeImage(c, t, { force: true }).catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  });

  const expected: Record<keyof typeof PROJECTS, { output: RegExp; cmd?: string[] }> = {
    node: { output: /^stand-in node ran \/app\/server\.js as 1000$/m },
    python: { output: /^stand-in python ran \/app\/app\.py as 10001$/m },
    go: { output: /^stand-in go binary of \.\/cmd\/shop ran as 0$/m },
    'nginx-static': { output: /^<h1>shop<\/h1>$/m, cmd: ['cat', '/usr/share/nginx/html/index.html'] },
  };

  for (const kind of Object.keys(PROJECTS) as Array<keyof typeof PROJECTS>) {
    it(`${kind}: detected from a sample project, its Dockerfile builds instruction by instruction and the container starts what CMD/ENTRYPOINT names`, async () => {
      const dir = path.join(work, kind);
      for (const [rel, text] of Object.entries(PROJECTS[kind])) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text);
      }
      const detection = await detectProject(dir);
      assert.ok(detection.candidates.includes(kind as KindId), `detected ${detection.candidates.join(', ')}`);
      const spec = initialSpec(kind, detection.facts[kind], 'shop');
      const asked = questionsFor(kind, detection.facts[kind]);
      assert.deepEqual(asked.map((q) => q.id), kind === 'nginx-static' ? [] : ['scaffold.port'], 'only the port is left to ask');
      for (const q of asked) q.apply(spec, q.value ?? '');
      const generated = generate(spec);
      for (const f of generated.files) fs.writeFileSync(path.join(dir, f.name), f.name === DOCKERFILE ? withStandInBase(f.text, base) : f.text);

      const tag = `dw-scaffold-${kind}-${process.pid}:test`;
      tags.push(tag);
      const result = await buildImage(c, { contextDir: dir, tags: [tag], noCache: true });
      assert.match(result.imageId, /^sha256:/);
      const created = await c.docker.createContainer({ Image: tag, Cmd: expected[kind].cmd, Labels: { [TEST_LABEL]: '1' } });
      await created.start();
      const exit = (await created.wait()) as { StatusCode: number };
      const logs = await getLogs(c, created.id);
      assert.equal(exit.StatusCode, 0, logs.stdout + logs.stderr);
      assert.match(logs.stdout, expected[kind].output);
      // The generated .dockerignore kept out what it names.
      const listing = await c.docker.createContainer({ Image: tag, Entrypoint: ['/bin/sh', '-c'], Cmd: ['ls -a /app /app/node_modules /usr/share/nginx/html 2>/dev/null; true'], Labels: { [TEST_LABEL]: '1' } });
      await listing.start();
      await listing.wait();
      const files = (await getLogs(c, listing.id)).stdout;
      for (const ignored of ['.env', '__pycache__', 'Dockerfile', '.dockerignore']) assert.doesNotMatch(files, new RegExp(`^${ignored.replace('.', '\\.')}$`, 'm'), `${ignored} was sent`);
      if (kind === 'node') {
        assert.match(files, /^\.stand-in-npm$/m, 'npm ci (stand-in) ran in /app');
        assert.doesNotMatch(files, /^left$/m, "the project's node_modules was sent");
      }
    });
  }
});
