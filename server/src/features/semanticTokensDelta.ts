// `semanticTokens/full/delta`: the server keeps the last data it sent for each document (typed
// arrays, about 40 bytes per token with the positions, plus the JSON text over stdio) and answers a
// delta request with the one edit that turns it into the new data: the common prefix and suffix
// kept, the middle replaced. Typing changes a few tokens, so the edit is small; the comparison is
// linear and cheap next to computing the tokens. Each document's tokens are also kept per
// instruction (SemanticTokensCache), so a new version's are worked out only where the edit
// reached, into the arrays of the data sent before the last (memory already in use, not new).
import type { SemanticTokens, SemanticTokensDelta } from 'vscode-languageserver';
import type { DockerfileModel } from '../dockerfile/model';
import { withJson } from '../transport';
import { SemanticTokensCache, type EncodedTokens } from './semanticTokens';
import { jsonPieces } from './semanticTokensOutput';

interface Sent {
  resultId: string;
  version: number;
  tokens: EncodedTokens;
}

export class SemanticTokensResults {
  private readonly sent = new Map<string, Sent>();
  private readonly caches = new Map<string, SemanticTokensCache>();
  private counter = 0;

  /**
   * `json`: the connection writes a result's JSON text made in advance (a stream transport,
   * transport.ts), so each version's text is kept and spliced from the last.
   */
  constructor(private readonly json = false) {}

  /** Full data for this version (computed once per version), remembered for the next delta. */
  full(uri: string, version: number, model: () => DockerfileModel): SemanticTokens {
    const previous = this.sent.get(uri);
    const tokens = previous !== undefined && previous.version === version ? previous.tokens : this.compute(uri, model());
    const resultId = this.nextId();
    this.remember(uri, previous, { resultId, version, tokens });
    return this.result(uri, resultId, tokens);
  }

  /**
   * The edits from the result `previousResultId` to this version's data; the full data when that
   * result is not the one remembered (an older one, or another server's).
   */
  delta(uri: string, previousResultId: string, version: number, model: () => DockerfileModel): SemanticTokens | SemanticTokensDelta {
    const previous = this.sent.get(uri);
    if (previous === undefined || previous.resultId !== previousResultId) return this.full(uri, version, model);
    const tokens = previous.version === version ? previous.tokens : this.compute(uri, model());
    const resultId = this.nextId();
    const edits = diff(previous.tokens.data, tokens.data);
    this.remember(uri, previous, { resultId, version, tokens });
    return { resultId, edits };
  }

  /**
   * `next` is what was sent last; the tokens sent before it are read by nobody now (a result's
   * numbers are read when it is written, before the next message is handled), so the document's
   * cache may write the next version into their arrays.
   */
  private remember(uri: string, previous: Sent | undefined, next: Sent): void {
    this.sent.set(uri, next);
    if (previous === undefined || previous.tokens === next.tokens) return;
    this.caches.get(uri)?.release(previous.tokens);
  }

  forget(uri: string): void {
    this.sent.delete(uri);
    this.caches.delete(uri);
  }

  private compute(uri: string, model: DockerfileModel): EncodedTokens {
    let cache = this.caches.get(uri);
    if (cache === undefined) this.caches.set(uri, (cache = new SemanticTokensCache(this.json)));
    return cache.encode(model);
  }

  /** The numbers as an array only when someone reads them; the JSON text, when kept, for the connection. */
  private result(uri: string, resultId: string, tokens: EncodedTokens): SemanticTokens {
    if (tokens.json === undefined) return { resultId, data: Array.from(tokens.data) };
    let data: number[] | undefined;
    const sent = this.sent;
    const result = {
      resultId,
      get data(): number[] {
        // Its arrays may hold a newer version's numbers by now: failing beats answering wrong ones.
        if (data === undefined && sent.get(uri)?.tokens !== tokens) throw new Error('semantic tokens read after a newer version was sent');
        return (data ??= Array.from(tokens.data));
      },
    };
    return withJson(result, `{"resultId":${JSON.stringify(resultId)},"data":`, ...jsonPieces(tokens.json), '}');
  }

  private nextId(): string {
    this.counter = (this.counter + 1) % Number.MAX_SAFE_INTEGER;
    return String(this.counter);
  }
}

/** One edit replacing the differing middle, cut at token boundaries (5 numbers a token); none when equal. */
export function diff(before: ArrayLike<number>, after: ArrayLike<number>): SemanticTokensDelta['edits'] {
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before[prefix] === after[prefix]) prefix++;
  if (prefix === before.length && prefix === after.length) return [];
  prefix -= prefix % 5;
  let suffix = 0;
  const room = shorter - prefix;
  while (suffix < room && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  suffix -= suffix % 5;
  const deleteCount = before.length - prefix - suffix;
  const data = Array.prototype.slice.call(after, prefix, after.length - suffix) as number[];
  return [{ start: prefix, deleteCount, data }];
}
