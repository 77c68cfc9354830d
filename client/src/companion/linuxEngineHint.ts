// A Windows Dockerfile (or a compose file with Windows images) open while the engine runs Linux
// containers: once per workspace, a notification offers what fixes it, switching Docker Desktop to
// Windows containers (where it can be switched from here) or picking a docker context whose engine
// runs them. Which files use Windows images is the language server's to say: its
// windows-image-linux-engine diagnostics (Dockerfile and compose) are what this listens for.
import * as vscode from 'vscode';
import type { Ui } from '../commands/ui';
import type { EngineSession } from '../explorer/session';

export const HINT_SHOWN_KEY = 'dockerWorkbench.windowsImagesOnLinuxEngineHintShown';
const RULES = new Set(['windows-image-linux-engine', 'compose-windows-image-linux-engine']);
export const SWITCH_ACTION = 'Switch to Windows Containers';
export const PICK_ACTION = 'Pick a Docker Context';

function ruleOf(d: vscode.Diagnostic): string {
  const code = d.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code ?? '');
}

export function registerLinuxEngineHint(context: vscode.ExtensionContext, session: EngineSession, ui: () => Ui): vscode.Disposable {
  // True only while the once-per-workspace flag is being written: a notification nobody has
  // answered yet (its promise stays pending for as long as it sits in the notification centre)
  // holds nothing, the flag alone says it was shown.
  let deciding = false;
  const check = async (uris: readonly vscode.Uri[]): Promise<void> => {
    if (deciding || context.workspaceState.get<boolean>(HINT_SHOWN_KEY)) return;
    const platform = session.platform;
    if (!platform || platform.osType !== 'linux') return;
    const hit = uris.find((uri) => vscode.languages.getDiagnostics(uri).some((d) => d.source === 'docker-workbench' && RULES.has(ruleOf(d))));
    if (!hit) return;
    deciding = true;
    try {
      await context.workspaceState.update(HINT_SHOWN_KEY, true);
    } finally {
      deciding = false;
    }
    const switchable = platform.dockerDesktop && process.platform === 'win32';
    const file = vscode.workspace.asRelativePath(hit);
    const endpoint = session.state.kind === 'connected' || session.state.kind === 'reconnecting' ? ` (${session.state.client.endpoint.url})` : '';
    const answer = await ui().warn(
      `${file} uses Windows images, and the Docker engine${endpoint} runs Linux containers: it cannot build or run them. ${switchable ? 'Switch Docker Desktop to Windows containers, or pick' : 'Pick'} a docker context whose engine runs Windows containers.`,
      ...(switchable ? [SWITCH_ACTION] : []),
      PICK_ACTION,
    );
    if (answer === SWITCH_ACTION) await vscode.commands.executeCommand('dockerWorkbench.engine.switchToWindows');
    if (answer === PICK_ACTION) await vscode.commands.executeCommand('dockerWorkbench.context.pick');
  };
  const run = (uris: readonly vscode.Uri[]): void => void check(uris).catch(() => undefined);
  // Files already diagnosed when the workbench loaded, and each change after.
  run(vscode.languages.getDiagnostics().map(([uri]) => uri));
  return vscode.Disposable.from(
    vscode.languages.onDidChangeDiagnostics((e) => run(e.uris)),
    session.onDidChangeState(() => run(vscode.languages.getDiagnostics().map(([uri]) => uri))),
  );
}
