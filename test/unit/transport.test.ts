// The bytes the server writes for a message over --stdio (server/src/transport.ts): a result whose
// JSON was made in advance (the semantic tokens, kept as bytes from one version to the next) must be
// sent exactly as JSON.stringify would have it, whatever the request's id holds.
import * as assert from 'node:assert/strict';
import type { Message } from 'vscode-languageserver/node';
import { messageBytes, withJson } from '../../server/src/transport';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { reparseDockerfile } from '../../server/src/dockerfile/incremental';
import { SemanticTokensResults } from '../../server/src/features/semanticTokensDelta';

const response = (id: number | string, result: unknown): Message => ({ jsonrpc: '2.0', id, result }) as Message;

describe('messages as bytes over stdio', function () {
  it('a result with its JSON made in advance, text and bytes, is sent as JSON.stringify sends it', () => {
    const result = withJson({ a: 'é', list: [1, 22, 333] }, ['{"a":"é","list":', Buffer.from('[1,22,333]', 'latin1'), '}']);
    for (const id of [7, 'req-é€😀', '']) {
      const message = response(id, result);
      assert.deepEqual(messageBytes(message), Buffer.from(JSON.stringify(message), 'utf8'), `id ${JSON.stringify(id)}`);
    }
  });

  it('a message without one is JSON.stringify as UTF-8', () => {
    const message = response(3, { contents: 'stage «build» — 😀' });
    assert.deepEqual(messageBytes(message), Buffer.from(JSON.stringify(message), 'utf8'));
  });

  it('semantic tokens, version after version, are the bytes of their numbers', () => {
    const results = new SemanticTokensResults(true);
    const lines = ['# escape=`', 'ARG TAG=ltsc2022', 'FROM mcr.microsoft.com/windows/servercore:${TAG} AS base', 'ENV APP=C:\\app `', '    LOG=C:\\logs', 'RUN echo $APP', 'FROM base AS app', 'COPY --from=base C:\\app C:\\app', 'CMD ["cmd", "/c", "echo"]'];
    let model = parseDockerfile(lines.join('\r\n'));
    let nonEmpty = 0;
    for (let version = 1; version <= 12; version++) {
      const message = response(version, results.full('file:///Dockerfile', version, () => model));
      const sent = JSON.parse(messageBytes(message).toString('utf8')) as { result: { data: number[] } };
      // The getter for `data` makes the numbers from the typed array: the plain answer.
      assert.deepEqual(messageBytes(message), Buffer.from(JSON.stringify(message), 'utf8'), `version ${version}`);
      if (sent.result.data.length > 0) nonEmpty++;
      // A character typed or taken back at the end of one line, as an editor sends edits.
      const at = 2 + (version % (lines.length - 2));
      lines[at] = lines[at].endsWith('x') ? lines[at].slice(0, -1) : `${lines[at]}x`;
      model = reparseDockerfile(model, lines.join('\r\n'));
    }
    assert.equal(nonEmpty, 12);
  });
});
