// A typed face over the `dockerWorkbench.*` settings, with one change event for the section.
import * as vscode from 'vscode';
import { SettingsSection, type HostContext, type InitialSettings } from '../../shared/protocol';
import { parseSettings, type WorkbenchSettings } from '../../shared/settings';

export class Config implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Config>();
  /** Fires after any `dockerWorkbench.*` setting changed. */
  readonly onDidChange: vscode.Event<Config> = this.changed.event;
  private readonly hostChanged = new vscode.EventEmitter<string>();
  /** Fires when `dockerWorkbench.host` (the engine endpoint) changed. */
  readonly onDidChangeEngineHost: vscode.Event<string> = this.hostChanged.event;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SettingsSection)) this.changed.fire(this);
      if (event.affectsConfiguration(`${SettingsSection}.host`)) this.hostChanged.fire(this.engineHost);
    });
  }

  /** `dockerWorkbench.host`: machine-scoped, so only user (machine) settings can set it. */
  get engineHost(): string {
    const value = vscode.workspace.getConfiguration(SettingsSection).get<unknown>('host');
    return typeof value === 'string' ? value.trim() : '';
  }

  /** Parsed exactly as the server parses what it pulls, so both sides agree. */
  get settings(): WorkbenchSettings {
    const section = vscode.workspace.getConfiguration(SettingsSection);
    return parseSettings({
      rules: section.get<unknown>('rules'),
      windows: { hostBuild: section.get<unknown>('windows.hostBuild'), isolation: section.get<unknown>('windows.isolation') },
      engineOs: section.get<unknown>('engineOs'),
      lint: { debounceMs: section.get<unknown>('lint.debounceMs') },
    });
  }

  /** Host facts the user set on purpose (empty fields stay unknown). */
  get hostOverride(): HostContext {
    return this.settings.hostOverride;
  }

  /**
   * What the server's first pulls will be answered right now (the section without a scope; `rules`
   * scoped to each document), as JSON.
   */
  initialSettings(documents: readonly vscode.TextDocument[]): InitialSettings {
    const scoped: Record<string, unknown> = {};
    for (const document of documents.slice(0, 100)) scoped[document.uri.toString()] = json(vscode.workspace.getConfiguration(SettingsSection, document.uri).get('rules'));
    return { section: sectionJson(undefined), scoped };
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.hostChanged.dispose();
  }
}

const json = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

/**
 * The `dockerWorkbench` section as JSON, for a pull of the whole section (scoped to `scope`).
 * vscode-languageclient reads a section without a dot from the root of the configuration,
 * `getConfiguration(undefined, scope).get(section)`, and the value that gives is a proxy over a
 * copy of every setting of every extension: 6 to 40 ms of the extension host for each pull while
 * the window starts (a CPU profile of code-server's extension host). Read from the section itself
 * it holds the same values and takes a fraction of a millisecond.
 */
export function sectionJson(scope: vscode.Uri | undefined): unknown {
  // The section's own settings are its enumerable data properties; has/get/update/inspect are functions, which JSON leaves out.
  return json(vscode.workspace.getConfiguration(SettingsSection, scope));
}
