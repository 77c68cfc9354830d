// The Dockerfile model: what one parse of one document version yields.
// Everything here mirrors how BuildKit's parser (moby/buildkit frontend/dockerfile/parser) reads the
// file, so rules can reason about what Docker will actually do rather than what the text looks like.
// Positions are 0-based (line, character in UTF-16 code units), as in LSP.
import type { JsonString } from './json';
import type { HoldsMemos } from './memo';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type EscapeChar = '\\' | '`';

/** A `# key=value` line at the top of the file, or one that looks like it further down. */
export interface Directive {
  /** Lower-cased key: `escape`, `syntax`, `check`, or an unknown one. */
  name: string;
  value: string;
  line: number;
  /** The whole comment line. */
  range: Range;
  nameRange: Range;
  valueRange: Range;
  /**
   * True when Docker reads it as a parser directive: it stands in the uninterrupted run of
   * directive lines at the very top. A directive-shaped comment after a blank line, another
   * comment or an instruction is a plain comment to Docker (`active: false`).
   */
  active: boolean;
  /** `escape`, `syntax` or `check`. */
  known: boolean;
}

export interface EscapeInfo {
  char: EscapeChar;
  /** `directive` when an active, valid escape directive set it. */
  source: 'default' | 'directive';
  directive?: Directive;
}

export interface Comment {
  line: number;
  /** Text after the `#`, trimmed. */
  text: string;
  range: Range;
}

/** A `--name=value` (or bare `--name`) flag of an instruction, as BuildKit's extractBuilderFlags reads it. */
export interface Flag {
  /** Without the leading dashes, as written (case preserved). */
  name: string;
  /** Undefined for a bare `--flag`. Quotes are removed. */
  value: string | undefined;
  range: Range;
  nameRange: Range;
  valueRange: Range | undefined;
}

/** A whitespace-delimited word of an instruction's arguments (quotes kept as written). */
export interface Word {
  text: string;
  range: Range;
  /** Offset of the word in `Instruction.argsText`. */
  offset: number;
}

/** What Docker decided for an instruction that may be written in exec form. */
export type ExecDecision =
  /**
   * Valid JSON array of strings: exec form, with the decoded values and where each string token is
   * (offsets relative to the JSON text, which starts at `argsOffset + (execOffset ?? 0)` in `text`).
   */
  | { form: 'exec'; values: string[]; strings: JsonString[] }
  /** Valid JSON array with a non-string element: Docker fails the build. */
  | { form: 'invalid'; reason: string }
  /** Anything else is shell form. `jsonError` is set when the text began with `[`. */
  | { form: 'shell'; jsonError?: { message: string; offset: number } };

export interface Heredoc {
  /** The terminator word, without quotes. */
  name: string;
  /** `<<-`: leading tabs are stripped from the terminator line and the body. */
  chomp: boolean;
  /** Quoted name: no variable expansion in the body. */
  quoted: boolean;
  /** The `<<EOF` word's range. */
  range: Range;
  /** Body lines (0-based document lines), not including the terminator. */
  bodyStartLine: number;
  bodyEndLine: number;
  content: string;
  /** False when the file ended before the terminator. */
  terminated: boolean;
}

/** One physical line's contribution to an instruction's logical text. */
export interface Segment {
  /** Offset in `Instruction.text` where this line's text begins. */
  offset: number;
  line: number;
  /** Character on that line where the contributed text begins. */
  character: number;
  length: number;
}

export interface Instruction {
  /** Upper-cased keyword (`RUN`), or the upper-cased unknown word. */
  keyword: string;
  /** The keyword as written. */
  rawKeyword: string;
  /** True when Docker knows the instruction. */
  known: boolean;
  keywordRange: Range;
  /** From the keyword to the end of the last contributing text (heredoc bodies excluded). */
  range: Range;
  /** First and last physical line, heredoc bodies and terminators included. */
  startLine: number;
  endLine: number;
  /**
   * The logical line as Docker joins it: continuation characters removed, comment lines and
   * empty continuation lines skipped, leading whitespace of the first line removed.
   */
  text: string;
  segments: Segment[];
  flags: Flag[];
  /** Docker's "rest": the text after the keyword and its flags, trimmed. */
  argsText: string;
  /** Offset of `argsText` in `text`. */
  argsOffset: number;
  argsRange: Range;
  /**
   * The arguments split as Docker splits them: at whitespace only for FROM, COPY, ADD, VOLUME and
   * EXPOSE (shell form); quote- and escape-aware for the others (ENV, LABEL, ARG ...).
   */
  words: Word[];
  /**
   * For RUN, CMD, ENTRYPOINT, SHELL, ADD, COPY, VOLUME and HEALTHCHECK (the part after CMD):
   * exec or shell form, decided as Docker decides it. Undefined for other instructions.
   */
  exec?: ExecDecision;
  /** For HEALTHCHECK: offset in argsText of the command after `CMD`. */
  execOffset?: number;
  heredocs: Heredoc[];
  /** Lines inside the continuation that were empty (BuildKit's NoEmptyContinuation). */
  emptyContinuationLines: number[];
  /** Comment lines inside the continuation (skipped by Docker). */
  commentLines: number[];
  /** Index of the stage it belongs to; -1 for instructions before the first FROM. */
  stageIndex: number;
  /** For ONBUILD: the trigger instruction, parsed from its arguments. */
  trigger?: Instruction;
  /** Maps an offset in `text` to a document position. */
  positionAt(offset: number): Position;
  /** The document range of `text.slice(start, end)`. */
  rangeOf(start: number, end: number): Range;
}

/** An ARG declaration: `ARG NAME` or `ARG NAME=default` (several per instruction allowed). */
export interface ArgDeclaration {
  name: string;
  /** The text after `=` as written (quotes and `$` references kept); undefined without `=`. */
  defaultValue: string | undefined;
  instruction: Instruction;
  /** The whole `NAME=default` word. */
  range: Range;
}

export interface ImageReference {
  /** As written after FROM (flags removed). */
  raw: string;
  range: Range;
  /**
   * After substituting the global ARGs' defaults. Undefined when a variable has no default
   * (its value is only known at build time).
   */
  resolved: string | undefined;
  /** Variables the reference uses. */
  variables: string[];
  /** Variables used that no global ARG declares (Docker expands them to the empty string). */
  unresolvedVariables: string[];
  /** Lower-cased stage name when the reference names an earlier stage. */
  stageRef?: number;
  /** Parsed parts of `resolved` (undefined for stage references and `scratch`). */
  registry?: string;
  /** Repository path without registry, e.g. `windows/servercore` or `library/alpine` is not normalised: `alpine`. */
  repository?: string;
  tag?: string;
  digest?: string;
}

export interface Stage {
  index: number;
  /** As written after AS. */
  name?: string;
  /** The name lower-cased: a stage is named case-insensitively (made once, with the stage). */
  key?: string;
  nameRange?: Range;
  /** The `AS` keyword's range. */
  asRange?: Range;
  from: Instruction;
  image: ImageReference;
  /** `--platform` value, if given. */
  platform?: string;
  /** Instructions of the stage, FROM first. */
  instructions: Instruction[];
  /** ARGs declared inside this stage. */
  args: ArgDeclaration[];
  /**
   * The external image this stage ultimately builds on, following stage references.
   * Undefined when a reference cycles or the chain ends in an unknown stage.
   */
  rootImage?: ImageReference;
}

export interface DockerfileModel extends HoldsMemos {
  /**
   * Physical lines without terminators, split at `\r\n`, `\r` or `\n` as the editor splits them, so
   * positions agree with VS Code. (BuildKit splits at `\n` only; the two differ on a lone CR.)
   */
  lines: string[];
  /** The text with a leading BOM removed. */
  text: string;
  hasBOM: boolean;
  /** Line terminator most used: `\r\n` or `\n`. */
  eol: '\r\n' | '\n';
  /** The line feeds in the text, and those of them after a CR: what `eol` was decided from, kept so a re-parse counts only the edited lines. */
  breaks?: LineBreaks;
  directives: Directive[];
  escape: EscapeInfo;
  comments: Comment[];
  /** All instructions in order, including those before the first FROM. */
  instructions: Instruction[];
  /** ARGs before the first FROM. */
  globalArgs: ArgDeclaration[];
  stages: Stage[];
  /** Problems Docker itself reports while parsing (duplicate directive, unterminated heredoc ...). */
  parseErrors: ParseError[];
}

export interface LineBreaks {
  lf: number;
  crlf: number;
}

export interface ParseError {
  message: string;
  range: Range;
  /** Kind, for rules that want to report it under their own id. */
  kind: 'unterminated-heredoc' | 'flag-syntax' | 'not-string-array' | 'no-instructions' | 'duplicate-directive' | 'line-too-long';
}
