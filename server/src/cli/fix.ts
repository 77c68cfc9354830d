// `--fix` for one file: apply the preferred fixes, lint again, repeat. A fix can uncover or
// settle another finding, so one pass is not enough; a bound keeps two fixes that undo each
// other from looping forever.
import { applyFixes, preferredFix } from '../fix';
import type { Finding } from '../rules/types';

export const MAX_FIX_PASSES = 10;

export interface FixOutcome {
  text: string;
  /** What is left after the last pass. */
  findings: Finding[];
  /** Fixes applied over all passes. */
  fixed: number;
  passes: number;
}

export function fixUntilStable(text: string, lintText: (text: string) => Finding[], maxPasses = MAX_FIX_PASSES): FixOutcome {
  let current = text;
  let findings = lintText(current);
  let fixed = 0;
  let passes = 0;
  while (passes < maxPasses && findings.some((f) => preferredFix(f) !== undefined)) {
    const result = applyFixes(current, findings);
    passes++;
    if (result.applied.length === 0 || result.text === current) break;
    fixed += result.applied.length;
    current = result.text;
    findings = lintText(current);
  }
  return { text: current, findings, fixed, passes };
}
