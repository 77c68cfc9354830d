// `dockerWorkbench.rules` is a resource setting: a folder of a multi-root workspace (or a
// language-specific block) may turn a rule off or change its severity for its own files. The
// section the server pulls without a scope is the window's value, so each document's own value is
// asked for with its URI as the scope, when it opens and whenever settings change.
import type { RuleSeverityOverrides } from '../../../shared/protocol';
import { parseSettings } from '../../../shared/settings';

export const RulesSection = 'dockerWorkbench.rules';

export class ScopedRules {
  private readonly byUri = new Map<string, RuleSeverityOverrides>();
  /** Per URI, the newest request: an older answer arriving late is dropped. */
  private readonly pending = new Map<string, number>();
  private requests = 0;

  /** `fetch` asks the client for the section's value with the document as the scope. */
  constructor(private readonly fetch: (uri: string) => Promise<unknown>) {}

  private readonly assumed = new Set<string>();

  /**
   * Takes the value the client said it would answer for the document's scope (given with
   * initialize) until the document's own read answers.
   */
  assume(uri: string, value: unknown): void {
    if (value === null || value === undefined) this.byUri.delete(uri);
    else this.byUri.set(uri, parseSettings({ rules: value }).rules);
    this.assumed.add(uri);
  }

  /** Whether the document's scope is assumed (once: a second call says false). */
  takeAssumed(uri: string): boolean {
    return this.assumed.delete(uri);
  }

  /** The document's own rules, once its scope was read; undefined until then. */
  for(uri: string): RuleSeverityOverrides | undefined {
    return this.byUri.get(uri);
  }

  /**
   * Reads the document's value again. 'superseded' when a newer read of the same document was
   * started meanwhile: its answer is the one to act on, so the caller does nothing now.
   */
  async refresh(uri: string): Promise<'read' | 'superseded'> {
    const request = ++this.requests;
    this.pending.set(uri, request);
    let value: unknown;
    let superseded = false;
    try {
      value = await this.fetch(uri);
    } finally {
      superseded = this.pending.get(uri) !== request;
      if (!superseded) this.pending.delete(uri);
    }
    if (superseded) return 'superseded';
    // A client that has no value for the scope answers null: the window's rules apply then.
    if (value === null || value === undefined) this.byUri.delete(uri);
    else this.byUri.set(uri, parseSettings({ rules: value }).rules);
    return 'read';
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
    this.assumed.delete(uri);
    this.pending.delete(uri);
  }
}
