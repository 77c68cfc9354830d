// Diagnose Windows Container Host: the thin layer over client/src/companion/diagnose. It reads
// the engine's /info and /version through the session, on Windows runs the fixed PowerShell
// probes (powershell.exe with an argument array, no shell), offers to run Microsoft's
// Debug-ContainerHost.ps1 when it is in the home or Downloads folder, and opens the report as a
// read-only Markdown document in the preview. Fixes are text to copy: nothing here changes the host.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diagnoseHost, fixCommands, renderReport, type DebugScriptDecision, type DiagnoseReport, type EngineInput, type PowerShellRunner } from '../companion/diagnose';
import { getInfo, getVersion, EngineError } from '../engine';
import type { CommandSpec, Deps } from './types';

export const DIAGNOSE_SCHEME = 'docker-workbench-diagnose';
export const DIAGNOSE_COMMAND = 'dockerWorkbench.diagnoseHost';

export interface DiagnoseResult {
  uri: vscode.Uri;
  report: DiagnoseReport;
  markdown: string;
}

/** The reports of this window, served read-only by URI. */
class ReportDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private count = 0;
  add(markdown: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: DIAGNOSE_SCHEME, path: '/Windows container host.md', query: String(++this.count) });
    this.texts.set(uri.toString(), markdown);
    return uri;
  }
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# This report is gone\n\nRun "Diagnose Windows Container Host" again.';
  }
}

let documents: ReportDocuments | undefined;

function reportDocuments(deps: Deps): ReportDocuments {
  if (!documents) {
    const made = new ReportDocuments();
    documents = made;
    deps.extension.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(DIAGNOSE_SCHEME, made), { dispose: () => void (documents = undefined) });
  }
  return documents;
}

/** powershell.exe with the arguments as an array: no shell, a time limit, bounded output. */
export const spawnPowerShell: PowerShellRunner = (args, options) =>
  new Promise((resolve, reject) => {
    execFile('powershell.exe', [...args], { cwd: options?.cwd, timeout: options?.timeoutMs ?? 30_000, windowsHide: true, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && typeof (err as NodeJS.ErrnoException).code === 'string') return reject(err);
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });

/** Debug-ContainerHost.ps1 where a user who downloaded it would have it (never the workspace: its files are not the user's to run). */
function findDebugScript(): string | undefined {
  const home = os.homedir();
  for (const dir of [path.join(home, 'Downloads'), home]) {
    const file = path.join(dir, 'Debug-ContainerHost.ps1');
    try {
      if (fs.lstatSync(file).isFile()) return file;
    } catch {
      // absent
    }
  }
  return undefined;
}

async function decideDebugScript(deps: Deps): Promise<DebugScriptDecision> {
  const file = findDebugScript();
  if (!file) return { kind: 'absent' };
  const answer = await deps.ui.confirm({
    id: 'diagnose.runDebugScript',
    message: `Run Microsoft's Debug-ContainerHost.ps1 from ${file}?`,
    detail: 'It only reads: the Windows version, the docker service, registry values, images and the last day of container event logs. It runs with your rights, in a new temporary folder where it leaves its log CSV. Run it only if it is the script you downloaded from Microsoft.',
    buttons: ['Run It'],
  });
  if (answer !== 'Run It') return { kind: 'declined', file };
  return { kind: 'run', file, cwd: fs.mkdtempSync(path.join(os.tmpdir(), 'dwb-diagnose-')) };
}

async function engineAnswers(deps: Deps): Promise<EngineInput> {
  try {
    const client = await deps.session.requireClient();
    const [info, version] = await Promise.all([getInfo(client), getVersion(client)]);
    return { ok: true, info, version };
  } catch (err) {
    if (err instanceof EngineError) return { ok: false, message: err.detail, action: err.action };
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

export async function diagnoseCommand(deps: Deps, options?: { runPowerShell?: PowerShellRunner; platform?: string }): Promise<DiagnoseResult> {
  const platform = options?.platform ?? process.platform;
  const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Diagnosing the Windows container host' }, async () =>
    diagnoseHost({
      platform,
      at: new Date(),
      endpoint: undefined,
      engine: await engineAnswers(deps),
      runPowerShell: options?.runPowerShell ?? spawnPowerShell,
      debugScript: platform === 'win32' ? () => decideDebugScript(deps) : undefined,
    }),
  );
  report.endpoint = deps.session.endpointUrl;
  const markdown = renderReport(report);
  const uri = reportDocuments(deps).add(markdown);
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  const fixes = fixCommands(report);
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  // Not awaited: the report is open; the notification waits for the user.
  void deps.ui
    .info(failed === 0 ? 'Windows container host: no check failed.' : `Windows container host: ${failed} check${failed === 1 ? '' : 's'} failed; the report gives the fixes.`, ...(fixes ? ['Copy Fix Commands'] : []))
    .then((choice) => (choice === 'Copy Fix Commands' ? deps.ui.copy(fixes) : undefined));
  return { uri, report, markdown };
}

export const diagnoseCommands: CommandSpec[] = [{ id: 'dockerWorkbench.diagnoseHost', run: (deps) => diagnoseCommand(deps) }];
