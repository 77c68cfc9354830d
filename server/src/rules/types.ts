import type { DockerfileModel, Range } from '../dockerfile/model';
import type { HostContext, SeverityName } from '../../../shared/protocol';
import type { ImageEnvLookup } from '../images/env';
import type { ComposeModel } from '../compose/model';
import type { FileFacts } from '../compose/files';
import type { SchemaLoad } from '../compose/schema';

export type Severity = SeverityName;

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  /** The one fix that is clearly right; `--fix` and "Fix all" apply it. */
  preferred?: boolean;
  edits: TextEdit[];
}

export interface Finding {
  rule: string;
  severity: Severity;
  range: Range;
  message: string;
  fixes: Fix[];
}

/** What a rule may know besides the Dockerfile. */
export interface LintContext {
  host: HostContext;
  /** Contents of the .dockerignore of the build context, when one exists. */
  dockerignore?: string;
  /** A base image's environment (engine answers, then the table); undefined: the table alone. */
  imageEnv?: ImageEnvLookup;
}

/** A finding as a rule reports it; the engine fills in rule id and severity. */
export interface Report {
  range: Range;
  message: string;
  fixes?: Fix[];
  /** Overrides the rule's default severity for this finding (e.g. an error that is only a warning here). */
  severity?: Severity;
  /**
   * A line of the instruction whose `# check=` comments decide whether this BuildKit finding is
   * skipped, where that is not the instruction at `range` (BuildKit merges the comments of the
   * instruction it is dispatching, which may report on an earlier one).
   */
  checkScopeLine?: number;
}

/** What every rule of the registry says about itself (docs, settings, the CLI's list). */
export interface RuleInfo {
  /** Public contract: appears in CLI output, settings and ignore comments. */
  id: string;
  severity: Severity;
  /** One line. */
  summary: string;
  /** Markdown documentation: what it checks, why it matters, how to fix it. */
  docs: string;
  /**
   * `mission`: Docker Workbench's own; `buildkit`: one of BuildKit's build checks; `syntax`: Docker
   * would fail to parse; `compose`: a compose file's (schema, YAML, Windows).
   */
  category: 'mission' | 'buildkit' | 'syntax' | 'compose';
  /** BuildKit's name for the check, where it is one (e.g. `StageNameCasing`). */
  buildkitName?: string;
}

/** A Dockerfile rule. */
export interface Rule extends RuleInfo {
  check(model: DockerfileModel, context: LintContext): Report[];
  /**
   * `instruction`: what it reports on an instruction depends on that instruction alone (its lines,
   * whether a FROM precedes it, the escape character), never on other instructions, stages,
   * comments, parse errors, the context or the expansion budget; its reports and their fixes stay
   * on that instruction's lines. The language server then checks only the instructions an edit
   * touched (lintMemory.ts). Unset: the rule reads the whole model.
   */
  scope?: 'instruction';
  /**
   * For a rule of scope `instruction` that also reports what the parser found in the whole file:
   * those reports (check(model) gives them first, then the instructions'). Run on every lint; an
   * instruction-only view of the model (lintMemory.ts) has none of them.
   */
  fileReports?(model: DockerfileModel): Report[];
  /**
   * check() in steps, for a rule whose work on a large file outlasts a slice of the language
   * server's lint (diagnostics.ts LINT_SLICE_MS): it yields between parts of the file and returns
   * what check() returns. lintSteps() runs it this way, one lint step a part.
   */
  steps?(model: DockerfileModel, context: LintContext): Generator<void, Report[]>;
}

/** What a compose rule may know besides the compose file. */
export interface ComposeLintContext {
  host: LintContext['host'];
  /** The shipped schema, or why there is none; undefined: schema validation not asked for. */
  schema?: SchemaLoad;
  /** The compose file's absolute path on disk; undefined (unsaved, virtual): the file rules stay silent. */
  path?: string;
  /** What is known of the files the compose file names. */
  files?: FileFacts;
  /**
   * Services the project's other compose files define (the base file of an override): undefined
   * when not known, and then an override file's `depends_on` is not judged.
   */
  otherServices?: ReadonlySet<string>;
}

/** A compose file rule: same registry, settings and ignore comments as the Dockerfile rules. */
export interface ComposeRule extends RuleInfo {
  language: 'compose';
  check(model: ComposeModel, context: ComposeLintContext): Report[];
}

export type AnyRule = Rule | ComposeRule;

export function isComposeRule(rule: RuleInfo): rule is ComposeRule {
  return (rule as Partial<ComposeRule>).language === 'compose';
}
