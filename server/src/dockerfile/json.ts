// A strict JSON decoder that reports where it failed and where each string sits in the source.
// Docker decides exec form with Go's encoding/json; JSON.parse agrees on what is valid but does not
// say reliably where an error is (the message format changed across V8 versions), nor where each
// string token is, which the exec-form rules need to point at the offending escape.

export interface JsonString {
  value: string;
  /** Offsets of the token in the source, quotes included. */
  start: number;
  end: number;
  /** Offsets (in the source) of each backslash escape, with the escaped character. */
  escapes: { offset: number; char: string }[];
}

export type JsonArrayResult =
  | { ok: true; elements: unknown[]; strings: (JsonString | undefined)[] }
  | { ok: false; message: string; offset: number };

// Not an Error: thrown and caught inside this file only, and capturing a stack trace for every
// shell-form line that starts with `[` showed up in profiles.
class JsonError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Decodes `text` as one JSON value that must be an array, as Go's json.Unmarshal into
 * []interface{} would. `strings[i]` describes element i when it is a string.
 */
export function decodeJsonArray(text: string): JsonArrayResult {
  const p = new Decoder(text);
  try {
    p.skipSpace();
    if (p.peek() !== '[') throw new JsonError('expected a JSON array', p.pos);
    const { elements, strings } = p.array();
    p.skipSpace();
    if (p.pos < text.length) throw new JsonError(`unexpected ${describe(text[p.pos])} after the array`, p.pos);
    return { ok: true, elements, strings };
  } catch (e) {
    if (e instanceof JsonError) return { ok: false, message: e.message, offset: e.offset };
    throw e;
  }
}

function describe(ch: string | undefined): string {
  if (ch === undefined) return 'end of text';
  if (ch === "'") return 'single quote (JSON strings use double quotes)';
  return `character ${JSON.stringify(ch)}`;
}

class Decoder {
  pos = 0;
  private depth = 0;
  constructor(private readonly s: string) {}

  peek(): string | undefined {
    return this.s[this.pos];
  }

  skipSpace(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else break;
    }
  }

  array(): { elements: unknown[]; strings: (JsonString | undefined)[] } {
    if (++this.depth > 1000) throw new JsonError('JSON nested too deeply', this.pos);
    this.pos++; // [
    const elements: unknown[] = [];
    const strings: (JsonString | undefined)[] = [];
    this.skipSpace();
    if (this.peek() === ']') {
      this.pos++;
      this.depth--;
      return { elements, strings };
    }
    for (;;) {
      this.skipSpace();
      if (this.peek() === ']') throw new JsonError('trailing comma before ]', this.pos);
      if (this.peek() === '"') {
        const str = this.string();
        elements.push(str.value);
        strings.push(str);
      } else {
        elements.push(this.value());
        strings.push(undefined);
      }
      this.skipSpace();
      const c = this.peek();
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        this.depth--;
        return { elements, strings };
      }
      throw new JsonError(`expected , or ] but found ${describe(c)}`, this.pos);
    }
  }

  value(): unknown {
    this.skipSpace();
    const c = this.peek();
    if (c === '"') return this.string().value;
    if (c === '[') return this.array().elements;
    if (c === '{') return this.object();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.s.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    throw new JsonError(`unexpected ${describe(c)}`, this.pos);
  }

  object(): Record<string, unknown> {
    if (++this.depth > 1000) throw new JsonError('JSON nested too deeply', this.pos);
    this.pos++; // {
    const out: Record<string, unknown> = {};
    this.skipSpace();
    if (this.peek() === '}') {
      this.pos++;
      this.depth--;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.peek() !== '"') throw new JsonError(`expected a string key but found ${describe(this.peek())}`, this.pos);
      const key = this.string().value;
      this.skipSpace();
      if (this.peek() !== ':') throw new JsonError(`expected : but found ${describe(this.peek())}`, this.pos);
      this.pos++;
      out[key] = this.value();
      this.skipSpace();
      const c = this.peek();
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        this.depth--;
        return out;
      }
      throw new JsonError(`expected , or } but found ${describe(c)}`, this.pos);
    }
  }

  number(): number {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.pos;
    const r = m.exec(this.s);
    if (!r || r[0] === '-' || r[0] === '') throw new JsonError('invalid number', this.pos);
    this.pos += r[0].length;
    return Number(r[0]);
  }

  string(): JsonString {
    const s = this.s;
    const start = this.pos;
    this.pos++; // opening quote
    let value = '';
    let chunk = this.pos;
    const escapes: { offset: number; char: string }[] = [];
    for (;;) {
      if (this.pos >= s.length) throw new JsonError('unterminated string', start);
      const c = s.charCodeAt(this.pos);
      if (c === 0x22) {
        value += s.slice(chunk, this.pos);
        this.pos++;
        return { value, start, end: this.pos, escapes };
      }
      if (c < 0x20) throw new JsonError('control character in string', this.pos);
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      value += s.slice(chunk, this.pos);
      const escOffset = this.pos;
      const e = s[this.pos + 1];
      if (e === 'u') {
        const hex = s.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonError('invalid \\u escape in string', escOffset);
        value += String.fromCharCode(parseInt(hex, 16));
        escapes.push({ offset: escOffset, char: 'u' });
        this.pos += 6;
      } else if (e !== undefined && ESCAPES[e] !== undefined) {
        value += ESCAPES[e];
        escapes.push({ offset: escOffset, char: e });
        this.pos += 2;
      } else {
        throw new JsonError(`invalid escape ${e === undefined ? '\\' : '\\' + e} in string`, escOffset);
      }
      chunk = this.pos;
    }
  }
}
