// Inspect as a read-only JSON document (its own URI scheme, so VS Code cannot save it back),
// Copy IP Address, and Docker info / version on demand through the same documents.
// Values that look like secrets are hidden (inspectMask.ts); Reveal Secret Values in Inspect opens
// a second document with them, after asking, and only for a URI it granted: another extension
// opening a crafted URI of this scheme still gets the hidden values.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { getInfo, getVersion, inspect, type InspectKind } from '../engine';
import { maskSecrets } from './inspectMask';
import { isNode, resolveContainer } from './targets';
import type { CommandSpec, Deps } from './types';

export const INSPECT_SCHEME = 'docker-workbench-inspect';
/** True while the active editor is an Inspect document with hidden values (the Reveal button's `when`). */
const SECRETS_HIDDEN_CONTEXT = 'dockerWorkbench.inspect.secretsHidden';
const REVEALED_SUFFIX = ' (secret values shown).json';

type DocKind = InspectKind | 'info' | 'version';
const KINDS: readonly DocKind[] = ['container', 'image', 'network', 'volume', 'info', 'version'];

/** `docker-workbench-inspect:/container/<id>/<name>.json` */
export function inspectUri(kind: DocKind, id: string, name: string): vscode.Uri {
  const safe = name.replace(/[^\w.-]+/g, '_') || 'engine';
  return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${kind}/${encodeURIComponent(id)}/${safe}.json` });
}

export class InspectDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /**
   * URIs the user agreed to see in clear; forgotten when the document closes (or changes language,
   * which VS Code reports as a close: a later refresh then hides the values again, which is safe).
   */
  private readonly revealed = new Set<string>();
  /** How many values each masked document hid when last read (one number per object inspected). */
  private readonly hiddenCounts = new Map<string, number>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: () => Deps) {
    documents = this;
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === INSPECT_SCHEME) this.revealed.delete(d.uri.toString());
      }),
    ];
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const [, kind, id] = uri.path.split('/');
    if (!KINDS.includes(kind as DocKind)) return `// Unknown document ${uri.toString()}`;
    try {
      const client = await this.deps().session.requireClient();
      const body = kind === 'info' ? await getInfo(client) : kind === 'version' ? await getVersion(client) : await inspect(client, kind as InspectKind, decodeURIComponent(id));
      if (this.revealed.has(uri.toString())) return `${JSON.stringify(body, null, 2)}\n`;
      const masked = maskSecrets(body);
      this.hiddenCounts.set(uri.toString(), masked.hidden.length);
      this.updateContext();
      return `${JSON.stringify(masked.value, null, 2)}\n`;
    } catch (err) {
      // A document cannot fail to open nicely; say what happened inside it.
      return `${JSON.stringify({ error: err instanceof Error ? err.message : String(err) }, null, 2)}\n`;
    }
  }

  /** Re-reads an open document (the Refresh of the inspected object). */
  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  /** How many values the masked document at `uri` hid when last read (0 when none or unknown). */
  hiddenIn(uri: vscode.Uri): number {
    return this.hiddenCounts.get(uri.toString()) ?? 0;
  }

  /**
   * A new URI for the same object's document with the values shown, allowed to show them. It is
   * unguessable, so no document opened earlier under it holds (and VS Code keeps) the hidden text.
   */
  grantReveal(masked: vscode.Uri): vscode.Uri {
    const revealed = masked.with({ path: masked.path.replace(/\.json$/, '') + REVEALED_SUFFIX, query: `shown=${randomUUID()}` });
    this.revealed.add(revealed.toString());
    return revealed;
  }

  isRevealed(uri: vscode.Uri): boolean {
    return this.revealed.has(uri.toString());
  }

  private updateContext(): void {
    const active = vscode.window.activeTextEditor?.document.uri;
    const hidden = active?.scheme === INSPECT_SCHEME && this.hiddenIn(active) > 0;
    void vscode.commands.executeCommand('setContext', SECRETS_HIDDEN_CONTEXT, hidden);
  }

  dispose(): void {
    if (documents === this) documents = undefined;
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

// The provider the command table registered (one per extension host), for Reveal to grant URIs on.
let documents: InspectDocuments | undefined;

async function openJson(uri: vscode.Uri): Promise<vscode.TextDocument> {
  let document = await vscode.workspace.openTextDocument(uri);
  if (document.languageId !== 'json') document = await vscode.languages.setTextDocumentLanguage(document, 'json');
  await vscode.window.showTextDocument(document, { preview: true });
  return document;
}

/** Which object: a node, or `{ kind, id }` from a caller. */
function target(arg0: unknown): { kind: InspectKind; id: string; name: string } | undefined {
  if (isNode(arg0)) {
    switch (arg0.kind) {
      case 'container':
        return { kind: 'container', id: arg0.container.id, name: arg0.container.name };
      case 'image':
        return { kind: 'image', id: arg0.image.id, name: arg0.image.repoTags[0] ?? arg0.image.id.slice(7, 19) };
      case 'network':
        return { kind: 'network', id: arg0.network.id, name: arg0.network.name };
      case 'volume':
        return { kind: 'volume', id: arg0.volume.name, name: arg0.volume.name };
      default:
        return undefined;
    }
  }
  if (typeof arg0 === 'object' && arg0 !== null) {
    const o = arg0 as { kind?: unknown; id?: unknown };
    if (typeof o.kind === 'string' && typeof o.id === 'string' && (['container', 'image', 'network', 'volume'] as const).includes(o.kind as InspectKind)) {
      return { kind: o.kind as InspectKind, id: o.id, name: o.id.slice(0, 24) };
    }
  }
  return undefined;
}

export async function inspectCommand(deps: Deps, ...args: unknown[]): Promise<vscode.Uri | undefined> {
  let t = target(args[0]);
  if (!t) {
    const ct = await resolveContainer(deps, args[0], 'inspect');
    if (!ct) return undefined;
    t = { kind: 'container', id: ct.id, name: ct.name };
  }
  // Fails early with the engine's message when the object is gone, rather than a JSON error body.
  await inspect(await deps.session.requireClient(), t.kind, t.id);
  const uri = inspectUri(t.kind, t.id, t.name);
  await openJson(uri);
  return uri;
}

/** Reveal Secret Values in Inspect: the active (or given) Inspect document again, values shown, after asking. */
export async function revealSecretsCommand(deps: Deps, ...args: unknown[]): Promise<vscode.Uri | undefined> {
  const given = args[0] instanceof vscode.Uri ? args[0] : vscode.window.activeTextEditor?.document.uri;
  if (!documents || given?.scheme !== INSPECT_SCHEME) {
    await deps.ui.info('Open an Inspect document first: Reveal shows the values it hides.');
    return undefined;
  }
  if (documents.isRevealed(given)) return given;
  const hidden = documents.hiddenIn(given);
  if (hidden === 0) {
    await deps.ui.info('This Inspect document hides no values.');
    return undefined;
  }
  const name = decodeURIComponent(given.path.split('/').pop() ?? '').replace(/\.json$/, '');
  const answer = await deps.ui.confirm({
    id: 'inspect.reveal',
    message: `Show the ${hidden === 1 ? 'hidden value' : `${hidden} hidden values`} of ${name} in clear?`,
    detail: 'They will be shown in a text document, which every other installed extension can read while it is open.',
    buttons: ['Show Values'],
  });
  if (answer !== 'Show Values') return undefined;
  const uri = documents.grantReveal(given);
  await openJson(uri);
  return uri;
}

export async function copyIpCommand(deps: Deps, ...args: unknown[]): Promise<string | undefined> {
  // A network row under a container carries its own address.
  if (isNode(args[0]) && args[0].kind === 'detail' && args[0].value) {
    await deps.ui.copy(args[0].value);
    return args[0].value;
  }
  const ct = await resolveContainer(deps, args[0], 'copy the IP address of', (c) => c.networks.some((n) => n.ipAddress));
  if (!ct) return undefined;
  const withIp = ct.networks.filter((n) => n.ipAddress);
  if (withIp.length === 0) {
    await deps.ui.warn(`${ct.name} has no IP address${ct.state !== 'running' ? ' (it is not running)' : ''}.`);
    return undefined;
  }
  let ip = withIp[0].ipAddress;
  if (withIp.length > 1) {
    const picked = await deps.ui.pick({ id: 'copyIp.network', placeHolder: `Which network's address of ${ct.name}?`, items: withIp.map((n) => ({ label: n.ipAddress, description: n.network })) });
    if (!picked) return undefined;
    ip = picked.label;
  }
  await deps.ui.copy(ip);
  void deps.ui.info(`Copied ${ip} (${ct.name}).`);
  return ip;
}

export async function infoCommand(deps: Deps): Promise<vscode.Uri> {
  await deps.session.requireClient();
  const uri = inspectUri('info', 'engine', 'docker-info');
  await openJson(uri);
  return uri;
}

export async function versionCommand(deps: Deps): Promise<vscode.Uri> {
  await deps.session.requireClient();
  const uri = inspectUri('version', 'engine', 'docker-version');
  await openJson(uri);
  return uri;
}

export const inspectCommands: CommandSpec[] = [
  { id: 'dockerWorkbench.inspect', run: inspectCommand },
  { id: 'dockerWorkbench.inspect.revealSecrets', run: revealSecretsCommand },
  { id: 'dockerWorkbench.container.copyIp', run: copyIpCommand },
  { id: 'dockerWorkbench.engine.info', run: infoCommand },
  { id: 'dockerWorkbench.engine.version', run: versionCommand },
];
