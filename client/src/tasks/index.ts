// Task providers for docker-build, docker-run and docker-compose: tasks.json's tasks of these types
// are given an execution here (resolveTask), and a build task for each Dockerfile and an up and a
// down task for each compose file of the workspace are offered (provideTasks). Each runs in the
// terminal panel as a CustomExecution (terminal.ts) doing what execute.ts says.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { composeFileSet, DEFAULT_OVERRIDE_FILES, describeFileSet, isComposeFileName } from '../engine/composeFiles';
import { defaultTagForFolder } from '../engine/validate';
import { restrictedMessage } from '../commands/trust';
import type { Deps } from '../commands/types';
import { BUILD_TASK, COMPOSE_TASK, RUN_TASK, detectionExclude } from './definitions';
import { buildTask, composeTask, runTask } from './execute';
import { TaskTerminal } from './terminal';

type TaskType = typeof BUILD_TASK | typeof RUN_TASK | typeof COMPOSE_TASK;

const WORK = { [BUILD_TASK]: buildTask, [RUN_TASK]: runTask, [COMPOSE_TASK]: composeTask } as const;

const SOURCE = 'Docker Workbench';

/** At most this many files of each kind are searched for, so a huge tree costs one bounded search. */
export const DETECT_LIMIT = 100;

/** The folder a task's relative paths are read against. */
function folderOf(scope: vscode.Task['scope']): vscode.WorkspaceFolder | undefined {
  if (typeof scope === 'object') return scope;
  return vscode.workspace.workspaceFolders?.[0];
}

function execution(deps: Deps, type: TaskType, scope: vscode.Task['scope']): vscode.CustomExecution {
  return new vscode.CustomExecution(
    async (resolved) =>
      new TaskTerminal(async (t, signal) => {
        if (!vscode.workspace.isTrusted) {
          t.line(restrictedMessage(`The ${type} task hands this workspace to the Docker engine.`));
          return 2;
        }
        const folder = folderOf(scope);
        if (!folder || folder.uri.scheme !== 'file') {
          t.line(`The ${type} task needs a workspace folder on disk to read its paths against.`);
          return 2;
        }
        return WORK[type](deps, resolved as Record<string, unknown>, folder.uri.fsPath, t, signal);
      }),
  );
}

function makeTask(deps: Deps, definition: vscode.TaskDefinition, scope: vscode.Task['scope'], name: string, group?: vscode.TaskGroup): vscode.Task {
  const task = new vscode.Task(definition, scope ?? vscode.TaskScope.Workspace, name, SOURCE, execution(deps, definition.type as TaskType, scope), []);
  if (group) task.group = group;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  return task;
}

async function find(include: string): Promise<vscode.Uri[]> {
  const exclude = detectionExclude(vscode.workspace.getConfiguration('files').get<Record<string, unknown>>('exclude'));
  const found = await vscode.workspace.findFiles(include, exclude, DETECT_LIMIT);
  return found.filter((u) => u.scheme === 'file').sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}

function relative(folder: vscode.WorkspaceFolder, file: string): string {
  return path.relative(folder.uri.fsPath, file).split(path.sep).join('/') || '.';
}

async function detectBuildTasks(deps: Deps): Promise<vscode.Task[]> {
  const tasks: vscode.Task[] = [];
  for (const uri of await find('**/{Dockerfile,Containerfile,*.Dockerfile,Dockerfile.*}')) {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) continue;
    const dir = path.dirname(uri.fsPath);
    const definition = { type: BUILD_TASK, dockerfile: relative(folder, uri.fsPath), context: relative(folder, dir), tag: defaultTagForFolder(path.basename(dir)) };
    tasks.push(makeTask(deps, definition, folder, `build ${definition.dockerfile}`, vscode.TaskGroup.Build));
  }
  return tasks;
}

async function detectComposeTasks(deps: Deps): Promise<vscode.Task[]> {
  const tasks: vscode.Task[] = [];
  const found = (await find('**/{compose,docker-compose}*.{yml,yaml}')).map((u) => u.fsPath).filter((f) => isComposeFileName(path.basename(f)));
  const seen = new Set<string>();
  for (const file of found) {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
    if (!folder) continue;
    const files = composeFileSet(file);
    // An override with its base is the base's task already.
    if (DEFAULT_OVERRIDE_FILES.includes(path.basename(file)) && files.length > 1) continue;
    const key = files.join('\n');
    if (seen.has(key)) continue;
    seen.add(key);
    const rel = files.map((f) => relative(folder, f));
    for (const action of ['up', 'down'] as const) {
      tasks.push(makeTask(deps, { type: COMPOSE_TASK, files: rel, action }, folder, `compose ${action} ${rel.length > 1 ? `${path.dirname(rel[0])}/${describeFileSet(files)}` : rel[0]}`));
    }
  }
  return tasks;
}

/** The providers of the three task types; lazy.ts registers a forwarder to each at activation. */
export function taskProviders(deps: Deps): Record<TaskType, vscode.TaskProvider> {
  const detect: Record<TaskType, () => Promise<vscode.Task[]>> = {
    [BUILD_TASK]: () => detectBuildTasks(deps),
    // A run task needs an image: none is guessed.
    [RUN_TASK]: async () => [],
    [COMPOSE_TASK]: () => detectComposeTasks(deps),
  };
  const provider = (type: TaskType): vscode.TaskProvider => ({
    provideTasks: () => detect[type](),
    // A task of tasks.json: the same definition, with our execution.
    resolveTask: (task) => new vscode.Task(task.definition, task.scope ?? vscode.TaskScope.Workspace, task.name, task.source || SOURCE, execution(deps, type, task.scope), []),
  });
  return { [BUILD_TASK]: provider(BUILD_TASK), [RUN_TASK]: provider(RUN_TASK), [COMPOSE_TASK]: provider(COMPOSE_TASK) };
}
