// The shapes of the host diagnosis: a check is one question about the Windows container host with
// its answer, what it was read from, and the fix as commands the user may copy (never run here).

export type CheckStatus = 'pass' | 'fail' | 'unknown';

export interface Fix {
  /** What to do, in a sentence. */
  text: string;
  /** PowerShell lines to copy, in order; empty when the fix is a click in a UI. */
  commands: string[];
}

export interface Check {
  /** Stable id (`engine.os`, `machine.feature.containers`): tests and the walkthrough find checks by it. */
  id: string;
  /** Where the answer comes from: the engine's API or the machine through PowerShell. */
  source: 'engine' | 'machine';
  title: string;
  status: CheckStatus;
  /** What was found, in words; values quoted from the engine or the machine are marked up by the report. */
  detail: string;
  /** Values read, shown as code (never as Markdown): `[["OSType", "windows"]]`. */
  facts?: Array<[string, string]>;
  fix?: Fix;
}

export interface DiagnoseReport {
  /** When the report was made (ISO 8601), for the heading. */
  at: string;
  /** The endpoint asked, when one was resolved. */
  endpoint?: string;
  /** `process.platform` of the machine VS Code's extension host runs on. */
  platform: string;
  checks: Check[];
  /** Why some checks were not made (machine checks off this platform, a probe that failed). */
  notes: string[];
}
