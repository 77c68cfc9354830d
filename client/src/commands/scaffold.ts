// Add Dockerfile to Workspace: the thin layer over client/src/companion/scaffold. It picks the
// folder, lets detection say what it can, asks what remains (kind, per-kind questions, the Windows
// host when neither the engine nor the settings name its build, a compose file), and writes the
// files. Existing files are replaced only after a modal question, and each file is written to a
// new file beside it and renamed over it, so a link in its place is replaced, never written through.
//
// Not off in Restricted Mode: it runs nothing and hands nothing to the engine; it writes text the
// user asked for, built from templates and values checked by scaffold/values.ts (a value a
// project file supplies that does not pass is asked for instead).
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HostContext } from '../../../shared/protocol';
import { mergeHost, parseHostBuild, parseSettings } from '../../../shared/settings';
import { releaseByBuild } from '../../../shared/windows/releases';
import {
  COMPOSE_QUESTION,
  HOST_CHOICES,
  KINDS,
  NoReleaseForHost,
  ScaffoldSpecError,
  detectProject,
  generate,
  initialSpec,
  isolationOrDefault,
  kindInfo,
  questionsFor,
  serviceNameFor,
  type KindId,
  type Question,
  type WindowsHost,
} from '../companion/scaffold';
import { toHostContext } from '../engine/platform';
import { fileArg } from './targets';
import { diskPath } from './trust';
import type { CommandSpec, Deps } from './types';

const TITLE = 'Add Dockerfile to Workspace';

export interface AddDockerfileResult {
  folder: string;
  kind: KindId;
  /** Names of the files written, in order. */
  files: string[];
  baseImages: string[];
  host?: WindowsHost;
  /** Files detection left unread, and why. */
  notes: string[];
}

async function chooseFolder(deps: Deps, arg0: unknown): Promise<vscode.Uri | undefined> {
  const given = fileArg(arg0);
  if (given) {
    const stat = await vscode.workspace.fs.stat(given);
    return stat.type & vscode.FileType.Directory ? given : vscode.Uri.joinPath(given, '..');
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    await deps.ui.warn(`${TITLE} writes into a folder of the workspace: open a folder first.`);
    return undefined;
  }
  if (folders.length === 1) return folders[0].uri;
  const picked = await deps.ui.pick({ id: 'scaffold.folder', title: TITLE, placeHolder: 'Folder to add the Dockerfile to', items: folders.map((f) => ({ label: f.name, description: f.uri.fsPath, uri: f.uri })) });
  return picked?.uri;
}

async function chooseKind(deps: Deps, candidates: KindId[], evidence: Partial<Record<KindId, string>>): Promise<KindId | undefined> {
  if (candidates.length === 1) return candidates[0];
  const order = [...candidates, ...KINDS.map((k) => k.id).filter((id) => !candidates.includes(id))];
  const picked = await deps.ui.pick({
    id: 'scaffold.kind',
    title: TITLE,
    placeHolder: candidates.length === 0 ? 'What does this folder hold? (nothing in it says)' : 'What does this folder hold?',
    items: order.map((id) => {
      const info = kindInfo(id);
      return { label: info.label, description: evidence[id] ? `detected: ${evidence[id]}` : info.os === 'windows' ? 'Windows' : 'Linux', detail: info.detail, id };
    }),
  });
  return picked?.id;
}

async function ask(deps: Deps, q: Question): Promise<string | undefined> {
  if (q.choices) {
    const picked = await deps.ui.pick({ id: q.id, title: TITLE, placeHolder: q.prompt, items: q.choices.map((c) => ({ label: c.label, description: c.description, value: c.value })) });
    return picked?.value;
  }
  return deps.ui.input({ id: q.id, title: TITLE, prompt: q.prompt, value: q.value, validate: q.validate });
}

/** The engine's facts (waiting briefly for a connection under way), the settings winning as they do for the linter. */
async function knownHost(deps: Deps, folder: vscode.Uri): Promise<HostContext> {
  let engine: HostContext = {};
  const connected = deps.session.requireClient().then(
    () => true,
    () => false,
  );
  let timer: NodeJS.Timeout | undefined;
  const waited = await Promise.race([connected, new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 5000)))]);
  clearTimeout(timer);
  const platform = deps.session.platform;
  if (waited && platform) engine = toHostContext(platform);
  const section = vscode.workspace.getConfiguration('dockerWorkbench', folder);
  const override = parseSettings({ windows: { hostBuild: section.get<unknown>('windows.hostBuild'), isolation: section.get<unknown>('windows.isolation') } }).hostOverride;
  return mergeHost(engine, override);
}

async function windowsHost(deps: Deps, folder: vscode.Uri): Promise<WindowsHost | undefined> {
  const known = await knownHost(deps, folder);
  if (known.build !== undefined) return { build: known.build, isolation: isolationOrDefault(known.isolation), source: known.source === 'settings' ? 'settings' : 'engine' };
  const other = 'Another build…';
  const picked = await deps.ui.pick({
    id: 'scaffold.host',
    title: TITLE,
    placeHolder: 'Which Windows host will run it? (no Windows engine is connected and dockerWorkbench.windows.hostBuild is empty)',
    items: [
      ...HOST_CHOICES.map((h) => ({ label: h.label, description: `build ${h.build}, ${h.isolation === 'hyperv' ? 'Hyper-V' : 'process'} isolation`, host: h })),
      { label: other, description: 'type the build number (winver, or docker info: OSVersion)', host: undefined },
    ],
  });
  if (!picked) return undefined;
  if (picked.host) return { build: picked.host.build, isolation: known.isolation ?? picked.host.isolation, source: 'chosen' };
  const typed = await deps.ui.input({
    id: 'scaffold.hostBuild',
    title: TITLE,
    prompt: 'Windows build of the host (17763 or 10.0.17763)',
    validate: (v) => (parseHostBuild(v) === undefined ? 'A build number such as 17763, 20348 or 26100.' : undefined),
  });
  const build = typed === undefined ? undefined : parseHostBuild(typed);
  if (build === undefined) return undefined;
  // A Server build runs process isolation by default, a client build (Windows 10/11) Hyper-V.
  return { build, isolation: known.isolation ?? (releaseByBuild(build) ? 'process' : 'hyperv'), source: 'chosen' };
}


/** Writes `text` to `file` by a new file beside it renamed over it: a link there is replaced, not followed. */
async function writeReplacing(file: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  await fs.promises.writeFile(temp, text, { flag: 'wx', mode: 0o644 });
  try {
    await fs.promises.rename(temp, file);
  } catch (err) {
    await fs.promises.rm(temp, { force: true });
    throw err;
  }
}

/** What is in the way: existing entries by name (a folder of that name cannot be replaced). */
async function existing(dir: string, names: string[]): Promise<{ files: string[]; folders: string[] }> {
  const files: string[] = [];
  const folders: string[] = [];
  for (const name of names) {
    const st = await fs.promises.lstat(path.join(dir, name)).catch(() => undefined);
    if (st?.isDirectory()) folders.push(name);
    else if (st) files.push(name);
  }
  return { files, folders };
}

export async function addDockerfileCommand(deps: Deps, ...args: unknown[]): Promise<AddDockerfileResult | undefined> {
  const folderUri = await chooseFolder(deps, args[0]);
  if (!folderUri) return undefined;
  const dir = diskPath(folderUri, TITLE);
  const detection = await detectProject(dir);
  const kind = await chooseKind(deps, detection.candidates, detection.evidence);
  if (!kind) return undefined;
  const facts = detection.facts[kind];
  const spec = initialSpec(kind, facts, serviceNameFor(path.basename(dir)));
  for (const q of [...questionsFor(kind, facts), COMPOSE_QUESTION]) {
    const answer = await ask(deps, q);
    if (answer === undefined) return undefined;
    q.apply(spec, answer);
  }
  let host: WindowsHost | undefined;
  if (kindInfo(kind).os === 'windows') {
    host = await windowsHost(deps, folderUri);
    if (!host) return undefined;
  }
  let generated;
  try {
    generated = generate(spec, host);
  } catch (err) {
    if (err instanceof NoReleaseForHost || err instanceof ScaffoldSpecError) {
      await deps.ui.error(`${TITLE}: nothing written. ${err.message}`);
      return undefined;
    }
    throw err;
  }
  const names = generated.files.map((f) => f.name);
  const inTheWay = await existing(dir, names);
  if (inTheWay.folders.length > 0) {
    await deps.ui.error(`${TITLE}: nothing written. ${inTheWay.folders.join(', ')} in ${dir} is a folder.`);
    return undefined;
  }
  if (inTheWay.files.length > 0) {
    const answer = await deps.ui.confirm({
      id: 'scaffold.replace',
      message: `Replace ${inTheWay.files.join(' and ')} in ${path.basename(dir)}?`,
      detail: `${inTheWay.files.join(', ')} already ${inTheWay.files.length === 1 ? 'exists' : 'exist'} in ${dir}; what is there now will be lost.`,
      buttons: ['Replace'],
    });
    if (answer !== 'Replace') {
      void deps.ui.info(`${TITLE}: nothing written.`);
      return undefined;
    }
  }
  for (const f of generated.files) await writeReplacing(path.join(dir, f.name), f.text);
  const dockerfile = vscode.Uri.file(path.join(dir, names[0]));
  await vscode.window.showTextDocument(dockerfile, { preview: false });
  const detected = detection.candidates.length === 1 ? ` (detected from ${detection.evidence[kind]})` : '';
  const unread = detection.notes.length > 0 ? ` Not read: ${detection.notes.slice(0, 3).join('; ')}${detection.notes.length > 3 ? '; …' : ''}.` : '';
  void deps.ui.info(`Wrote ${names.join(', ')} for ${kindInfo(kind).label}${detected}${host ? ` on ${generated.baseImages.join(' and ')}` : ''}.${unread}`);
  return { folder: dir, kind, files: names, baseImages: generated.baseImages, host, notes: detection.notes };
}

export const scaffoldCommands: CommandSpec[] = [{ id: 'dockerWorkbench.addDockerfile', run: addDockerfileCommand }];
