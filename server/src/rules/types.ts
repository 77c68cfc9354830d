import type { DockerfileModel, Range } from '../dockerfile/model';
import type { HostContext, SeverityName } from '../../../shared/protocol';
import type { ImageEnvLookup } from '../images/env';

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

export interface Rule {
  /** Public contract: appears in CLI output, settings and ignore comments. */
  id: string;
  severity: Severity;
  /** One line. */
  summary: string;
  /** Markdown documentation: what it checks, why it matters, how to fix it. */
  docs: string;
  /** `mission`: Docker Workbench's own; `buildkit`: one of BuildKit's build checks; `syntax`: Docker would fail to parse. */
  category: 'mission' | 'buildkit' | 'syntax';
  /** BuildKit's name for the check, where it is one (e.g. `StageNameCasing`). */
  buildkitName?: string;
  check(model: DockerfileModel, context: LintContext): Report[];
}
