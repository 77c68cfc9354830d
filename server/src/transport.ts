// The server's connection to its client. VS Code starts it with --node-ipc (Node's own channel
// serialises each message); other editors, the CLI's tests and the bench use --stdio, where the
// server writes each message itself, so a result can carry its JSON text made in advance: the
// semantic tokens of a large file are kept as text from one version to the next and spliced, not
// stringified whole for every answer (semanticTokensOutput.ts), and an outline or the links asked
// for again for the same version are written from the text kept the first time. Everything else
// is as vscode-languageserver sets the transports up.
import { inspect } from 'node:util';
import { AbstractMessageWriter, ProposedFeatures, createConnection, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';

/** Whether the connection writes JSON itself (so `withJson` and `keepJson` pay). */
export const writesJson = process.argv.includes('--stdio');

const JSON_TEXT = Symbol('json');
const KEEP_JSON = Symbol('keepJson');

type Made = { [JSON_TEXT]?: readonly string[]; [KEEP_JSON]?: true };

/**
 * `result` with its JSON text made in advance, in parts written one after the other; together they
 * must be exactly what JSON.stringify(result) gives. Parts spare the copy that joining them would be.
 */
export function withJson<T extends object>(result: T, ...json: string[]): T {
  Object.defineProperty(result, JSON_TEXT, { value: json, enumerable: false });
  return result;
}

/**
 * `result`, whose JSON text the connection keeps with it after the first time it is written: for a
 * result kept per document version (an outline, links) and asked for again. The caller never
 * changes it afterwards. (Over --node-ipc, Node's channel writes the message and this is unused.)
 */
export function keepJson<T extends object>(result: T): T {
  if (!Object.prototype.hasOwnProperty.call(result, KEEP_JSON)) Object.defineProperty(result, KEEP_JSON, { value: true, enumerable: false });
  return result;
}

/**
 * A message as the stream carries it, header and UTF-8 body in one buffer, using a result's text
 * made in advance (or kept) where it has one. The parts are never joined into one string: a large
 * string is a fresh allocation V8 pays for in page faults, and its UTF-8 encoding walks every
 * character; a part that is all ASCII (most JSON) is copied as Latin-1 instead, a plain copy.
 * `into`: a buffer to write it into when it fits (a view of it is returned), else a new one is made.
 */
export function framedMessage(message: Message, into?: Buffer): Buffer {
  const result = (message as { result?: unknown }).result;
  const made = typeof result === 'object' && result !== null ? (result as Made) : undefined;
  if (made?.[KEEP_JSON] === true && made[JSON_TEXT] === undefined) withJson(made, JSON.stringify(made));
  const parts = made?.[JSON_TEXT];
  if (parts === undefined) return framed([JSON.stringify(message)], into);
  const { id } = message as { id?: unknown };
  return framed([`{"jsonrpc":"2.0","id":${JSON.stringify(id ?? null)},"result":`, ...parts, '}'], into);
}

/** The Content-Length header and the strings' UTF-8, one after the other, in one buffer. */
function framed(parts: readonly string[], into: Buffer | undefined): Buffer {
  const lengths = parts.map((part) => Buffer.byteLength(part, 'utf8'));
  const body = lengths.reduce((sum, n) => sum + n, 0);
  const header = `Content-Length: ${body}\r\n\r\n`;
  const size = header.length + body;
  const out = into !== undefined && into.length >= size ? into.subarray(0, size) : Buffer.allocUnsafe(size);
  let at = out.write(header, 0, 'latin1');
  for (let i = 0; i < parts.length; i++) {
    // As many bytes as characters: every character is ASCII, where Latin-1 and UTF-8 agree.
    at += out.write(parts[i], at, lengths[i], lengths[i] === parts[i].length ? 'latin1' : 'utf8');
  }
  return out;
}

/** Messages at least this large are framed into a buffer kept from one write to the next. */
const KEPT_BUFFER_MIN = 16 * 1024;
/** A larger buffer than this is not kept (a huge answer once does not hold its memory for good). */
const KEPT_BUFFER_MAX = 8 * 1024 * 1024;

/**
 * Writes each message whole, in one write: the library's writer sends the header and the body
 * apart, a turn of the event loop between them, and a client reading a pipe can wake for the header
 * alone. Messages are framed as they come, so they go out in the order they were written.
 */
export class FramedMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errors = 0;
  /**
   * The buffer the last large message was written from, once the stream is done with it: the next
   * large one is framed into it rather than into memory the process has not touched yet (each
   * page's first touch is a fault; on the CI machine, 0.3 ms for a 10k-line file's tokens).
   */
  private free: Buffer | undefined;

  constructor(private readonly out: NodeJS.WritableStream) {
    super();
    out.on('error', (error: Error) => this.fireError(error));
    out.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    return new Promise((resolve, reject) => {
      const failed = (error: unknown) => {
        this.fireError(error, message, ++this.errors);
        reject(error);
      };
      // Taken while the stream holds it: a message framed before it is done gets a buffer of its own.
      const spare = this.free;
      this.free = undefined;
      let bytes: Buffer;
      try {
        bytes = framedMessage(message, spare);
      } catch (error) {
        this.free = spare;
        failed(error);
        return;
      }
      const whole = bytes.buffer === spare?.buffer ? spare : bytes;
      const keep = whole.length >= KEPT_BUFFER_MIN && whole.length <= KEPT_BUFFER_MAX ? whole : spare;
      this.out.write(bytes, (error) => {
        if (keep !== undefined && (this.free === undefined || this.free.length < keep.length)) this.free = keep;
        if (error) failed(error);
        else resolve();
      });
    });
  }

  end(): void {
    this.out.end();
  }
}

/** The connection with the proposed features, as `createConnection(ProposedFeatures.all)` makes it. */
export type ServerConnection = ReturnType<typeof ipcOrArgv>;

function ipcOrArgv() {
  return createConnection(ProposedFeatures.all);
}

export function serverConnection(): ServerConnection {
  if (!writesJson) return ipcOrArgv();
  const writer = new FramedMessageWriter(process.stdout);
  // The raw stdin, as with --stdio: the library reads it itself and ends the process when it closes
  // (its typings pair a stream only with a stream; at run time each side is taken as it is).
  const connection = createConnection(ProposedFeatures.all, process.stdin as unknown as MessageReader, writer);
  // Stdout carries the protocol: what a library prints goes to the client's log instead.
  const text = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
  console.log = console.info = console.debug = (...args: unknown[]) => connection.console.log(text(args));
  console.warn = (...args: unknown[]) => connection.console.warn(text(args));
  console.error = (...args: unknown[]) => connection.console.error(text(args));
  return connection;
}
