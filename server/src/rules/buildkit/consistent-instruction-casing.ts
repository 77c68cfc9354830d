import type { Rule, Report } from '../types';
import { checkDocs } from './common';

function isConsistent(s: string): boolean {
  return s === s.toLowerCase() || s === s.toUpperCase();
}

// BuildKit counts the instructions of the stages only (global ARGs are not among them), and a tie
// goes to upper case.
export const consistentInstructionCasing: Rule = {
  id: 'ConsistentInstructionCasing',
  buildkitName: 'ConsistentInstructionCasing',
  category: 'buildkit',
  severity: 'warning',
  summary: 'All commands within the Dockerfile should use the same casing (either upper or lower)',
  docs: checkDocs(
    'ConsistentInstructionCasing',
    'Instruction keywords are case-insensitive, but a file should pick one casing. The casing most instructions use wins; `Run` (mixed) is always reported.',
  ),
  check(model) {
    const staged = model.instructions.filter((i) => i.stageIndex >= 0 && i.known);
    let lower = 0;
    let upper = 0;
    for (const ins of staged) {
      if (!isConsistent(ins.rawKeyword)) continue;
      if (ins.rawKeyword === ins.rawKeyword.toLowerCase()) lower++;
      else upper++;
    }
    const majorityLower = lower > upper;
    const reports: Report[] = [];
    for (const ins of staged) {
      const wanted = majorityLower ? ins.rawKeyword.toLowerCase() : ins.rawKeyword.toUpperCase();
      if (wanted === ins.rawKeyword) continue;
      reports.push({
        range: ins.keywordRange,
        message: `Command '${ins.rawKeyword}' should match the case of the command majority (${majorityLower ? 'lowercase' : 'uppercase'})`,
        fixes: [{ title: `Change to '${wanted}'`, preferred: true, edits: [{ range: ins.keywordRange, newText: wanted }] }],
      });
    }
    return reports;
  },
};
