// The report as Markdown. Values from the engine or the machine are only ever inline code spans
// (markdownCode: a fence longer than any backtick run inside, one line, bounded), and the words
// around them are escaped, so an engine that names itself `![x](https://...)` shows those
// characters and fetches nothing. Fixes are fenced PowerShell blocks, to copy.
import { markdownCode } from '../../../../server/src/markdown';
import type { Check, CheckStatus, DiagnoseReport } from './types';

// Marks from common fonts (DejaVu, Segoe UI): emoji need an emoji font, which many Linux machines lack.
const MARK: Record<CheckStatus, string> = { pass: '✓ Pass', fail: '✗ Fail', unknown: '? Unknown' };

/** Plain text as Markdown that renders as that text (no emphasis, links, HTML or headings). */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|[\r\n]/g, ' ').replace(/[\\`*_{}[\]()<>#+!|~&-]/g, (c) => (c === '<' ? '&lt;' : c === '&' ? '&amp;' : c === '>' ? '&gt;' : `\\${c}`));
}

function fence(lines: readonly string[]): string {
  const body = lines.join('\n');
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const f = '`'.repeat(longest + 1);
  return `${f}powershell\n${body}\n${f}`;
}

export function renderCheck(c: Check): string {
  const out = [`### ${MARK[c.status]}: ${escapeMarkdown(c.title)}`, '', `${escapeMarkdown(c.detail)}`, ''];
  if (c.facts && c.facts.length > 0) {
    for (const [name, value] of c.facts) out.push(`- ${escapeMarkdown(name)}: ${value === '' ? '(empty)' : markdownCode(value)}`);
    out.push('');
  }
  if (c.fix) {
    out.push(`**Fix:** ${escapeMarkdown(c.fix.text)}`, '');
    if (c.fix.commands.length > 0) out.push(fence(c.fix.commands), '');
  }
  out.push(`<sub>check ${markdownCode(c.id)}, from ${c.source === 'engine' ? 'the engine (GET /info, /version)' : 'this machine (PowerShell)'}</sub>`, '');
  return out.join('\n');
}

export function counts(checks: readonly Check[]): Record<CheckStatus, number> {
  const n: Record<CheckStatus, number> = { pass: 0, fail: 0, unknown: 0 };
  for (const c of checks) n[c.status]++;
  return n;
}

export function renderReport(r: DiagnoseReport): string {
  const n = counts(r.checks);
  const out = [
    '# Windows container host diagnosis',
    '',
    `Made ${escapeMarkdown(r.at)}; engine ${r.endpoint ? markdownCode(r.endpoint) : '(none resolved)'}; VS Code on ${markdownCode(r.platform)}.`,
    '',
    `**${n.pass} passed, ${n.fail} failed, ${n.unknown} unknown.** Nothing was changed: each fix is a command to copy and run yourself (in an elevated PowerShell where it says so), or use "Copy Fix Commands" on the notification.`,
    '',
  ];
  const engine = r.checks.filter((c) => c.source === 'engine');
  const machine = r.checks.filter((c) => c.source === 'machine');
  out.push('## The engine', '', ...engine.map(renderCheck));
  out.push('## This machine', '');
  if (machine.length === 0) out.push('No checks of the machine were made (see the notes).', '');
  else out.push(...machine.map(renderCheck));
  if (r.notes.length > 0) out.push('## Notes', '', ...r.notes.map((n) => `- ${escapeMarkdown(n)}`), '');
  return out.join('\n');
}

/** The commands of every failed check's fix, for the clipboard, each block under a comment naming its check. */
export function fixCommands(r: DiagnoseReport): string {
  const blocks = r.checks.filter((c) => c.status === 'fail' && c.fix && c.fix.commands.length > 0).map((c) => [`# ${c.title}`, ...(c.fix?.commands ?? [])].join('\n'));
  return blocks.join('\n\n');
}
