// `docker-workbench lsp --stdio`: the language server the editor extension runs (dist/server.js),
// for any LSP client. Its bundle sits beside the CLI's, in the npm package too, and is loaded only
// here, so lint stays as small as it was.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIo } from './main';
import { EXIT_TROUBLE } from './exit';

export const SERVER_BUNDLE = 'server.js';

/**
 * Starts the server on standard input and output. The returned promise settles only when the
 * server cannot be loaded; otherwise the server owns the process until the client's `exit`.
 */
export function runLsp(io: Pick<CliIo, 'stderr'>, dir: string = __dirname): Promise<number> {
  const file = path.join(dir, SERVER_BUNDLE);
  if (!fs.existsSync(file)) {
    io.stderr(`docker-workbench: lsp needs ${file}, which is missing; rebuild with 'npm run build'\n`);
    return Promise.resolve(EXIT_TROUBLE);
  }
  // The server's connection takes its transport from the process's arguments, as when it is run
  // as `node server.js --stdio`.
  if (!process.argv.includes('--stdio')) process.argv.push('--stdio');
  // A computed path: esbuild leaves this require alone, so the server is not bundled into the CLI.
  require(file);
  return new Promise<number>(() => undefined);
}
