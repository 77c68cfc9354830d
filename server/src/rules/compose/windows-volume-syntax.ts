import { isScalar, type Scalar } from 'yaml';
import type { ComposeModel } from '../../compose/model';
import { interpolated } from '../../compose/service';
import type { ComposeRule, Fix, Report, Severity } from '../types';
import { code, services } from './common';

const DRIVE = /^[A-Za-z]:([\\/]|$)/;
const PIPE = /^(\\\\|\/\/)\.(\\|\/)pipe(\\|\/)/i;

export const composeWindowsVolumeSyntax: ComposeRule = {
  id: 'compose-windows-volume-syntax',
  language: 'compose',
  severity: 'warning',
  category: 'compose',
  summary: 'A Windows path or named pipe in the short volume syntax, which Compose misreads.',
  docs: [
    'Three ways a Windows mount written as `SOURCE:TARGET[:MODE]` goes wrong:',
    '',
    '- A named pipe (`\\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine`) in the short syntax becomes a bind mount,',
    '  and the engine refuses it (`file \'\\\\.\\pipe\\docker_engine\' cannot be mapped. Only directories can be mapped',
    '  on this platform`). It must be written in the long syntax with `type: npipe` (an error).',
    '- A drive letter (`C:\\data:C:\\data`, `data:C:\\app`): Compose v2 reads it, but docker-compose v1 run anywhere but',
    '  Windows splits it at every colon: `Volume C:\\data:C:\\data has incorrect format`, or worse `data:C:\\app` read',
    '  silently as target `C` with mode `\\app` (seen with docker-compose 1.29.2 on Linux). The long syntax is read the',
    '  same way by every Compose.',
    '- In double quotes YAML reads a backslash as an escape: `"C:\\temp:C:\\temp"` mounts `C:<TAB>emp`. Single quotes',
    '  keep backslashes as they are.',
    '',
    'Fix: the entry rewritten in the long syntax (`type`, `source`, `target`, `read_only`), or in single quotes.',
  ].join('\n'),
  check(model) {
    const reports: Report[] = [];
    for (const service of services(model)) {
      for (const item of service.volumes) {
        if (!isScalar(item) || typeof item.value !== 'string' || interpolated(item.value)) continue;
        const report = judge(model, item as Scalar<string>, service.volumesFlow);
        if (report) reports.push({ ...report, message: `Service ${code(service.entry.name)}: ${report.message}` });
      }
    }
    return reports;
  },
};

/** The short syntax split as compose-go splits it: at colons, except a drive letter's. */
export function splitShortVolume(spec: string): string[] {
  const parts: string[] = [];
  let buffer = '';
  for (const ch of spec) {
    if (ch === ':' && buffer.length === 1 && /[A-Za-z]/.test(buffer)) buffer += ch;
    else if (ch === ':') {
      parts.push(buffer);
      buffer = '';
    } else buffer += ch;
  }
  parts.push(buffer);
  return parts;
}

function judge(model: ComposeModel, node: Scalar<string>, flow: boolean): Report | undefined {
  if (!node.range) return undefined;
  const range = model.lines.range(node.range[0], node.range[1]);
  const spec = node.value;
  const parts = splitShortVolume(spec);
  const [source, target, mode] = parts.length === 1 ? ['', parts[0], undefined] : parts;
  if (PIPE.test(source ?? '') || (parts.length === 1 && PIPE.test(target ?? ''))) {
    const fixes = longSyntax(model, node, flow, 'npipe', source || target, target, mode);
    return {
      range,
      severity: 'error' as Severity,
      message: `the named pipe ${code(source || target)} in the short syntax becomes a bind mount, which the engine refuses ("cannot be mapped. Only directories can be mapped on this platform"); write it in the long syntax with \`type: npipe\`.`,
      fixes,
    };
  }
  if (node.type === 'QUOTE_DOUBLE' && /[\u0000-\u001f]/.test(spec)) {
    const inner = model.text.slice(node.range[0] + 1, node.range[1] - 1);
    const fixes: Fix[] = [];
    if (!inner.includes("'") && !inner.includes('\\\\') && !inner.includes('\n')) {
      fixes.push({ title: 'Use single quotes (backslashes kept as written)', preferred: true, edits: [{ range, newText: `'${inner}'` }] });
    }
    return { range, message: `in double quotes YAML reads the backslashes of ${code(inner)} as escapes (\`\\t\` is a tab, \`\\n\` a new line), so the path is not the one written; use single quotes.`, fixes };
  }
  if (parts.length >= 2 && (DRIVE.test(source ?? '') || DRIVE.test(target ?? ''))) {
    const type = /^[.~/\\]/.test(source) || DRIVE.test(source) ? 'bind' : 'volume';
    return {
      range,
      message: `${code(spec)} uses drive letters in the short volume syntax: docker-compose v1 outside Windows splits it at every colon (an error, or a wrong target read silently). The long syntax is read the same way by every Compose.`,
      fixes: longSyntax(model, node, flow, type, source, target, mode),
    };
  }
  return undefined;
}

/** The entry as a long-syntax mapping at the list item's indentation; none when the form is not a plain block list item. */
function longSyntax(model: ComposeModel, node: Scalar, flow: boolean, type: string, source: string, target: string | undefined, mode: string | undefined): Fix[] {
  if (flow || !node.range || target === undefined || target === '') return [];
  const options = mode === undefined ? [] : mode.split(',').filter((o) => o !== '' && o !== 'rw');
  if (options.some((o) => o !== 'ro')) return [];
  const start = model.lines.position(node.range[0]);
  const end = model.lines.position(node.range[1]);
  if (start.line !== end.line) return [];
  const before = model.lines.lineText(start.line).slice(0, start.character);
  if (!/^\s*-\s+$/.test(before)) return [];
  const indent = ' '.repeat(before.length);
  const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const lines = [`type: ${type}`, `${indent}source: ${quote(source)}`, `${indent}target: ${quote(target)}`];
  if (options.includes('ro')) lines.push(`${indent}read_only: true`);
  return [{ title: `Write it in the long syntax (type: ${type})`, preferred: true, edits: [{ range: { start, end }, newText: lines.join('\n') }] }];
}

