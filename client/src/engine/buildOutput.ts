// Reading POST /build's JSON stream (classic builder) and pointing a failure at the Dockerfile
// line: from a parse error's `line N`, from BuildKit-style `Dockerfile:N`, or from the last
// `Step i/n : INSTRUCTION` the builder printed before it failed.
import { StringDecoder } from 'node:string_decoder';
import { parseDockerfile } from '../../../server/src/dockerfile/parser';
import { LineSplitter } from './lines';
import { describeAmount } from './tail';

export type BuildMessage =
  | { kind: 'output'; text: string }
  | { kind: 'step'; step: number; total: number; instruction: string; text: string }
  | { kind: 'status'; text: string; progress?: string; id?: string }
  | { kind: 'imageId'; id: string }
  | { kind: 'error'; message: string };

/** Decodes one JSON message of the build stream. Unknown shapes become plain output. */
export function parseBuildMessage(raw: unknown): BuildMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const detail = r.errorDetail as { message?: unknown } | undefined;
  if (typeof r.error === 'string' || (detail && typeof detail.message === 'string')) {
    return { kind: 'error', message: String(detail?.message ?? r.error).trim() };
  }
  const aux = r.aux as { ID?: unknown } | undefined;
  if (aux && typeof aux.ID === 'string') return { kind: 'imageId', id: aux.ID };
  if (typeof r.stream === 'string') {
    const step = /^Step (\d+)\/(\d+) : (.*)$/s.exec(r.stream.trim());
    if (step) return { kind: 'step', step: Number(step[1]), total: Number(step[2]), instruction: step[3].trim(), text: r.stream };
    return { kind: 'output', text: r.stream };
  }
  if (typeof r.status === 'string') {
    const m: BuildMessage = { kind: 'status', text: r.status };
    if (typeof r.progress === 'string') m.progress = r.progress;
    if (typeof r.id === 'string') m.id = r.id;
    return m;
  }
  return undefined;
}

/** Longest JSON message read from a build or load stream; the engine's are a few KB at most. */
export const MAX_JSON_LINE = 8 * 1024 * 1024;

/**
 * Splits a stream of bytes into JSON lines; keeps a partial last line for the next chunk. A line
 * past `maxLine` is not kept: a note in the output takes its place.
 */
export class JsonLineDecoder {
  private readonly lines: LineSplitter;
  private readonly utf8 = new StringDecoder('utf8');
  /** Dropped lines already noted in the output. */
  private reported = 0;

  constructor(maxLine = MAX_JSON_LINE) {
    this.lines = new LineSplitter(maxLine);
  }

  push(chunk: string | Buffer): unknown[] {
    return this.decode(this.lines.push(typeof chunk === 'string' ? chunk : this.utf8.write(chunk)));
  }

  end(): unknown[] {
    const rest = this.utf8.end();
    return this.decode([...(rest ? this.lines.push(rest) : []), ...this.lines.end()]);
  }

  private decode(lines: string[]): unknown[] {
    const out: unknown[] = [];
    for (const raw of lines) {
      const line = raw.trim();
      if (line) out.push(safeParse(line));
    }
    for (; this.reported < this.lines.droppedLines; this.reported++) {
      out.push({ stream: `… a message of more than ${describeAmount(this.lines.maxLine)} from the engine was not read …\n` });
    }
    return out;
  }
}

function safeParse(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return { stream: `${line}\n` };
  }
}

export interface DockerfileLocation {
  /** 0-based line of the instruction (its first line). */
  line: number;
  /** How we know: the message named the line, or the failing step matched an instruction. */
  via: 'message' | 'step';
  /** The instruction text as the builder printed it, when via is 'step'. */
  instruction?: string;
}

function normalize(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Finds the Dockerfile line a failed build refers to. `lastStep` is the last step message seen
 * before the error; `dockerfileText` is the Dockerfile that was built.
 */
export function locateBuildError(message: string, dockerfileText: string | undefined, lastStep?: { step: number; instruction: string }): DockerfileLocation | undefined {
  // "Dockerfile parse error line 3: unknown instruction: FOO" (classic builder), "dockerfile:12"
  // or "Dockerfile:12" (BuildKit), "failed to solve: ... line 4".
  const named = /dockerfile parse error (?:on )?line (\d+)/i.exec(message) ?? /Dockerfile:(\d+)\b/i.exec(message) ?? /\bline (\d+)\b/i.exec(message);
  if (named) {
    const n = Number(named[1]);
    if (n >= 1) return { line: n - 1, via: 'message' };
  }
  if (!lastStep || dockerfileText === undefined) return undefined;
  const model = parseDockerfile(dockerfileText);
  const want = normalize(lastStep.instruction);
  // The builder prints the logical instruction as written (keyword case kept), so compare that.
  const byText = model.instructions.filter((i) => normalize(i.text) === want || normalize(i.text).toLowerCase() === want.toLowerCase());
  if (byText.length === 1) return { line: byText[0].startLine, via: 'step', instruction: lastStep.instruction };
  // Several identical instructions: the step number decides (steps count instructions in order).
  const nth = model.instructions[lastStep.step - 1];
  if (nth && (byText.length === 0 || byText.includes(nth))) return { line: nth.startLine, via: 'step', instruction: lastStep.instruction };
  if (byText.length > 0) return { line: byText[0].startLine, via: 'step', instruction: lastStep.instruction };
  return undefined;
}
