// Diagnose Windows Container Host, without VS Code: the engine's answers and (on Windows) the
// machine's, through an injected PowerShell runner, turned into checks and a Markdown report.
// The command (client/src/commands/diagnose.ts) is a thin layer over this.
import { parseHostPlatform } from '../../engine/platform';
import { debugScriptCheck } from './debugScript';
import { engineChecks, engineUnreachable } from './engineChecks';
import { isServer, machineChecks, type ProbeAnswers } from './machineChecks';
import { runProbe, scriptFileArgs, type PowerShellRunner, type ProbeId } from './powershell';
import type { DiagnoseReport } from './types';

export * from './types';
export { renderReport, fixCommands, counts, escapeMarkdown } from './report';
export { PROBES, probeArgs, scriptFileArgs, readProbe, type PowerShellRunner, type PowerShellResult, type ProbeId } from './powershell';
export { summariseDebugScript } from './debugScript';
export { engineChecks } from './engineChecks';
export { machineChecks } from './machineChecks';

export type EngineInput = { ok: true; info: unknown; version: unknown } | { ok: false; message: string; action?: string };

/** What to do about Debug-ContainerHost.ps1: none found, found and not to run, or run it (in `cwd`, where it leaves its files). */
export type DebugScriptDecision = { kind: 'absent' } | { kind: 'declined'; file: string } | { kind: 'run'; file: string; cwd: string };

export interface DiagnoseInput {
  /** `process.platform`: the machine checks run on `win32` only. */
  platform: string;
  at: Date;
  endpoint?: string;
  engine: EngineInput;
  /** Runs powershell.exe with an argument array; needed on win32. */
  runPowerShell?: PowerShellRunner;
  /** Finds Debug-ContainerHost.ps1 and asks whether to run it (the command asks the user). */
  debugScript?: () => Promise<DebugScriptDecision>;
  /** The script's time limit (it reads a day of event logs). */
  debugScriptTimeoutMs?: number;
}

export async function diagnoseHost(input: DiagnoseInput): Promise<DiagnoseReport> {
  const notes: string[] = [];
  const platform = input.engine.ok ? parseHostPlatform(input.engine.info, input.engine.version) : undefined;
  const checks = input.engine.ok ? engineChecks({ info: input.engine.info, version: input.engine.version }, input.platform) : engineUnreachable(input.engine, input.platform);
  if (input.platform !== 'win32') {
    notes.push(`VS Code runs on ${input.platform}, not Windows: the machine's own checks (virtualization, features, the docker service, Docker Desktop, Debug-ContainerHost.ps1) are made only when VS Code runs on the Windows host itself. For a remote Windows engine, run this command in VS Code on that host (or read the engine's checks above).`);
  } else if (!input.runPowerShell) {
    notes.push('No PowerShell runner: the machine was not checked.');
  } else {
    const run = input.runPowerShell;
    const answers: ProbeAnswers = { os: await runProbe(run, 'os') };
    const server = isServer(answers);
    const rest: ProbeId[] = ['processor', 'computerSystem', 'service', 'desktop'];
    if (server === true) rest.push('windowsFeatures');
    if (server === false) rest.push('optionalFeatures');
    await Promise.all(rest.map(async (id) => void (answers[id] = await runProbe(run, id))));
    checks.push(...machineChecks(answers, platform));
    const decision = input.debugScript ? await input.debugScript() : { kind: 'absent' as const };
    if (decision.kind === 'run') {
      const result = await run(scriptFileArgs(decision.file), { cwd: decision.cwd, timeoutMs: input.debugScriptTimeoutMs ?? 180_000 }).catch((err: unknown) => ({ code: null, stdout: '', stderr: err instanceof Error ? err.message : String(err) }));
      checks.push(debugScriptCheck({ kind: 'ran', file: decision.file, result }));
      notes.push(`Debug-ContainerHost.ps1 ran in ${decision.cwd} (it leaves its event-log CSV there).`);
    } else checks.push(debugScriptCheck(decision));
  }
  return { at: input.at.toISOString(), endpoint: input.endpoint, platform: input.platform, checks, notes };
}
