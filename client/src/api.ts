// What activate() returns: a small surface for other extensions and for the extension-host tests,
// which read the views' data and answer the commands' questions through it. The engine session,
// views and commands live in the workbench bundle, loaded just after activation: ready() gives
// the full API once it is (loading it at once if it is not yet).
import type { Explorer } from './explorer';
import type { EngineSession } from './explorer/session';
import type { Ui } from './commands/ui';
import type { RunMemoryTestHooks } from './commands/runMemory';

export interface DockerWorkbenchActivation {
  ready(): Promise<DockerWorkbenchApi>;
}

export interface DockerWorkbenchApi {
  readonly session: EngineSession;
  readonly explorer: Explorer;
  /** The prompt layer commands use now. */
  readonly ui: Ui;
  /**
   * Replaces the prompt layer (tests answer questions through it); returns the previous one.
   * Throws unless the extension runs under its tests (ExtensionMode.Test).
   */
  setUi(ui: Ui): Ui;
  /** Under the extension's tests only (ExtensionMode.Test): the storage Run remembers in. */
  readonly test?: RunMemoryTestHooks;
  /** The walkthrough's context keys this window has set (each to true), in the order set; reset only under the extension's tests. */
  readonly walkthrough?: { keys(): string[]; reset?: () => void };
  /** Under the extension's tests only: forget that the Windows-images-on-a-Linux-engine notification was shown. */
  readonly linuxEngineHint?: { reset(): Promise<void> };
}
