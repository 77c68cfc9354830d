// Entry point of the `docker-workbench` command (bundled to dist/cli.js). The work is in ./cli/.
import { InputTooLarge } from './cli/files';
import { main } from './cli/main';

/** Stops reading past `maxBytes`, so a stream without end costs at most the limit (plus a chunk). */
async function readStdin(maxBytes = Number.POSITIVE_INFINITY): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) {
      process.stdin.destroy();
      throw new InputTooLarge(size);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin,
  colorByDefault: process.stdout.isTTY === true && !process.env.NO_COLOR,
}).then(
  (code) => {
    // exitCode, not exit(): a large report piped to another process must be flushed first.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`docker-workbench: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
