// What the client said it can take, applied to answers the features build in one shape: hover as
// plain text for a client whose preferred hover format is plaintext, document symbols flat
// (SymbolInformation) for one without hierarchical support, folding ranges within its
// `rangeLimit` and as whole lines for a `lineFoldingOnly` client, and document links without their
// tooltips for a client that does not say it shows them (`tooltipSupport`). Snippets are the
// completion's own concern (it builds plain insert texts when the client has no snippet support).
import {
  MarkupKind,
  type ClientCapabilities,
  type DocumentLink,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type MarkupContent,
  type SymbolInformation,
} from 'vscode-languageserver';
import { Memo } from '../dockerfile/memo';
import { keepJson } from '../transport';

/** The hover format the client prefers: its `contentFormat` is in order of preference; none said is Markdown. */
export function hoverFormat(capabilities: ClientCapabilities): MarkupKind {
  const formats = capabilities.textDocument?.hover?.contentFormat;
  return Array.isArray(formats) && formats.length > 0 && formats[0] === MarkupKind.PlainText ? MarkupKind.PlainText : MarkupKind.Markdown;
}

export function hoverFor(hover: Hover | null, format: MarkupKind): Hover | null {
  if (hover === null || format === MarkupKind.Markdown) return hover;
  const contents = hover.contents as MarkupContent;
  if (typeof contents !== 'object' || contents === null || contents.kind !== MarkupKind.Markdown) return hover;
  return { ...hover, contents: { kind: MarkupKind.PlainText, value: markdownToPlainText(contents.value) } };
}

export function symbolsFor(symbols: DocumentSymbol[], capabilities: ClientCapabilities, uri: string): DocumentSymbol[] | SymbolInformation[] {
  if (capabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true) return symbols;
  const flat: SymbolInformation[] = [];
  const walk = (list: DocumentSymbol[], container: string | undefined) => {
    for (const symbol of list) {
      flat.push({ name: symbol.name, kind: symbol.kind, location: { uri, range: symbol.range }, ...(container !== undefined ? { containerName: container } : {}) });
      if (symbol.children !== undefined) walk(symbol.children, symbol.name);
    }
  };
  walk(symbols, undefined);
  return flat;
}

// Ranges kept per document version (symbols.ts) are shaped for the client once: the editor asks
// again for the same version (as the view changes), and the answer keeps its JSON after the first.
const shaped = new Memo<FoldingRange[], { capabilities: ClientCapabilities; out: FoldingRange[] }>('foldingForClient');

/**
 * At most `rangeLimit` ranges (the outermost first: a stage is worth more than one RUN inside it),
 * and without start and end characters for a `lineFoldingOnly` client.
 */
export function foldingFor(ranges: FoldingRange[], capabilities: ClientCapabilities): FoldingRange[] {
  const kept = shaped.get(ranges, () => ({ capabilities, out: keepJson(shapeFolding(ranges, capabilities)) }));
  return kept.capabilities === capabilities ? kept.out : shapeFolding(ranges, capabilities);
}

function shapeFolding(ranges: FoldingRange[], capabilities: ClientCapabilities): FoldingRange[] {
  const folding = capabilities.textDocument?.foldingRange;
  let out = ranges;
  if (folding?.lineFoldingOnly === true) {
    out = out.map(({ startCharacter: _s, endCharacter: _e, ...lines }) => lines);
  }
  const limit = folding?.rangeLimit;
  if (typeof limit === 'number' && Number.isInteger(limit) && limit >= 0 && out.length > limit) {
    const byExtent = out.map((range, index) => ({ range, index })).sort((a, b) => b.range.endLine - b.range.startLine - (a.range.endLine - a.range.startLine) || a.index - b.index);
    const kept = new Set(byExtent.slice(0, limit).map((entry) => entry.index));
    out = out.filter((_, index) => kept.has(index));
  }
  return out;
}

// Links kept per document version (documentLinks.ts) are shaped once, as folding ranges are.
const linksShaped = new Memo<DocumentLink[], { capabilities: ClientCapabilities; out: DocumentLink[] }>('linksForClient');

/** The links as they are for a client that shows tooltips (`tooltipSupport`); without them for any other. */
export function linksFor(links: DocumentLink[], capabilities: ClientCapabilities): DocumentLink[] {
  if (capabilities.textDocument?.documentLink?.tooltipSupport === true) return links;
  const kept = linksShaped.get(links, () => ({ capabilities, out: keepJson(withoutTooltips(links)) }));
  return kept.capabilities === capabilities ? kept.out : withoutTooltips(links);
}

function withoutTooltips(links: DocumentLink[]): DocumentLink[] {
  return links.map(({ tooltip: _tooltip, ...link }) => link);
}

/**
 * The server's Markdown as a person reads it in a plain-text popup: code spans and fenced blocks
 * give their text exactly (file text is only ever placed in code spans, see markdown.ts), emphasis
 * markers and backslash escapes go, links read `text (address)`.
 */
export function markdownToPlainText(markdown: string): string {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence !== undefined) {
      if (marker !== null && marker[1][0] === fence[0] && marker[1].length >= fence.length) fence = undefined;
      else lines.push(line);
      continue;
    }
    if (marker !== null) {
      fence = marker[1];
      continue;
    }
    lines.push(inlineToPlain(line));
  }
  return lines.join('\n');
}

function inlineToPlain(line: string): string {
  let out = '';
  let prose = '';
  const flush = () => {
    out += prose
      .replace(/\[([^\]]*)\]\(([^)\s]*)\)/g, '$1 ($2)')
      .replace(/\*\*|__/g, '')
      .replace(/(^|[\s(])\*(\S[^*]*?)\*(?=$|[\s).,:;])/g, '$1$2')
      .replace(/\\([!-/:-@[-`{-~])/g, '$1');
    prose = '';
  };
  for (let i = 0; i < line.length; ) {
    if (line[i] === '\\' && i + 1 < line.length) {
      prose += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (line[i] !== '`') {
      prose += line[i++];
      continue;
    }
    let run = 0;
    while (line[i + run] === '`') run++;
    const close = closingRun(line, i + run, run);
    if (close === -1) {
      prose += '`'.repeat(run);
      i += run;
      continue;
    }
    flush();
    let code = line.slice(i + run, close);
    if (code.length >= 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
    out += code;
    i = close + run;
  }
  flush();
  return out;
}

/** Where the next run of exactly `length` backticks at or after `from` starts; -1 when none. */
function closingRun(line: string, from: number, length: number): number {
  for (let i = from; i < line.length; ) {
    if (line[i] !== '`') {
      i++;
      continue;
    }
    let run = 0;
    while (line[i + run] === '`') run++;
    if (run === length) return i;
    i += run;
  }
  return -1;
}
