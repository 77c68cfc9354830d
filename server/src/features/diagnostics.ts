// Findings -> LSP diagnostics, and the scheduler that decides when a document is linted and
// whether the result may still be published.
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, RuleInfo, Severity } from '../rules/types';

export const DIAGNOSTIC_SOURCE = 'docker-workbench';

/**
 * What a diagnostic carries: its rule, for the code actions' "Ignore RULE for this line". Not its
 * fixes: the client echoes the data back with every code action request, and the fixes are taken
 * from the server's findings of the current version (codeActions.ts; a stale diagnostic's edits
 * would land on the wrong characters).
 */
export interface DiagnosticData {
  rule: string;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

// Editors render these tags (strike-through, faded), so only findings whose text is really
// deprecated or really has no effect get them. Keyed by rule id or BuildKit check name.
const TAGS: Record<string, DiagnosticTag[]> = {
  MaintainerDeprecated: [DiagnosticTag.Deprecated],
  // `--platform=$TARGETPLATFORM` on FROM changes nothing.
  RedundantTargetPlatform: [DiagnosticTag.Unnecessary],
  // A parser directive below the top is a plain comment to Docker: it does nothing.
  'escape-directive-misplaced': [DiagnosticTag.Unnecessary],
};

export function toDiagnostic(finding: Finding, rule: RuleInfo | undefined): Diagnostic {
  const data: DiagnosticData = { rule: finding.rule };
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity] ?? DiagnosticSeverity.Warning,
    code: finding.rule,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
  const tags = TAGS[finding.rule] ?? (rule?.buildkitName !== undefined ? TAGS[rule.buildkitName] : undefined);
  if (tags !== undefined) diagnostic.tags = tags;
  return diagnostic;
}

/** Reads the rule back from a diagnostic the client echoes in a code action request. */
export function diagnosticData(diagnostic: Diagnostic): DiagnosticData | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const data: unknown = diagnostic.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const { rule } = data as Partial<DiagnosticData>;
  return typeof rule === 'string' ? { rule } : undefined;
}

export interface LintSchedulerHost {
  document(uri: string): TextDocument | undefined;
  /**
   * Lints one version; throws (or rejects) if the rules or the parser do. A lint in slices
   * (runInSlices) answers later, or undefined when `stale()` said a newer version made it useless.
   */
  diagnose(document: TextDocument, stale: () => boolean): Diagnostic[] | Promise<Diagnostic[] | undefined>;
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  debounceMs(): number;
  log(message: string): void;
}

/** The shortest wait between keystrokes' lints, so a burst of typing is linted once, not per key. */
export const MIN_TYPING_DELAY_MS = 20;
/**
 * How long the first edit after a pause waits: edits that arrive together (a paste, an undo of
 * many, a client's batch of changes, a change and then a close) are linted once, or not at all.
 * They come in one read of the pipe, so a few milliseconds are enough; every one of them is added
 * to the time a change takes to reach its diagnostics (the goal is 50 ms at 10k lines).
 */
export const BURST_MS = 5;

/**
 * Debounces lints per document and never publishes a stale result: the version linted must still
 * be the document's version when the result is sent, and a closed document gets nothing but the
 * empty list that clears it.
 */
export class LintScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** When each document last changed, and what its last lint cost (ms). */
  private readonly lastChange = new Map<string, number>();
  private readonly lintCost = new Map<string, number>();

  constructor(
    private readonly host: LintSchedulerHost,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * The document was edited. The first edit after a pause (none within the debounce) is linted at
   * once (after BURST_MS); edits that follow while typing wait twice what a lint of this document costs (so a small
   * file keeps up with the keys and a large one is not linted per key), at least
   * MIN_TYPING_DELAY_MS and at most the debounce setting.
   */
  changed(uri: string): void {
    const at = this.now();
    const previous = this.lastChange.get(uri);
    this.lastChange.set(uri, at);
    const debounce = this.host.debounceMs();
    const typing = this.timers.has(uri) || (previous !== undefined && at - previous < debounce);
    if (!typing) {
      this.schedule(uri, Math.min(debounce, BURST_MS));
      return;
    }
    const cost = this.lintCost.get(uri) ?? debounce;
    this.schedule(uri, Math.min(debounce, Math.max(MIN_TYPING_DELAY_MS, 2 * cost)));
  }

  schedule(uri: string, delayMs = this.host.debounceMs()): void {
    const pending = this.timers.get(uri);
    if (pending !== undefined) clearTimeout(pending);
    const timer = setTimeout(() => {
      if (this.timers.get(uri) === timer) this.timers.delete(uri);
      this.run(uri);
    }, delayMs);
    this.timers.set(uri, timer);
  }

  scheduleAll(uris: Iterable<string>, delayMs?: number): void {
    for (const uri of uris) this.schedule(uri, delayMs);
  }

  /** Forgets the document and clears what the editor shows for it. */
  close(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending !== undefined) clearTimeout(pending);
    this.timers.delete(uri);
    this.lastChange.delete(uri);
    this.lintCost.delete(uri);
    this.host.publish(uri, undefined, []);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private run(uri: string): void {
    const document = this.host.document(uri);
    if (document === undefined) return;
    const version = document.version;
    // Edits update the document object in place; a close and reopen makes a new one.
    const stale = () => {
      const current = this.host.document(uri);
      return current !== document || current.version !== version;
    };
    const failed = (error: unknown) => {
      // Keep whatever was shown before: publishing nothing new beats publishing a wrong "all clear".
      this.host.log(`docker-workbench: linting ${uri} (version ${version}) failed: ${describeError(error)}`);
    };
    const started = this.now();
    const publish = (diagnostics: Diagnostic[] | undefined) => {
      if (diagnostics === undefined) return;
      this.lintCost.set(uri, this.now() - started);
      if (!stale()) this.host.publish(uri, version, diagnostics);
    };
    let result: Diagnostic[] | Promise<Diagnostic[] | undefined>;
    try {
      result = this.host.diagnose(document, stale);
    } catch (error) {
      failed(error);
      return;
    }
    if (Array.isArray(result)) publish(result);
    else result.then(publish, failed);
  }
}

/**
 * How long a lint runs before it lets the server answer what came in meanwhile: the most a request
 * waits for a lint (8 ms let a 50k-line file's lint, about 100 ms, hold half of the semantic-token
 * requests sent while it ran; `npm run bench -- lsp`).
 */
export const LINT_SLICE_MS = 4;

/**
 * Runs `steps` (a lint, one rule per step) in slices of about LINT_SLICE_MS, giving the event loop
 * a turn between them, so requests (semantic tokens, hover ...) are answered while a large document
 * is linted, and a lint a newer edit made stale stops at the next slice. A lint that fits in one
 * slice answers at once, without a turn.
 */
export function runInSlices<T, R>(steps: Generator<void, T>, stale: () => boolean, finish: (value: T) => R, now: () => number = () => performance.now()): R | Promise<R | undefined> {
  const runSlice = (): { done: true; value: T } | { done: false } => {
    const until = now() + LINT_SLICE_MS;
    for (;;) {
      const step = steps.next();
      if (step.done === true) return { done: true, value: step.value };
      if (now() >= until) return { done: false };
    }
  };
  const first = runSlice();
  if (first.done) return finish(first.value);
  return new Promise<R | undefined>((resolve, reject) => {
    const next = () => {
      try {
        if (stale()) {
          steps.return(undefined as T);
          resolve(undefined);
          return;
        }
        const slice = runSlice();
        if (slice.done) resolve(finish(slice.value));
        else setImmediate(next);
      } catch (error) {
        reject(error);
      }
    };
    setImmediate(next);
  });
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
