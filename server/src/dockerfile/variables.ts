// Variable expansion as BuildKit's shell lexer does it for FROM and ARG values:
// $NAME, ${NAME}, ${NAME:-word}, ${NAME-word}, ${NAME:+word}, ${NAME+word}, ${NAME:?msg},
// quotes removed, the escape character taking the next character literally.

/** What a variable is worth while expanding. */
export type VariableValue =
  | { kind: 'value'; value: string }
  /** Declared, or predefined, but only the build knows the value (an ARG without default, TARGETOS ...). */
  | { kind: 'build-time' }
  /** Not declared: Docker expands it to the empty string. */
  | { kind: 'undeclared' };

export interface Expansion {
  /** Undefined when a build-time value is needed. */
  value: string | undefined;
  variables: string[];
  undeclared: string[];
}

export interface VariableReference {
  name: string;
  /** Offsets in the word of `$` and the end of the reference. */
  start: number;
  end: number;
  /** The operator after the name in `${NAME:-x}` form, if any (`:-`, `-`, `:+`, `+`, `:?`, `?`, `#`, `%` ...). */
  operator?: string;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Expands `word` with `lookup`. */
export function expandWord(word: string, lookup: (name: string) => VariableValue, escape: string): Expansion {
  const variables: string[] = [];
  const undeclared: string[] = [];
  let unknown = false;
  let out = '';
  let quote: '"' | "'" | undefined;
  let i = 0;
  const resolve = (name: string, op: string | undefined, arg: string): string => {
    variables.push(name);
    const v = lookup(name);
    if (v.kind === 'undeclared') undeclared.push(name);
    const isSet = v.kind === 'value';
    const nonEmpty = isSet && v.value !== '';
    switch (op) {
      case ':-':
        if (nonEmpty) return v.value;
        if (v.kind === 'build-time') unknown = true;
        return inner(arg);
      case '-':
        if (isSet) return v.value;
        if (v.kind === 'build-time') unknown = true;
        return inner(arg);
      case ':+':
        if (v.kind === 'build-time') unknown = true;
        return nonEmpty ? inner(arg) : '';
      case '+':
        if (v.kind === 'build-time') unknown = true;
        return isSet ? inner(arg) : '';
      default:
        if (v.kind === 'build-time') unknown = true;
        return isSet ? v.value : '';
    }
  };
  const inner = (text: string): string => {
    const e = expandWord(text, lookup, escape);
    variables.push(...e.variables);
    undeclared.push(...e.undeclared);
    if (e.value === undefined) unknown = true;
    return e.value ?? '';
  };
  while (i < word.length) {
    const c = word[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else out += c;
      i++;
      continue;
    }
    if (c === escape && i + 1 < word.length) {
      out += word[i + 1];
      i += 2;
      continue;
    }
    if (c === '"' || (c === "'" && quote === undefined)) {
      if (quote === c) quote = undefined;
      else if (quote === undefined) quote = c;
      else out += c;
      i++;
      continue;
    }
    if (c === '$') {
      const ref = readReference(word, i);
      if (ref) {
        out += resolve(ref.name, ref.operator, ref.argument);
        i = ref.end;
        continue;
      }
    }
    out += c;
    i++;
  }
  return { value: unknown ? undefined : out, variables, undeclared };
}

/** Every `$NAME` / `${NAME...}` in `word`, skipping single-quoted text and escaped dollars. */
export function findVariableReferences(word: string, escape: string): VariableReference[] {
  const refs: VariableReference[] = [];
  let single = false;
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (single) {
      if (c === "'") single = false;
      continue;
    }
    if (c === "'") single = true;
    else if (c === escape) i++;
    else if (c === '$') {
      const ref = readReference(word, i);
      if (ref) {
        refs.push({ name: ref.name, start: i, end: ref.end, operator: ref.operator });
        // Defaults may themselves hold references: `${A:-$B}`.
        if (ref.argument) {
          const argStart = ref.end - 1 - ref.argument.length;
          for (const r of findVariableReferences(ref.argument, escape)) refs.push({ ...r, start: r.start + argStart, end: r.end + argStart });
        }
        i = ref.end - 1;
      }
    }
  }
  return refs;
}

function readReference(word: string, dollar: number): { name: string; operator?: string; argument: string; end: number } | undefined {
  let i = dollar + 1;
  if (word[i] === '{') {
    i++;
    const nameStart = i;
    if (!NAME_START.test(word[i] ?? '')) return undefined;
    while (i < word.length && NAME_CHAR.test(word[i])) i++;
    const name = word.slice(nameStart, i);
    if (word[i] === '}') return { name, argument: '', end: i + 1 };
    const op = /^(:[-+?]|[-+?]|##?|%%?|\/\/?)/.exec(word.slice(i));
    if (!op) return undefined;
    i += op[0].length;
    // Find the closing brace, allowing nested ${...}.
    let depth = 1;
    const argStart = i;
    while (i < word.length) {
      if (word[i] === '{') depth++;
      else if (word[i] === '}' && --depth === 0) break;
      i++;
    }
    if (i >= word.length) return undefined;
    return { name, operator: op[0], argument: word.slice(argStart, i), end: i + 1 };
  }
  if (!NAME_START.test(word[i] ?? '')) return undefined;
  const nameStart = i;
  while (i < word.length && NAME_CHAR.test(word[i])) i++;
  return { name: word.slice(nameStart, i), argument: '', end: i };
}

/** ARGs Docker defines on its own (usable in FROM without declaring them). */
export const PREDEFINED_PLATFORM_ARGS: ReadonlySet<string> = new Set([
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'TARGETSTAGE',
]);

/** Proxy and other ARGs Docker accepts from --build-arg without a declaration. */
export const PREDEFINED_ARGS: ReadonlySet<string> = new Set([
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
  'SOURCE_DATE_EPOCH',
  'BUILDKIT_SYNTAX',
  'BUILDKIT_CACHE_MOUNT_NS',
  'BUILDKIT_CONTEXT_KEEP_GIT_DIR',
  'BUILDKIT_INLINE_CACHE',
  'BUILDKIT_MULTI_PLATFORM',
  'BUILDKIT_SANDBOX_HOSTNAME',
]);
