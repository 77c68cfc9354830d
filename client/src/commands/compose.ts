// Compose Up / Down / Restart / Logs: `docker compose` if the CLI has the plugin, else
// `docker-compose`. On a file (with its override, as compose picks them), on several files chosen
// together, on a project of the Containers view (the files its labels name), and per service (the
// code lens above a service, a container of a compose group). The program and its arguments are
// an array (no shell), its environment points it at the endpoint the explorer resolved, its output
// streams to a terminal, and the command ends when compose does (Logs: when it has started).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { composeArgs, composeTarget, composeToolName, composeEnv, lastLine, locateComposeTool, runCompose, type ComposeAction } from '../engine/compose';
import { composeFileSet, composeProjectFromLabels, describeFileSet, isComposeFileName, orderComposeFiles, readComposeFilesFacts } from '../engine/composeFiles';
import type { ExplorerNode } from '../explorer/views';
import { openStreamTerminal } from './pty';
import { fileArg, isNode, optionsArg } from './targets';
import { diskPath, onDisk } from './trust';
import type { CommandSpec, Deps } from './types';

export interface ComposeResult {
  /** `docker` or `docker-compose`. */
  command: string;
  /** The absolute path that ran, resolved from PATH. */
  program: string;
  args: string[];
  /** DOCKER_HOST the compose process was given. */
  dockerHost: string;
  /** null for Logs, which follows until its terminal is closed. */
  exitCode: number | null;
  output: string;
  terminal: string;
  files: string[];
  profiles: string[];
  services: string[];
  /** What the terminal showed so far (Logs: it keeps growing). */
  transcript(): string;
}

/** What a caller (a test, another command) may pass to skip the questions. */
export interface ComposeOptions {
  files: string[];
  profiles: string[];
  services: string[];
}

/** The files compose runs on, where, and under which project name. */
interface ComposeTargetFiles {
  files: string[];
  cwd: string;
  /** Set for a project of the Containers view: it keeps the name it was started with. */
  projectName?: string;
  /** For titles: `compose.yaml + compose.override.yaml`, or the project's name. */
  label: string;
  /** The service a container node stands for. */
  service?: string;
}

function fromFiles(files: string[]): ComposeTargetFiles {
  return { files, cwd: path.dirname(files[0]), label: describeFileSet(files) };
}

/** A compose group or one of its containers: the project as its labels describe it. */
function fromNode(node: ExplorerNode): ComposeTargetFiles | undefined {
  const labels = node.kind === 'composeProject' ? node.containers[0]?.labels : node.kind === 'container' ? node.container.labels : undefined;
  if (!labels) return undefined;
  const ref = composeProjectFromLabels(labels);
  if (!ref.ok) throw new Error(ref.message);
  const missing = ref.value.configFiles.filter((f) => !fs.existsSync(f));
  if (missing.length > 0) throw new Error(`The compose project "${ref.value.project}" was started from ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} no longer there.`);
  return { files: ref.value.configFiles, cwd: ref.value.workingDir, projectName: ref.value.project, label: ref.value.project, service: node.kind === 'container' ? ref.value.service : undefined };
}

function uriOf(v: unknown): vscode.Uri | undefined {
  if (typeof v === 'string' && /^[a-z][\w+.-]*:/i.test(v) && !/^[a-z]:[\\/]/i.test(v)) return vscode.Uri.parse(v, true);
  return fileArg(v);
}

async function pickFiles(deps: Deps): Promise<string[] | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme === 'file' && isComposeFileName(path.basename(active.fsPath))) return composeFileSet(active.fsPath);
  const found = onDisk(await vscode.workspace.findFiles('**/{compose,docker-compose}*.{yml,yaml}', '**/node_modules/**', 50))
    .map((u) => u.fsPath)
    .filter((f) => isComposeFileName(path.basename(f)))
    .sort();
  if (found.length === 0) {
    await deps.ui.warn('No compose file (compose.yaml, docker-compose.yml) in the workspace.');
    return undefined;
  }
  const items = found.map((f) => {
    const set = composeFileSet(f);
    return { label: vscode.workspace.asRelativePath(f), description: set.length > 1 ? describeFileSet(set) : '', file: f, files: set };
  });
  const several = { label: 'Choose several files…', description: 'merged in order, overrides last (-f a -f b)', file: '', files: [] as string[] };
  const picked = await deps.ui.pick({ id: 'compose.file', placeHolder: 'Compose file', items: found.length > 1 ? [...items, several] : items });
  if (!picked) return undefined;
  if (picked.files.length > 0) return picked.files;
  const many = await deps.ui.pickMany({ id: 'compose.files', placeHolder: 'Compose files to use together', items: items.map((i) => ({ ...i, description: '' })) });
  if (!many || many.length === 0) return undefined;
  return orderComposeFiles(many.map((i) => i.file));
}

/** The files of a whole-project action: a node, a multi-selection, a file, options, or what the user picks. */
async function targetFromArgs(deps: Deps, args: readonly unknown[], what: string): Promise<ComposeTargetFiles | undefined> {
  const [arg0, arg1] = args;
  if (isNode(arg0)) {
    const t = fromNode(arg0);
    if (!t) throw new Error(`${what} works on a compose file or a compose project of the Containers view.`);
    return t;
  }
  const selection = Array.isArray(arg1) ? arg1.map(uriOf).filter((u): u is vscode.Uri => u !== undefined) : [];
  if (selection.length > 1) return fromFiles(orderComposeFiles(selection.map((u) => diskPath(u, what))));
  const given = uriOf(arg0);
  if (given) return fromFiles(composeFileSet(diskPath(given, what)));
  const opts = optionsArg<ComposeOptions>(args);
  if (opts.files && opts.files.length > 0) {
    for (const f of opts.files) if (!path.isAbsolute(f)) throw new Error(`${what}: the compose file ${f} is not an absolute path.`);
    return fromFiles(opts.files);
  }
  const picked = await pickFiles(deps);
  return picked ? fromFiles(picked) : undefined;
}

/** Profiles to enable, picked from those the files declare; none declared: none asked. */
async function askProfiles(deps: Deps, files: readonly string[]): Promise<string[] | undefined> {
  const facts = readComposeFilesFacts(files);
  if (facts.profiles.length === 0) return [];
  const items = facts.profiles.map((p) => ({
    label: p,
    description: `services: ${Object.entries(facts.serviceProfiles)
      .filter(([, ps]) => ps.includes(p))
      .map(([s]) => s)
      .join(', ')}`,
  }));
  const picked = await deps.ui.pickMany({ id: 'compose.profiles', placeHolder: 'Profiles to enable (none: only the services without a profile)', items });
  return picked?.map((p) => p.label);
}

async function compose(deps: Deps, action: ComposeAction, args: readonly unknown[]): Promise<ComposeResult | undefined> {
  const title = `Compose ${action[0].toUpperCase()}${action.slice(1)}`;
  const target = await targetFromArgs(deps, args, title);
  if (!target) return undefined;
  const opts = optionsArg<ComposeOptions>(args);
  const profiles = opts.profiles ?? (await askProfiles(deps, target.files));
  if (!profiles) return undefined;
  return runOn(deps, action, target, profiles, opts.services ?? []);
}

/** Per service: `(documentUri, serviceName)` from the code lens, a container of a compose group, or picked. */
async function composeService(deps: Deps, action: ComposeAction, args: readonly unknown[]): Promise<ComposeResult | undefined> {
  const title = `Compose ${action[0].toUpperCase()}${action.slice(1)} Service`;
  const [arg0, arg1] = args;
  let target: ComposeTargetFiles | undefined;
  let service: string | undefined;
  if (isNode(arg0)) {
    target = fromNode(arg0);
    service = target?.service;
    if (!target || !service) throw new Error(`${title} works on a container started by Docker Compose.`);
  } else {
    const given = uriOf(arg0);
    target = given ? fromFiles(composeFileSet(diskPath(given, title))) : await targetFromArgs(deps, [], title);
    if (!target) return undefined;
    service = typeof arg1 === 'string' ? arg1 : undefined;
  }
  const facts = readComposeFilesFacts(target.files);
  if (service === undefined) {
    if (facts.services.length === 0) throw new Error(`${title}: ${target.label} declares no services${facts.problems.length ? ` (${facts.problems[0]})` : ''}.`);
    const picked = await deps.ui.pick({ id: 'compose.service', placeHolder: 'Service', items: facts.services.map((s) => ({ label: s })) });
    if (!picked) return undefined;
    service = picked.label;
  } else if (facts.problems.length === 0 && !target.projectName && !facts.services.includes(service)) {
    throw new Error(`${title}: there is no service "${service}" in ${target.label}.`);
  }
  // Named on the command line, a service starts whatever its profiles; naming them does no harm
  // and keeps docker-compose v1 from refusing it.
  return runOn(deps, action, target, facts.serviceProfiles[service] ?? [], [service]);
}

async function runOn(deps: Deps, action: ComposeAction, target: ComposeTargetFiles, profiles: string[], services: string[]): Promise<ComposeResult | undefined> {
  // The engine the views show; no engine, no point starting compose (the error offers Retry).
  const client = await deps.session.requireClient();
  const found = await locateComposeTool(composeEnv(client.endpoint));
  if (!found.ok) {
    await deps.ui.error(found.message);
    return undefined;
  }
  const tool = found.tool;
  const route = composeTarget(tool, client.endpoint);
  if (route.problem) {
    await deps.ui.error(route.problem);
    return undefined;
  }
  const env = route.env;
  const args = composeArgs(tool, target.files, action, { global: route.globalArgs, projectName: target.projectName, profiles, services });
  const run = runCompose(tool, args, { cwd: target.cwd, env });
  const name = `compose ${action}${services.length ? ` ${services.join(' ')}` : ''}: ${target.label}`;
  const terminal = openStreamTerminal(
    name,
    async () => {
      const started = `> ${[tool.command, ...args].join(' ')}   (engine: ${route.how})\n`;
      return {
        onData: (listener) => {
          listener(started);
          run.onOutput(listener);
        },
        onEnd: (listener) => void run.done.then(listener),
        // Closing the terminal stops a compose still running (a slow pull, followed logs).
        close: () => run.kill(),
      };
    },
    { rawTty: false, iconId: 'layers' },
  );
  terminal.terminal.show(true);
  const result = (exitCode: number | null): ComposeResult => ({
    command: composeToolName(tool),
    program: tool.command,
    args,
    dockerHost: env.DOCKER_HOST ?? '',
    exitCode,
    output: run.output(),
    terminal: name,
    files: target.files,
    profiles,
    services,
    transcript: terminal.transcript,
  });
  // Logs follows until its terminal is closed: the command is done once it runs.
  if (action === 'logs') return result(null);
  const exit = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Compose ${action}${services.length ? ` ${services.join(' ')}` : ''} · ${target.label}`, cancellable: true },
    async (_progress, token) => {
      const sub = token.onCancellationRequested(() => run.kill());
      try {
        return await run.done;
      } finally {
        sub.dispose();
      }
    },
  );
  deps.session.markStale(['containers', 'networks', 'volumes']);
  const exitCode = exit.code ?? -1;
  if (exitCode !== 0) {
    const said = lastLine(run.output());
    throw new Error(`${composeToolName(tool)} ${[...tool.prefix, action].join(' ')} failed (${exit.signal ? `stopped by ${exit.signal}` : `exit ${exitCode}`})${said ? `: ${said}` : ''}`);
  }
  void deps.ui.info(`Compose ${action}${services.length ? ` ${services.join(' ')}` : ''} finished for ${target.label}.`);
  return result(exitCode);
}

const COMPOSE_UNTRUSTED =
  "Compose runs Docker Compose on this workspace's compose file, which can build, bind-mount host folders and start privileged containers.";

export const composeCommands: CommandSpec[] = [
  { id: 'dockerWorkbench.compose.up', untrusted: COMPOSE_UNTRUSTED, run: (deps, ...args) => compose(deps, 'up', args) },
  { id: 'dockerWorkbench.compose.down', untrusted: COMPOSE_UNTRUSTED, run: (deps, ...args) => compose(deps, 'down', args) },
  { id: 'dockerWorkbench.compose.restart', untrusted: COMPOSE_UNTRUSTED, run: (deps, ...args) => compose(deps, 'restart', args) },
  { id: 'dockerWorkbench.compose.logs', untrusted: COMPOSE_UNTRUSTED, run: (deps, ...args) => compose(deps, 'logs', args) },
  { id: 'dockerWorkbench.compose.upService', untrusted: COMPOSE_UNTRUSTED, run: (deps, ...args) => composeService(deps, 'up', args) },
  { id: 'dockerWorkbench.compose.restartService', untrusted: COMPOSE_UNTRUSTED, run: (deps, ...args) => composeService(deps, 'restart', args) },
  { id: 'dockerWorkbench.compose.logsService', untrusted: COMPOSE_UNTRUSTED, run: (deps, ...args) => composeService(deps, 'logs', args) },
];
