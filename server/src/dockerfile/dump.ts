// The model printed as BuildKit's `parser.Node.Dump()` prints its AST, one string per instruction:
// `(copy ["--from=a"] "src" "/dst")`. BuildKit's own parser tests compare this text with their
// `result` files, so it is how we show that the model reads a file exactly as Docker does.
//
// Each instruction's arguments are shaped as BuildKit's line parsers (parser/line_parsers.go) shape
// them, but from what the model has already decided: its keyword, flags, exec/shell decision, words
// and trimmed argument text. Nothing here re-reads the file. Heredoc bodies are not printed, as
// Dump does not print them either.
import type { DockerfileModel, Instruction } from './model';
import { decideExecForm } from './parser';

/** One sexp per instruction, in file order. */
export function dumpBuildkit(model: DockerfileModel): string[] {
  return model.instructions.map((ins) => `(${dumpInstruction(ins)})`);
}

/** An argument node: a string, or a nested instruction (ONBUILD's trigger). */
type Arg = string | Instruction;

function dumpInstruction(ins: Instruction): string {
  // Dump joins its parts with spaces and trims the result, so an instruction with no name (a lone
  // line continuation at the end of the file) starts with its first argument.
  const parts: string[] = [];
  if (ins.rawKeyword !== '') parts.push(goLower(ins.rawKeyword));
  if (ins.flags.length > 0) {
    // extractBuilderFlags hands back each flag word with its quotes and backslashes resolved.
    const words = ins.flags.map((f) => goQuote(f.value === undefined ? `--${f.name}` : `--${f.name}=${f.value}`));
    parts.push(`[${words.join(' ')}]`);
  }
  for (const arg of argumentNodes(ins)) parts.push(typeof arg === 'string' ? goQuote(arg) : `(${dumpInstruction(arg)})`);
  return parts.join(' ');
}

/** The `Next` chain that BuildKit's dispatch table builds for the keyword. */
function argumentNodes(ins: Instruction): Arg[] {
  const rest = ins.argsText;
  switch (ins.keyword) {
    case 'ADD':
    case 'COPY':
    case 'VOLUME':
      // parseMaybeJSONToList: the JSON values, else the words between runs of [\t\v\f\r ].
      return ins.exec?.form === 'exec' ? ins.exec.values : ins.words.map((w) => w.text);
    case 'CMD':
    case 'ENTRYPOINT':
    case 'RUN':
    case 'SHELL':
      return maybeJson(rest, ins.exec);
    case 'ARG':
      // parseNameOrNameVal: each word as written, quotes kept.
      return ins.words.map((w) => w.text);
    case 'ENV':
    case 'LABEL':
      return nameVal(ins);
    case 'EXPOSE':
    case 'FROM':
      return ins.words.map((w) => w.text);
    case 'HEALTHCHECK':
      return healthConfig(ins);
    case 'MAINTAINER':
    case 'STOPSIGNAL':
    case 'USER':
    case 'WORKDIR':
      return rest === '' ? [] : [rest];
    case 'ONBUILD':
      return ins.trigger ? [ins.trigger] : [];
    default:
      // parseIgnore: an unknown instruction keeps one empty node, whatever its arguments.
      return [''];
  }
}

/**
 * parseMaybeJSON: the values of a JSON array of strings, else the whole text as one node. (An array
 * holding anything else is a parse error in BuildKit, which then prints nothing; the text is the
 * most useful thing to show for it.)
 */
function maybeJson(rest: string, exec: Instruction['exec']): string[] {
  if (rest === '') return [];
  return exec?.form === 'exec' ? exec.values : [rest];
}

/**
 * parseNameVal: `key=value` words become (key, value, "="); when the first word has no `=`, the
 * legacy form splits the text once at the first run of [\t\v\f\r ] into (key, value, "").
 */
function nameVal(ins: Instruction): string[] {
  const words = ins.words;
  if (words.length === 0) return [];
  const rest = ins.argsText;
  if (!words[0].text.includes('=')) {
    const gap = /[\t\v\f\r ]+/.exec(rest);
    // Without a second part BuildKit fails ("ENV must have two arguments"): show the name alone.
    return gap ? [rest.slice(0, gap.index), rest.slice(gap.index + gap[0].length), ''] : [rest];
  }
  const out: string[] = [];
  for (const { text } of words) {
    const eq = text.indexOf('=');
    // A word without `=` here is BuildKit's "can't find = in ..." error: show it as it is.
    if (eq < 0) out.push(text);
    else out.push(text.slice(0, eq), text.slice(eq + 1), '=');
  }
  return out;
}

/** parseHealthConfig: the first word (the type, `CMD` or not), then the rest read as parseMaybeJSON. */
function healthConfig(ins: Instruction): string[] {
  const rest = ins.argsText;
  let sep = 0;
  while (sep < rest.length && !isByteSpace(rest.charCodeAt(sep))) sep++;
  if (sep === 0) return [];
  let next = sep;
  while (next < rest.length && isByteSpace(rest.charCodeAt(next))) next++;
  const command = rest.slice(next);
  // The model decided exec form for the command after `CMD` already; other types are decided here.
  const exec = ins.execOffset === next ? ins.exec : decideExecForm(command);
  return [rest.slice(0, sep), ...maybeJson(command, exec)];
}

/** parseHealthConfig tests bytes with unicode.IsSpace: ASCII white space, NEL and NBSP. */
function isByteSpace(c: number): boolean {
  return (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0x85 || c === 0xa0;
}

/** Go's strings.ToLower: rune by rune, without JavaScript's special casing of U+0130. */
function goLower(s: string): string {
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  let out = '';
  for (const ch of s) out += ch === '\u0130' ? 'i' : ch.toLowerCase();
  return out;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const SHORT_ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

/** Go's strconv.Quote: printable characters as they are, everything else escaped Go's way. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (SHORT_ESCAPES[cp] !== undefined) out += SHORT_ESCAPES[cp];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    // A lone surrogate (from a JSON `\ud800`) is U+FFFD in Go's decoder, and that one is printable.
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\ufffd';
    else if (PRINTABLE.test(ch)) out += ch;
    else out += cp < 0x10000 ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
