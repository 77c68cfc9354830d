import type { Report, Rule } from '../types';
import { execSites } from './exec-form';

const CONTROL: Record<string, string> = { t: 'a TAB', n: 'a line feed', r: 'a carriage return', b: 'a backspace', f: 'a form feed' };

export const execFormControlEscape: Rule = {
  id: 'exec-form-control-escape',
  severity: 'warning',
  category: 'mission',
  scope: 'instruction',
  summary: 'A JSON escape turns part of a Windows path into a control character.',
  docs: [
    'In exec form the arguments are JSON, where `\\t`, `\\n`, `\\r`, `\\b` and `\\f` are escapes:',
    '`["C:\\temp\\app.exe"]` is valid JSON, but it decodes to `C:`, a TAB, `emp`, ... and the program',
    'is never found. Such escapes inside what looks like a path are almost never meant.',
    '',
    'Fix: write each backslash as `\\\\`, or use `/`.',
  ].join('\n'),
  check(model) {
    const reports: Report[] = [];
    for (const site of execSites(model, (e) => e.form === 'exec' && e.strings.some((str) => str.escapes.length > 0))) {
      const exec = site.ins.exec;
      if (exec?.form !== 'exec') continue;
      for (const str of exec.strings) {
        if (str.escapes.length === 0) continue;
        const raw = site.json.slice(str.start + 1, str.end - 1);
        const suspicious = str.escapes.filter((e) => {
          if (!(e.char in CONTROL)) return false;
          const rel = e.offset - str.start - 1;
          const after = raw[rel + 2] ?? '';
          const before = raw[rel - 1] ?? '';
          // `C:\temp`, `\bin\app`, `logs\new`: a letter right after, and a path-like character (or nothing) before.
          return /[A-Za-z0-9_]/.test(after) && (before === '' || /[A-Za-z0-9_:.\-~$}]/.test(before) || raw.slice(rel - 2, rel) === '\\\\');
        });
        if (suspicious.length === 0) continue;
        const first = suspicious[0];
        const base = site.offset;
        reports.push({
          range: site.ins.rangeOf(base + str.start, base + str.end),
          message: `${JSON.stringify(str.value)} is probably not what you meant: in JSON, \\${first.char} is ${CONTROL[first.char]}, so ${site.json.slice(str.start, str.end)} decodes to a control character instead of a path separator.`,
          fixes: [
            {
              title: 'Escape the backslashes as \\\\',
              preferred: true,
              edits: suspicious.map((e) => ({ range: site.ins.rangeOf(base + e.offset, base + e.offset + 1), newText: '\\\\' })),
            },
          ],
        });
      }
    }
    return reports;
  },
};
