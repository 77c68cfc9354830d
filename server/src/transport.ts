// The server's connection to its client. VS Code starts it with --node-ipc (Node's own channel
// serialises each message); other editors, the CLI's tests and the bench use --stdio, where the
// server writes each message's JSON itself, so a result can carry that text made in advance: the
// semantic tokens of a large file are kept as text from one version to the next and spliced, not
// stringified whole for every answer (semanticTokensOutput.ts). Everything else is as
// vscode-languageserver sets the transports up.
import { inspect } from 'node:util';
import { ProposedFeatures, StreamMessageWriter, createConnection, type Message, type MessageReader } from 'vscode-languageserver/node';

const JSON_TEXT = Symbol('json');

/** `result` with its JSON text made in advance; the text must be exactly what JSON.stringify(result) gives. */
export function withJson<T extends object>(result: T, json: string): T {
  Object.defineProperty(result, JSON_TEXT, { value: json, enumerable: false });
  return result;
}

/** A message as JSON, using a result's text made in advance where it has one. */
export function messageJson(message: Message): string {
  const result = (message as { result?: unknown }).result;
  const made = typeof result === 'object' && result !== null ? (result as { [JSON_TEXT]?: string })[JSON_TEXT] : undefined;
  if (made === undefined) return JSON.stringify(message);
  const { id } = message as { id?: unknown };
  return `{"jsonrpc":"2.0","id":${JSON.stringify(id ?? null)},"result":${made}}`;
}

/** Whether the connection writes JSON itself (so `withJson` pays). */
export const writesJson = process.argv.includes('--stdio');

/** The connection with the proposed features, as `createConnection(ProposedFeatures.all)` makes it. */
export type ServerConnection = ReturnType<typeof ipcOrArgv>;

function ipcOrArgv() {
  return createConnection(ProposedFeatures.all);
}

export function serverConnection(): ServerConnection {
  if (!writesJson) return ipcOrArgv();
  const writer = new StreamMessageWriter(process.stdout, {
    charset: 'utf-8',
    contentTypeEncoder: {
      name: 'application/json',
      encode: (message) => Promise.resolve(Buffer.from(messageJson(message as Message), 'utf8')),
    },
  });
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
