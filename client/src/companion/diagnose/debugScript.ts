// Microsoft's troubleshooting script, Debug-ContainerHost.ps1 (MicrosoftDocs/Virtualization-
// Documentation, windows-server-container-tools): a set of Pester `Describe`/`It` blocks, so its
// output is Pester's (Windows ships Pester 3.4): `Describing NAME`, then ` [+] TEST 14ms` or
// ` [-] TEST 41ms` followed by indented `Expected: ...` / `But was: ...` lines; after the tests
// it prints `docker info`/`docker version` and the last day's warnings. Summarised here: the tests
// by block, the failures with their first lines of detail.
import { DEBUG_SCRIPT_DOWNLOAD } from './fixes';
import type { PowerShellResult } from './powershell';
import type { Check } from './types';

export interface PesterTest {
  block: string;
  name: string;
  passed: boolean;
  /** A failure's first lines (Expected / But was). */
  detail: string[];
}

export interface DebugScriptSummary {
  tests: PesterTest[];
  /** `Logs saved to PATH`: the CSV of warnings and errors the script writes. */
  logFile?: string;
}

const DESCRIBE = /^\s*Describing\s+(.+?)\s*$/;
const RESULT = /^\s*\[([+\-!?])\]\s+(.*?)\s+\d+(?:\.\d+)?\s*m?s\s*$/;

export function summariseDebugScript(output: string): DebugScriptSummary {
  const tests: PesterTest[] = [];
  let block = '';
  let logFile: string | undefined;
  let current: PesterTest | undefined;
  for (const raw of output.split(/\r?\n/)) {
    const d = DESCRIBE.exec(raw);
    if (d) {
      block = d[1];
      current = undefined;
      continue;
    }
    const r = RESULT.exec(raw);
    if (r) {
      current = { block, name: r[2], passed: r[1] === '+', detail: [] };
      tests.push(current);
      continue;
    }
    const saved = /^\s*Logs saved to (.+?)\s*$/.exec(raw);
    if (saved) logFile = saved[1];
    // A failure's detail is indented below it; the first lines say what was expected.
    if (current && !current.passed && /^\s{2,}\S/.test(raw) && current.detail.length < 2 && !/^\s*at /.test(raw)) current.detail.push(raw.trim());
    else if (!/^\s{2,}/.test(raw)) current = undefined;
  }
  return { tests, logFile };
}

export function debugScriptCheck(state: { kind: 'absent' } | { kind: 'declined'; file: string } | { kind: 'ran'; file: string; result: PowerShellResult }): Check {
  const base = { id: 'machine.debugScript', source: 'machine' as const, title: "Microsoft's Debug-ContainerHost.ps1" };
  if (state.kind === 'absent') return { ...base, status: 'unknown', detail: 'Not found in your home or Downloads folder, so not run.', fix: DEBUG_SCRIPT_DOWNLOAD };
  if (state.kind === 'declined') return { ...base, status: 'unknown', detail: 'Found, not run (you chose not to).', facts: [['file', state.file]] };
  const summary = summariseDebugScript(state.result.stdout);
  if (summary.tests.length === 0) {
    const why = state.result.stderr.replace(/\s+/g, ' ').trim().slice(0, 300);
    return { ...base, status: 'unknown', detail: `It ran but printed no Pester results${why ? `: ${why}` : ' (is Pester installed? Windows ships it)'}.`, facts: [['file', state.file]] };
  }
  const failed = summary.tests.filter((t) => !t.passed);
  const facts: Array<[string, string]> = [['file', state.file], ...failed.map((t): [string, string] => [`${t.block} / ${t.name}`, t.detail.join(' ') || 'failed'])];
  if (summary.logFile) facts.push(['Logs saved to', summary.logFile]);
  return {
    ...base,
    status: failed.length === 0 ? 'pass' : 'fail',
    detail: `${summary.tests.length - failed.length} of ${summary.tests.length} of its tests passed${failed.length > 0 ? `; failed: ${failed.map((t) => t.name).join('; ')}` : ''}.`,
    facts,
    fix: failed.length > 0 ? { text: 'The failures name what to fix; the checks above give the commands for the usual ones (the service, the features).', commands: [] } : undefined,
  };
}
