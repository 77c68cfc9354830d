// UndefinedVar knows a local base image's ENV from the connected engine: an image built here with
// `ENV APP_HOME=...` makes `$APP_HOME` defined, while a name set nowhere is reported. Neither the
// table shipped with the extension nor the Dockerfile knows this image, so only the engine's
// answer (dockerWorkbench/imageEnv) can make these findings what they are.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildImage } from '../../client/src/engine';
import { ENGINE_MS, TEST_IMAGE, api, uniqueName } from './engine-helpers';
import { removeImage } from './engine-ops';
import { closeAll, lines, openDockerfile, ours, ruleOf, waitFor } from './helpers';

describe('base image ENV from the engine', function () {
  this.timeout(ENGINE_MS);
  const tag = `${uniqueName('dw-env-base')}:1`;
  let context: string;

  before(async () => {
    const a = await api();
    const client = await a.session.requireClient();
    context = fs.mkdtempSync(path.join(os.tmpdir(), 'dw-env-'));
    fs.writeFileSync(path.join(context, 'Dockerfile'), lines(`FROM ${TEST_IMAGE}`, 'ENV APP_HOME=/srv/app APP_PORT=8080'));
    await buildImage(client, { contextDir: context, tags: [tag] });
  });

  after(async () => {
    await closeAll();
    const client = await (await api()).session.requireClient();
    await removeImage(client, tag, { force: true }).catch(() => undefined);
    fs.rmSync(context, { recursive: true, force: true });
  });

  it('reports a variable set nowhere, and not the ones the local image defines', async () => {
    const document = await openDockerfile(lines(`FROM ${tag}`, 'WORKDIR $APP_HOME', 'EXPOSE $APP_PORT', 'COPY $NOT_SET_ANYWHERE /x'));
    const found = await waitFor('UndefinedVar for NOT_SET_ANYWHERE, from the engine', () => {
      const d = ours(document.uri).filter((x) => ruleOf(x) === 'UndefinedVar');
      return d.length > 0 ? d : undefined;
    }, 30_000);
    assert.equal(found.length, 1, found.map((d) => d.message).join('\n'));
    assert.equal(found[0].range.start.line, 3);
    assert.match(found[0].message, /NOT_SET_ANYWHERE/);
  });
});
