// The machine's side, through Windows PowerShell: each probe is a fixed script, run as
// `powershell.exe -NoProfile -NonInteractive -Command <script>` with arguments as an array (no
// shell, nothing spliced in), that prints its answer with ConvertTo-Json. Enum values (a feature's
// State, a service's Status) are turned into their names in the script, since Windows PowerShell
// 5.1's ConvertTo-Json writes enums as numbers. The runner is injected: the command layer spawns
// powershell.exe, the tests replay recorded outputs (test/unit/fixtures/diagnose/).

export interface PowerShellResult {
  /** Exit code; null when the process was killed (a timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
}

export type PowerShellRunner = (args: readonly string[], options?: { cwd?: string; timeoutMs?: number }) => Promise<PowerShellResult>;

export type ProbeId = 'os' | 'processor' | 'computerSystem' | 'optionalFeatures' | 'windowsFeatures' | 'service' | 'desktop';

/** The probes' script text. Fixed: nothing from the user, the workspace or the engine is ever added. */
export const PROBES: Readonly<Record<ProbeId, string>> = {
  os: 'Get-CimInstance -ClassName Win32_OperatingSystem | Select-Object Caption, Version, BuildNumber, ProductType | ConvertTo-Json -Compress',
  processor:
    'Get-CimInstance -ClassName Win32_Processor | Select-Object Name, VirtualizationFirmwareEnabled, VMMonitorModeExtensions, SecondLevelAddressTranslationExtensions | ConvertTo-Json -Compress',
  computerSystem: 'Get-CimInstance -ClassName Win32_ComputerSystem | Select-Object HypervisorPresent, Model | ConvertTo-Json -Compress',
  optionalFeatures:
    "'Containers', 'Microsoft-Hyper-V' | ForEach-Object { Get-WindowsOptionalFeature -Online -FeatureName $_ } | Select-Object FeatureName, @{Name='State';Expression={[string]$_.State}}, RestartNeeded | ConvertTo-Json -Compress",
  windowsFeatures: "Get-WindowsFeature -Name Containers, Hyper-V | Select-Object Name, @{Name='InstallState';Expression={[string]$_.InstallState}} | ConvertTo-Json -Compress",
  service:
    "Get-Service -Name docker, com.docker.service -ErrorAction SilentlyContinue | ForEach-Object { $name = $_.Name; $cim = Get-CimInstance -ClassName Win32_Service | Where-Object Name -eq $name; $exe = if ($cim.PathName -match '^\\s*\"?([^\"]+?\\.exe)') { $Matches[1] }; [pscustomobject]@{ Name = $name; Status = [string]$_.Status; StartType = [string]$_.StartType; PathName = $cim.PathName; ProductVersion = if ($exe -and (Test-Path -LiteralPath $exe)) { (Get-Item -LiteralPath $exe).VersionInfo.ProductVersion } } } | ConvertTo-Json -Compress",
  desktop:
    "$pipes = [System.IO.Directory]::GetFiles('\\\\.\\pipe\\'); [pscustomobject]@{ DockerCli = Test-Path -LiteralPath (Join-Path $Env:ProgramFiles 'Docker\\Docker\\DockerCli.exe'); Running = [bool](Get-Process -Name 'Docker Desktop' -ErrorAction SilentlyContinue); WindowsEnginePipe = $pipes -contains '\\\\.\\pipe\\dockerDesktopWindowsEngine'; LinuxEnginePipe = $pipes -contains '\\\\.\\pipe\\dockerDesktopLinuxEngine' } | ConvertTo-Json -Compress",
};

/** The argument array for one probe. */
export function probeArgs(id: ProbeId): string[] {
  return ['-NoProfile', '-NonInteractive', '-Command', PROBES[id]];
}

/** The argument array that runs a script file (Debug-ContainerHost.ps1): its path is one argument. */
export function scriptFileArgs(file: string): string[] {
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', file];
}

export type ProbeAnswer = { ok: true; items: Array<Record<string, unknown>> } | { ok: false; reason: string; elevation: boolean };

/** A probe's output as a list of objects (ConvertTo-Json writes one object bare, several as an array, none as nothing). */
export function readProbe(result: PowerShellResult): ProbeAnswer {
  const err = result.stderr.replace(/\s+/g, ' ').trim();
  const elevation = /requires elevation|elevated|access is denied/i.test(err);
  const out = result.stdout.trim();
  if (out === '') {
    if (result.code === 0 && err === '') return { ok: true, items: [] };
    return { ok: false, reason: err ? err.slice(0, 300) : `powershell.exe exited with ${result.code === null ? 'no code (stopped after the time limit)' : `code ${result.code}`}`, elevation };
  }
  let value: unknown;
  try {
    value = JSON.parse(out);
  } catch {
    return { ok: false, reason: 'its output is not JSON', elevation: false };
  }
  const list = Array.isArray(value) ? value : [value];
  return { ok: true, items: list.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)) };
}

export function runProbe(runner: PowerShellRunner, id: ProbeId, timeoutMs = 30_000): Promise<ProbeAnswer> {
  return runner(probeArgs(id), { timeoutMs }).then(readProbe, (err: unknown) => ({ ok: false, reason: `powershell.exe could not run: ${err instanceof Error ? err.message : String(err)}`, elevation: false }));
}
