// `docker-workbench`: read the command, find the files, lint (and fix) each one, print a report.
// Exit status: 0 no errors, 1 errors found, 2 the command or a file could not be used.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { lint } from '../lint';
import { rules } from '../rules';
import type { Finding } from '../rules/types';
import { version, publisher, name as packageName } from '../../../package.json';
import { type LintCommand, parseArgs, USAGE, UsageError } from './args';
import { describeError, discover } from './discovery';
import { fixUntilStable } from './fix';
import { type FileReport, formatJson, formatRulesJson, formatRulesText, formatText } from './formats';
import { runParse } from './parse';
import { formatSarif } from './sarif';

import { EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE } from './exit';

export { EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE };

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  /** Colour when neither --color nor --no-color is given: a terminal that did not ask for NO_COLOR. */
  colorByDefault: boolean;
}

const TOOL = {
  name: 'docker-workbench',
  version,
  // The extension's Marketplace page: the one public home the manifest defines.
  informationUri: `https://marketplace.visualstudio.com/items?itemName=${publisher}.${packageName}`,
};

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let command;
  try {
    command = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`docker-workbench: ${error.message}\nRun 'docker-workbench --help' for usage.\n`);
    return EXIT_TROUBLE;
  }
  switch (command.kind) {
    case 'help':
      io.stdout(USAGE);
      return EXIT_OK;
    case 'version':
      io.stdout(`${version}\n`);
      return EXIT_OK;
    case 'rules':
      io.stdout(command.format === 'json' ? formatRulesJson(rules) : formatRulesText(rules));
      return EXIT_OK;
    case 'lint':
      return runLint(command, io);
    case 'parse':
      return runParse(command, io);
  }
}

async function runLint(command: LintCommand, io: CliIo): Promise<number> {
  const fromStdin = command.paths.includes('-');
  const given = command.paths.filter((p) => p !== '-');
  const found = await discover(given, io.cwd);
  if (found.errors.length > 0) {
    // A path that is not there is a mistake in the command; linting the rest would hide it in CI.
    for (const error of found.errors) io.stderr(`docker-workbench: ${error}\n`);
    return EXIT_TROUBLE;
  }
  if (found.files.length === 0 && !fromStdin) {
    io.stderr(`docker-workbench: no Dockerfiles found in ${given.join(', ')}\n`);
    return EXIT_TROUBLE;
  }

  const problems: string[] = [];
  const reports: FileReport[] = [];
  const lintWith = (dockerignore: string | undefined) => (text: string) =>
    lint(text, {
      host: command.host,
      dockerignore,
      onRuleError: (rule, error) => io.stderr(`docker-workbench: rule ${rule.id} failed: ${describeError(error)}\n`),
    });

  if (fromStdin) {
    const text = await io.readStdin();
    const findings = lintWith(undefined)(text);
    reports.push({ displayPath: '<stdin>', absolutePath: undefined, findings, fixed: 0 });
  }
  for (const file of found.files) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      problems.push(`cannot read ${displayPath(file, io.cwd)}: ${describeError(error)}`);
      continue;
    }
    const check = lintWith(await readDockerignore(file));
    let findings: Finding[];
    let fixed = 0;
    if (command.fix) {
      const outcome = fixUntilStable(text, check);
      findings = outcome.findings;
      fixed = outcome.fixed;
      if (outcome.text !== text) {
        try {
          await fs.writeFile(file, outcome.text, 'utf8');
        } catch (error) {
          problems.push(`cannot write ${displayPath(file, io.cwd)}: ${describeError(error)}`);
          findings = check(text);
          fixed = 0;
        }
      }
    } else {
      findings = check(text);
    }
    reports.push({ displayPath: displayPath(file, io.cwd), absolutePath: file, findings, fixed });
  }

  const color = command.color ?? io.colorByDefault;
  if (command.format === 'json') io.stdout(formatJson(reports));
  else if (command.format === 'sarif') io.stdout(formatSarif(reports, rules, TOOL, io.cwd));
  else io.stdout(formatText(reports, color));
  for (const problem of problems) io.stderr(`docker-workbench: ${problem}\n`);

  if (problems.length > 0) return EXIT_TROUBLE;
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? EXIT_FINDINGS : EXIT_OK;
}

/** BuildKit reads `<Dockerfile name>.dockerignore` before `.dockerignore`; both sit next to the file here. */
async function readDockerignore(file: string): Promise<string | undefined> {
  const dir = path.dirname(file);
  for (const candidate of [path.join(dir, `${path.basename(file)}.dockerignore`), path.join(dir, '.dockerignore')]) {
    try {
      return await fs.readFile(candidate, 'utf8');
    } catch {
      // Absent or unreadable: the rules then know nothing about the context, which is allowed.
    }
  }
  return undefined;
}

function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
