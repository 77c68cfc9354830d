// A file above the size limit is not read whole nor parsed: it gets this one finding instead. The
// rule never fires from a model: the CLI reports it from the file's size before reading it, the
// language server from the document's size before parsing it.
import type { RuleSeverityOverrides } from '../../../../shared/protocol';
import type { Finding, Rule } from '../types';

export const fileTooLarge: Rule = {
  id: 'file-too-large',
  category: 'syntax',
  severity: 'error',
  summary: 'The file is larger than the size limit, so it was not linted',
  docs: [
    'Reading and checking a Dockerfile takes memory in proportion to its size (about 40 bytes per byte of file, up to about 200 for the worst shapes, such as one ENV with very many variables), so a file above the limit is not read or parsed at all: it gets this one finding instead, and none of the other rules run on it. Real Dockerfiles are a few kilobytes (the largest of 1204 in the test corpus is 10 KB); one of megabytes is generated, or not a Dockerfile.',
    '',
    'The limit is 1 MiB by default: `--max-file-size` on the command line (`512KiB`, `20M`, or a bare number of MiB), `dockerWorkbench.lint.maxFileSize` (MiB, user settings only, so a workspace cannot raise it) in the editor; at most 64 MiB. It is an error, so a CI run fails rather than passing a file nobody checked.',
  ].join('\n'),
  check: () => [],
};

/**
 * The finding for a file of `size` bytes over `limit`, at its first character; none when the rule
 * is turned off. `raise` says how to raise the limit where the file was read.
 */
export function fileTooLargeFindings(size: number, limit: number, raise: string, severities?: RuleSeverityOverrides): Finding[] {
  const override = severities?.[fileTooLarge.id];
  if (override === 'off') return [];
  return [
    {
      rule: fileTooLarge.id,
      severity: override ?? fileTooLarge.severity,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message: `This file is ${formatSize(size)}, over the ${formatSize(limit)} limit, so it was not linted. ${raise}`,
      fixes: [],
    },
  ];
}

/** `10 MiB`, `1.5 MiB`, `512 KiB`, `100 bytes`. */
export function formatSize(bytes: number): string {
  const unit = (value: number, name: string) => `${Number(value.toFixed(1))} ${name}`;
  if (bytes >= 1024 * 1024) return unit(bytes / (1024 * 1024), 'MiB');
  if (bytes >= 1024) return unit(bytes / 1024, 'KiB');
  return `${bytes} bytes`;
}
