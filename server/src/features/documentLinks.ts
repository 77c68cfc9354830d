// Document links: an image reference opens its registry's page for that repository. The address is
// made from the name alone, as each registry lays out its public pages; nothing is asked of any
// server. A stage name, a variable (its value is only known at build time) and a registry whose
// page address cannot be told from the name (a private registry, nested GitLab groups) are no link.
import type { DocumentLink } from 'vscode-languageserver';
import type { DockerfileModel, Instruction, Range } from '../dockerfile/model';
import { normalizeRegistry, normalizeRepository, parseImageName } from '../dockerfile/imageName';
import { Memo } from '../dockerfile/memo';
import { keepJson } from '../transport';
import { mountFrom } from './semanticTokensInstruction';

/** A repository's page, and the tooltip that names the repository (without a tag: the page is the repository's) and the site. */
export interface RegistryPage {
  target: string;
  tooltip: string;
}

/** Pages already worked out, by reference: a file names the same few images over and over. */
const pages = new Map<string, RegistryPage | undefined>();

/** The page of the repository an image reference names, or undefined when there is none to tell. */
export function registryPage(reference: string): RegistryPage | undefined {
  if (pages.has(reference)) return pages.get(reference);
  // Bounded: references come from the files edited, which are the user's (or a fuzzer's).
  if (pages.size >= 1000) pages.clear();
  const page = pageOf(reference);
  pages.set(reference, page);
  return page;
}

function pageOf(reference: string): RegistryPage | undefined {
  if (reference.length === 0 || /[$\s"'`\\]/.test(reference)) return undefined;
  const { registry, repository } = parseImageName(reference);
  if (repository.length === 0 || !/^[a-z0-9]+(?:[._-]+[a-z0-9]+|\/[a-z0-9]+)*$/i.test(repository)) return undefined;
  const host = normalizeRegistry(registry);
  const repo = normalizeRepository(registry, repository);
  const path = repo.split('/').map(encodeURIComponent).join('/');
  const page = (target: string, site: string): RegistryPage => ({ target, tooltip: `Open ${repo} on ${site}` });
  switch (host) {
    case 'docker.io':
      if (repo === 'scratch') return undefined;
      // Official images live under `_`, everyone else's under `r/<namespace>/<name>`.
      return page(repo.includes('/') ? `https://hub.docker.com/r/${path}` : `https://hub.docker.com/_/${path}`, 'Docker Hub');
    case 'mcr.microsoft.com':
      return page(`https://mcr.microsoft.com/artifact/mar/${path}`, 'Microsoft Artifact Registry');
    case 'ghcr.io':
      // GitHub sends a browser asking for a package's ghcr.io address to the package's page.
      return repo.includes('/') ? page(`https://ghcr.io/${path}`, 'GitHub Packages') : undefined;
    case 'quay.io':
      return repo.includes('/') ? page(`https://quay.io/repository/${path}`, 'Quay.io') : undefined;
    case 'public.ecr.aws':
      return repo.includes('/') ? page(`https://gallery.ecr.aws/${path}`, 'Amazon ECR Public Gallery') : undefined;
    default:
      return undefined;
  }
}

// An editor asks again for the same version (after a save, when the view scrolls): answered once,
// and over a stream its JSON text is kept with it after the first answer.
const linksOf = new Memo<DockerfileModel, DocumentLink[]>('documentLinks');

export function documentLinks(model: DockerfileModel): DocumentLink[] {
  return linksOf.get(model, findLinks);
}

function findLinks(model: DockerfileModel): DocumentLink[] {
  const links: DocumentLink[] = [];
  const stageNames = new Set(model.stages.map((s) => s.key).filter((n): n is string => n !== undefined));
  const add = (reference: string, range: Range | undefined) => {
    if (range === undefined || range.start.line !== range.end.line) return;
    const page = registryPage(reference);
    if (page !== undefined) links.push({ range, target: page.target, tooltip: page.tooltip });
  };
  for (const stage of model.stages) {
    const image = stage.image;
    if (image.stageRef !== undefined || image.variables.length > 0) continue;
    add(image.raw, image.range);
  }
  for (const ins of model.instructions) {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD' && ins.keyword !== 'RUN') continue;
    for (const flag of ins.flags) {
      if (flag.value === undefined) continue;
      const name = flag.name.toLowerCase();
      if (name === 'from' && ins.keyword !== 'RUN') {
        if (!isStage(flag.value, stageNames)) add(flag.value, flag.valueRange);
      } else if (name === 'mount' && ins.keyword === 'RUN') {
        for (const part of mountFrom(ins, flag.value)) {
          if (!isStage(part.value, stageNames)) add(part.value, spanOf(ins, part.start, part.end));
        }
      }
    }
  }
  return keepJson(links);
}

function isStage(value: string, stageNames: Set<string>): boolean {
  // A number is always a stage index to BuildKit (an error when there is no such stage), never an image.
  return stageNames.has(value.toLowerCase()) || /^\d+$/.test(value);
}

function spanOf(ins: Instruction, start: number, end: number): Range {
  return ins.rangeOf(start, end);
}
