// A port (in behaviour, not code) of BuildKit's shell lexer (frontend/dockerfile/shell/lex.go), as
// the model (FROM and ARG values) and the build checks need it: which variables a word references, which of them were set, and what
// the word expands to. BuildKit decides UndefinedVar, UndefinedArgInFrom, RedundantTargetPlatform
// and friends from exactly these "matched"/"unmatched" sets, so we must read words the way it does:
// the escape character takes the next character literally, single quotes are literal, and inside
// double quotes the escape character only escapes `"`, `$` and itself.

import { spend, withBudget, type Budget } from './budget';
import { PatternError, replaceAll, replaceFirst, trimPrefix, trimSuffix } from './shellPattern';

export interface VariableUse {
  name: string;
  /** Offsets in the word: from the `$` to the end of the reference. */
  start: number;
  end: number;
  /**
   * `${X:-d}`, `${X-d}`, `${X:+d}`, `${X+d}`, `${X:?m}`, `${X?m}`: the author handled the unset case,
   * so an undefined variable here is deliberate.
   */
  guarded: boolean;
}

export interface WordExpansion {
  result: string;
  /** Referenced and set. */
  matched: ReadonlySet<string>;
  /** Referenced and not set. */
  unmatched: ReadonlySet<string>;
  uses: readonly VariableUse[];
  /** Set when BuildKit would fail to process the word (bad substitution, unmatched quote ...). */
  error?: string;
}

export type EnvLookup = (name: string) => string | undefined;

export interface LexOptions {
  /** Quotes are ordinary characters (BuildKit's SkipProcessQuotes, used for heredoc bodies). */
  skipQuotes?: boolean;
}

class LexError extends Error {}

/**
 * How much expansion may add to a word: 128 KiB, the longest environment string Linux passes to a
 * command (MAX_ARG_STRLEN), so no build that runs can use more. Without a bound, eight lines of
 * `ARG B=${A//?/$A}` (each squares the length) took gigabytes and never finished. A word past it
 * is an expansion error: its value is unknown to the rules.
 */
export const MAX_EXPANSION_GROWTH = 128 * 1024;

/**
 * Expansion work (./budget) one expansion may do on its own, and the base of what a whole document
 * may do, in units of about 10 ns: a pattern matching step, or a quarter of a substituted character
 * (those are memory a rule may keep).
 */
const BUDGET_BASE = 1 << 24;
const BUDGET_PER_CHARACTER = 32;
const UNITS_PER_SUBSTITUTED_CHARACTER = 4;

/** A budget of expansion work for one document, linear in its length. */
export function expansionBudget(documentLength: number): Budget {
  return { remaining: BUDGET_BASE + BUDGET_PER_CHARACTER * documentLength };
}

/**
 * Runs `fn`, which expands words of one document, spending from that document's budget (given,
 * or opened for a document of the length given); expansions past it fail, so their values are
 * unknown.
 */
export function withExpansionBudget<T>(budget: Budget | number, fn: () => T): T {
  return withBudget(typeof budget === 'number' ? expansionBudget(budget) : budget, fn);
}

const EOF = '';
const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);

/** Go's unicode.IsLetter, unicode.IsDigit (decimal digits only) or `_`. */
function isNameChar(ch: string): boolean {
  return /[\p{L}\p{Nd}_]/u.test(ch);
}

class Lexer {
  pos = 0;
  /** BuildKit's rawEscapes: while reading a pattern or replacement the escape character is kept. */
  rawEscapes = false;
  /** Longest text a part of the word may expand to. */
  readonly limit: number;
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();
  readonly uses: VariableUse[] = [];

  constructor(
    private readonly word: string,
    private readonly escape: string,
    private readonly env: EnvLookup,
    private readonly options: LexOptions,
  ) {
    this.limit = word.length + MAX_EXPANSION_GROWTH;
  }

  /** `out` followed by the value of a `$` reference, paid for from the budget. */
  substitute(out: string, value: string): string {
    spend(value.length * UNITS_PER_SUBSTITUTED_CHARACTER, 'long values copied into many words');
    return this.bounded(out + value);
  }

  /** Throws once `text` is longer than any expansion may be. */
  bounded(text: string): string {
    if (text.length > this.limit) throw new LexError(`expansion longer than ${this.limit} characters (the word plus ${MAX_EXPANSION_GROWTH})`);
    return text;
  }

  peek(): string {
    return this.pos < this.word.length ? this.word[this.pos] : EOF;
  }

  next(): string {
    return this.pos < this.word.length ? this.word[this.pos++] : EOF;
  }

  getEnv(name: string): string | undefined {
    const v = this.env(name);
    if (v === undefined) this.unmatched.add(name);
    else this.matched.add(name);
    return v;
  }

  /** Reads up to `stop` (consumed), or to the end when `stop` is EOF. */
  processStopOn(stop: string, rawEscapes = false): string {
    const outer = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      let out = '';
      while (this.peek() !== EOF) {
        const ch = this.peek();
        if (stop !== EOF && ch === stop) {
          this.next();
          return out;
        }
        if (ch === '$') out = this.substitute(out, this.processDollar());
        else if (ch === "'" && !this.options.skipQuotes) out += this.processSingleQuote();
        else if (ch === '"' && !this.options.skipQuotes) out = this.bounded(out + this.processDoubleQuote());
        else {
          this.next();
          if (ch === this.escape) {
            if (rawEscapes) out += ch;
            const escaped = this.next();
            if (escaped === EOF) break;
            out += escaped;
          } else out += ch;
        }
      }
      if (stop !== EOF) throw new LexError(`unexpected end of statement while looking for matching ${stop}`);
      return out;
    } finally {
      this.rawEscapes = outer;
    }
  }

  /** processStopOn inside `${...}`: running out of text is reported as BuildKit words it. */
  readUntil(stop: string, rawEscapes: boolean, atEnd: string): string {
    try {
      return this.processStopOn(stop, rawEscapes);
    } catch (e) {
      if (e instanceof LexError && this.peek() === EOF) throw new LexError(atEnd);
      throw e;
    }
  }

  processSingleQuote(): string {
    this.next();
    let out = '';
    for (;;) {
      const ch = this.next();
      if (ch === EOF) throw new LexError('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") return out;
      out += ch;
    }
  }

  processDoubleQuote(): string {
    this.next();
    let out = '';
    for (;;) {
      const ch = this.peek();
      if (ch === EOF) throw new LexError('unexpected end of statement while looking for matching double-quote');
      if (ch === '"') {
        this.next();
        return out;
      }
      if (ch === '$') {
        out = this.substitute(out, this.processDollar());
        continue;
      }
      this.next();
      if (ch === this.escape) {
        // With raw escapes BuildKit writes the escape, then the escaped character or (quirk) the
        // escape a second time.
        if (this.rawEscapes) out += ch;
        const after = this.peek();
        if (after === EOF) continue;
        if (after === '"' || after === '$' || after === this.escape) {
          out += this.next();
          continue;
        }
      }
      out += ch;
    }
  }

  processName(): string {
    let name = '';
    while (this.peek() !== EOF) {
      const ch = this.peek();
      if (name.length === 0 && /\p{Nd}/u.test(ch)) {
        while (/\p{Nd}/u.test(this.peek())) name += this.next();
        return name;
      }
      if (name.length === 0 && SPECIAL_PARAMS.has(ch)) return this.next();
      if (!isNameChar(ch)) break;
      name += this.next();
    }
    return name;
  }

  processDollar(): string {
    const start = this.pos;
    this.next();
    if (this.peek() !== '{') {
      const name = this.processName();
      if (name === '') return '$';
      this.uses.push({ name, start, end: this.pos, guarded: false });
      return this.getEnv(name) ?? '';
    }
    this.next();
    const first = this.peek();
    if (first === EOF) throw new LexError("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new LexError('syntax error: bad substitution');
    const name = this.processName();
    const use: VariableUse = { name, start, end: this.pos, guarded: false };
    this.uses.push(use);
    const op = this.next();
    const finish = (value: string): string => {
      use.end = this.pos;
      return value;
    };
    const missingBrace = "syntax error: missing '}'";
    switch (op) {
      case '}':
        return finish(this.getEnv(name) ?? '');
      case ':': {
        const modifier = this.next();
        if (modifier === '#' || modifier === '%') throw new LexError(`unsupported modifier (:${modifier}) in substitution`);
        use.guarded = true;
        const word = this.readUntil('}', false, missingBrace);
        const value = this.getEnv(name);
        if (modifier === '-') return finish(value ? value : word);
        if (modifier === '+') return finish(value ? word : '');
        if (modifier === '?') {
          if (!value) throw new LexError(`${name}: ${word || `is not allowed to be ${value === undefined ? 'unset' : 'empty'}`}`);
          return finish(value);
        }
        throw new LexError(`unsupported modifier (:${modifier}) in substitution`);
      }
      case '-':
      case '+':
      case '?': {
        use.guarded = true;
        const word = this.readUntil('}', false, missingBrace);
        const value = this.getEnv(name);
        if (op === '-') return finish(value ?? word);
        if (op === '+') return finish(value !== undefined ? word : '');
        if (value === undefined) throw new LexError(`${name}: ${word || 'is not allowed to be unset'}`);
        return finish(value);
      }
      case '#':
      case '%': {
        let pattern = this.readUntil('}', true, missingBrace);
        // The matcher's time grows with the value: bound it first.
        const value = this.bounded(this.getEnv(name) ?? '');
        // `##` / `%%` is decided on the processed word, so `${X#$Y}` with Y=#a is `${X##a}`.
        const longest = pattern.startsWith(op);
        if (longest) pattern = pattern.slice(1);
        return finish(patternResult(() => (op === '#' ? trimPrefix : trimSuffix)(pattern, value, longest)));
      }
      case '/': {
        const all = this.peek() === '/';
        if (all) this.next();
        const pattern = this.readUntil('/', true, "syntax error: missing '/' in ${}");
        const replacement = this.readUntil('}', true, missingBrace);
        const value = this.bounded(this.getEnv(name) ?? '');
        const replaced = patternResult(() => (all ? replaceAll(pattern, value, replacement, this.limit) : replaceFirst(pattern, value, replacement)));
        return finish(replaced);
      }
      case EOF:
        throw new LexError(missingBrace);
      default:
        throw new LexError(`unsupported modifier (${op}) in substitution`);
    }
  }
}

function patternResult(apply: () => string): string {
  try {
    return apply();
  } catch (e) {
    if (e instanceof PatternError) throw new LexError(e.message);
    throw e;
  }
}

const NO_NAMES: ReadonlySet<string> = new Set();
const NO_USES: readonly VariableUse[] = Object.freeze([]);

/** Expands `word` as BuildKit's ProcessWordWithMatches does. Never throws. */
export function processWord(word: string, escape: string, env: EnvLookup, options: LexOptions = {}): WordExpansion {
  // Most words have nothing to expand, unquote or unescape: they are their own value, and the
  // lexer's allocations are the larger part of linting a big file.
  if (word.indexOf('$') < 0 && word.indexOf(escape) < 0 && (options.skipQuotes === true || (word.indexOf("'") < 0 && word.indexOf('"') < 0))) {
    return { result: word, matched: NO_NAMES, unmatched: NO_NAMES, uses: NO_USES };
  }
  const lexer = new Lexer(word, escape, env, options);
  try {
    const result = withBudget(BUDGET_BASE, () => lexer.processStopOn(EOF));
    return { result, matched: lexer.matched, unmatched: lexer.unmatched, uses: lexer.uses };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { result: '', matched: lexer.matched, unmatched: lexer.unmatched, uses: lexer.uses, error };
  }
}

/** Every `$NAME` / `${NAME...}` in `word`, with offsets, honouring quotes and the escape character. */
export function findVariableUses(word: string, escape: string, options: LexOptions = {}): readonly VariableUse[] {
  return processWord(word, escape, () => undefined, options).uses;
}

/** True for names a reference can usefully be reported about (not `$1`, `$@` ...). */
export function isPlainName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}
