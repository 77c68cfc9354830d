// How BuildKit's parser tells white space, words and flags apart. Each place in BuildKit uses its
// own notion of white space, and a file with an NBSP or an ideographic space in it is read
// differently by each, so the parser picks the one BuildKit uses at that place:
// - unicode.IsSpace on whole characters: trimming lines and arguments, parseWords (ENV, ARG ...);
// - [\t\v\f\r ]: the keyword split and parseStringsWhitespaceDelimited (FROM, COPY, EXPOSE ...);
// - unicode.IsSpace on single bytes (extractBuilderFlags, parseHealthConfig): ASCII white space,
//   NEL and NBSP.
import type { Flag, Instruction, Range, Word } from './model';

/** Go's unicode.IsSpace. */
export function isSpace(c: number): boolean {
  if (c <= 0xa0) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** unicode.IsSpace applied to one byte of the UTF-8 text, as extractBuilderFlags and parseHealthConfig do. */
export function isByteSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0;
}

/** BuildKit's tokenWhitespace, `[\t\v\f\r ]`: what separates the keyword from its arguments. */
export function isKeywordSeparator(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0x0d;
}

/** Length of the leading white space (bytes.TrimLeftFunc with unicode.IsSpace). */
export function leadingWhitespace(s: string): number {
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/**
 * BuildKit's extractBuilderFlags: leading words that start with `--` are flags; a lone `--` ends
 * them. Quotes inside a flag word are removed, a backslash takes the next character (and one ending
 * the text is dropped). The flag's name ends at the first `=` of the resulting word, as BFlags reads it.
 */
export function extractFlags(text: string, start: number, end: number, mapper: Pick<Instruction, 'rangeOf'>): { flags: Flag[]; argsStart: number } {
  const flags: Flag[] = [];
  let pos = start;
  for (;;) {
    while (pos < end && isByteSpace(text.charCodeAt(pos))) pos++;
    if (pos >= end || text[pos] !== '-' || text[pos + 1] !== '-') return { flags, argsStart: pos };
    const wordStart = pos;
    let word = '';
    let quote = '';
    let eqRaw = -1;
    let eqInWord = -1;
    while (pos < end) {
      let ch = text[pos];
      if (!quote && isByteSpace(text.charCodeAt(pos))) break;
      if (!quote && (ch === '"' || ch === "'")) {
        quote = ch;
        pos++;
        continue;
      }
      if (quote && ch === quote) {
        quote = '';
        pos++;
        continue;
      }
      if (ch === '\\') {
        pos++;
        if (pos >= end) break;
        ch = text[pos];
      }
      if (ch === '=' && eqRaw < 0) {
        eqRaw = pos;
        eqInWord = word.length;
      }
      word += ch;
      pos++;
    }
    if (word === '--') {
      while (pos < end && isByteSpace(text.charCodeAt(pos))) pos++;
      return { flags, argsStart: pos };
    }
    flags.push(
      new LazyFlag(eqInWord >= 0 ? word.slice(2, eqInWord) : word.slice(2), eqInWord >= 0 ? word.slice(eqInWord + 1) : undefined, wordStart, eqRaw, pos, mapper),
    );
  }
}

/** The same flag of a copy of its instruction (whose positions may differ): ranges worked out anew. */
export function rebindFlag(flag: Flag, mapper: Pick<Instruction, 'rangeOf'>): Flag {
  if (!(flag instanceof LazyFlag)) throw new Error('rebindFlag: not a flag extractFlags made');
  return flag.rebind(mapper);
}

/** A flag whose document ranges are worked out when first asked for: few rules ever ask. */
class LazyFlag implements Flag {
  private cached?: { range: Range; nameRange: Range; valueRange: Range | undefined };
  constructor(
    readonly name: string,
    readonly value: string | undefined,
    private readonly start: number,
    /** Offset of the `=` in the instruction's text, or -1. */
    private readonly eq: number,
    private readonly end: number,
    private readonly mapper: Pick<Instruction, 'rangeOf'>,
  ) {}

  rebind(mapper: Pick<Instruction, 'rangeOf'>): LazyFlag {
    return new LazyFlag(this.name, this.value, this.start, this.eq, this.end, mapper);
  }

  private ranges(): { range: Range; nameRange: Range; valueRange: Range | undefined } {
    return (this.cached ??= {
      range: this.mapper.rangeOf(this.start, this.end),
      nameRange: this.mapper.rangeOf(this.start + 2, this.eq >= 0 ? this.eq : this.end),
      valueRange: this.eq >= 0 ? this.mapper.rangeOf(this.eq + 1, this.end) : undefined,
    });
  }

  get range(): Range {
    return this.ranges().range;
  }

  get nameRange(): Range {
    return this.ranges().nameRange;
  }

  get valueRange(): Range | undefined {
    return this.ranges().valueRange;
  }
}

/** A word whose document range is worked out when first asked for. */
class LazyWord implements Word {
  private cachedRange?: Range;
  constructor(
    readonly text: string,
    readonly offset: number,
    private readonly base: number,
    private readonly mapper: Pick<Instruction, 'rangeOf'>,
  ) {}

  get range(): Range {
    return (this.cachedRange ??= this.mapper.rangeOf(this.base + this.offset, this.base + this.offset + this.text.length));
  }
}

/** parseStringsWhitespaceDelimited: split at runs of [\t\v\f\r ] only (an NBSP stays inside its word). */
export function splitAtWhitespace(args: string, base: number, mapper: Pick<Instruction, 'rangeOf'>): Word[] {
  const words: Word[] = [];
  const re = /[^\t\v\f\r ]+/g;
  for (let m = re.exec(args); m !== null; m = re.exec(args)) words.push(new LazyWord(m[0], m.index, base, mapper));
  return words;
}

/** parseWords: words at unicode white space, keeping quoted runs and escaped characters inside their word. */
export function splitWords(args: string, base: number, esc: string, mapper: Pick<Instruction, 'rangeOf'>): Word[] {
  const words: Word[] = [];
  let i = 0;
  const n = args.length;
  while (i < n) {
    while (i < n && isSpace(args.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    let quote = '';
    while (i < n) {
      const ch = args[i];
      if (quote) {
        if (ch === quote) quote = '';
        else if (ch === esc && quote === '"' && i + 1 < n) i++;
      } else if (isSpace(args.charCodeAt(i))) break;
      else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === esc && i + 1 < n) i++;
      i++;
    }
    words.push(new LazyWord(args.slice(start, i), start, base, mapper));
  }
  return words;
}
