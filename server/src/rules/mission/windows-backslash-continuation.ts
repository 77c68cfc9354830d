import type { Instruction } from '../../dockerfile/model';
import type { Report, Rule } from '../types';
import { rewriteToBacktick, windowsPathContinuations } from './backtick-rewrite';
import { span } from './edits';

export const windowsBackslashContinuation: Rule = {
  id: 'windows-backslash-continuation',
  severity: 'warning',
  category: 'mission',
  summary: 'A Windows path ending in \\ continues the line onto the next one.',
  docs: [
    'With the default escape character `\\`, a line whose last character is a backslash continues onto',
    'the next line, even when that backslash ends a Windows path: `COPY app c:\\inetpub\\wwwroot\\`',
    'swallows the line after it, often a whole instruction, which then silently never runs.',
    '',
    'Fix: add `# escape=`` ` at the top and continue lines with a backtick. The quick fix does this for',
    'the whole file: it keeps every real continuation (rewritten to a backtick) and lets the path',
    'keep its trailing backslash.',
  ].join('\n'),
  check(model) {
    if (model.escape.char !== '\\') return [];
    const found = windowsPathContinuations(model);
    if (found.length === 0) return [];
    const rewrite = rewriteToBacktick(model, new Set(found.map((f) => f.line)));
    return found.map((f): Report => {
      const what = f.swallowed
        ? `the ${f.swallowed} on line ${nextLine(f.ins, f.line) + 1} becomes part of this ${f.ins.keyword} and never runs`
        : `line ${nextLine(f.ins, f.line) + 1} becomes part of this ${f.ins.keyword}`;
      const blocked = 'blocked' in rewrite ? ` (No automatic fix: ${rewrite.blocked}.)` : '';
      return {
        range: span(f.line, f.column, f.column + f.word.length + 1),
        message: `The trailing \\ of ${f.word}\\ is read as a line continuation: ${what}. Use the backtick escape directive, or end the path without \\.${blocked}`,
        severity: f.swallowed ? 'error' : undefined,
        fixes:
          'edits' in rewrite
            ? [{ title: 'Use the backtick escape directive (`# escape=`` `), keeping real continuations', preferred: true, edits: rewrite.edits }]
            : [],
      };
    });
  },
};

function nextLine(ins: Instruction, line: number): number {
  const k = ins.segments.findIndex((s) => s.line === line);
  return ins.segments[k + 1]?.line ?? line + 1;
}
