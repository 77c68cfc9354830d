// Tokenizes text with syntaxes/dockerfile.tmLanguage.json through the same engine VS Code uses
// (vscode-textmate on the Oniguruma WebAssembly build), so grammar tests see what an editor shows.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export interface Token {
  text: string;
  start: number;
  end: number;
  scopes: string[];
}

export interface TokenizedLine {
  text: string;
  tokens: Token[];
}

export type Tokenizer = (text: string) => TokenizedLine[];

let wasmLoaded: Promise<void> | undefined;

function onigLib(): Promise<vsctm.IOnigLib> {
  if (!wasmLoaded) {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    wasmLoaded = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  }
  return wasmLoaded.then(() => ({
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s: string) => new oniguruma.OnigString(s),
  }));
}

/**
 * `others` maps extra scope names (an embedded language, say) to raw grammars; anything else the
 * Dockerfile grammar includes is absent, as it is when that language's extension is not installed.
 */
export async function loadTokenizer(others: Record<string, object> = {}): Promise<Tokenizer> {
  const grammarPath = path.join(repoRoot, 'syntaxes', 'dockerfile.tmLanguage.json');
  const registry = new vsctm.Registry({
    onigLib: onigLib(),
    loadGrammar: async (scopeName: string) => {
      if (scopeName === 'source.dockerfile') return vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath);
      const other = others[scopeName];
      return other ? vsctm.parseRawGrammar(JSON.stringify(other), `${scopeName}.json`) : null;
    },
  });
  const grammar = await registry.loadGrammar('source.dockerfile');
  if (!grammar) throw new Error('source.dockerfile did not load');
  return (text: string) => {
    let state = vsctm.INITIAL;
    const lines: TokenizedLine[] = [];
    for (const line of text.split(/\r?\n/)) {
      const result = grammar.tokenizeLine(line, state, 5000);
      if (result.stoppedEarly) throw new Error(`tokenizing stopped early on: ${line}`);
      lines.push({
        text: line,
        tokens: result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, end: t.endIndex, scopes: t.scopes })),
      });
      state = result.ruleStack;
    }
    return lines;
  };
}

/** Scopes of the character at `character` on `line`. */
export function scopesAt(lines: TokenizedLine[], line: number, character: number): string[] {
  const token = lines[line]?.tokens.find((t) => t.start <= character && character < Math.max(t.end, t.start + 1));
  if (!token) throw new Error(`no token at ${line}:${character} in ${JSON.stringify(lines[line]?.text)}`);
  return token.scopes;
}

/** Scopes of the `occurrence`-th (0-based) appearance of `needle` on `line`; `-1` for the last one. */
export function scopesOf(lines: TokenizedLine[], line: number, needle: string, occurrence = 0): string[] {
  const text = lines[line]?.text ?? '';
  let at = -1;
  if (occurrence < 0) at = text.lastIndexOf(needle);
  else for (let n = 0, from = 0; n <= occurrence; n++, from = at + 1) at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`${JSON.stringify(needle)} not found on line ${line}: ${JSON.stringify(text)}`);
  return scopesAt(lines, line, at);
}

export function hasScope(scopes: string[], prefix: string): boolean {
  return scopes.some((s) => s === prefix || s.startsWith(prefix + '.'));
}
