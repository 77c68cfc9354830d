// BuildKit's own lint and parser tests, kept as data in ../shared/conformance/buildkit (never copied
// into this repository). Both conformance files count their agreements here, and the tier ends by
// printing one line: `lint N/N cases agree, parser N/N files agree`.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../server/src/rules/types';

export const conformanceRoot =
  process.env.DOCKER_WORKBENCH_CONFORMANCE ?? path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'conformance', 'buildkit');

export function conformanceAvailable(): boolean {
  return existsSync(path.join(conformanceRoot, 'lint', 'expectations.json')) && existsSync(path.join(conformanceRoot, 'parser', 'expectations.json'));
}

export const conformanceMissingMessage = `BuildKit conformance data not found at ${conformanceRoot} (set DOCKER_WORKBENCH_CONFORMANCE to its folder)`;

export function readConformanceJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(path.join(conformanceRoot, ...parts), 'utf8')) as T;
}

export function conformancePath(...parts: string[]): string {
  return path.join(conformanceRoot, ...parts);
}

/**
 * How two multisets of `rule@line` keys differ, sorted: `+ KEY (ours only)` where we report more,
 * `- KEY (theirsLabel)` where fewer; empty when they agree, duplicates included.
 */
export function multisetDiff(ours: readonly string[], theirs: readonly string[], theirsLabel: string): string[] {
  const count = (keys: readonly string[]) => {
    const m = new Map<string, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  const a = count(ours);
  const b = count(theirs);
  const out: string[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const d = (a.get(k) ?? 0) - (b.get(k) ?? 0);
    if (d > 0) out.push(`+ ${k}${d > 1 ? ` x${d}` : ''} (ours only)`);
    if (d < 0) out.push(`- ${k}${d < -1 ? ` x${-d}` : ''} (${theirsLabel})`);
  }
  return out.sort();
}

export function describeFinding(f: Finding): string {
  return `${f.rule}@${f.range.start.line + 1} [${f.severity}] ${f.message}`;
}

/** Agreements counted by the two suites; each `it` adds to `total` before it asserts. */
export const tally = {
  lint: { agree: 0, total: 0 },
  parser: { agree: 0, total: 0 },
};

after(function () {
  if (!conformanceAvailable()) {
    console.log(`conformance: skipped, ${conformanceMissingMessage}`);
    return;
  }
  console.log(`lint ${tally.lint.agree}/${tally.lint.total} cases agree, parser ${tally.parser.agree}/${tally.parser.total} files agree`);
});
