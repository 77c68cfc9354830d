// The stream transport (server/src/transport.ts): every message framed in one buffer whose bytes
// are exactly the header and JSON.stringify's UTF-8 (ASCII, accented, astral and escaped lone
// surrogates alike), results with JSON made in advance or kept, one write per message in order;
// and through the real server over stdio, outlines and links with non-ASCII text asked twice.
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { DocumentLinkRequest, DocumentSymbolRequest, type DocumentLink, type DocumentSymbol, type Message } from 'vscode-languageserver-protocol/node';
import { FramedMessageWriter, framedMessage, keepJson, withJson } from '../../server/src/transport';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { documentSymbols } from '../../server/src/features/symbols';
import { LspClient } from '../support/lsp-client';

/** What the library's writer sends for `message`: the header, then JSON.stringify as UTF-8. */
function expected(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

const response = (result: unknown, id: number | string | null = 7): Message => ({ jsonrpc: '2.0', id, result }) as Message;

/** A stream that takes each write at once and keeps the chunks it was given. */
function recording(): { out: Writable; writes: Buffer[] } {
  const writes: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk);
      done();
    },
  });
  return { out, writes };
}

const TEXTS = ['plain ascii', 'café — ünïcödé', 'emoji 🐳 and 中文', 'lone \ud800 surrogate', 'tab\tquote"backslash\\', ''];

describe('stream transport: messages framed in one buffer', function () {
  it('frames every message as the header and exactly JSON.stringify\'s UTF-8', function () {
    for (const text of TEXTS) {
      for (const message of [response({ text, n: [1, 2, 3] }), response([text, text]), { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: text } } as Message]) {
        assert.deepEqual(framedMessage(message), expected(message), `framing ${JSON.stringify(text)}`);
      }
    }
    assert.deepEqual(framedMessage(response(null)), expected(response(null)));
    assert.deepEqual(framedMessage(response('a string result', 'req-1')), expected(response('a string result', 'req-1')));
  });

  it('writes JSON made in advance, in parts, as the whole result would be', function () {
    for (const text of TEXTS) {
      const result = { resultId: '3', data: [text] };
      const made = withJson({ ...result }, '{"resultId":"3","data":', JSON.stringify([text]), '}');
      assert.deepEqual(framedMessage(response(made)), expected(response(result)), `parts with ${JSON.stringify(text)}`);
    }
  });

  it('keeps a kept result\'s JSON from its first write: later writes send that text', function () {
    const outline = keepJson([{ name: 'build', detail: 'mcr.microsoft.com/windows/servercore:ltsc2022 — é' }]);
    const first = framedMessage(response(outline, 1));
    assert.deepEqual(first, expected(response(outline, 1)));
    // The contract is that a kept result does not change; were it changed, the kept text still goes.
    outline[0].name = 'renamed';
    const second = framedMessage(response(outline, 2)).toString('utf8');
    assert.ok(second.includes('"name":"build"') && !second.includes('renamed'), second);
    assert.ok(second.includes('"id":2'), 'the id is the new request\'s');
  });

  it('asks the stream for one write per message, in the order written', async function () {
    const { out, writes } = recording();
    const writer = new FramedMessageWriter(out);
    const messages = TEXTS.map((text, i) => response({ text }, i));
    await Promise.all(messages.map((m) => writer.write(m)));
    assert.equal(writes.length, messages.length, 'one write each: header and body together');
    writes.forEach((w, i) => assert.deepEqual(w, expected(messages[i])));
  });

  it('frames a large message into the buffer of the last one, once the stream is done with it', async function () {
    const chunks: Buffer[] = [];
    const seen: Buffer[] = [];
    // The stream is done with a chunk only when it calls back: held here until then, and read only then.
    let pending: Array<() => void> = [];
    // A stream that takes every write at once and calls back when told (a socket's queue, say).
    const out = Object.assign(new EventEmitter(), {
      write(chunk: Buffer, done: (error?: Error | null) => void) {
        chunks.push(chunk);
        pending.push(() => {
          seen.push(Buffer.from(chunk));
          done();
        });
        return true;
      },
      end() {},
    }) as unknown as NodeJS.WritableStream;
    const flush = () => {
      const waiting = pending;
      pending = [];
      for (const f of waiting) f();
    };
    const writer = new FramedMessageWriter(out);
    const big = (n: number, fill: string) => response({ tokens: fill.repeat(n) }, n);
    // Two at once: the second is framed while the first is held, so it gets a buffer of its own.
    const first = writer.write(big(40_000, 'a'));
    const second = writer.write(big(30_000, 'b'));
    await new Promise((r) => setImmediate(r));
    assert.notEqual(chunks[1].buffer, chunks[0].buffer, 'never framed into a buffer the stream still holds');
    flush();
    await Promise.all([first, second]);
    // Now both are free: the next large one goes into the larger of them.
    const third = writer.write(big(35_000, 'c'));
    await new Promise((r) => setImmediate(r));
    assert.equal(chunks[2].buffer, chunks[0].buffer, 'written into the buffer kept from the first');
    flush();
    await third;
    const small = writer.write(response('small', 1));
    await new Promise((r) => setImmediate(r));
    flush();
    await small;
    assert.deepEqual(seen, [expected(big(40_000, 'a')), expected(big(30_000, 'b')), expected(big(35_000, 'c')), expected(response('small', 1))]);
  });

  it('reports a message that cannot be framed and goes on with the next', async function () {
    const { out, writes } = recording();
    const writer = new FramedMessageWriter(out);
    const errors: unknown[] = [];
    writer.onError(([error]) => errors.push(error));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await assert.rejects(writer.write(response(cyclic)), TypeError);
    await writer.write(response('next'));
    assert.equal(errors.length, 1);
    assert.deepEqual(writes, [expected(response('next'))]);
  });
});

describe('stream transport through the server (dist/server.js --stdio)', function () {
  this.timeout(60_000);
  let client: LspClient;
  before(async function () {
    client = LspClient.spawn();
    await client.initialize({ textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true }, publishDiagnostics: { versionSupport: true } } });
  });
  after(async function () {
    await client.stop();
  });

  it('answers an outline and links with non-ASCII text the same each time they are asked', async function () {
    const uri = 'file:///work/test/transport/Dockerfile';
    const text = ['# Übersicht 🐳', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS größe', 'LABEL beschreibung="Ärger — 中文 🐳"', 'RUN echo "naïve"', 'FROM größe', 'CMD ["echo", "é"]', ''].join('\n');
    client.open(uri, text);
    await client.diagnosticsFor(uri, 1);
    const outlines = [];
    const links = [];
    for (let i = 0; i < 3; i++) {
      outlines.push(await client.request<DocumentSymbol[]>(DocumentSymbolRequest.method, { textDocument: { uri } }));
      links.push(await client.request<DocumentLink[]>(DocumentLinkRequest.method, { textDocument: { uri } }));
    }
    const fresh = JSON.parse(JSON.stringify(documentSymbols(parseDockerfile(text)))) as DocumentSymbol[];
    for (const outline of outlines) assert.deepEqual(outline, fresh);
    assert.ok(fresh.some((s) => s.detail?.includes('LABEL') || s.children?.some((c) => c.detail?.includes('中文 🐳'))), 'the outline carries the non-ASCII text');
    assert.equal(links[0].length, 1, 'the MCR image is linked');
    for (const l of links) assert.deepEqual(l, links[0]);
    // After an edit, the kept texts are the new version's, not the old one's.
    client.change(uri, text.replace('RUN echo "naïve"', 'RUN echo "naïve"\nFROM mcr.microsoft.com/dotnet/runtime:8.0'));
    const after = await client.request<DocumentSymbol[]>(DocumentSymbolRequest.method, { textDocument: { uri } });
    assert.equal(after.length, outlines[0].length + 1, 'the new stage is in the outline');
    const linksAfter = await client.request<DocumentLink[]>(DocumentLinkRequest.method, { textDocument: { uri } });
    assert.equal(linksAfter.length, 2);
  });
});
