// Completion from the model and static tables only: no request ever leaves the machine
// (dockerfile-language-service's FROM completion asks Docker Hub; we do not use it).
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type Range,
} from 'vscode-languageserver';
import type { HostContext } from '../../../shared/protocol';
import type { DockerfileModel, Position } from '../dockerfile/model';
import { suggestWindowsTags } from '../windows';
import { INSTRUCTION_DOCS, instructionDoc } from './instructionDocs';

export interface CompletionOptions {
  host: HostContext;
  /** The client expands `${1:...}` placeholders. */
  snippets: boolean;
}

const DIRECTIVES: ReadonlyArray<{ label: string; text: string; doc: string }> = [
  { label: 'escape=`', text: 'escape=`', doc: 'Backtick as escape character: Windows paths ending in `\\` stop continuing the line.' },
  { label: 'escape=\\', text: 'escape=\\', doc: 'Backslash as escape character (the default).' },
  { label: 'syntax=docker/dockerfile:1', text: 'syntax=docker/dockerfile:1', doc: 'Build with the latest stable Dockerfile frontend 1.x.' },
  { label: 'check=skip=', text: 'check=skip=', doc: 'Skip BuildKit build checks by name, separated by `,`.' },
  { label: 'check=error=true', text: 'check=error=true', doc: 'Make BuildKit build check violations fail the build.' },
];

const WINDOWS_BASE_REPOSITORIES = [
  'mcr.microsoft.com/windows/servercore',
  'mcr.microsoft.com/windows/nanoserver',
  'mcr.microsoft.com/windows/server',
  'mcr.microsoft.com/windows',
];

/** Instructions ONBUILD may not wrap. */
const NOT_IN_ONBUILD = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

export function completion(model: DockerfileModel, position: Position, options: CompletionOptions): CompletionItem[] {
  const lineText = model.lines[position.line] ?? '';
  const prefix = lineText.slice(0, position.character);
  const at = (start: number): Range => ({ start: { line: position.line, character: start }, end: position });

  const directive = /^(\s*#\s*)([a-z]*)$/i.exec(prefix);
  if (directive !== null) return inDirectiveZone(model, position.line) ? directiveItems(at(directive[1].length)) : [];
  if (/^\s*#/.test(prefix)) return [];

  const owner = model.instructions.find((i) => i.startLine <= position.line && position.line <= i.endLine);
  // Inside a continuation (or a heredoc body) the line is not an instruction of its own.
  if (owner !== undefined && owner.startLine !== position.line) return [];

  const keyword = /^(\s*)([A-Za-z]*)$/.exec(prefix);
  if (keyword !== null) return instructionItems(at(keyword[1].length), options.snippets, undefined);

  const onbuild = /^(\s*ONBUILD\s+)([A-Za-z]*)$/i.exec(prefix);
  if (onbuild !== null) return instructionItems(at(onbuild[1].length), options.snippets, NOT_IN_ONBUILD);

  const flag = /^\s*(?:ONBUILD\s+)?([A-Za-z]+)((?:\s+--\S+)*)\s+(--[A-Za-z-]*)$/i.exec(prefix);
  if (flag !== null) {
    const present = new Set([...flag[2].matchAll(/--([A-Za-z-]+)/g)].map((m) => m[1].toLowerCase()));
    return flagItems(flag[1], present, at(position.character - flag[3].length), options.snippets);
  }

  const tag = /^\s*FROM\s+(?:--\S+\s+)*([^\s:@]+):([A-Za-z0-9._-]*)$/i.exec(prefix);
  if (tag !== null) return tagItems(tag[1], at(position.character - tag[2].length), options.host);

  const image = /^\s*FROM\s+(?:--\S+\s+)*([^\s:@-][^\s:@]*)?$/i.exec(prefix);
  if (image !== null) return imageItems(model, position.line, at(position.character - (image[1]?.length ?? 0)));

  const copyFrom = /^\s*COPY\s+(?:--\S+\s+)*--from=([^\s]*)$/i.exec(prefix);
  if (copyFrom !== null) return stageItems(model, position.line, at(position.character - copyFrom[1].length));
  return [];
}

/** Directives count only in the uninterrupted run of directive lines at the top of the file. */
function inDirectiveZone(model: DockerfileModel, line: number): boolean {
  for (let l = 0; l < line; l++) {
    if (!model.directives.some((d) => d.active && d.line === l)) return false;
  }
  return true;
}

function directiveItems(range: Range): CompletionItem[] {
  return DIRECTIVES.map((d, i) => ({
    label: d.label,
    kind: CompletionItemKind.Keyword,
    detail: 'parser directive',
    documentation: d.doc,
    textEdit: { range, newText: d.text },
    sortText: String(i).padStart(2, '0'),
  }));
}

function instructionItems(range: Range, snippets: boolean, exclude: ReadonlySet<string> | undefined): CompletionItem[] {
  return INSTRUCTION_DOCS.filter((d) => exclude === undefined || !exclude.has(d.keyword)).map((doc) => ({
    label: doc.keyword,
    kind: CompletionItemKind.Keyword,
    detail: doc.summary,
    documentation: { kind: 'markdown', value: '```dockerfile\n' + doc.syntax.join('\n') + '\n```' },
    insertTextFormat: snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range, newText: snippets ? `${doc.keyword} ${doc.snippet}` : `${doc.keyword} ` },
    // MAINTAINER is deprecated: keep it last.
    sortText: doc.keyword === 'MAINTAINER' ? 'z' : `a${doc.keyword}`,
  }));
}

function flagItems(keyword: string, present: ReadonlySet<string>, range: Range, snippets: boolean): CompletionItem[] {
  const doc = instructionDoc(keyword);
  if (doc === undefined) return [];
  return doc.flags
    .filter((f) => !present.has(f.name))
    .map((f) => {
      let newText = `--${f.name}`;
      if (snippets && f.values !== undefined) newText += `=\${1|${f.values.map(escapeChoice).join(',')}|}`;
      else if (snippets && f.placeholder !== undefined) newText += `=\${1:${escapePlaceholder(f.placeholder)}}`;
      else if (f.values !== undefined || f.placeholder !== undefined) newText += '=';
      return {
        label: `--${f.name}`,
        kind: CompletionItemKind.Property,
        detail: `${doc.keyword} flag`,
        documentation: f.doc,
        insertTextFormat: snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        textEdit: { range, newText },
      };
    });
}

function tagItems(reference: string, range: Range, host: HostContext): CompletionItem[] {
  return suggestWindowsTags(reference, host).map((s, i) => ({
    label: s.tag,
    kind: CompletionItemKind.Value,
    detail: s.detail,
    textEdit: { range, newText: s.tag },
    // The suggestions come host-matching first: keep that order rather than the alphabetical one.
    sortText: String(i).padStart(3, '0'),
  }));
}

function imageItems(model: DockerfileModel, line: number, range: Range): CompletionItem[] {
  const items: CompletionItem[] = stageItems(model, line, range);
  WINDOWS_BASE_REPOSITORIES.forEach((repo, i) =>
    items.push({ label: repo, kind: CompletionItemKind.Module, detail: 'Windows base image', textEdit: { range, newText: repo }, sortText: `b${i}` }),
  );
  items.push({ label: 'scratch', kind: CompletionItemKind.Module, detail: 'empty image', textEdit: { range, newText: 'scratch' }, sortText: 'c' });
  return items;
}

/** Names of stages declared before this line. */
function stageItems(model: DockerfileModel, line: number, range: Range): CompletionItem[] {
  return model.stages
    .filter((s) => s.from.startLine < line && s.name !== undefined)
    .map((s) => ({
      label: s.name as string,
      kind: CompletionItemKind.Reference,
      detail: `build stage ${s.index}`,
      textEdit: { range, newText: s.name as string },
      sortText: `a${String(s.index).padStart(3, '0')}`,
    }));
}

export function escapeChoice(value: string): string {
  return value.replace(/[\\$|,}]/g, (c) => `\\${c}`);
}

function escapePlaceholder(value: string): string {
  return value.replace(/[\\$}]/g, (c) => `\\${c}`);
}
