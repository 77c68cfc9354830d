// The image-environment exchange with the real language server over stdio: the server names the
// open Dockerfiles' base images to a client that opted in, lints at once with its table, and
// re-lints when the client reports what the engine has; hover says where the variables come from.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { HoverRequest, type Diagnostic, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { ImageEnvInitOption, ImageEnvNotification, ImagesWantedNotification, type ImageEnvParams, type ImagesWantedParams } from '../../shared/protocol';
import { LspClient, REPO_ROOT } from '../support/lsp-client';

const undefinedVars = (d: Diagnostic[]) => d.filter((x) => x.code === 'UndefinedVar').map((x) => x.message);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('language server over stdio: base image environments', function () {
  this.timeout(60_000);
  before(() => {
    execFileSync(process.execPath, ['scripts/build.mjs', 'server'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 120_000 });
  });

  describe('with a client that answers from an engine', () => {
    let c: LspClient;
    before(async () => {
      c = await LspClient.start({ [ImageEnvInitOption]: true });
    });
    after(async () => {
      await c?.stop();
    });

    const wanted = () => (c.notifications.get(ImagesWantedNotification) ?? []) as ImagesWantedParams[];

    it('names the base images, lints meanwhile with the table, and re-lints with the engine’s answer', async () => {
      const uri = 'file:///work/env/a/Dockerfile';
      c.open(uri, 'FROM alpine:3.19\nCOPY $APP_DIR /x\nFROM myorg/base:1\nCOPY $OTHER $BASE_DIR /y\n');
      // Not blocked on the engine: the table knows alpine, myorg/base is unknown.
      const first = await c.diagnostics(uri, () => true);
      assert.equal(undefinedVars(first).length, 1);
      assert.match(undefinedVars(first)[0], /'\$APP_DIR': not set in this Dockerfile nor in the ENV of alpine:3\.19 \(from Docker Workbench's image table\)/);
      const asked = await c.waitFor('the wanted images', () => wanted().find((w) => w.references.includes('alpine:3.19')));
      assert.deepEqual(asked.references, ['alpine:3.19', 'myorg/base:1']);

      const before = c.published.length;
      const answer: ImageEnvParams = {
        images: [
          { reference: 'alpine:3.19', id: `sha256:${'c'.repeat(64)}`, os: 'linux', env: ['PATH', 'APP_DIR'] },
          { reference: 'myorg/base:1', id: `sha256:${'d'.repeat(64)}`, os: 'linux', env: ['PATH', 'BASE_DIR'] },
        ],
      };
      c.notifyServer(ImageEnvNotification, answer);
      const next = await c.diagnostics(uri, (d) => undefinedVars(d).length === 1 && undefinedVars(d)[0].includes('$OTHER'), before);
      assert.deepEqual(undefinedVars(next), ["Usage of undefined variable '$OTHER': not set in this Dockerfile nor in the ENV of myorg/base:1 (from the engine)"]);

      const h = await c.request<Hover>(HoverRequest.method, { textDocument: { uri }, position: { line: 2, character: 8 } });
      assert.match((h.contents as MarkupContent).value, /Variables of this image, from the engine \(image dddddddddddd\): `PATH`, `BASE_DIR`/);
    });

    it('falls back to the table when the engine’s answers are withdrawn, and survives malformed ones', async () => {
      const uri = 'file:///work/env/b/Dockerfile';
      c.notifyServer(ImageEnvNotification, { images: [{ reference: 'alpine:3.19', id: 'sha256:1', os: 'linux', env: ['PATH', 'APP_DIR'] }] });
      c.open(uri, 'FROM alpine:3.19\nCOPY $APP_DIR /x\n');
      await c.diagnostics(uri, (d) => undefinedVars(d).length === 0);
      const before = c.published.length;
      c.notifyServer(ImageEnvNotification, { images: 'garbage' });
      const after = await c.diagnostics(uri, (d) => undefinedVars(d).length === 1, before);
      assert.match(undefinedVars(after)[0], /from Docker Workbench's image table/);
      c.notifyServer(ImageEnvNotification, 42);
      const h = await c.request<Hover>(HoverRequest.method, { textDocument: { uri }, position: { line: 0, character: 7 } });
      assert.match((h.contents as MarkupContent).value, /from Docker Workbench's table of official images/);
      assert.equal(c.exited, undefined);
    });
  });

  describe('with a client that did not opt in', () => {
    let c: LspClient;
    before(async () => {
      c = await LspClient.start();
    });
    after(async () => {
      await c?.stop();
    });

    it('never sends it the wanted images, and lints with the table', async () => {
      const uri = 'file:///work/env/c/Dockerfile';
      c.open(uri, 'FROM alpine\nCOPY $NOPE /x\n');
      const d = await c.diagnostics(uri, () => true);
      assert.equal(undefinedVars(d).length, 1);
      // Give a late notification the chance to arrive before asserting there is none.
      await sleep(300);
      assert.equal(c.notifications.get(ImagesWantedNotification), undefined);
    });
  });
});
