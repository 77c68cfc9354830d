// `docker-workbench`: read the command, find the files, lint (and fix) each one, print a report.
// Exit status: 0 no errors, 1 errors found, 2 the command or a file could not be used.
import * as path from 'node:path';
import { lint } from '../lint';
import { rules } from '../rules';
import type { Finding } from '../rules/types';
import { version, publisher, name as packageName } from '../../../package.json';
import { type LintCommand, parseArgs, USAGE, UsageError } from './args';
import { describeError, discover } from './discovery';
import { FileProblem, InputTooLarge, displayPath, readInside, replaceFile } from './files';
import { fileTooLargeFindings } from '../rules/syntax/file-too-large';
import { openLintEngine, type EngineImageFacts } from './engine';
import { ConfigProblem, hostFor, loadConfigs, type LintConfig } from './config';
import type { HostContext, SeverityName } from '../../../shared/protocol';
import { runEngine } from './engineCommand';
import { fixUntilStable } from './fix';
import { type FileReport, formatJson, formatRulesJson, formatRulesText, formatText } from './formats';
import { runParse } from './parse';
import { runLsp } from './lsp';
import { composeCheck, composeSchema } from './compose';
import { describeSchemaVersion } from '../compose/schema';
import { terminalSafeLines } from './terminal';
import { formatSarif } from './sarif';

import { EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE } from './exit';

export { EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE };

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Rejects with InputTooLarge past `maxBytes`, having read no more than one chunk beyond. */
  readStdin: (maxBytes?: number) => Promise<string>;
  /** Colour when neither --color nor --no-color is given: a terminal that did not ask for NO_COLOR. */
  colorByDefault: boolean;
}

const TOOL = {
  name: 'docker-workbench',
  version,
  // The extension's Marketplace page: the one public home the manifest defines.
  informationUri: `https://marketplace.visualstudio.com/items?itemName=${publisher}.${packageName}`,
};

export async function main(argv: readonly string[], rawIo: CliIo): Promise<number> {
  // Whatever goes to stderr may name a file of the tree or quote one: never raw control characters.
  const io: CliIo = { ...rawIo, stderr: (text) => rawIo.stderr(terminalSafeLines(text)) };
  let command;
  try {
    command = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`docker-workbench: ${error.message}\nRun 'docker-workbench --help' for usage.\n`);
    return EXIT_TROUBLE;
  }
  switch (command.kind) {
    case 'help': {
      const load = composeSchema();
      io.stdout(`${USAGE}\nCompose files are checked against ${load.ok ? `the ${describeSchemaVersion(load.schema.version)}, from ${load.schema.version.repository}` : `no schema: ${load.reason}`}.\n`);
      return EXIT_OK;
    }
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
    case 'engine':
      return runEngine(command, io);
    case 'lsp':
      return runLsp(io);
  }
}

const RAISE_LIMIT = 'Raise --max-file-size to lint it.';

async function runLint(command: LintCommand, io: CliIo): Promise<number> {
  const maxBytes = command.maxFileSize;
  const fromStdin = command.paths.includes('-');
  const given = command.paths.filter((p) => p !== '-');
  const found = await discover(given, io.cwd);
  for (const note of found.notes) io.stderr(`docker-workbench: note: ${note}\n`);
  if (found.errors.length > 0) {
    // A path that is not there is a mistake in the command; linting the rest would hide it in CI.
    for (const error of found.errors) io.stderr(`docker-workbench: ${error}\n`);
    return EXIT_TROUBLE;
  }
  if (found.files.length === 0 && !fromStdin) {
    io.stderr(`docker-workbench: no Dockerfiles or compose files found in ${given.join(', ')}\n`);
    return EXIT_TROUBLE;
  }

  // The settings in the tree (cli/config.ts), every one read before anything is linted.
  let configs;
  try {
    const folders = [...(fromStdin ? [io.cwd] : []), ...found.files.map((f) => path.dirname(f.path))];
    configs = await loadConfigs(command.config, folders, io.cwd, { known: new Set(rules.map((r) => r.id)) });
  } catch (error) {
    if (!(error instanceof ConfigProblem)) throw error;
    io.stderr(`docker-workbench: config ${error.message}\n`);
    return EXIT_TROUBLE;
  }
  for (const note of configs.notes) io.stderr(`docker-workbench: note: ${note}\n`);

  let engineHost: HostContext | undefined;
  let engine: EngineImageFacts | undefined;
  if (command.engine) {
    const opened = await openLintEngine(command);
    if (!opened.ok) {
      io.stderr(`docker-workbench: ${opened.message}\n`);
      return EXIT_TROUBLE;
    }
    ({ engineHost, facts: engine } = opened);
  }

  const problems: string[] = [];
  const reports: FileReport[] = [];
  const lintWith = (dockerignore: string | undefined, config: LintConfig | undefined) => (text: string) =>
    lint(text, {
      host: hostFor(command, engineHost, config),
      severities: config?.settings.rules,
      imageEnv: engine?.lookup,
      dockerignore,
      onRuleError: (rule, error) => io.stderr(`docker-workbench: rule ${rule.id} failed: ${describeError(error)}\n`),
    });

  if (fromStdin) {
    const text = await io.readStdin(maxBytes).catch((error: unknown) => {
      if (error instanceof InputTooLarge) return error;
      throw error;
    });
    const config = configs.byFolder.get(io.cwd);
    if (text instanceof InputTooLarge) {
      reports.push({ displayPath: '<stdin>', absolutePath: undefined, findings: fileTooLargeFindings(text.size, maxBytes, RAISE_LIMIT, config?.settings.rules), fixed: 0 });
    } else {
      await engine?.prepare(text);
      const findings = lintWith(undefined, config)(text);
      reports.push({ displayPath: '<stdin>', absolutePath: undefined, findings, fixed: 0 });
    }
  }
  if (found.files.some((f) => f.kind === 'compose')) {
    const load = composeSchema();
    if (!load.ok) io.stderr(`docker-workbench: note: ${load.reason}\n`);
  }
  for (const { path: file, root, kind } of found.files) {
    const shown = displayPath(file, io.cwd);
    const config = configs.byFolder.get(path.dirname(file));
    let read;
    try {
      read = await readInside(file, root, maxBytes);
    } catch (error) {
      problems.push(error instanceof FileProblem ? `${shown} ${error.message}` : `cannot read ${shown}: ${describeError(error)}`);
      continue;
    }
    if (read.kind === 'too-large') {
      // Not read at all: one finding says so, and fails the run as an error would.
      reports.push({ displayPath: shown, absolutePath: file, findings: fileTooLargeFindings(read.size, maxBytes, RAISE_LIMIT, config?.settings.rules), fixed: 0 });
      continue;
    }
    const text = read.text;
    let check: (text: string) => Finding[];
    if (kind === 'compose') {
      check = await composeCheck(file, root, maxBytes, text, {
        host: hostFor(command, engineHost, config),
        severities: config?.settings.rules,
        onRuleError: (rule, error) => io.stderr(`docker-workbench: rule ${rule.id} failed: ${describeError(error)}\n`),
      });
    } else {
      await engine?.prepare(text);
      check = lintWith(await readDockerignore(file, root, maxBytes), config);
    }
    let findings: Finding[];
    let fixed = 0;
    if (command.fix) {
      const outcome = fixUntilStable(text, check);
      findings = outcome.findings;
      fixed = outcome.fixed;
      if (outcome.text !== text) {
        try {
          await replaceFile(read.real, outcome.text, read.stat);
        } catch (error) {
          problems.push(error instanceof FileProblem ? `${shown} ${error.message}` : `cannot write ${shown}: ${describeError(error)}`);
          findings = check(text);
          fixed = 0;
        }
      }
    } else {
      findings = check(text);
    }
    reports.push({ displayPath: shown, absolutePath: file, findings, fixed });
  }

  const color = command.color ?? io.colorByDefault;
  if (command.format === 'json') io.stdout(formatJson(reports));
  else if (command.format === 'sarif') io.stdout(formatSarif(reports, rules, TOOL, io.cwd));
  else io.stdout(formatText(reports, color));
  if (engine?.failure !== undefined) problems.push(engine.failure);
  for (const problem of problems) io.stderr(`docker-workbench: ${problem}\n`);

  if (problems.length > 0) return EXIT_TROUBLE;
  const threshold = command.failureThreshold;
  if (threshold === 'none') return EXIT_OK;
  return reports.some((r) => r.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold])) ? EXIT_FINDINGS : EXIT_OK;
}

const SEVERITY_RANK: Record<SeverityName, number> = { hint: 0, info: 1, warning: 2, error: 3 };

/**
 * BuildKit reads `<Dockerfile name>.dockerignore` before `.dockerignore`; both sit next to the file
 * here, and are read under the same rules as the Dockerfile (inside its root, regular, bounded).
 */
async function readDockerignore(file: string, root: string, maxBytes: number): Promise<string | undefined> {
  const dir = path.dirname(file);
  for (const candidate of [path.join(dir, `${path.basename(file)}.dockerignore`), path.join(dir, '.dockerignore')]) {
    try {
      const read = await readInside(candidate, root, maxBytes);
      if (read.kind === 'text') return read.text;
    } catch {
      // Absent, unreadable, a link out or a FIFO: the rules then know nothing about the context, which is allowed.
    }
  }
  return undefined;
}
