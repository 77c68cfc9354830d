// Docker contexts: Use (this window only), Use and Make Current (also the docker CLI's current
// context), Inspect (read-only, as `docker context inspect` prints it), Add (written as `docker
// context create` writes it), Reset (the usual resolution again), and the picker the status bar opens.
//
// Restricted Mode: none of these reads the workspace or hands it to the engine, so none is gated
// (trust.ts gates what does). Make Current and Add write the user's docker config, outside the
// workspace, only when the user runs them, with values the user typed or picked.
import * as vscode from 'vscode';
import { contextNameProblem, createContext, inspectContext, listContexts, parseHostUrl, setCurrentContext, EngineError, type DockerContext, type NewContext } from '../engine';
import type { ContextNode } from '../explorer/contexts';
import type { CommandSpec, Deps } from './types';

export const CONTEXT_SCHEME = 'docker-workbench-context';

/** A read-only document per context: `docker-workbench-context:/NAME.json`. */
export class ContextDocuments implements vscode.TextDocumentContentProvider {
  provideTextDocumentContent(uri: vscode.Uri): string {
    const name = decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.json$/, ''));
    try {
      // As the CLI prints it: an array, four spaces.
      return `${JSON.stringify([inspectContext(name)], null, 4)}\n`;
    } catch (err) {
      return `${JSON.stringify({ error: (err as Error).message }, null, 4)}\n`;
    }
  }
}

function isContextNode(v: unknown): v is ContextNode {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'dockerContext';
}

/** The context a command acts on: a view row, `{ name }`, a name, or one picked. */
async function target(deps: Deps, arg: unknown, id: string, placeHolder: string): Promise<string | undefined> {
  if (isContextNode(arg)) return arg.context.name;
  if (typeof arg === 'string' && arg) return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { name?: unknown }).name === 'string') return (arg as { name: string }).name;
  return pickContext(deps, id, placeHolder);
}

interface ContextItem extends vscode.QuickPickItem {
  name?: string;
  reset?: boolean;
}

async function pickContext(deps: Deps, id: string, placeHolder: string, withReset = false): Promise<string | undefined> {
  const { nodes } = deps.explorer.contexts.view.read();
  const items: ContextItem[] = nodes.map((n) => ({
    label: n.context.name,
    name: n.context.name,
    description: [n.inUse ? '(in use here)' : '', n.context.current ? '(current)' : '', n.context.host].filter(Boolean).join(' '),
    detail: n.context.error ?? (n.context.description || undefined),
  }));
  if (withReset && deps.explorer.contexts.choice.name) {
    items.push({ label: 'Reset', reset: true, description: 'the dockerWorkbench.host setting, DOCKER_HOST, the current context, then the default' });
  }
  const picked = await deps.ui.pick({ id, title: 'Docker context for this window', placeHolder, items });
  if (!picked) return undefined;
  if (picked.reset) {
    await resetCommand(deps);
    return undefined;
  }
  return picked.name;
}

function known(name: string): DockerContext {
  const found = listContexts().contexts.find((c) => c.name === name);
  if (!found) throw new Error(`There is no docker context "${name}" (docker context ls lists them).`);
  if (found.error) throw new Error(`The docker context "${name}" cannot be used: ${found.error}`);
  return found;
}

/** Use: this window's engine comes from the context; the CLI's current context is left alone. */
async function useCommand(deps: Deps, ...args: unknown[]): Promise<string | undefined> {
  const name = await target(deps, args[0], 'context.use', 'Use a docker context in this window (the docker CLI keeps its own)');
  if (!name) return undefined;
  known(name);
  await deps.explorer.contexts.choice.set(name);
  return name;
}

async function useAndMakeCurrentCommand(deps: Deps, ...args: unknown[]): Promise<string | undefined> {
  const name = await target(deps, args[0], 'context.makeCurrent', 'Use a docker context here and make it the docker CLI\u2019s current context');
  if (!name) return undefined;
  known(name);
  const { note } = setCurrentContext(name);
  await deps.explorer.contexts.choice.set(name);
  deps.explorer.contexts.view.refresh();
  void deps.ui.info(`"${name}" is now the docker CLI's current context, and this window's.${note ? ` Note: ${note}` : ''}`);
  return name;
}

async function resetCommand(deps: Deps): Promise<void> {
  await deps.explorer.contexts.choice.set(undefined);
}

async function inspectCommand(deps: Deps, ...args: unknown[]): Promise<vscode.Uri | undefined> {
  const name = await target(deps, args[0], 'context.inspect', 'Inspect a docker context');
  if (!name) return undefined;
  inspectContext(name);
  const uri = vscode.Uri.from({ scheme: CONTEXT_SCHEME, path: `/${encodeURIComponent(name)}.json` });
  let document = await vscode.workspace.openTextDocument(uri);
  if (document.languageId !== 'json') document = await vscode.languages.setTextDocumentLanguage(document, 'json');
  await vscode.window.showTextDocument(document, { preview: true });
  return uri;
}

async function pickCommand(deps: Deps): Promise<string | undefined> {
  const name = await pickContext(deps, 'context.pick', 'Docker context for this window', true);
  if (!name) return undefined;
  return useCommand(deps, name);
}

interface Choice extends vscode.QuickPickItem {
  value: string;
}

async function choose(deps: Deps, id: string, placeHolder: string, items: Choice[]): Promise<string | undefined> {
  return (await deps.ui.pick({ id, title: 'Add Docker Context', placeHolder, items }))?.value;
}

async function file(deps: Deps, id: string, title: string): Promise<string | undefined> {
  const uri = await deps.ui.openFile({ id, title, filters: { 'PEM files': ['pem', 'crt', 'cer', 'key'], 'All files': ['*'] } });
  if (!uri) return undefined;
  if (uri.scheme !== 'file') throw new Error(`${uri.toString()} is not a file on this machine.`);
  return uri.fsPath;
}

/** Add Context: name, ssh:// or tcp:// endpoint, TLS files, description; written as `docker context create`. */
async function addCommand(deps: Deps): Promise<string | undefined> {
  const existing = new Set(listContexts().contexts.map((c) => c.name));
  const name = await deps.ui.input({
    id: 'context.add.name',
    title: 'Add Docker Context',
    prompt: 'Name of the new docker context',
    placeHolder: 'win-2022',
    validate: (v) => contextNameProblem(v) ?? (existing.has(v) ? `A context named "${v}" already exists.` : undefined),
  });
  if (!name) return undefined;
  const host = await deps.ui.input({
    id: 'context.add.host',
    title: 'Add Docker Context',
    prompt: 'Engine endpoint: ssh://user@host or tcp://host:port',
    placeHolder: 'ssh://admin@win-2022.example or tcp://win-2022.example:2376',
    validate: hostProblem,
  });
  if (!host) return undefined;
  const spec: NewContext = { name, host: host.trim() };
  if (spec.host.startsWith('tcp://')) {
    const check = await choose(deps, 'context.add.tls', "How is the engine's certificate checked?", [
      { label: 'Against a CA certificate file', value: 'ca', description: 'ca.pem: TLS, verified' },
      { label: "Against this machine's CAs", value: 'system', description: 'TLS, verified; needs a client certificate' },
      { label: 'Not checked (skip-tls-verify)', value: 'skip', description: 'TLS, but any certificate is accepted: shown as unverified' },
      { label: 'No TLS (plain HTTP)', value: 'none', description: 'only for an engine on a trusted network' },
    ]);
    if (!check) return undefined;
    if (check === 'ca') {
      spec.ca = await file(deps, 'context.add.ca', 'CA certificate of the engine (ca.pem)');
      if (!spec.ca) return undefined;
    }
    if (check === 'skip') spec.skipTlsVerify = true;
    if (check !== 'none') {
      const clientCert =
        check === 'system'
          ? 'yes'
          : await choose(deps, 'context.add.clientCert', 'Does the engine ask for a client certificate?', [
              { label: 'Yes: choose the certificate and its key', value: 'yes' },
              { label: 'No client certificate', value: 'no' },
            ]);
      if (!clientCert) return undefined;
      if (clientCert === 'yes') {
        spec.cert = await file(deps, 'context.add.cert', 'Client certificate (cert.pem)');
        if (!spec.cert) return undefined;
        spec.key = await file(deps, 'context.add.key', 'Client key (key.pem)');
        if (!spec.key) return undefined;
      }
    }
  }
  const description = await deps.ui.input({ id: 'context.add.description', title: 'Add Docker Context', prompt: 'Description (optional)', value: '' });
  if (description === undefined) return undefined;
  if (description.trim()) spec.description = description.trim();
  const made = createContext(spec);
  deps.explorer.contexts.view.refresh();
  void deps.ui.info(`Created the docker context "${made.name}" (${made.host}${spec.skipTlsVerify ? ", certificate not checked" : ''}). Use it from the Contexts view.`);
  return made.name;
}

/** Why a typed endpoint cannot be a new context; undefined when it can. */
export function hostProblem(value: string): string | undefined {
  const v = value.trim();
  if (!/^(ssh|tcp):\/\//.test(v)) return 'Give ssh://user@host or tcp://host:port.';
  if (/[,\s]/.test(v)) return 'No commas or spaces: the docker CLI cannot store them in a host.';
  try {
    parseHostUrl(v, 'flag', 'a new context');
  } catch (err) {
    return err instanceof EngineError ? err.detail : String(err);
  }
  return undefined;
}

export const contextsCommands: readonly CommandSpec[] = [
  { id: 'dockerWorkbench.context.use', run: useCommand },
  { id: 'dockerWorkbench.context.useAndMakeCurrent', run: useAndMakeCurrentCommand },
  { id: 'dockerWorkbench.context.inspect', run: inspectCommand },
  { id: 'dockerWorkbench.context.add', run: addCommand },
  { id: 'dockerWorkbench.context.reset', run: (deps) => resetCommand(deps) },
  { id: 'dockerWorkbench.context.pick', run: (deps) => pickCommand(deps) },
  {
    id: 'dockerWorkbench.context.refresh',
    run: async (deps) => {
      deps.explorer.contexts.view.refresh();
    },
  },
];
