// Hover: instruction and flag docs, parser directives, the FROM image's Windows release and
// whether it runs on the host, and (where nothing else applies) the docs of a finding's rule.
// Text from the document goes into the Markdown only as code spans (markdownCode), never raw.
import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { HostContext } from '../../../shared/protocol';
import type { DockerfileModel, Instruction, Position, Range, Stage } from '../dockerfile/model';
import { findDockerfileRule as findRule } from '../rules/dockerfileRules';
import type { Finding } from '../rules/types';
import { describeImage } from '../windows';
import { isWindowsStage } from '../windows/stage';
import { describeImageEnv, imageEnvLookup, type ImageEnvLookup } from '../images';
import { instructionDoc, instructionMarkdown } from './instructionDocs';
import { markdownCode } from '../markdown';

const DIRECTIVE_DOCS: Record<string, string> = {
  escape: 'Parser directive: the escape character, `\\` (default) or `` ` ``. With `` ` `` a Windows path ending in `\\` no longer continues the line.',
  syntax: 'Parser directive: the Dockerfile frontend image BuildKit uses to build this file, e.g. `docker/dockerfile:1`.',
  check: 'Parser directive: configures BuildKit\'s build checks, e.g. `skip=JSONArgsRecommended;error=true`.',
};

export function hover(
  model: DockerfileModel,
  position: Position,
  host: HostContext,
  findings: readonly Finding[] = [],
  imageEnv: ImageEnvLookup = imageEnvLookup(),
): Hover | null {
  const directive = model.directives.find((d) => contains(d.range, position));
  if (directive !== undefined) return directiveHover(directive.name, directive.active, directive.range);
  const found = instructionAtPosition(model, position);
  if (found !== undefined) {
    const instruction = found;
    if (contains(instruction.keywordRange, position)) {
      const doc = instructionDoc(instruction.keyword);
      if (doc !== undefined) return markdown(instructionMarkdown(doc), instruction.keywordRange);
    }
    const flag = instruction.flags.find((f) => contains(f.range, position));
    if (flag !== undefined) {
      const flagDoc = instructionDoc(instruction.keyword)?.flags.find((f) => f.name === flag.name.toLowerCase());
      if (flagDoc !== undefined) return markdown(`\`--${flagDoc.name}\`: ${flagDoc.doc}`, flag.range);
    }
    if (instruction.keyword === 'FROM') {
      const stage = model.stages.find((s) => s.from === instruction);
      if (stage !== undefined && contains(stage.image.range, position)) return imageHover(model, stage, host, imageEnv);
    }
  }
  const finding = findings.find((f) => contains(f.range, position));
  const rule = finding !== undefined ? findRule(finding.rule) : undefined;
  if (finding !== undefined && rule !== undefined) {
    return markdown(`**${rule.id}** (docker-workbench): ${rule.summary}\n\n${rule.docs}`, finding.range);
  }
  return null;
}

function imageHover(model: DockerfileModel, stage: Stage, host: HostContext, imageEnv: ImageEnvLookup): Hover {
  const image = stage.image;
  const lines: string[] = [];
  if (image.stageRef !== undefined) {
    const target = model.stages[image.stageRef];
    lines.push(`Build stage ${image.stageRef}${target?.name !== undefined ? ` ${markdownCode(target.name)}` : ''}.`);
    return markdown(lines.join('\n\n'), image.range);
  }
  lines.push(`**${markdownCode(image.resolved ?? image.raw)}**`);
  if (image.resolved === undefined) {
    lines.push(`Depends on build arguments without a default (${image.unresolvedVariables.map(markdownCode).join(', ')}): the image is known only at build time.`);
    return markdown(lines.join('\n\n'), image.range);
  }
  const description = describeImage(image, host);
  lines.push(...description.lines);
  // Say how to get the host compatibility answer when only the host is missing for it.
  if (description.info.windows === 'yes' && description.info.build !== undefined && host.build === undefined) {
    lines.push('Host build unknown: set `dockerWorkbench.windows.hostBuild` (or connect to a Windows engine) to see whether it runs there.');
  } else if (description.process !== undefined && host.source !== undefined) {
    lines.push(`Host facts from ${host.source === 'settings' ? 'the settings' : host.source === 'engine' ? 'the engine' : 'the command line'}.`);
  }
  if (image.resolved.toLowerCase() !== 'scratch') {
    lines.push(describeImageEnv(imageEnv(image, { windowsTarget: host.engineOs === 'windows' || isWindowsStage(model, stage) })));
  }
  return markdown(lines.join('\n\n'), image.range);
}

const CHECK_BELOW_TOP =
  '\n\n*Below the top of the file:* not a parser directive, but BuildKit applies its `skip=` to the instruction right below it (no blank line between), on top of the file\'s configuration. `error=` has no effect here.';

function directiveHover(name: string, active: boolean, range: Range): Hover | null {
  const doc = DIRECTIVE_DOCS[name];
  if (doc === undefined) return null;
  const note = active ? '' : name === 'check' ? CHECK_BELOW_TOP : '\n\n*Not active:* a directive counts only in the run of directive lines at the very top of the file; Docker reads this line as a comment.';
  return markdown(doc + note, range);
}

/** The instruction under the cursor; an ONBUILD's trigger when the cursor is on it. */
function instructionAtPosition(model: DockerfileModel, position: Position): Instruction | undefined {
  const instruction = model.instructions.find((i) => i.startLine <= position.line && position.line <= i.endLine);
  if (instruction?.trigger !== undefined && contains(instruction.trigger.range, position)) return instruction.trigger;
  return instruction;
}

export function contains(range: Range, p: Position): boolean {
  if (p.line < range.start.line || p.line > range.end.line) return false;
  if (p.line === range.start.line && p.character < range.start.character) return false;
  if (p.line === range.end.line && p.character > range.end.character) return false;
  return true;
}

function markdown(value: string, range: Range): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range };
}
