import type { ComposeRule, Fix, Report } from '../types';
import { code, rangeOfScalar, scalarEdit, services } from './common';
import { interpolated } from '../../compose/service';

export const composeDependsOnUnknown: ComposeRule = {
  id: 'compose-depends-on-unknown',
  language: 'compose',
  severity: 'error',
  category: 'compose',
  summary: '`depends_on` names a service the project does not define.',
  docs: [
    'Compose refuses a project whose `depends_on` names no service (`service "web" depends on undefined service "db"`).',
    'The services of the project\'s other compose files in the same folder count (an override file may depend on',
    'services of `compose.yaml`); an override file whose base file cannot be read is not judged.',
    '',
    'Fix: when one service\'s name differs only in case or by a letter or two, the quick fix writes that name.',
  ].join('\n'),
  check(model, context) {
    const known = new Set(model.services.map((s) => s.name));
    for (const name of context.otherServices ?? []) known.add(name);
    if (context.otherServices === undefined && context.path !== undefined && isOverrideName(context.path)) return [];
    const reports: Report[] = [];
    for (const service of services(model)) {
      for (const dep of service.dependsOn) {
        if (known.has(dep.text) || interpolated(dep.text)) continue;
        const range = rangeOfScalar(model, dep.node);
        if (range === undefined) continue;
        const close = closest(dep.text, [...known].filter((n) => n !== service.entry.name));
        const fixes: Fix[] = [];
        const edit = close !== undefined ? scalarEdit(model, dep.node, close) : undefined;
        if (close !== undefined && edit) fixes.push({ title: `Depend on ${close}`, preferred: true, edits: [edit] });
        reports.push({
          range,
          message: `Service ${code(service.entry.name)} depends on ${code(dep.text)}, which is not a service of this project${close !== undefined ? `; did you mean ${code(close)}?` : '.'}`,
          fixes,
        });
      }
    }
    return reports;
  },
};

/** `compose.prod.yaml`, `docker-compose.override.yml`: a file layered on another. */
export function isOverrideName(file: string): boolean {
  const name = file.split(/[\\/]/).pop()!.toLowerCase();
  return /^(docker-)?compose\.[^.]+(\.[^.]+)*\.ya?ml$/.test(name) && !/^(docker-)?compose\.ya?ml$/.test(name);
}

/** The one name within two edits (or equal but for case); undefined when none or several are that close. */
function closest(name: string, candidates: string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameCase = candidates.filter((c) => c.toLowerCase() === lower);
  if (sameCase.length === 1) return sameCase[0];
  let best: string[] = [];
  let bestDistance = 3;
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = [c];
      bestDistance = d;
    } else if (d === bestDistance) best.push(c);
  }
  return best.length === 1 && bestDistance <= Math.min(2, Math.floor(name.length / 3)) ? best[0] : undefined;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below it. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit || a.length > 64 || b.length > 64) return limit;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    if (Math.min(...row) >= limit) return limit;
    prev = row;
  }
  return Math.min(prev[b.length], limit);
}
