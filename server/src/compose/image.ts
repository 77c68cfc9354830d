// The image a service runs, as the Windows rules judge it: the base image of the final stage (or
// `build.target`) of its build Dockerfile when it builds one (then `image:` only names the result),
// else its `image:`. The Dockerfile is read by the caller (FileFacts) and parsed with the same
// parser as the Dockerfile rules; its Windows verdict is the windows/ layer's.
import type { Scalar } from 'yaml';
import * as path from 'node:path';
import type { Range } from '../dockerfile/model';
import type { DockerfileModel, ImageReference, Stage } from '../dockerfile/model';
import { parseDockerfile } from '../dockerfile/parser';
import { isWindowsStage, resolveWindowsImage, type WindowsImageInfo } from '../windows';
import type { ComposeLintContext } from '../rules/types';
import { dockerfilePath, factOf } from './files';
import { type ComposeModel, rangeOf } from './model';
import { interpolated, type ServiceFacts } from './service';

export interface ServiceImage {
  /** The image reference as written (`image:`) or resolved from the Dockerfile's `FROM`. */
  display: string;
  info: WindowsImageInfo;
  /** Where a finding about it goes: the `image:` value, or the service's build Dockerfile (or `build` key). */
  range: Range;
  /** `image:` whose scalar a fix may edit. */
  imageNode?: Scalar;
  /** Set when the image is the base of a build Dockerfile. */
  build?: { dockerfile: string; line: number; stage: Stage; model: DockerfileModel };
  /** Whether the service's image is a Windows one, the Dockerfile's signs counted. */
  windows: 'yes' | 'no' | 'maybe';
}

// A project's services often share a Dockerfile: parse each text once (bounded).
const parsed = new Map<string, DockerfileModel>();

function parse(text: string): DockerfileModel {
  let model = parsed.get(text);
  if (model === undefined) {
    if (parsed.size >= 32) parsed.clear();
    parsed.set(text, (model = parseDockerfile(text)));
  }
  return model;
}

export function serviceImage(model: ComposeModel, service: ServiceFacts, context: ComposeLintContext): ServiceImage | undefined {
  if (service.build !== undefined) return buildImage(model, service, context);
  const image = service.image;
  if (image === undefined || interpolated(image.text)) return undefined;
  const info = resolveWindowsImage(image.text);
  const range = rangeOf(model, image.node);
  if (range === undefined) return undefined;
  return { display: image.text, info, range, imageNode: image.node, windows: info.windows };
}

function buildImage(model: ComposeModel, service: ServiceFacts, context: ComposeLintContext): ServiceImage | undefined {
  if (context.path === undefined) return undefined;
  const file = dockerfilePath(service, path.dirname(context.path));
  if (file === undefined) return undefined;
  const fact = factOf(context.files, file, true);
  if (fact?.kind !== 'file' || fact.text === undefined) return undefined;
  const dockerfile = parse(fact.text);
  const target = service.build?.target?.text.toLowerCase();
  const stage = target !== undefined ? dockerfile.stages.find((s) => s.key === target) : dockerfile.stages[dockerfile.stages.length - 1];
  if (stage === undefined) return undefined;
  const root: ImageReference | undefined = stage.rootImage ?? (stage.image.stageRef === undefined ? stage.image : undefined);
  if (root === undefined) return undefined;
  const info = resolveWindowsImage(root);
  const build = service.build!;
  const range = rangeOf(model, build.dockerfile?.node) ?? rangeOf(model, build.context?.node) ?? rangeOf(model, build.key);
  if (range === undefined) return undefined;
  const windows = isWindowsStage(dockerfile, stage) ? 'yes' : info.windows === 'no' ? 'no' : 'maybe';
  return { display: root.resolved ?? root.raw, info, range, build: { dockerfile: file, line: stage.from.range.start.line + 1, stage, model: dockerfile }, windows };
}

/** `the base image of Dockerfile (line 3, FROM ...)`: where a build service's image comes from. */
export function whereFrom(image: ServiceImage, composePath: string | undefined): string {
  if (image.build === undefined) return '';
  const shown = composePath !== undefined ? path.relative(path.dirname(composePath), image.build.dockerfile) || image.build.dockerfile : image.build.dockerfile;
  return ` (the base of the final stage of ${shown}, line ${image.build.line})`;
}
