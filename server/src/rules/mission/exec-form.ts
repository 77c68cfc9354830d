// What the exec-form rules share: which instructions take exec form and where their JSON sits.
import type { DockerfileModel, ExecDecision, Instruction } from '../../dockerfile/model';

export interface ExecSite {
  ins: Instruction;
  /** The arguments that Docker tries as JSON. */
  json: string;
  /** Offset of `json` in `ins.text`. */
  offset: number;
}

/**
 * Every instruction (ONBUILD triggers included) whose arguments Docker tried as a JSON array and
 * whose decision `wanted` accepts.
 */
export function execSites(model: DockerfileModel, wanted: (exec: ExecDecision) => boolean): ExecSite[] {
  const sites: ExecSite[] = [];
  const visit = (ins: Instruction) => {
    if (ins.exec && wanted(ins.exec)) {
      const rel = ins.execOffset ?? 0;
      sites.push({ ins, json: ins.argsText.slice(rel), offset: ins.argsOffset + rel });
    }
    if (ins.trigger) visit(ins.trigger);
  };
  model.instructions.forEach(visit);
  return sites;
}

/** One element of an array the author meant as JSON, read leniently. */
export interface LenientElement {
  /** Offsets in the JSON text, quotes included. */
  start: number;
  end: number;
  quote: '"' | "'" | '';
  /** The text between the quotes, as written. */
  body: string;
}

/**
 * Reads `["a", 'b', c,]` leniently: strings in either quote, bare words, missing commas between
 * strings, a trailing comma. Returns undefined when the text is not shaped like a list at all,
 * e.g. the shell test `[ -f x ] && y` or PowerShell's `[Environment]::SetEnvironmentVariable(...)`.
 */
export function readLenientArray(text: string): LenientElement[] | undefined {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && /\s/.test(text[i])) i++;
  };
  ws();
  if (text[i] !== '[') return undefined;
  i++;
  const elements: LenientElement[] = [];
  let needComma = false;
  let lastQuoted = false;
  for (;;) {
    ws();
    if (i >= n) return undefined;
    const c = text[i];
    if (c === ']') {
      i++;
      break;
    }
    if (c === ',') {
      if (!needComma) return undefined;
      needComma = false;
      i++;
      continue;
    }
    const start = i;
    if (c === '"' || c === "'") {
      if (needComma && !lastQuoted) return undefined;
      i++;
      while (i < n && text[i] !== c) i += text[i] === '\\' && c === '"' ? 2 : 1;
      if (i >= n) return undefined;
      i++;
      elements.push({ start, end: i, quote: c, body: text.slice(start + 1, i - 1) });
      lastQuoted = true;
    } else {
      if (needComma) return undefined;
      while (i < n && !/[\s,\[\]"']/.test(text[i])) i++;
      if (i === start) return undefined;
      elements.push({ start, end: i, quote: '', body: text.slice(start, i) });
      lastQuoted = false;
    }
    needComma = true;
  }
  ws();
  if (i < n) return undefined;
  // A list of bare words without a single comma is a shell expression, not an exec array.
  if (elements.some((e) => e.quote === '') && !text.includes(',')) return undefined;
  return elements;
}

/** JSON text for a string value. */
export function jsonString(value: string): string {
  return JSON.stringify(value);
}
