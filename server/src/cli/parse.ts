// `docker-workbench parse`: how Docker reads one Dockerfile, as text, JSON, or BuildKit's own
// parser dump. The same reading feeds the editor's "Show How Docker Reads This Dockerfile" view.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { dumpBuildkit } from '../dockerfile/dump';
import { parseDockerfile } from '../dockerfile/parser';
import { lint } from '../lint';
import { readDockerfile } from '../reading/model';
import { readingJson, renderReadingText } from '../reading/render';
import { rules } from '../rules';
import type { ParseCommand } from './args';
import { describeError } from './discovery';
import { EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE } from './exit';
import { FileProblem, InputTooLarge, readInside } from './files';
import { formatSize } from '../rules/syntax/file-too-large';
import { terminalSafeLines } from './terminal';
import type { CliIo } from './main';

const SYNTAX_RULES = rules.filter((r) => r.category === 'syntax');

export async function runParse(command: ParseCommand, io: CliIo): Promise<number> {
  const fromStdin = command.path === '-';
  const file = fromStdin ? '<stdin>' : path.resolve(io.cwd, command.path);
  let text: string;
  try {
    if (fromStdin) text = await io.readStdin(command.maxFileSize);
    else {
      // As lint reads a named file: a regular file, not through a link out of its folder.
      const read = await readInside(file, await fs.realpath(path.dirname(file)), command.maxFileSize);
      if (read.kind === 'too-large') throw new InputTooLarge(read.size);
      text = read.text;
    }
  } catch (error) {
    if (error instanceof InputTooLarge) {
      io.stderr(`docker-workbench: ${command.path} is larger than the ${formatSize(command.maxFileSize)} limit (--max-file-size)\n`);
      return EXIT_TROUBLE;
    }
    io.stderr(`docker-workbench: ${error instanceof FileProblem ? `${command.path} ${error.message}` : `cannot read ${command.path}: ${describeError(error)}`}\n`);
    return EXIT_TROUBLE;
  }
  const model = parseDockerfile(text);
  const shown = fromStdin ? '<stdin>' : command.path;
  // The text formats go to terminals and quote the file: control characters are shown escaped.
  if (command.format === 'buildkit') {
    const lines = dumpBuildkit(model);
    io.stdout(lines.length > 0 ? terminalSafeLines(`${lines.join('\n')}\n`) : '');
  } else {
    const reading = readDockerfile(model, command.host);
    io.stdout(command.format === 'json' ? `${JSON.stringify(readingJson(reading, shown), null, 2)}\n` : terminalSafeLines(renderReadingText(reading, shown).text));
  }
  const errors = lint(model, { host: command.host, rules: SYNTAX_RULES }).filter((f) => f.severity === 'error');
  for (const e of errors) {
    io.stderr(`${shown}:${e.range.start.line + 1}:${e.range.start.character + 1}: error: ${e.message} [${e.rule}]\n`);
  }
  return errors.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}
