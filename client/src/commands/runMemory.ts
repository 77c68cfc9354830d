// What Run remembers between runs, per workspace. Workspace state is a plain file in the
// workspace's storage folder (and backed up with it), so it keeps only the choices and the
// environment's variable names; the values go to SecretStorage (the OS keychain where there is
// one), per image, so "Run with Last Options" repeats them and the next Run of an image offers them.
// SecretStorage is shared by every workspace of this extension: the values of one workspace live
// under a random id its workspace state holds.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { RunChoices } from './run';

export const LAST_RUN_KEY = 'dockerWorkbench.lastRunOptions';
export const SECRETS_ID_KEY = 'dockerWorkbench.runSecretsId';
export const SECRET_KEY_PREFIX = 'dockerWorkbench.runEnvironment/';
/** Images whose environment is kept per workspace; the least recently run goes first. */
export const MAX_REMEMBERED_IMAGES = 20;

/** The last run as workspace state holds it: no values. */
export interface StoredRun extends Omit<RunChoices, 'env'> {
  image: string;
  envNames: string[];
}

/** The last run with its environment, or `env` undefined when its values are no longer kept. */
export type LastRun = StoredRun & { env: string[] | undefined };

export function envNameOf(entry: string): string {
  const eq = entry.indexOf('=');
  return eq < 0 ? entry : entry.slice(0, eq);
}

export class RunMemory {
  /** Settles once plaintext values an older version left in workspace state are moved out. */
  readonly ready: Promise<void>;
  /** Writes to the secret are read-modify-write: one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly state: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {
    this.ready = this.migrate();
  }

  async last(): Promise<LastRun | undefined> {
    await this.ready;
    const stored = this.state.get<StoredRun>(LAST_RUN_KEY);
    if (!stored || typeof stored.image !== 'string') return undefined;
    const envNames = Array.isArray(stored.envNames) ? stored.envNames : [];
    const env = envNames.length === 0 ? [] : await this.envFor(stored.image);
    return { ...stored, envNames, env };
  }

  /** The environment last used to run `image` in this workspace, if kept. */
  async envFor(image: string): Promise<string[] | undefined> {
    await this.ready;
    return (await this.readSecret())[image];
  }

  async remember(image: string, choices: RunChoices): Promise<void> {
    await this.ready;
    const { env, ...rest } = choices;
    // The name is not kept: a second container cannot take the first one's name.
    const stored: StoredRun = { ...rest, name: '', image, envNames: env.map(envNameOf) };
    await this.state.update(LAST_RUN_KEY, stored);
    await this.storeEnv(image, env);
  }

  private async migrate(): Promise<void> {
    const legacy = this.state.get<Record<string, unknown>>(LAST_RUN_KEY);
    if (!legacy || typeof legacy !== 'object' || !('env' in legacy)) return;
    const { env, ...rest } = legacy;
    const values = Array.isArray(env) ? env.filter((e): e is string => typeof e === 'string') : [];
    if (typeof rest.image === 'string' && values.length > 0) {
      // Moved if SecretStorage works; dropped from workspace state either way.
      await this.storeEnv(rest.image, values).catch(() => undefined);
    }
    await this.state.update(LAST_RUN_KEY, { ...rest, envNames: values.map(envNameOf) });
  }

  private async secretKey(): Promise<string> {
    let id = this.state.get<string>(SECRETS_ID_KEY);
    if (typeof id !== 'string' || !id) {
      id = randomUUID();
      await this.state.update(SECRETS_ID_KEY, id);
    }
    return SECRET_KEY_PREFIX + id;
  }

  private async readSecret(): Promise<Record<string, string[]>> {
    const text = await this.secrets.get(await this.secretKey());
    if (!text) return {};
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed !== 'object' || parsed === null) return {};
      const out: Record<string, string[]> = {};
      for (const [image, env] of Object.entries(parsed)) {
        if (Array.isArray(env) && env.every((e) => typeof e === 'string')) out[image] = env as string[];
      }
      return out;
    } catch {
      return {};
    }
  }

  private storeEnv(image: string, env: readonly string[]): Promise<void> {
    const write = this.queue.then(async () => {
      const all = await this.readSecret();
      delete all[image];
      if (env.length > 0) all[image] = [...env];
      const images = Object.keys(all);
      for (const old of images.slice(0, Math.max(0, images.length - MAX_REMEMBERED_IMAGES))) delete all[old];
      const key = await this.secretKey();
      if (Object.keys(all).length === 0) await this.secrets.delete(key);
      else await this.secrets.store(key, JSON.stringify(all));
    });
    this.queue = write.catch(() => undefined);
    return write;
  }
}

const memories = new WeakMap<vscode.ExtensionContext, RunMemory>();

/** The one RunMemory of this extension instance; the first call starts moving plaintext values out. */
export function runMemory(context: vscode.ExtensionContext): RunMemory {
  let memory = memories.get(context);
  if (!memory) {
    memory = new RunMemory(context.workspaceState, context.secrets);
    memories.set(context, memory);
  }
  return memory;
}

/** Given to the extension-host tests only (ExtensionMode.Test): never to other extensions. */
export interface RunMemoryTestHooks {
  readonly workspaceState: vscode.Memento;
  readonly secrets: vscode.SecretStorage;
  /** A fresh RunMemory over the same storage, as after a restart: it migrates what it finds. */
  reload(): Promise<void>;
}

export function runMemoryTestHooks(context: vscode.ExtensionContext): RunMemoryTestHooks | undefined {
  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    workspaceState: context.workspaceState,
    secrets: context.secrets,
    async reload() {
      const fresh = new RunMemory(context.workspaceState, context.secrets);
      memories.set(context, fresh);
      await fresh.ready;
    },
  };
}
