// LSP clients hand settings over in three ways, and the server takes all three: the client answers
// workspace/configuration (pulled: VS Code, Neovim 0.9+, Helix, eglot, Sublime LSP), sends
// workspace/didChangeConfiguration with `settings` (pushed: Neovim's lspconfig, eglot), or passes
// them in `initializationOptions` once. Each is kept as its own layer and they are merged name by
// name: pulled over pushed over initialization options over the defaults, so a client that gives
// the host build only in its initialization options and answers null when asked still lints for
// that host. Rules pulled with a document's scope (a folder's own value) stand above the window's.
import type { RuleSeverityOverrides } from '../../../shared/protocol';
import { layerSettings, parseSettings, settingsSection, type WorkbenchSettings } from '../../../shared/settings';

export class SettingsSources {
  private initialization: Record<string, unknown> = {};
  private pushed: Record<string, unknown> = {};
  private pulled: Record<string, unknown> = {};
  private merged: WorkbenchSettings = parseSettings(undefined);
  /** The rules of the layers beneath the pull, which a document's scoped rules stand on. */
  private beneathPull: RuleSeverityOverrides = {};

  /** `initializationOptions`: the section under `dockerWorkbench` (or dotted names); other keys are the protocol's. */
  setInitialization(options: unknown): void {
    this.initialization = settingsSection(options, true);
    this.update();
  }

  /**
   * `workspace/didChangeConfiguration`'s `settings`, which replace what was pushed before. False when
   * the notification carried none (VS Code sends null and expects a pull): the pushed layer stays.
   */
  setPushed(settings: unknown): boolean {
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return false;
    this.pushed = settingsSection(settings, true);
    this.update();
    return true;
  }

  /** The answer to workspace/configuration for the section; null (the client has none) is an empty layer. */
  setPulled(section: unknown): void {
    this.pulled = settingsSection(section, false);
    this.update();
  }

  get current(): WorkbenchSettings {
    return this.merged;
  }

  /** A document's rules: its scoped pull over what the pushed and initialization layers say. */
  rulesFor(scoped: RuleSeverityOverrides | undefined): RuleSeverityOverrides {
    return scoped === undefined ? this.merged.rules : { ...this.beneathPull, ...scoped };
  }

  private update(): void {
    this.merged = parseSettings(layerSettings(this.initialization, this.pushed, this.pulled));
    this.beneathPull = parseSettings(layerSettings(this.initialization, this.pushed)).rules;
  }
}
