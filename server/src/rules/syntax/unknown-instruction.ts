import { KNOWN_INSTRUCTIONS } from '../../dockerfile/parser';
import type { Fix, Rule, Report } from '../types';
import { allInstructions, closest } from './common';

export const unknownInstruction: Rule = {
  id: 'unknown-instruction',
  category: 'syntax',
  scope: 'instruction',
  severity: 'error',
  summary: 'Docker does not know this instruction and fails the build',
  docs: [
    'BuildKit stops with `unknown instruction: X` at the first word it does not know as an instruction. Often the word is a typo (`RUNN`), or the previous line was meant to continue onto this one and lacks its escape character at the end.',
    '',
    'An unknown instruction inside `ONBUILD` only fails the build of images built *from* this one, so it is reported as a warning.',
  ].join('\n'),
  check(model) {
    const reports: Report[] = [];
    for (const { ins, trigger } of allInstructions(model)) {
      if (ins.known) continue;
      if (ins.keyword === '') {
        // A continuation that runs to the end of the file with nothing on it: BuildKit's parser
        // keeps it as an instruction with no name, and the build stops on it.
        const line = ins.startLine;
        reports.push({
          range: { start: { line, character: 0 }, end: { line, character: model.lines[line].length } },
          message: 'This line continues to the end of the file with nothing after it: Docker reads an instruction with no name and fails (unknown instruction)',
        });
        continue;
      }
      const candidates = ins.keyword.length >= 3 ? closest(ins.keyword, KNOWN_INSTRUCTIONS, ins.keyword.length >= 5 ? 2 : 1) : [];
      const fixes: Fix[] = candidates.map((c) => {
        const cased = ins.rawKeyword === ins.rawKeyword.toLowerCase() ? c.toLowerCase() : c;
        return { title: `Change to ${cased}`, preferred: candidates.length === 1, edits: [{ range: ins.keywordRange, newText: cased }] };
      });
      const hint = candidates.length > 0 ? ` (did you mean ${candidates.join(' or ')}?)` : '';
      reports.push({
        range: ins.keywordRange,
        message: `Unknown instruction: ${ins.rawKeyword}${hint}`,
        fixes,
        severity: trigger ? 'warning' : undefined,
      });
    }
    return reports;
  },
};
