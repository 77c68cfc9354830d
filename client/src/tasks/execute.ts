// What each task type does in its terminal, through the same engine operations as the explorer's
// commands: docker-build -> buildImage (a failure tied to a Dockerfile line becomes a diagnostic
// there), docker-run -> runContainer or runAttached (on a Windows engine with no isolation given,
// the isolation the image can run under, or a refusal before anything is created), docker-compose
// -> the compose tool as the Compose commands run it. Progress shows in the status bar as well.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BuildError, buildImage, runContainer, validateIsolation, type EngineError } from '../engine';
import { composeArgs, composeEnv, composeTarget, composeToolName, locateComposeTool, runCompose } from '../engine/compose';
import { describeFileSet } from '../engine/composeFiles';
import { runAttached } from '../engine/runAttached';
import { runIsolationFor } from '../engine/runIsolation';
import type { Deps } from '../commands/types';
import { resolveBuildTask, resolveComposeTask, resolveRunTask, BUILD_TASK, COMPOSE_TASK, RUN_TASK } from './definitions';
import type { TaskTerminal } from './terminal';

const DIM = (s: string): string => `\x1b[2m${s}\x1b[0m`;
const RED = (s: string): string => `\x1b[31m${s}\x1b[0m`;

/** Exit code of a task that was terminated, as a shell reports SIGINT. */
const CANCELLED = 130;

function isCancelled(err: unknown): boolean {
  return (err as EngineError | undefined)?.kind === 'cancelled';
}

function withWindowProgress<T>(title: string, work: (progress: vscode.Progress<{ message?: string }>) => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, work));
}

/** The builder's message on the Dockerfile line it came from, in the build diagnostics. */
function buildDiagnostic(deps: Deps, dockerfile: string, err: BuildError): void {
  if (!err.location) return;
  let lines: string[] = [];
  try {
    lines = fs.readFileSync(dockerfile, 'utf8').split(/\r?\n|\r/);
  } catch {
    // the range below still points at the line
  }
  const line = Math.min(Math.max(0, err.location.line), Math.max(0, lines.length - 1));
  const range = new vscode.Range(line, 0, line, lines[line]?.length ?? 0);
  const diagnostic = new vscode.Diagnostic(range, `Build failed: ${err.builderMessage}`, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'docker build';
  deps.buildDiagnostics.set(vscode.Uri.file(dockerfile), [diagnostic]);
}

export async function buildTask(deps: Deps, def: Record<string, unknown>, folder: string, t: TaskTerminal, signal: AbortSignal): Promise<number> {
  const r = resolveBuildTask(def, folder);
  if (!r.ok) {
    t.line(RED(r.message));
    return 2;
  }
  const b = r.value;
  const client = await deps.session.requireClient();
  if (b.isolation) {
    const iso = validateIsolation(b.isolation, deps.session.platform?.osType ?? '');
    if (!iso.ok) {
      t.line(RED(`${BUILD_TASK} task: "isolation": ${iso.message}`));
      return 2;
    }
  }
  const uri = vscode.Uri.file(b.dockerfile);
  deps.buildDiagnostics.delete(uri);
  t.line(DIM(`> ${BUILD_TASK}: ${b.tag} from ${b.dockerfile} (context ${b.contextDir}) on ${client.endpoint.url}`));
  return withWindowProgress(`Building ${b.tag}`, async (progress) => {
    try {
      const result = await buildImage(client, {
        contextDir: b.contextDir,
        dockerfile: b.dockerfile,
        tags: [b.tag],
        buildArgs: b.buildArgs,
        target: b.target,
        platform: b.platform,
        isolation: b.isolation,
        labels: b.labels,
        noCache: b.noCache,
        signal,
        onContextEntry: (_e, index, total) => {
          if (index % 500 === 0) progress.report({ message: `sending the context: ${index + 1} of ${total}` });
        },
        onMessage: (m) => {
          if (m.kind === 'output') t.write(m.text);
          else if (m.kind === 'step') {
            t.write(m.text);
            progress.report({ message: `step ${m.step}/${m.total}` });
          } else if (m.kind === 'status') t.line(`${m.text}${m.progress ? ` ${m.progress}` : ''}`);
          else if (m.kind === 'error') t.line(RED(m.message));
        },
      });
      deps.session.markStale(['images']);
      t.line(`Built ${result.tags.join(', ')} (${result.imageId.replace(/^sha256:/, '').slice(0, 12)}).`);
      return 0;
    } catch (err) {
      if (isCancelled(err)) {
        t.line(RED('The build was cancelled.'));
        return CANCELLED;
      }
      if (err instanceof BuildError) {
        buildDiagnostic(deps, b.dockerfile, err);
        t.line(RED(err.message));
        return 1;
      }
      throw err;
    }
  });
}

export async function runTask(deps: Deps, def: Record<string, unknown>, folder: string, t: TaskTerminal, signal: AbortSignal): Promise<number> {
  const r = resolveRunTask(def, folder, (file) => fs.readFileSync(file, 'utf8'));
  if (!r.ok) {
    t.line(RED(r.message));
    return 2;
  }
  const run = r.value;
  const client = await deps.session.requireClient();
  const platform = deps.session.platform;
  const engineOs = platform?.osType ?? '';
  let isolation = run.isolation;
  if (isolation) {
    const iso = validateIsolation(isolation, engineOs);
    if (!iso.ok) {
      t.line(RED(`${RUN_TASK} task: "isolation": ${iso.message}`));
      return 2;
    }
  } else if (platform && engineOs === 'windows') {
    // Decided before anything is created: an image that runs under neither isolation is refused here.
    const decision = await runIsolationFor(client, platform, run.image);
    if (!decision.ok) {
      t.line(RED(decision.message));
      return 1;
    }
    isolation = decision.isolation;
    if (decision.note) t.line(DIM(decision.note));
  }
  const opts = {
    image: run.image,
    name: run.name,
    ports: run.ports,
    env: run.env,
    volumes: run.volumes,
    network: run.network,
    isolation,
    engineOs,
    autoRemove: run.remove,
    labels: run.labels,
  };
  t.line(DIM(`> ${RUN_TASK}: ${run.image}${run.name ? ` as ${run.name}` : ''}${run.detached ? ' (detached)' : ''} on ${client.endpoint.url}`));
  return withWindowProgress(`Running ${run.image}`, async () => {
    try {
      if (run.detached) {
        const started = await runContainer(client, opts);
        deps.session.markStale(['containers']);
        for (const w of started.warnings) t.line(`warning: ${w}`);
        t.line(`Started ${started.name} (${started.id.slice(0, 12)}).`);
        return 0;
      }
      const result = await runAttached(client, opts, {
        signal,
        onOutput: (text) => t.write(text),
        onStarted: (id, name) => {
          deps.session.markStale(['containers']);
          t.line(DIM(`Started ${name} (${id.slice(0, 12)}); terminating the task stops it.`));
        },
      });
      deps.session.markStale(['containers']);
      t.line(DIM(`${result.name} exited with ${result.exitCode}${result.stopped ? ' (stopped by terminating the task)' : ''}.`));
      return result.stopped ? CANCELLED : result.exitCode;
    } catch (err) {
      if (isCancelled(err)) {
        t.line(RED('The run was cancelled.'));
        return CANCELLED;
      }
      throw err;
    }
  });
}

export async function composeTask(deps: Deps, def: Record<string, unknown>, folder: string, t: TaskTerminal, signal: AbortSignal): Promise<number> {
  const r = resolveComposeTask(def, folder, fs.existsSync);
  if (!r.ok) {
    t.line(RED(r.message));
    return 2;
  }
  const c = r.value;
  const client = await deps.session.requireClient();
  const found = await locateComposeTool(composeEnv(client.endpoint));
  if (!found.ok) {
    t.line(RED(found.message));
    return 1;
  }
  const route = composeTarget(found.tool, client.endpoint);
  if (route.problem) {
    t.line(RED(route.problem));
    return 1;
  }
  const args = composeArgs(found.tool, c.files, c.action, { global: route.globalArgs, profiles: c.profiles, services: c.services });
  t.line(DIM(`> ${[found.tool.command, ...args].join(' ')}   (engine: ${route.how})`));
  if (signal.aborted) return CANCELLED;
  const run = runCompose(found.tool, args, { cwd: path.dirname(c.files[0]), env: route.env });
  run.onOutput((text) => t.write(text));
  const onAbort = (): void => run.kill();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const exit = await withWindowProgress(`${COMPOSE_TASK} ${c.action} · ${describeFileSet(c.files)}`, () => run.done);
    deps.session.markStale(['containers', 'networks', 'volumes']);
    if (signal.aborted) return CANCELLED;
    if (exit.code !== 0) t.line(RED(`${composeToolName(found.tool)} ${c.action} failed (${exit.signal ? `stopped by ${exit.signal}` : `exit ${exit.code}`}).`));
    return exit.code ?? 1;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
