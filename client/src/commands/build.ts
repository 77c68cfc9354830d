// Build Image: from a Dockerfile (explorer or editor menu, or the active editor). Asks for the tag
// (folder-name:latest by default, validated), the context folder and build args; streams the
// builder's output to a channel with progress and cancel; a failure Docker ties to a line becomes
// a diagnostic on that line, and the line is revealed.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BuildError, buildImage, defaultTagForFolder, parseKeyValues, splitWords, validateImageTag, type BuildResult } from '../engine';
import { fileArg, optionsArg } from './targets';
import { diskPath, onDisk } from './trust';
import type { CommandSpec, Deps } from './types';

export interface BuildChoices {
  tag: string;
  /** Absolute folder sent as the build context; default: the Dockerfile's folder. */
  contextDir: string;
  /** `KEY=VALUE` entries. */
  buildArgs: string[];
  noCache: boolean;
}

/** Entries typed in one box: `A=a,b MSG="two words"` gives `A=a,b` and `MSG=two words` (see splitWords). */
export function splitArgs(text: string): string[] {
  return splitWords(text);
}

async function dockerfileFrom(deps: Deps, arg0: unknown): Promise<vscode.Uri | undefined> {
  const given = fileArg(arg0);
  if (given) return given;
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.languageId === 'dockerfile' && active.uri.scheme === 'file') return active.uri;
  const found = onDisk(await vscode.workspace.findFiles('**/{Dockerfile,Containerfile,*.Dockerfile,Dockerfile.*}', '**/node_modules/**', 50));
  if (found.length === 0) {
    return deps.ui.openFile({ id: 'build.dockerfile', title: 'Choose the Dockerfile to build' });
  }
  const picked = await deps.ui.pick({
    id: 'build.dockerfile',
    placeHolder: 'Dockerfile to build',
    items: found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
  });
  return picked?.uri;
}

async function askChoices(deps: Deps, dockerfile: vscode.Uri, given: Partial<BuildChoices>): Promise<BuildChoices | undefined> {
  const dir = path.dirname(dockerfile.fsPath);
  let tag = given.tag;
  if (tag === undefined) {
    tag = await deps.ui.input({
      id: 'build.tag',
      title: 'Build Image',
      prompt: 'Tag the image as name:tag',
      value: defaultTagForFolder(path.basename(dir)),
      validate: (v) => {
        const r = validateImageTag(v);
        return r.ok ? undefined : r.message;
      },
    });
    if (tag === undefined) return undefined;
  }
  let contextDir = given.contextDir;
  if (contextDir === undefined) {
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(dockerfile)?.uri;
    const folder = workspaceFolder?.scheme === 'file' ? workspaceFolder.fsPath : undefined;
    const items = [{ label: path.basename(dir) || dir, description: `the Dockerfile's folder (${dir})`, dir }];
    if (folder && folder !== dir) items.push({ label: path.basename(folder), description: `the workspace folder (${folder})`, dir: folder });
    items.push({ label: 'Choose a folder…', description: '', dir: '' });
    const picked = await deps.ui.pick({ id: 'build.context', title: 'Build Image', placeHolder: 'Build context folder', items });
    if (!picked) return undefined;
    contextDir = picked.dir;
    if (!contextDir) {
      const chosen = await deps.ui.openFile({ id: 'build.contextFolder', title: 'Build context folder', folders: true, defaultUri: vscode.Uri.file(dir) });
      if (!chosen) return undefined;
      contextDir = diskPath(chosen, 'Build Image');
    }
  }
  let buildArgs = given.buildArgs;
  if (buildArgs === undefined) {
    const text = await deps.ui.input({
      id: 'build.args',
      title: 'Build Image',
      prompt: 'Build args as KEY=VALUE, separated by spaces; quote a value with spaces: MSG="a b" (empty for none)',
      value: '',
      validate: (v) => {
        const r = parseKeyValues(splitArgs(v), 'Build arg');
        return r.ok ? undefined : r.message;
      },
    });
    if (text === undefined) return undefined;
    buildArgs = splitArgs(text);
  }
  return { tag, contextDir, buildArgs, noCache: given.noCache ?? false };
}

export async function buildCommand(deps: Deps, ...args: unknown[]): Promise<BuildResult | undefined> {
  const dockerfile = await dockerfileFrom(deps, args[0]);
  if (!dockerfile) return undefined;
  diskPath(dockerfile, 'Build Image');
  const choices = await askChoices(deps, dockerfile, optionsArg<BuildChoices>(args));
  if (!choices) return undefined;
  // Validated again here: callers passing options skip the input box's check.
  const tag = validateImageTag(choices.tag);
  if (!tag.ok) throw new Error(tag.message);
  const buildArgs = parseKeyValues(choices.buildArgs, 'Build arg');
  if (!buildArgs.ok) throw new Error(buildArgs.message);
  const client = await deps.session.requireClient();
  const out = deps.channel('Docker Workbench: Build');
  out.show(true);
  out.appendLine(`\n> Building ${tag.value} from ${dockerfile.fsPath} (context ${choices.contextDir})`);
  deps.buildDiagnostics.delete(dockerfile);
  const started = Date.now();
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Building ${tag.value}`, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      const result = await buildImage(client, {
        contextDir: choices.contextDir,
        dockerfile: dockerfile.fsPath,
        tags: [tag.value],
        buildArgs: buildArgs.value,
        noCache: choices.noCache,
        signal: controller.signal,
        // A large context takes a while to send before the builder says anything.
        onContextEntry: (_entry, index, total) => {
          if (index % 500 === 0) progress.report({ message: `sending the build context: ${index + 1} of ${total} entries` });
        },
        onMessage: (m) => {
          if (m.kind === 'output') out.append(m.text);
          else if (m.kind === 'step') {
            out.append(m.text);
            progress.report({ message: `step ${m.step}/${m.total}: ${m.instruction.slice(0, 60)}` });
          } else if (m.kind === 'status') out.appendLine(`${m.text}${m.progress ? ` ${m.progress}` : ''}`);
          else if (m.kind === 'error') out.appendLine(m.message);
        },
      });
      out.appendLine(`> Built ${result.tags.join(', ')} (${result.imageId.replace(/^sha256:/, '').slice(0, 12)}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      deps.session.markStale(['images']);
      void deps.ui.info(`Built ${result.tags.join(', ')}.`);
      return result;
    } catch (err) {
      if (err instanceof BuildError) {
        out.appendLine(`> ${err.message}`);
        if (err.location) await pointAtLine(deps, dockerfile, err.location.line, err.builderMessage);
      }
      throw err;
    } finally {
      sub.dispose();
    }
  });
}

/** Puts the builder's message on the Dockerfile line as a diagnostic and reveals that line. */
async function pointAtLine(deps: Deps, dockerfile: vscode.Uri, line: number, message: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(dockerfile);
  const safe = Math.min(Math.max(0, line), Math.max(0, document.lineCount - 1));
  const range = document.lineAt(safe).range;
  const diagnostic = new vscode.Diagnostic(range, `Build failed: ${message}`, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'docker build';
  deps.buildDiagnostics.set(dockerfile, [diagnostic]);
  const editor = await vscode.window.showTextDocument(document, { preserveFocus: false, preview: false });
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

export const buildCommands: CommandSpec[] = [
  {
    id: 'dockerWorkbench.image.build',
    untrusted: "Build Image sends this workspace's files to the Docker engine, which runs the Dockerfile's instructions.",
    run: buildCommand,
  },
];
