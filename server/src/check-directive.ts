// BuildKit's `# check=` configuration of its build checks, as dockerfile2llb applies it:
// - the `check` parser directive at the top of the file configures the whole build;
// - a `# check=...` comment among the comments directly above an instruction (the parser's
//   `node.PrevComment`) is merged into that configuration for that instruction only
//   (`linter.WithMergedConfigFromComments`).
import { matchDirectiveBody } from './dockerfile/directiveLine';
import type { DockerfileModel, Instruction } from './dockerfile/model';

export interface CheckConfig {
  /** BuildKit rule names skipped. */
  skip: ReadonlySet<string>;
  skipAll: boolean;
  /** `error=true`: check violations fail the build. */
  error: boolean;
}

export const EMPTY_CHECK_CONFIG: CheckConfig = { skip: new Set(), skipAll: false, error: false };

/**
 * linter.ParseLintOptions: `skip=A,B;experimental=C;error=true`. Keys and `all` are case-sensitive,
 * `error` takes Go's boolean spellings. Undefined where BuildKit rejects the text.
 */
export function parseCheckOptions(text: string): CheckConfig | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return EMPTY_CHECK_CONFIG;
  // strings.SplitN(s, ";", 3): a third part keeps any further `;`.
  const parts: string[] = [];
  let rest = trimmed;
  while (parts.length < 2) {
    const at = rest.indexOf(';');
    if (at < 0) break;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  let skip: string[] = [];
  let skipAll = false;
  let error = false;
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 'skip') {
      if (value === 'all') skipAll = true;
      else skip = value.split(',').map((name) => name.trim());
    } else if (key === 'error') {
      const parsed = GO_BOOLEANS.get(value);
      if (parsed === undefined) return undefined;
      error = parsed;
    } else if (key !== 'experimental') {
      // Experimental checks are opt-in and none of ours is one, so enabling them changes nothing here.
      return undefined;
    }
  }
  return { skip: new Set(skip), skipAll, error };
}

const GO_BOOLEANS = new Map<string, boolean>([
  ...['1', 't', 'T', 'TRUE', 'true', 'True'].map((s): [string, boolean] => [s, true]),
  ...['0', 'f', 'F', 'FALSE', 'false', 'False'].map((s): [string, boolean] => [s, false]),
]);

/**
 * BuildKit reads a directive's value only up to its first space, which is what lets a note follow
 * it: `# check=skip=SecretsUsedInArgOrEnv // the token is public`.
 */
function directiveValue(value: string): string {
  const space = value.indexOf(' ');
  return space < 0 ? value : value.slice(0, space);
}

/** The file's `check` parser directive; a directive BuildKit cannot parse configures nothing here. */
export function fileCheckConfig(model: DockerfileModel): CheckConfig {
  const directive = model.directives.find((d) => d.active && d.name === 'check');
  if (!directive) return EMPTY_CHECK_CONFIG;
  return parseCheckOptions(directiveValue(directive.value)) ?? EMPTY_CHECK_CONFIG;
}

/**
 * For each instruction (by first line) with a `# check=` comment directly above it, the options of
 * that comment. Only the first `check` comment of the run counts, and one BuildKit cannot parse
 * leaves the file's configuration alone.
 */
export function instructionCheckConfigs(model: DockerfileModel): Map<number, CheckConfig> {
  const configs = new Map<number, CheckConfig>();
  // Most files have no such comment: skip the walk entirely then.
  if (!model.comments.some((c) => c.text.includes('check'))) return configs;
  let previousEnd = -1;
  for (const ins of model.instructions) {
    const comments = previousComments(model, ins, previousEnd);
    previousEnd = ins.endLine;
    let found: CheckConfig | undefined;
    for (const comment of comments) {
      // parser.DirectiveParser's line syntax, applied to the comment with its `#` removed (and
      // trimmed, so the leading white space the matcher allows is never there).
      const m = matchDirectiveBody(comment);
      if (!m || m.name.toLowerCase() !== 'check') continue;
      found = parseCheckOptions(directiveValue(m.value));
      break;
    }
    if (found) configs.set(ins.startLine, found);
  }
  return configs;
}

/**
 * The parser's PrevComment of an instruction, first line first: the comment lines since the
 * previous instruction, cut by a blank line or an empty `#` (the run BuildKit also reads stage and
 * ARG descriptions from). As in BuildKit, the text is the line minus its first character, trimmed,
 * so an indented comment keeps its `#` and never reads as a directive.
 */
function previousComments(model: DockerfileModel, ins: Instruction, previousEnd: number): string[] {
  const out: string[] = [];
  for (let line = ins.startLine - 1; line > previousEnd; line--) {
    const raw = model.lines[line];
    const trimmed = raw.trim();
    if (trimmed === '' || !trimmed.startsWith('#')) break;
    const text = raw.slice(1).trim();
    if (text === '') break;
    out.push(text);
  }
  return out.reverse();
}
