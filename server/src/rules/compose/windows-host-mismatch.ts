import { isMap, isPair, type Node } from 'yaml';
import type { ComposeModel } from '../../compose/model';
import { serviceImage, whereFrom, type ServiceImage } from '../../compose/image';
import type { ServiceFacts } from '../../compose/service';
import { type Isolation, parseImageName, retargetTag } from '../../windows';
import { hostMismatchMessage, otherIsolationRuns, retagTitle } from '../windows/hostMismatch';
import type { ComposeRule, Fix, Report, TextEdit } from '../types';
import { code, scalarEdit, services } from './common';

export const composeWindowsHostMismatch: ComposeRule = {
  id: 'compose-windows-host-mismatch',
  language: 'compose',
  severity: 'error',
  category: 'compose',
  summary: "A service's Windows image cannot run on the Windows host under the service's isolation.",
  docs: [
    'The same decision as `windows-host-mismatch`, for a compose service: its `image:`, or when it has a `build:`,',
    'the base image of the final stage (or of `build.target`) of its Dockerfile, against the host build, under the',
    "service's `isolation:` (or the engine's default when it says `default` or nothing). Under process isolation a",
    'host below build 20348 runs only its own build, and from 20348 on the previous LTSC up to its own; under Hyper-V',
    'any image not newer than the host runs. Compose fails `up` with',
    '`The container operating system does not match the host operating system.`',
    '',
    'Fix: for an `image:`, the tag of a release that runs on the host, in the same image family (preferred); when',
    'Hyper-V isolation would run it, `isolation: hyperv`. For a build, fix the Dockerfile (its own',
    '`windows-host-mismatch` finding offers the tag). Tags that name no release are never reported.',
  ].join('\n'),
  check(model, context) {
    const hostBuild = context.host.build;
    if (hostBuild === undefined) return [];
    const reports: Report[] = [];
    for (const service of services(model)) {
      const image = serviceImage(model, service, context);
      if (image === undefined || image.windows !== 'yes' || image.info.build === undefined) continue;
      const isolation = serviceIsolation(service, context.host.isolation);
      const message = hostMismatchMessage(image.display, image.info, hostBuild, isolation, ' (`isolation: hyperv`)');
      if (message === undefined) continue;
      reports.push({
        range: image.range,
        message: `Service ${code(service.entry.name)}${whereFrom(image, context.path)}: ${message}`,
        fixes: fixesFor(model, service, image, hostBuild, isolation),
      });
    }
    return reports;
  },
};

export function serviceIsolation(service: ServiceFacts, engineDefault: Isolation | undefined): Isolation {
  const written = service.isolation?.text.toLowerCase();
  return written === 'process' || written === 'hyperv' ? written : (engineDefault ?? 'process');
}

function fixesFor(model: ComposeModel, service: ServiceFacts, image: ServiceImage, hostBuild: number, isolation: Isolation): Fix[] {
  const fixes: Fix[] = [];
  const node = image.imageNode;
  const change = node !== undefined ? retargetTag(image.info, hostBuild, isolation) : undefined;
  const parts = parseImageName(image.display);
  if (node !== undefined && change !== undefined && parts.digest === undefined && parts.tagOffset !== undefined) {
    const edit =
      change.repository !== undefined
        ? scalarEdit(model, node, `${change.repository}:${change.word}`)
        : scalarEdit(model, node, change.newText, parts.tagOffset + change.start, parts.tagOffset + change.end);
    if (edit) fixes.push({ title: retagTitle(change, hostBuild, isolation), preferred: true, edits: [edit] });
  }
  const other = otherIsolationRuns(image.info, hostBuild, isolation);
  if (other === 'hyperv') {
    const edit = isolationEdit(model, service);
    if (edit) fixes.push({ title: 'Run it with Hyper-V isolation (isolation: hyperv)', edits: [edit] });
  }
  return fixes;
}

/** `isolation: hyperv`: the value replaced, or a new key above the service's first one (block mappings only). */
function isolationEdit(model: ComposeModel, service: ServiceFacts): TextEdit | undefined {
  if (service.isolation !== undefined) {
    // Written in a shared anchor (`<<: *defaults`): changing it there would change other services too.
    const at = service.isolation.node.range?.[0];
    const own = service.entry.value?.range ?? undefined;
    if (at === undefined || own === undefined || at < own[0] || at > own[1]) return undefined;
    return scalarEdit(model, service.isolation.node, 'hyperv');
  }
  const map = service.map;
  if (!isMap(map) || map.flow) return undefined;
  const first = map.items.find((i) => isPair(i) && (i.key as Node | null)?.range);
  const start = (first?.key as Node | undefined)?.range?.[0];
  if (start === undefined) return undefined;
  const at = model.lines.position(start);
  const line = model.lines.lineText(at.line);
  // Only when the key starts its line: `- key:` list items and flow forms are left alone.
  if (line.slice(0, at.character).trim() !== '') return undefined;
  return { range: { start: at, end: at }, newText: `isolation: hyperv\n${line.slice(0, at.character)}` };
}
