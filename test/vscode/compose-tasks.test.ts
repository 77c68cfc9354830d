// Tasks and compose actions in real VS Code against the private engine: a tasks.json whose
// docker-run depends on a docker-build, run by VS Code's task system (the image and the running
// container exist afterwards); a broken Dockerfile's build error on its line; the detected tasks;
// and the compose actions with the compose that exists here (Debian's docker-compose 1.29): one
// service up through the code lens command (documentUri, serviceName), the whole file with its
// override and a profile picked, then per service from the Containers view's compose group. Then a
// compose file with a Windows service: its diagnostics under the Linux engine, and the Up code lens
// above a Linux service, its command run exactly as VS Code would run it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DockerWorkbenchApi } from '../../client/src/api';
import type { ComposeResult } from '../../client/src/commands/compose';
import { inspect } from '../../client/src/engine';
import { listContainers, listImages, removeImage, type EngineClient } from './engine-ops';
import { ENGINE_MS, ScriptedUi, scriptedUiPerTest, TEST_IMAGE, TEST_LABEL, api, containerNodes, removeTestContainers, waitFor, type ContainerNode } from './engine-helpers';
import { closeAll, lines, ours, ruleOf, waitForRules, workspaceDir } from './helpers';

interface TaskEnd {
  exitCode: number | undefined;
}

/** Runs a task of tasks.json by its label through VS Code's task system; resolves when it ended. */
async function runConfiguredTask(label: string, timeoutMs = ENGINE_MS): Promise<TaskEnd> {
  const task = await waitFor(`task "${label}" from tasks.json`, async () => (await vscode.tasks.fetchTasks()).find((t) => t.name === label && t.source === 'Workspace'), 20_000);
  const end: TaskEnd = { exitCode: undefined };
  const ended = new Promise<void>((resolve) => {
    const subs = [
      vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.name === label) end.exitCode = e.exitCode;
      }),
      vscode.tasks.onDidEndTask((e) => {
        if (e.execution.task.name !== label) return;
        for (const s of subs) s.dispose();
        resolve();
      }),
    ];
  });
  await vscode.tasks.executeTask(task);
  await waitFor(`task "${label}" to end`, async () => {
    const done = await Promise.race([ended.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 200))]);
    return done || undefined;
  }, timeoutMs);
  return end;
}

describe('tasks and compose actions against the real engine', function () {
  this.timeout(ENGINE_MS * 2);
  let a: DockerWorkbenchApi;
  let ui: ScriptedUi;
  let client: EngineClient;
  const tag = `dw-task-app:${process.pid}`;
  const containerName = `dw-task-run-${process.pid}`;
  const appDir = path.join(workspaceDir(), 'task-app');
  const brokenDir = path.join(workspaceDir(), 'task-broken');
  const tasksFile = path.join(workspaceDir(), '.vscode', 'tasks.json');

  before(async function () {
    a = await api();
    client = await a.session.requireClient();
    fs.mkdirSync(appDir, { recursive: true });
    fs.writeFileSync(path.join(appDir, 'Dockerfile'), lines(`FROM ${TEST_IMAGE}`, `RUN echo built-by-task-${process.pid} > /msg`, 'CMD ["sleep", "300"]'));
    fs.mkdirSync(brokenDir, { recursive: true });
    fs.writeFileSync(path.join(brokenDir, 'Dockerfile'), lines(`FROM ${TEST_IMAGE}`, '', 'RUN echo about to fail && exit 7', 'RUN echo never'));
    fs.mkdirSync(path.dirname(tasksFile), { recursive: true });
    fs.writeFileSync(
      tasksFile,
      JSON.stringify(
        {
          version: '2.0.0',
          tasks: [
            { label: 'dw build', type: 'docker-build', dockerfile: 'task-app/Dockerfile', tag, labels: { [TEST_LABEL]: '1' }, problemMatcher: [] },
            { label: 'dw run', type: 'docker-run', image: tag, name: containerName, labels: { [TEST_LABEL]: '1' }, env: { GREETING: 'from tasks.json' }, dependsOn: ['dw build'], problemMatcher: [] },
            { label: 'dw broken', type: 'docker-build', dockerfile: 'task-broken/Dockerfile', tag: `dw-task-broken:${process.pid}`, problemMatcher: [] },
            { label: 'dw stack up', type: 'docker-compose', files: [`dw-compose-actions-${process.pid}/compose.yaml`, `dw-compose-actions-${process.pid}/compose.override.yaml`], profiles: ['jobs'], services: ['worker'], problemMatcher: [] },
            { label: 'dw stack down', type: 'docker-compose', files: [`dw-compose-actions-${process.pid}/compose.yaml`, `dw-compose-actions-${process.pid}/compose.override.yaml`], profiles: ['jobs'], action: 'down', problemMatcher: [] },
            { label: 'dw attached', type: 'docker-run', image: tag, name: `${containerName}-attached`, detached: false, labels: { [TEST_LABEL]: '1' }, problemMatcher: [] },
          ],
        },
        null,
        2,
      ),
    );
  });

  scriptedUiPerTest((fresh) => (ui = fresh));

  after(async () => {
    for (const t of vscode.window.terminals) t.dispose();
    await removeTestContainers(client).catch(() => undefined);
    await removeImage(client, tag, { force: true }).catch(() => undefined);
    fs.rmSync(tasksFile, { force: true });
  });

  it('tasks.json: docker-run depends on docker-build; both run, and the image and the running container exist', async () => {
    const end = await runConfiguredTask('dw run');
    assert.equal(end.exitCode, 0, "the task's exit code");
    const image = (await listImages(client)).find((i) => i.repoTags.includes(tag));
    assert.ok(image, `the image ${tag} was built by the dependency`);
    const ct = (await listContainers(client, { all: true })).find((c) => c.name === containerName);
    assert.ok(ct, `the container ${containerName} exists`);
    assert.equal(ct.state, 'running');
    assert.equal(ct.imageId, image.id, 'from the image the build task made');
    const info = await inspect(client, 'container', ct.id);
    assert.ok(((info.Config as { Env: string[] }).Env ?? []).includes('GREETING=from tasks.json'));
  });

  it('terminating an attached docker-run task stops its container', async () => {
    const name = `${containerName}-attached`;
    const task = await waitFor('task "dw attached"', async () => (await vscode.tasks.fetchTasks()).find((t) => t.name === 'dw attached' && t.source === 'Workspace'));
    const ended = new Promise<void>((resolve) => {
      const sub = vscode.tasks.onDidEndTask((e) => {
        if (e.execution.task.name !== 'dw attached') return;
        sub.dispose();
        resolve();
      });
    });
    const execution = await vscode.tasks.executeTask(task);
    const ct = await waitFor('the attached container running', async () => (await listContainers(client, { all: true })).find((c) => c.name === name && c.state === 'running'), 30_000);
    execution.terminate();
    await waitFor('the task to end', async () => ((await Promise.race([ended.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 200))])) || undefined), 30_000);
    await waitFor('the container stopped', async () => ((await listContainers(client, { all: true })).find((c) => c.id === ct.id && c.state !== 'running') ? true : undefined), 30_000);
  });

  it("a broken Dockerfile's build error is a diagnostic on the line it came from", async () => {
    const end = await runConfiguredTask('dw broken');
    assert.equal(end.exitCode, 1, "the task's exit code");
    const uri = vscode.Uri.file(path.join(brokenDir, 'Dockerfile'));
    const d = await waitFor('the build diagnostic', () => vscode.languages.getDiagnostics(uri).find((x) => x.source === 'docker build'));
    assert.equal(d.range.start.line, 2, 'the RUN line that failed');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /^Build failed: .*(7|non-zero)/);
  });

  it('offers a build task for each Dockerfile and up/down tasks for a compose file', async () => {
    const dir = path.join(workspaceDir(), 'detected');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'compose.yaml'), lines('services:', '  app:', `    image: ${TEST_IMAGE}`));
    fs.writeFileSync(path.join(dir, 'compose.override.yaml'), lines('services:', '  app:', '    command: ["true"]'));
    const build = await vscode.tasks.fetchTasks({ type: 'docker-build' });
    const names = build.map((t) => t.name);
    assert.ok(names.includes('build task-app/Dockerfile'), names.join(', '));
    assert.equal(build.find((t) => t.name === 'build task-app/Dockerfile')?.group, vscode.TaskGroup.Build);
    const compose = (await vscode.tasks.fetchTasks({ type: 'docker-compose' })).filter((t) => t.source !== 'Workspace');
    const detected = compose.filter((t) => (t.definition.files as string[])?.[0] === 'detected/compose.yaml');
    assert.deepEqual(
      detected.map((t) => [t.definition.action, t.definition.files]),
      [
        ['up', ['detected/compose.yaml', 'detected/compose.override.yaml']],
        ['down', ['detected/compose.yaml', 'detected/compose.override.yaml']],
      ],
      'one pair for the file and its override, none for the override alone',
    );
  });

  describe('compose actions', () => {
    const dir = path.join(workspaceDir(), `dw-compose-actions-${process.pid}`);
    const file = path.join(dir, 'compose.yaml');
    const service = (name: string, extra: string[] = []) => [
      `  ${name}:`,
      `    image: ${TEST_IMAGE}`,
      `    command: ["sh", "-c", "echo hello-from-${name}; exec sleep 300"]`,
      '    init: true',
      '    stop_grace_period: 1s',
      '    labels:',
      `      ${TEST_LABEL}: "1"`,
      ...extra,
    ];
    const mine = async () => (await listContainers(client, { all: true })).filter((c) => c.labels['com.docker.compose.project.working_dir'] === dir);
    const running = async () => (await mine()).filter((c) => c.state === 'running').map((c) => c.composeService).sort();

    before(() => {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(file, lines('services:', ...service('web'), ...service('tool', ['    profiles: [debug]'])));
      fs.writeFileSync(path.join(dir, 'compose.override.yaml'), lines('services:', ...service('worker', ['    profiles: [jobs]'])));
    });

    it('upService (the code lens command: documentUri, serviceName) starts that service only', async () => {
      const up = (await vscode.commands.executeCommand('dockerWorkbench.compose.upService', vscode.Uri.file(file).toString(), 'worker')) as ComposeResult | undefined;
      assert.ok(up, `upService failed: ${ui.errors.join('; ')}`);
      assert.equal(up.exitCode, 0, up.output);
      assert.deepEqual(up.files, [file, path.join(dir, 'compose.override.yaml')], 'the override is read with its base');
      assert.deepEqual(up.args.slice(-3), ['up', '-d', 'worker']);
      assert.deepEqual(up.profiles, ['jobs'], "the service's own profile");
      assert.deepEqual(await running(), ['worker']);
      const missing = await vscode.commands.executeCommand('dockerWorkbench.compose.upService', vscode.Uri.file(file).toString(), 'nope');
      assert.equal(missing, undefined);
      await waitFor('the error for a service the files do not declare', () => ui.errors.find((e) => /no service "nope"/.test(e)));
    });

    it('Compose Up on the file asks for the profiles the files declare and brings the project up with the override', async () => {
      ui.answer('compose.profiles', 'jobs');
      const up = (await vscode.commands.executeCommand('dockerWorkbench.compose.up', vscode.Uri.file(file))) as ComposeResult | undefined;
      assert.ok(up, `compose up failed: ${ui.errors.join('; ')}`);
      assert.equal(up.exitCode, 0, up.output);
      assert.deepEqual(up.profiles, ['jobs']);
      const fIndex = up.args.indexOf('-f');
      assert.deepEqual(up.args.slice(fIndex, fIndex + 6), ['-f', file, '-f', path.join(dir, 'compose.override.yaml'), '--profile', 'jobs']);
      assert.deepEqual(await running(), ['web', 'worker'], 'tool (profile debug) stays off');
    });

    it('per service from the Containers view: restart and logs on a container of the compose group, then Compose Down on the group', async () => {
      const project = (await mine())[0].composeProject;
      assert.ok(project);
      const group = await waitFor('the compose group', async () => (await a.explorer.containers.getChildren()).find((n) => n.kind === 'composeProject' && n.project === project));
      const workerNode = await waitFor('the worker container in the group', async () =>
        (await containerNodes(a)).find((n): n is ContainerNode => n.container.composeProject === project && n.container.composeService === 'worker' && n.container.state === 'running'),
      );
      assert.match(workerNode.row.contextValue ?? '', /^container\.running.*\.compose$/, 'the menu offers the per-service actions');

      const startedAt = async () => String(((await inspect(client, 'container', workerNode.container.id)).State as { StartedAt: string }).StartedAt);
      const before = await startedAt();
      const restart = (await vscode.commands.executeCommand('dockerWorkbench.compose.restartService', workerNode)) as ComposeResult | undefined;
      assert.ok(restart, `restartService failed: ${ui.errors.join('; ')}`);
      assert.equal(restart.exitCode, 0, restart.output);
      assert.deepEqual(restart.args.slice(restart.args.indexOf('-p'), restart.args.indexOf('-p') + 2), ['-p', project], 'the project keeps its name');
      assert.deepEqual(restart.args.slice(-2), ['restart', 'worker']);
      assert.notEqual(await startedAt(), before, 'worker restarted');

      const logs = (await vscode.commands.executeCommand('dockerWorkbench.compose.logsService', workerNode)) as ComposeResult | undefined;
      assert.ok(logs, `logsService failed: ${ui.errors.join('; ')}`);
      assert.equal(logs.exitCode, null, 'logs follows until its terminal closes');
      await waitFor('the worker line in the logs terminal', () => (/hello-from-worker/.test(logs.transcript()) ? true : undefined), 30_000);
      assert.ok(!/hello-from-web/.test(logs.transcript()), 'only the worker');
      vscode.window.terminals.find((t) => t.name === logs.terminal)?.dispose();

      ui.answer('compose.profiles', 'jobs');
      const down = (await vscode.commands.executeCommand('dockerWorkbench.compose.down', group)) as ComposeResult | undefined;
      assert.ok(down, `compose down failed: ${ui.errors.join('; ')}`);
      assert.equal(down.exitCode, 0, down.output);
      assert.deepEqual(down.args.slice(-1), ['down']);
      await waitFor('the project gone from the engine', async () => ((await mine()).length === 0 ? true : undefined), 30_000);
      await waitFor('the group gone from the Containers view', async () => (!(await a.explorer.containers.getChildren()).some((n) => n.kind === 'composeProject' && n.project === project) ? true : undefined));
    });

    it('tasks.json: a docker-compose task brings one service up with its profile, another takes the project down', async () => {
      const up = await runConfiguredTask('dw stack up');
      assert.equal(up.exitCode, 0);
      await waitFor('worker running', async () => ((await running()).join() === 'worker' ? true : undefined), 30_000);
      const down = await runConfiguredTask('dw stack down');
      assert.equal(down.exitCode, 0);
      await waitFor('the project gone', async () => ((await mine()).length === 0 ? true : undefined), 30_000);
    });
  });

  describe('a compose file with a Windows service, on the Linux engine', () => {
    const linuxService = [
      '  app:',
      `    image: ${TEST_IMAGE}`,
      '    pull_policy: never',
      '    command: ["sleep", "300"]',
      '    init: true',
      '    stop_grace_period: 1s',
      '    labels:',
      `      ${TEST_LABEL}: "1"`,
    ];
    const windowsService = ['  iis:', '    image: mcr.microsoft.com/windows/servercore:ltsc2022', '    isolation: hyper-v'];

    async function open(name: string, text: string): Promise<vscode.TextDocument> {
      const dir = path.join(workspaceDir(), `dw-compose-${name}-${process.pid}`);
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'compose.yaml');
      fs.writeFileSync(file, text);
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(document);
      assert.equal(document.languageId, 'dockercompose');
      return document;
    }

    const lineOf = (document: vscode.TextDocument, text: string) => document.getText().split('\n').findIndex((l) => l.includes(text));

    after(async () => {
      await closeAll();
    });

    it("diagnostics: the Windows service's image, its isolation and its volume, each on its line; the Linux service has none", async () => {
      const document = await open('windows', lines('services:', ...linuxService, ...windowsService, '    volumes:', '      - C:\\data:C:\\data'));
      await waitForRules(document, ['compose-isolation-invalid', 'compose-windows-image-linux-engine', 'compose-windows-volume-syntax']);
      const at = (rule: string) => ours(document.uri).find((d) => ruleOf(d) === rule)!;
      const image = at('compose-windows-image-linux-engine');
      assert.equal(image.range.start.line, lineOf(document, 'servercore:ltsc2022'));
      assert.equal(document.getText(image.range), 'mcr.microsoft.com/windows/servercore:ltsc2022', 'on the image: value');
      assert.equal(image.severity, vscode.DiagnosticSeverity.Error);
      assert.match(image.message, /iis/);
      const isolation = at('compose-isolation-invalid');
      assert.equal(isolation.range.start.line, lineOf(document, 'isolation:'));
      assert.equal(document.getText(isolation.range), 'hyper-v');
      assert.equal(isolation.severity, vscode.DiagnosticSeverity.Error);
      const volume = at('compose-windows-volume-syntax');
      assert.equal(volume.range.start.line, lineOf(document, 'C:\\data'));
      assert.equal(volume.severity, vscode.DiagnosticSeverity.Warning);
      for (const d of ours(document.uri)) assert.ok(d.range.start.line > lineOf(document, '  iis:'), `${ruleOf(d)} belongs to the Windows service`);
      // The isolation's fix is the one clearly right, hyperv; applied, only that finding goes.
      const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', document.uri, isolation.range, vscode.CodeActionKind.QuickFix.value)) as vscode.CodeAction[];
      const fix = actions.find((x) => x.title === 'Use isolation: hyperv');
      assert.ok(fix?.edit, `no "Use isolation: hyperv" among: ${actions.map((x) => x.title).join(' | ')}`);
      assert.equal(fix.isPreferred, true);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.equal(document.lineAt(isolation.range.start.line).text, '    isolation: hyperv');
      await waitForRules(document, ['compose-windows-image-linux-engine', 'compose-windows-volume-syntax']);
    });

    it('the Up code lens above a service carries upService(documentUri, service); running exactly its command starts that service', async () => {
      const document = await open('lens', lines('services:', ...linuxService, ...windowsService.slice(0, 2)));
      const dir = path.dirname(document.uri.fsPath);
      const lenses = await waitFor('the code lenses', async () => {
        const found = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', document.uri)) as vscode.CodeLens[];
        return found.length >= 4 ? found : undefined;
      });
      const up = lenses.find((l) => l.command?.title === 'Up' && l.range.start.line === lineOf(document, '  app:'));
      assert.ok(up?.command, `an Up lens on the app line; got ${lenses.map((l) => `${l.command?.title}@${l.range.start.line}`).join(', ')}`);
      assert.equal(up.command.command, 'dockerWorkbench.compose.upService');
      assert.deepEqual(up.command.arguments, [document.uri.toString(), 'app']);
      const iisUp = lenses.find((l) => l.command?.title === 'Up' && l.range.start.line === lineOf(document, '  iis:'));
      assert.deepEqual(iisUp?.command?.arguments, [document.uri.toString(), 'iis'], 'each service has its own');
      assert.ok(lenses.some((l) => l.command?.title === 'Logs' && l.command.command === 'dockerWorkbench.compose.logsService' && l.range.start.line === up.range.start.line));

      const inProject = async () => (await listContainers(client, { all: true })).filter((c) => c.labels['com.docker.compose.project.working_dir'] === dir);
      const result = (await vscode.commands.executeCommand(up.command.command, ...(up.command.arguments ?? []))) as ComposeResult | undefined;
      assert.ok(result, `the lens command failed: ${ui.errors.join('; ')}`);
      assert.equal(result.exitCode, 0, result.output);
      assert.deepEqual(result.services, ['app']);
      const running = await waitFor('the app container running', async () => (await inProject()).find((c) => c.composeService === 'app' && c.state === 'running'), 30_000);
      assert.equal(running.labels[TEST_LABEL], '1');
      assert.deepEqual((await inProject()).map((c) => c.composeService), ['app'], 'the Windows service was not touched');

      const down = (await vscode.commands.executeCommand('dockerWorkbench.compose.down', document.uri)) as ComposeResult | undefined;
      assert.ok(down, `compose down failed: ${ui.errors.join('; ')}`);
      assert.equal(down.exitCode, 0, down.output);
      await waitFor('the project gone', async () => ((await inProject()).length === 0 ? true : undefined), 30_000);
    });
  });
});
