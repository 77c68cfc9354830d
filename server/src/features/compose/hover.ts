// Hover in a compose file: what the schema says about the key (or the value of an enumerated key),
// with the schema's version; on a service's `image:`, the Windows facts the Dockerfile hover gives
// (release, build, whether it runs on the host under each isolation); on a finding, its rule.
// Markdown, or plain text for a client that prefers it (the parts read as text, no rules between them).
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { Node } from 'yaml';
import type { HostContext } from '../../../../shared/protocol';
import { type ComposeModel, rangeOf, scalarText } from '../../compose/model';
import { hitAt } from '../../compose/paths';
import { describeSchemaVersion, type SchemaVersion } from '../../compose/schema';
import type { SchemaNav } from '../../compose/schemaNav';
import { interpolated } from '../../compose/service';
import { findComposeRule } from '../../rules/compose';
import { findDockerfileRule } from '../../rules/dockerfileRules';
import { markdownToPlainText } from '../clientCapabilities';
import type { Finding } from '../../rules/types';
import { describeImage } from '../../windows';

export interface ComposeHoverInput {
  model: ComposeModel;
  position: Position;
  nav?: SchemaNav;
  version?: SchemaVersion;
  host: HostContext;
  findings: readonly Finding[];
  /** What the client takes (hoverFormat of its capabilities); Markdown when not given. */
  format?: MarkupKind;
}

export function composeHover(input: ComposeHoverInput): Hover | null {
  const { model, position } = input;
  const offset = model.lines.offset(position);
  const hit = hitAt(model.doc, offset);
  const parts: string[] = [];
  const finding = input.findings.find((f) => contains(f.range, position));
  if (finding !== undefined) {
    // A compose file over the size limit has the Dockerfile registry's file-too-large finding.
    const rule = findComposeRule(finding.rule) ?? findDockerfileRule(finding.rule);
    if (rule !== undefined) parts.push(`**${rule.id}** (docker-workbench): ${rule.summary}`);
  }
  if (hit !== undefined) {
    const path = hit.onKey ? hit.path : hit.path;
    if (!hit.onKey && path.length === 3 && path[0] === 'services' && path[2] === 'image') {
      const image = scalarText(hit.node);
      if (image !== undefined && !interpolated(image)) parts.push(describeImage(image, input.host).lines.join('\n\n'));
    }
    if (input.nav !== undefined) {
      const nodes = input.nav.at(path);
      const description = input.nav.description(nodes);
      const title = `\`${path.filter((p) => p !== '*').slice(-1)[0] ?? ''}\``;
      if (description !== undefined) {
        const values = !hit.onKey ? input.nav.values(path).map((v) => v.value) : [];
        parts.push([`${title}: ${description}`, values.length > 0 ? `Values: ${values.map((v) => `\`${v}\``).join(', ')}` : ''].filter(Boolean).join('\n\n'));
        if (input.version !== undefined) parts.push(`*${describeSchemaVersion(input.version)}*`);
      }
    }
  }
  if (parts.length === 0) return null;
  const range = hit !== undefined ? rangeOf(model, hit.node as Node) : finding?.range;
  const contents =
    input.format === MarkupKind.PlainText
      ? { kind: MarkupKind.PlainText, value: parts.map(markdownToPlainText).join('\n\n') }
      : { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') };
  return { contents, range };
}

function contains(range: Finding['range'], p: Position): boolean {
  const after = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const before = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return after && before;
}
