// For the explorer suite: the extension's API, a prompt layer that answers by question id and
// records every message, and direct access to the private engine (scripts/engine-host.sh) to set
// up and clean up what the tests need. Every container a test makes carries TEST_LABEL.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DockerWorkbenchActivation, DockerWorkbenchApi } from '../../client/src/api';
import type { ConfirmRequest, InputRequest, PickRequest, Ui } from '../../client/src/commands/ui';
import type { ExplorerNode } from '../../client/src/explorer/views';
import { listContainers, removeContainer, type EngineClient } from '../../client/src/engine';
import { EXTENSION_ID, waitFor } from './helpers';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const TEST_IMAGE = process.env.DOCKER_WORKBENCH_ENGINE_IMAGE || 'workbench-busybox:latest';
export const TEST_LABEL = 'dev.docker-workbench.vscode-test';
/** Engine operations (start, stop of dockerd) take seconds; the suite's default 30 s is too short. */
export const ENGINE_MS = 90_000;

/** The extension's full API: activated if need be, and the workbench bundle loaded (ready()). */
export async function api(): Promise<DockerWorkbenchApi> {
  const extension = vscode.extensions.getExtension<DockerWorkbenchActivation>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  const activation = extension.isActive ? extension.exports : await extension.activate();
  return activation.ready();
}

/**
 * A fresh ScriptedUi for each test of the suite this is called in, handed to `use` and set on the
 * extension before the test; after it, no question may have gone unanswered. (One kept across tests
 * would let an answer scripted for one test be taken by a question of the next.)
 */
export function scriptedUiPerTest(use: (ui: ScriptedUi) => void): void {
  let current: ScriptedUi | undefined;
  beforeEach(async () => {
    current = new ScriptedUi();
    use(current);
    (await api()).setUi(current);
  });
  afterEach(() => {
    if (current !== undefined) assert.deepEqual(current.unexpected, [], `questions nobody answered: ${current.unexpected.join(', ')}`);
  });
}

export type Answer = string | undefined | ((req: { id: string }) => string | undefined);

/** Answers questions by id, in order, and records everything; an unexpected question cancels. */
export class ScriptedUi implements Ui {
  readonly answers = new Map<string, Answer[]>();
  readonly asked: string[] = [];
  readonly unexpected: string[] = [];
  readonly rejected: Array<{ id: string; value: string; message: string }> = [];
  readonly confirms: ConfirmRequest[] = [];
  readonly infos: string[] = [];
  readonly warnings: string[] = [];
  readonly errors: string[] = [];
  readonly opened: string[] = [];
  readonly copied: string[] = [];
  readonly inputs: InputRequest[] = [];

  answer(id: string, ...values: Answer[]): this {
    this.answers.set(id, [...(this.answers.get(id) ?? []), ...values]);
    return this;
  }

  private next(id: string): { found: boolean; value: string | undefined } {
    this.asked.push(id);
    const queue = this.answers.get(id);
    if (!queue || queue.length === 0) {
      this.unexpected.push(id);
      return { found: false, value: undefined };
    }
    const a = queue.shift();
    return { found: true, value: typeof a === 'function' ? a({ id }) : a };
  }

  async input(req: InputRequest): Promise<string | undefined> {
    this.inputs.push(req);
    const { value } = this.next(req.id);
    if (value === undefined) return undefined;
    // What VS Code's input box does: a value its validator rejects cannot be accepted.
    const message = req.validate?.(value);
    if (message) {
      this.rejected.push({ id: req.id, value, message });
      return undefined;
    }
    return value;
  }

  async pick<T extends vscode.QuickPickItem>(req: PickRequest<T>): Promise<T | undefined> {
    const { value } = this.next(req.id);
    if (value === undefined) return undefined;
    const item = req.items.find((i) => i.label === value);
    if (!item) throw new Error(`${req.id}: no item "${value}" among ${req.items.map((i) => i.label).join(', ')}`);
    return item;
  }

  async pickMany<T extends vscode.QuickPickItem>(req: PickRequest<T>): Promise<readonly T[] | undefined> {
    const { value } = this.next(req.id);
    if (value === undefined) return undefined;
    const labels = value.split(',');
    return req.items.filter((i) => labels.includes(i.label));
  }

  async confirm(req: ConfirmRequest): Promise<string | undefined> {
    this.confirms.push(req);
    const { value } = this.next(req.id);
    if (value !== undefined && !req.buttons.includes(value)) throw new Error(`${req.id}: no button "${value}" among ${req.buttons.join(', ')}`);
    return value;
  }

  async saveFile(req: { id: string }): Promise<vscode.Uri | undefined> {
    const { value } = this.next(req.id);
    return value === undefined ? undefined : vscode.Uri.file(value);
  }

  async openFile(req: { id: string }): Promise<vscode.Uri | undefined> {
    const { value } = this.next(req.id);
    return value === undefined ? undefined : vscode.Uri.file(value);
  }

  async info(message: string): Promise<string | undefined> {
    this.infos.push(message);
    return undefined;
  }

  async warn(message: string): Promise<string | undefined> {
    this.warnings.push(message);
    return undefined;
  }

  async error(message: string): Promise<string | undefined> {
    this.errors.push(message);
    return undefined;
  }

  async openExternal(uri: vscode.Uri): Promise<boolean> {
    this.opened.push(uri.toString(true));
    return true;
  }

  async copy(text: string): Promise<void> {
    this.copied.push(text);
  }
}

/** scripts/engine-host.sh start|stop, bounded. */
export function engineScript(cmd: 'start' | 'stop' | 'status'): { status: number | null; output: string } {
  const r = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'engine-host.sh'), cmd], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

export async function removeTestContainers(c: EngineClient): Promise<void> {
  const all = await listContainers(c, { all: true });
  await Promise.all(all.filter((ct) => ct.labels[TEST_LABEL]).map((ct) => removeContainer(c, ct.id, { force: true }).catch(() => undefined)));
}

export function uniqueName(prefix: string): string {
  return `dw-vs-${prefix}-${process.pid}-${Math.floor(Math.random() * 1e5)}`;
}

export type ContainerNode = Extract<ExplorerNode, { kind: 'container' }>;

/** All container nodes, compose groups flattened, as the Containers view shows them now. */
export async function containerNodes(a: DockerWorkbenchApi): Promise<ContainerNode[]> {
  const roots = await a.explorer.containers.getChildren();
  const out: ContainerNode[] = [];
  for (const n of roots) {
    if (n.kind === 'container') out.push(n);
    if (n.kind === 'composeProject') for (const c of await a.explorer.containers.getChildren(n)) if (c.kind === 'container') out.push(c);
  }
  return out;
}

export function waitForContainer(a: DockerWorkbenchApi, name: string, test: (n: ContainerNode) => boolean = () => true, timeoutMs = 20_000): Promise<ContainerNode> {
  return waitFor(`container ${name} in the Containers view`, async () => (await containerNodes(a)).find((n) => n.container.name === name && test(n)), timeoutMs);
}

/**
 * `dockerWorkbench.host` is machine-scoped: only user (machine) settings hold it, so it is written
 * globally; undefined removes it again.
 */
export async function setHostSetting(value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('dockerWorkbench').update('host', value, vscode.ConfigurationTarget.Global);
}

/**
 * The entry names of a tar archive, read header by header; throws unless every header's checksum
 * is right, so a file that merely exists is not taken for a tar.
 */
export function tarEntries(data: Buffer): string[] {
  const names: string[] = [];
  let offset = 0;
  // Bounded by the data: every step moves on by at least one 512-byte block.
  while (offset + 512 <= data.length) {
    const header = data.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, to: number): string => header.subarray(from, to).toString('latin1').replace(/\0[\s\S]*$/, '');
    const stored = parseInt(field(148, 156).trim(), 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
    if (sum !== stored) throw new Error(`not a tar: bad header checksum at byte ${offset}`);
    const name = field(0, 100);
    const prefix = field(257, 263).startsWith('ustar') ? field(345, 500) : '';
    names.push(prefix ? `${prefix}/${name}` : name);
    const size = parseInt(field(124, 136).trim() || '0', 8);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

export { waitFor };
