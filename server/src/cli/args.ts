// The command line, read into a typed command. Every mistake becomes a UsageError whose message
// says what was wrong and what was expected, because the CLI runs mostly in CI logs.
import type { HostContext, SeverityName } from '../../../shared/protocol';
import { DEFAULT_MAX_FILE_SIZE_MIB, MAX_FILE_SIZE_CEILING_BYTES, parseHostBuild, parseIsolation } from '../../../shared/settings';
import type { EngineTarget, HostField } from './engine';

export type Format = 'text' | 'json' | 'sarif';

export interface LintCommand {
  kind: 'lint';
  format: Format;
  host: HostContext;
  fix: boolean;
  /** Files, folders, or `-` for standard input. */
  paths: string[];
  /** Undefined: decide from the terminal. */
  color: boolean | undefined;
  /** `--engine`: host facts and local base images' environments from the Docker engine. */
  engine: boolean;
  /** Host fields set by a flag (they win over the engine's); the rest of `host` are defaults. */
  hostGiven: HostField[];
  /** `--host` / `--context` with --engine: which engine; empty when the engine is found as the extension finds it. */
  target: EngineTarget;
  /** `--max-file-size`, in bytes: larger files get file-too-large instead of being read. */
  maxFileSize: number;
  /** `--config FILE`; `false` for --no-config; undefined: searched upward from each file (cli/config.ts). */
  config: string | false | undefined;
  /** `--failure-threshold`: the least severity that makes the exit status 1; `none`: findings never do. */
  failureThreshold: SeverityName | 'none';
}

/** `parse`: how Docker reads one file. */
export interface ParseCommand {
  kind: 'parse';
  format: 'text' | 'json' | 'buildkit';
  host: HostContext;
  /** A file, or `-` for standard input. */
  path: string;
  /** `--max-file-size`, in bytes: a larger file is refused. */
  maxFileSize: number;
}

/** `engine`: which engine would be used, and what it is. */
export interface EngineCommand {
  kind: 'engine';
  format: 'text' | 'json';
  target: EngineTarget;
}

export type Command =
  | { kind: 'help' }
  | EngineCommand
  | { kind: 'version' }
  | { kind: 'rules'; format: 'text' | 'json' }
  | LintCommand
  | ParseCommand
  | { kind: 'lsp' };

export class UsageError extends Error {}

export const USAGE = `Usage:
  docker-workbench lint [options] PATH...   lint Dockerfiles and compose files (files, folders searched
                                           recursively, or - for a Dockerfile on stdin)
  docker-workbench parse [options] FILE    show how Docker reads a Dockerfile (- for stdin)
  docker-workbench rules [--format text|json]   list the rules
  docker-workbench engine [--host URL | --context NAME] [--format text|json]
                                           the Docker engine in use: which, and what it runs on
  docker-workbench lsp --stdio             the language server (the editor extension's) for any LSP
                                           client, over standard input and output
  docker-workbench --help | --version

Lint options:
  -f, --format text|json|sarif    output format (default text)
      --host-build N              Windows build of the target host: 17763 or 10.0.17763
                                  (implies --engine-os windows)
      --isolation process|hyperv  container isolation on that host (default process when
                                  --host-build is given, as on Windows Server)
      --engine-os windows|linux   the OS the Docker engine runs containers for
      --fix                       apply the preferred fixes, rewrite the files, report what remains
      --engine                    ask the Docker engine (DOCKER_HOST, the docker context, or the
                                  default socket) for its host facts and for the environment of
                                  base images it has; the flags above win field by field
  -H, --host URL                  with --engine: that engine (unix://, npipe://, tcp://, ssh://),
                                  as docker -H; TLS from DOCKER_TLS_VERIFY and DOCKER_CERT_PATH
  -c, --context NAME              with --engine: that docker context, whatever the current one is
      --color, --no-color         force colours on or off (default: on for a terminal)
      --max-file-size SIZE        larger files get one file-too-large error instead of being
                                  read: 512KiB, 20M, or a bare number of MiB (default 1, at most 64)
      --failure-threshold LEVEL   exit 1 when a finding is at least this severe: error (default),
                                  warning, info, hint, or none (findings never fail the run)
      --config FILE               settings from FILE (.docker-workbench.json, or a package.json
                                  with a dockerWorkbench key) instead of searching for one
      --no-config                 read no config file

Config: for each file, .docker-workbench.json or a package.json with a "dockerWorkbench" key in
its folder or the nearest one above, up to the repository root (.git) or the filesystem root;
the editor's settings (rules, windows.hostBuild, windows.isolation). Flags win field by field.

Parse options:
  -f, --format text|json|buildkit  text: each instruction as Docker joins it, its form and the
                                  command line that runs; json: stages, base images, escape,
                                  directives and instructions with 1-based ranges; buildkit:
                                  BuildKit's parser dump (parser.Node.Dump)
      --host-build, --isolation, --engine-os   as for lint (Windows release facts in the output)
      --max-file-size SIZE        as for lint; a larger file is refused (exit 2)

Folders are searched for Dockerfile, *.Dockerfile, Dockerfile.* and Containerfile (any case),
skipping node_modules and .git. A .dockerignore next to a Dockerfile is read with it.

Engine options:
  -H, --host URL, -c, --context NAME   as for lint (one or the other); neither: DOCKER_HOST, the
                                  current docker context, then the default socket or pipe
  -f, --format text|json          json: the stable document README describes

Exit status: 0 no errors, 1 errors found (parse: syntax errors; the output is still printed),
2 usage or file problems. engine: 0 connected, 2 not (the error, the endpoint tried and the fix
on stderr).
`;

const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];

export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0) throw new UsageError('no command given');
  if (argv.some((a) => a === '--help' || a === '-h') || argv[0] === 'help') return { kind: 'help' };
  if (argv.some((a) => a === '--version' || a === '-V' || a === '-v')) return { kind: 'version' };
  const [command, ...rest] = argv;
  const options = splitOptions(rest);
  switch (command) {
    case 'lint':
      return lintCommand(options);
    case 'parse':
      return parseCommand(options);
    case 'engine': {
      if (options.positional.length > 0) throw new UsageError(`engine takes no arguments, got '${options.positional[0]}'`);
      const format = takeValue(options, 'format') ?? 'text';
      if (format !== 'text' && format !== 'json') throw new UsageError(`--format for engine must be text or json, got '${format}'`);
      const target = targetOptions(options);
      rejectLeftovers(options);
      return { kind: 'engine', format, target };
    }
    case 'rules': {
      if (options.positional.length > 0) throw new UsageError(`rules takes no arguments, got '${options.positional[0]}'`);
      const format = takeValue(options, 'format') ?? 'text';
      if (format !== 'text' && format !== 'json') throw new UsageError(`--format for rules must be text or json, got '${format}'`);
      rejectLeftovers(options);
      return { kind: 'rules', format };
    }
    case 'lsp': {
      // stdio is the one transport: what every editor's LSP client can start.
      takeFlag(options, 'stdio');
      // vscode-languageclient adds this; the server reads it from the process's arguments itself.
      options.named.delete('clientProcessId');
      if (options.positional.length > 0) throw new UsageError(`lsp takes no arguments, got '${options.positional[0]}'`);
      rejectLeftovers(options);
      return { kind: 'lsp' };
    }
    default:
      throw new UsageError(`unknown command '${command}'; expected lint, parse, rules, engine or lsp`);
  }
}

function lintCommand(options: SplitOptions): LintCommand {
  const format = takeValue(options, 'format') ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${format}'`);
  }
  const hostGiven: HostField[] = [];
  if (options.named.has('host-build')) hostGiven.push('build', 'engineOs');
  if (options.named.has('isolation')) hostGiven.push('isolation');
  if (options.named.has('engine-os') && !hostGiven.includes('engineOs')) hostGiven.push('engineOs');
  const host = hostOptions(options);
  const engine = takeFlag(options, 'engine');
  const target = targetOptions(options);
  if (!engine && (target.host !== undefined || target.context !== undefined)) {
    throw new UsageError(`--${target.host !== undefined ? 'host' : 'context'} chooses the engine for --engine; add --engine`);
  }
  const fix = takeFlag(options, 'fix');
  const colorOn = takeFlag(options, 'color');
  const colorOff = takeFlag(options, 'no-color');
  const maxFileSize = maxFileSizeOption(options);
  const configFile = takeValue(options, 'config');
  const noConfig = takeFlag(options, 'no-config');
  if (configFile !== undefined && noConfig) throw new UsageError('give either --config or --no-config, not both');
  if (configFile !== undefined && !configFile.trim()) throw new UsageError('--config needs a file');
  const threshold = takeValue(options, 'failure-threshold') ?? 'error';
  if (!(THRESHOLDS as readonly string[]).includes(threshold)) throw new UsageError(`--failure-threshold must be one of ${THRESHOLDS.join(', ')}, got '${threshold}'`);
  rejectLeftovers(options);
  const paths = options.positional;
  if (paths.length === 0) throw new UsageError('lint needs at least one PATH (a Dockerfile, a folder, or - for stdin)');
  if (fix && paths.includes('-')) throw new UsageError('--fix rewrites files and cannot be used with - (stdin)');
  return { kind: 'lint', format: format as Format, host, fix, paths, color: colorOff ? false : colorOn ? true : undefined, engine, hostGiven, maxFileSize, target, config: noConfig ? false : configFile, failureThreshold: threshold as LintCommand['failureThreshold'] };
}

const THRESHOLDS = ['error', 'warning', 'info', 'hint', 'none'] as const;

const PARSE_FORMATS = ['text', 'json', 'buildkit'] as const;

function parseCommand(options: SplitOptions): ParseCommand {
  const format = takeValue(options, 'format') ?? 'text';
  if (!(PARSE_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format for parse must be one of ${PARSE_FORMATS.join(', ')}, got '${format}'`);
  }
  const host = hostOptions(options);
  const maxFileSize = maxFileSizeOption(options);
  rejectLeftovers(options);
  const paths = options.positional;
  if (paths.length !== 1) throw new UsageError(`parse takes exactly one FILE (or - for stdin), got ${paths.length}`);
  return { kind: 'parse', format: format as ParseCommand['format'], host, path: paths[0], maxFileSize };
}

/** `--host URL` or `--context NAME`, as the docker CLI's -H and --context: one or the other. */
function targetOptions(options: SplitOptions): EngineTarget {
  const host = takeValue(options, 'host');
  const context = takeValue(options, 'context');
  if (host !== undefined && context !== undefined) throw new UsageError('give either --host or --context, not both');
  if (host !== undefined && !host.trim()) throw new UsageError('--host needs an endpoint such as unix:///var/run/docker.sock or tcp://host:2376');
  if (context !== undefined && !context.trim()) throw new UsageError('--context needs the name of a docker context');
  const target: EngineTarget = {};
  if (host !== undefined) target.host = host.trim();
  if (context !== undefined) target.context = context.trim();
  return target;
}

const SIZE_UNITS: Record<string, number> = { '': 1024 * 1024, b: 1, k: 1024, kib: 1024, m: 1024 * 1024, mib: 1024 * 1024 };

/** `--max-file-size`: `512KiB`, `2k`, `1.5M`, `100b`, or a bare number of MiB (as the setting). */
function maxFileSizeOption(options: SplitOptions): number {
  const text = takeValue(options, 'max-file-size');
  if (text === undefined) return DEFAULT_MAX_FILE_SIZE_MIB * 1024 * 1024;
  const m = /^(\d+(?:\.\d+)?)([a-z]*)$/i.exec(text.trim());
  const unit = m === null ? undefined : SIZE_UNITS[m[2].toLowerCase()];
  const bytes = m === null || unit === undefined ? NaN : Math.round(Number(m[1]) * unit);
  if (!(bytes >= 1)) throw new UsageError(`--max-file-size must be a size such as 512KiB, 20M or 10 (MiB), got '${text}'`);
  if (bytes > MAX_FILE_SIZE_CEILING_BYTES) throw new UsageError(`--max-file-size must be at most ${MAX_FILE_SIZE_CEILING_BYTES / (1024 * 1024)} MiB, got '${text}'`);
  return bytes;
}

/** --host-build, --isolation and --engine-os, as lint and parse both take them. */
function hostOptions(options: SplitOptions): HostContext {
  const host: HostContext = {};
  const buildText = takeValue(options, 'host-build');
  if (buildText !== undefined) {
    const build = parseHostBuild(buildText);
    if (build === undefined) {
      throw new UsageError(`--host-build must be a Windows build number such as 17763 or 10.0.17763, got '${buildText}'`);
    }
    host.build = build;
    // A build number only exists for a Windows host; Windows Server defaults to process isolation.
    host.engineOs = 'windows';
    host.isolation = 'process';
  }
  const isolationText = takeValue(options, 'isolation');
  if (isolationText !== undefined) {
    const isolation = parseIsolation(isolationText);
    if (isolation === undefined) throw new UsageError(`--isolation must be process or hyperv, got '${isolationText}'`);
    host.isolation = isolation;
  }
  const engineText = takeValue(options, 'engine-os');
  if (engineText !== undefined) {
    const engineOs = engineText.trim().toLowerCase();
    if (engineOs !== 'windows' && engineOs !== 'linux') throw new UsageError(`--engine-os must be windows or linux, got '${engineText}'`);
    host.engineOs = engineOs;
  }
  if (Object.keys(host).length > 0) host.source = 'cli';
  return host;
}

interface SplitOptions {
  /** Option name (without dashes) -> values in order; `true` for a bare flag. */
  named: Map<string, Array<string | true>>;
  positional: string[];
}

const SHORT: Record<string, string> = { f: 'format', H: 'host', c: 'context' };
const TAKES_VALUE = new Set(['format', 'host-build', 'isolation', 'engine-os', 'max-file-size', 'host', 'context', 'config', 'failure-threshold']);

function splitOptions(args: readonly string[]): SplitOptions {
  const named = new Map<string, Array<string | true>>();
  const positional: string[] = [];
  const add = (name: string, value: string | true) => named.set(name, [...(named.get(name) ?? []), value]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const body = long ? arg.slice(2) : arg.slice(1);
    const eq = body.indexOf('=');
    const rawName = eq === -1 ? body : body.slice(0, eq);
    const name = long ? rawName : SHORT[rawName];
    if (name === undefined) throw new UsageError(`unknown option '${arg}'`);
    if (eq !== -1) {
      add(name, body.slice(eq + 1));
    } else if (TAKES_VALUE.has(name)) {
      if (i + 1 >= args.length) throw new UsageError(`option '${arg}' needs a value`);
      add(name, args[++i]);
    } else {
      add(name, true);
    }
  }
  return { named, positional };
}

function takeValue(options: SplitOptions, name: string): string | undefined {
  const values = options.named.get(name);
  if (values === undefined) return undefined;
  options.named.delete(name);
  if (values.length > 1) throw new UsageError(`--${name} given more than once`);
  const value = values[0];
  if (value === true) throw new UsageError(`option '--${name}' needs a value`);
  return value;
}

function takeFlag(options: SplitOptions, name: string): boolean {
  const values = options.named.get(name);
  if (values === undefined) return false;
  options.named.delete(name);
  if (values.some((v) => v !== true)) throw new UsageError(`option '--${name}' takes no value`);
  return true;
}

function rejectLeftovers(options: SplitOptions): void {
  const [name] = options.named.keys();
  if (name !== undefined) throw new UsageError(`unknown option '--${name}'`);
}
