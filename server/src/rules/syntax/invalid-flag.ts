import type { Flag, Instruction } from '../../dockerfile/model';
import type { Fix, Rule, Report, Severity } from '../types';
import { allInstructions, closest } from './common';
import { FLAGS_IGNORED, INSTRUCTION_FLAGS } from './flags';

function flagProblems(ins: Instruction): { flag: Flag; message: string; fixes?: Fix[]; severity?: Severity }[] {
  const out: { flag: Flag; message: string; fixes?: Fix[]; severity?: Severity }[] = [];
  if (ins.flags.length === 0) return out;
  if (FLAGS_IGNORED.has(ins.keyword) || (ins.keyword === 'HEALTHCHECK' && ins.words[0]?.text.toUpperCase() === 'NONE')) {
    for (const flag of ins.flags) out.push({ flag, message: `Docker ignores --${flag.name} on ${ins.keyword}${ins.keyword === 'HEALTHCHECK' ? ' NONE' : ''}`, severity: 'warning' });
    return out;
  }
  const allowed = INSTRUCTION_FLAGS[ins.keyword] ?? {};
  const names = Object.keys(allowed);
  const seen = new Set<string>();
  for (const flag of ins.flags) {
    const type = allowed[flag.name];
    if (type === undefined) {
      if (names.length === 0) {
        out.push({ flag, message: `Unknown flag: --${flag.name} (${ins.keyword} takes no flags)` });
        continue;
      }
      const near = closest(flag.name.toLowerCase(), names, 2);
      const fixes: Fix[] = near.map((n) => ({ title: `Change to --${n}`, preferred: near.length === 1, edits: [{ range: flag.nameRange, newText: n }] }));
      out.push({
        flag,
        message: `Unknown flag: --${flag.name}${near.length ? ` (did you mean --${near.join(' or --')}?)` : ''}; ${ins.keyword} accepts ${names.map((n) => '--' + n).join(', ')}`,
        fixes,
      });
      continue;
    }
    if (seen.has(flag.name) && type !== 'strings') out.push({ flag, message: `Duplicate flag specified: --${flag.name}` });
    seen.add(flag.name);
    if (type !== 'bool' && flag.value === undefined) out.push({ flag, message: `Missing a value on flag: --${flag.name}` });
    if (type === 'bool' && flag.value !== undefined && !['true', 'false'].includes(flag.value.toLowerCase())) {
      out.push({ flag, message: `Expecting boolean value for flag ${flag.name}, not: ${flag.value}` });
    }
  }
  return out;
}

export const invalidFlag: Rule = {
  id: 'invalid-flag',
  category: 'syntax',
  scope: 'instruction',
  severity: 'error',
  summary: 'A flag the instruction does not accept, or a flag without its value',
  docs: [
    'Docker fails the build on a flag the instruction does not know (`unknown flag`), a value-taking flag given bare (`COPY --from` alone), a non-boolean value on a boolean flag (`--link=yes`) or a repeated single-valued flag. Flag names are case-sensitive.',
    '',
    'Accepted flags: `FROM --platform`; `COPY --from --chown --chmod --link --parents --exclude`; `ADD --chown --chmod --link --checksum --keep-git-dir --exclude --unpack`; `RUN --mount --network --security --device`; `HEALTHCHECK --interval --timeout --start-period --start-interval --retries`. Other instructions take none (`STOPSIGNAL` ignores them).',
  ].join('\n'),
  check(model) {
    const reports: Report[] = [];
    for (const { ins, trigger } of allInstructions(model)) {
      if (!ins.known) continue;
      for (const p of flagProblems(ins)) {
        reports.push({ range: p.flag.range, message: p.message, fixes: p.fixes, severity: trigger ? 'warning' : p.severity });
      }
    }
    return reports;
  },
};
