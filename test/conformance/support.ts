// BuildKit's own lint and parser tests, kept as data in ../shared/conformance/buildkit (never copied
// into this repository). Both conformance files count their agreements here, and the tier ends by
// printing one line: `lint N/N cases agree, parser N/N files agree`.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

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
