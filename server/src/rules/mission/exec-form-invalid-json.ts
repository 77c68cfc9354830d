import { decodeJsonArray } from '../../dockerfile/json';
import type { Fix, Report, Rule } from '../types';
import { execSites, jsonString, readLenientArray, type LenientElement } from './exec-form';

export const execFormInvalidJson: Rule = {
  id: 'exec-form-invalid-json',
  severity: 'error',
  category: 'mission',
  scope: 'instruction',
  summary: 'Meant as exec form but not valid JSON, so Docker runs it as shell form.',
  docs: [
    'Docker reads `CMD`, `ENTRYPOINT`, `RUN`, `SHELL`, `HEALTHCHECK CMD` (and `COPY`, `ADD`, `VOLUME`)',
    'as exec form only when the arguments decode as a JSON array of strings. Anything else, silently,',
    'is shell form: `ENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]` is not valid JSON (`\\S` is not a',
    'JSON escape), so Windows runs `cmd /S /C ["C:\\ServiceMonitor.exe", "w3svc"]`, which fails.',
    'Single quotes and trailing commas do the same.',
    '',
    'Fix: escape each backslash as `\\\\` (`"C:\\\\ServiceMonitor.exe"`), or use forward slashes',
    '(`"C:/ServiceMonitor.exe"`), with double quotes and no trailing comma.',
    '',
    'Arguments that only start with `[` but are not shaped like a list, such as the shell test',
    '`[ -f x ] && ...` or PowerShell\'s `[Environment]::...`, are left alone.',
  ].join('\n'),
  check(model) {
    const reports: Report[] = [];
    for (const site of execSites(model, (e) => e.form === 'shell' && e.jsonError !== undefined)) {
      const decision = site.ins.exec;
      if (decision?.form !== 'shell' || !decision.jsonError) continue;
      const elements = readLenientArray(site.json);
      if (!elements) continue;
      const error = decision.jsonError;
      const at = site.offset + error.offset;
      const shell = site.ins.keyword === 'COPY' || site.ins.keyword === 'ADD' || site.ins.keyword === 'VOLUME' ? 'space-separated words' : 'shell form';
      const fixes: Fix[] = [];
      const range = site.ins.rangeOf(site.offset, site.offset + site.json.length);
      const escaped = rebuild(elements, (body, quote) => escapeBackslashes(body, quote));
      if (escaped) fixes.push({ title: 'Make it valid JSON: escape backslashes as \\\\', preferred: true, edits: [{ range, newText: escaped }] });
      const slashed = rebuild(elements, (body, quote) => escapeBackslashes(body, quote).replace(/\\\\/g, '/'));
      if (slashed && slashed !== escaped) fixes.push({ title: 'Make it valid JSON: use / in paths', edits: [{ range, newText: slashed }] });
      reports.push({
        range,
        message: `Not valid JSON (${error.message} at column ${site.ins.positionAt(at).character + 1}), so Docker silently reads this ${site.ins.keyword} as ${shell}, not exec form.`,
        fixes,
      });
    }
    return reports;
  },
};

/** Decoded value of one element, reading every backslash that is not `\\` or `\"` as a literal path separator. */
function escapeBackslashes(body: string, quote: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && (body[i + 1] === '\\' || body[i + 1] === quote)) {
      out += body[i + 1] === '\\' ? '\\\\' : body[i + 1];
      i++;
    } else if (c === '\\') out += '\\\\';
    else out += c;
  }
  return out;
}

/** Builds the JSON array from each element's re-spelled body; undefined if the result still does not decode. */
function rebuild(elements: LenientElement[], spell: (body: string, quote: string) => string): string | undefined {
  const parts = elements.map((e) => {
    // `spell` leaves backslashes JSON-escaped; unescape once to get the value, then let JSON.stringify quote it.
    const value = spell(e.body, e.quote).replace(/\\\\/g, '\\');
    return jsonString(value);
  });
  const text = `[${parts.join(', ')}]`;
  const check = decodeJsonArray(text);
  return check.ok ? text : undefined;
}
