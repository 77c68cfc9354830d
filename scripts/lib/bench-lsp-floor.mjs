// The floor of `npm run bench -- lsp`: a language server over stdio that does no work. Started
// with a JSON file of answers by method (`node bench-lsp-floor.mjs ANSWERS.json --stdio`), it
// answers each of those requests with that answer's text, made once, and reads every other
// message and drops it (an answer of null to any other request). It writes as our server's stdio
// writer does: each message whole in one write, from a buffer kept from the write before. What
// the bench times on it is what sending that answer to the bench's client costs on this machine:
// the pipe, and the client reading and parsing its JSON. A goal's figure is read beside it
// (bench-lsp.mjs).
import { readFileSync } from 'node:fs';

const answers = JSON.parse(readFileSync(process.argv[2], 'utf8'));
/** Each answer's message after its id, as bytes, made once: `,"result":ANSWER}`. */
const tails = new Map(Object.entries(answers).map(([method, result]) => [method, Buffer.from(`,"result":${JSON.stringify(result)}}`, 'utf8')]));
const capabilities = {
  textDocumentSync: 2,
  ...(tails.has('textDocument/semanticTokens/full') ? { semanticTokensProvider: { legend: { tokenTypes: [], tokenModifiers: [] }, full: true } } : {}),
  ...(tails.has('textDocument/foldingRange') ? { foldingRangeProvider: true } : {}),
  ...(tails.has('textDocument/documentLink') ? { documentLinkProvider: {} } : {}),
};

/**
 * A buffer the last message was written from, once the stream is done with it: the next is
 * framed into it, not into memory the process has not touched yet (a page's first touch is a
 * fault, as our server's writer knows: server/src/transport.ts).
 */
let free;

/** One message, header and body, in one write. */
function send(head, tail = Buffer.alloc(0)) {
  const headBytes = Buffer.byteLength(head, 'utf8');
  const header = `Content-Length: ${headBytes + tail.length}\r\n\r\n`;
  const size = header.length + headBytes + tail.length;
  const buffer = free !== undefined && free.length >= size ? free : Buffer.allocUnsafe(size);
  free = undefined;
  let at = buffer.write(header, 0, 'latin1');
  at += buffer.write(head, at, 'utf8');
  at += tail.copy(buffer, at);
  process.stdout.write(buffer.subarray(0, at), () => {
    if (free === undefined || free.length < buffer.length) free = buffer;
  });
}

function handle(message) {
  const { id, method } = message;
  if (method === 'textDocument/didOpen') {
    // The bench waits for the first diagnostics of what it opens.
    const { uri, version } = message.params.textDocument;
    send(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version, diagnostics: [] } }));
    return;
  }
  if (method === 'exit') process.exit(0);
  if (id === undefined) return;
  const head = `{"jsonrpc":"2.0","id":${JSON.stringify(id)}`;
  if (tails.has(method)) send(head, tails.get(method));
  else send(`${head},"result":${method === 'initialize' ? JSON.stringify({ capabilities }) : 'null'}}`);
}

let pending = Buffer.alloc(0);
process.stdin.on('data', (chunk) => {
  pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
  for (;;) {
    const end = pending.indexOf('\r\n\r\n');
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(pending.subarray(0, end).toString('latin1'))?.[1]);
    if (!Number.isFinite(length)) {
      // Not a header the bench's client writes: dropped, and the next one looked for.
      pending = pending.subarray(end + 4);
      continue;
    }
    if (pending.length < end + 4 + length) return;
    const body = pending.subarray(end + 4, end + 4 + length).toString('utf8');
    pending = pending.subarray(end + 4 + length);
    handle(JSON.parse(body));
  }
});
process.stdin.on('end', () => process.exit(0));
