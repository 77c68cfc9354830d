import type { Instruction } from '../../dockerfile/model';
import { KNOWN_INSTRUCTIONS } from '../../dockerfile/parser';
import { isWindowsStage } from '../../windows';
import type { Report, Rule } from '../types';
import { rewriteToBacktick } from './backtick-rewrite';
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
    const found: { ins: Instruction; line: number; word: string; column: number; swallowed?: string }[] = [];
    for (const ins of model.instructions) {
      if (ins.segments.length < 2 || ins.stageIndex < 0) continue;
      const stage = model.stages[ins.stageIndex];
      if (!stage || !isWindowsStage(model, stage)) continue;
      for (let k = 0; k < ins.segments.length - 1; k++) {
        const seg = ins.segments[k];
        const content = model.lines[seg.line].slice(seg.character, seg.character + seg.length);
        const word = lastWord(content);
        if (!word || !isWindowsPath(word)) continue;
        const next = ins.segments[k + 1];
        const nextText = model.lines[next.line].slice(next.character, next.character + next.length).trimStart();
        const keyword = /^([A-Za-z]+)(\s|$)/.exec(nextText)?.[1]?.toUpperCase();
        found.push({
          ins,
          line: seg.line,
          word,
          column: seg.character + seg.length - word.length,
          swallowed: keyword && KNOWN_INSTRUCTIONS.has(keyword) ? keyword : undefined,
        });
      }
    }
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
            ? [{ title: 'Add `# escape=`` ` and continue lines with backticks', preferred: true, edits: rewrite.edits }]
            : [],
      };
    });
  },
};

/** The last whitespace-delimited word (a regex anchored at the end backtracks from every position). */
function lastWord(text: string): string | undefined {
  let start = text.length;
  while (start > 0 && !/\s/.test(text[start - 1])) start--;
  return start < text.length ? text.slice(start) : undefined;
}

function nextLine(ins: Instruction, line: number): number {
  const k = ins.segments.findIndex((s) => s.line === line);
  return ins.segments[k + 1]?.line ?? line + 1;
}

/** `c:\inetpub\wwwroot`, `C:`, `\\server\share\dir`, `app\bin` (the trailing `\` already cut off). */
function isWindowsPath(word: string): boolean {
  const w = word.replace(/^["']/, '');
  return /^[A-Za-z]:/.test(w) || w.includes('\\');
}
