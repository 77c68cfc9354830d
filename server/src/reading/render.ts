// Renders a Reading as text (the editor's side view and `docker-workbench parse --format text`) and
// as the stable JSON of `docker-workbench parse --format json`. Lines and columns are 1-based in
// both renderings, as people and other tools count them.
import type { Range } from '../dockerfile/model';
import type { ReadForm, ReadInstruction, Reading } from './model';

export interface RenderedReading {
  text: string;
  /** For each line of `text` (0-based) that belongs to an instruction: that instruction's range. */
  links: Array<{ line: number; range: Range }>;
}

const GUTTER = 10;

export function renderReadingText(reading: Reading, fileName: string): RenderedReading {
  const out: string[] = [];
  const links: RenderedReading['links'] = [];
  out.push(`How Docker reads ${fileName}`);
  const escapeText =
    reading.escape.source === 'directive' && reading.escape.line !== undefined
      ? `escape character ${reading.escape.char} (set by the escape directive on line ${reading.escape.line + 1})`
      : `escape character ${reading.escape.char} (the default: no escape directive at the top of the file)`;
  out.push(escapeText);
  for (const d of reading.directives) {
    if (d.active) out.push(`directive ${d.name}=${d.value} (line ${d.line + 1})`);
    else if (d.name === 'check') out.push(`line ${d.line + 1}: "# check=${d.value}" is not at the top of the file: BuildKit applies it to the instruction right below it only`);
    else out.push(`line ${d.line + 1}: "# ${d.name}=${d.value}" is not at the top of the file, so Docker reads it as a plain comment`);
  }
  if (reading.instructions.length === 0) out.push('', 'No instructions: Docker fails with "file with no instructions".');
  let stage = -2;
  for (const ins of reading.instructions) {
    if (ins.stage !== stage) {
      stage = ins.stage;
      out.push('');
      out.push(stageHeading(reading, stage));
    }
    const start = out.length;
    out.push(`${lineLabel(ins).padEnd(GUTTER)}${control(ins.text)}`);
    for (const detail of details(ins)) out.push(`${' '.repeat(GUTTER)}${detail}`);
    for (let l = start; l < out.length; l++) links.push({ line: l, range: ins.range });
  }
  return { text: out.join('\n') + '\n', links };
}

function stageHeading(reading: Reading, index: number): string {
  if (index < 0) return 'before the first FROM (global build arguments)';
  const stage = reading.stages[index];
  if (stage === undefined) return `stage ${index}`;
  const name = stage.name !== undefined ? ` "${stage.name}"` : '';
  const base = stage.base.stage !== undefined ? `stage ${stage.base.stage}` : (stage.base.resolved ?? `${stage.base.raw} (known only at build time)`);
  const os = stage.base.description ?? (stage.os === 'windows' ? 'Windows' : 'Linux');
  const platform = stage.platform !== undefined ? `, --platform=${stage.platform}` : '';
  return `stage ${index}${name}: from ${base}${platform} · ${os}`;
}

function lineLabel(ins: ReadInstruction): string {
  return ins.startLine === ins.endLine ? `L${ins.startLine + 1}` : `L${ins.startLine + 1}-${ins.endLine + 1}`;
}

function details(ins: ReadInstruction): string[] {
  const lines: string[] = [];
  const form = ins.form;
  if (form?.kind === 'exec') lines.push(`exec form: ${form.argv.map((a) => `"${control(a)}"`).join(' ')}`);
  else if (form?.kind === 'invalid') lines.push(`invalid: ${form.reason}`);
  else if (form?.kind === 'shell') {
    const why = form.jsonError !== undefined ? ` (not valid JSON: ${form.jsonError})` : '';
    const shell = form.shellFrom === 'SHELL' ? 'the SHELL in force' : 'the default shell';
    lines.push(`shell form${why}, through ${shell}; runs: ${control(ins.runs ?? '')}`);
  }
  lines.push(...ins.notes);
  return lines;
}

/** Control characters made visible: a JSON `\t` in a Windows path really is a TAB. */
function control(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => CONTROL_NAMES[c] ?? `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

const CONTROL_NAMES: Record<string, string> = { '\t': '<TAB>', '\n': '<LF>', '\r': '<CR>', '\b': '<BS>', '\f': '<FF>', '\u001b': '<ESC>' };

/** `docker-workbench parse --format json`: documented in the README; fields are only ever added. */
export function readingJson(reading: Reading, file: string): object {
  return {
    file,
    escape: { char: reading.escape.char, source: reading.escape.source, ...(reading.escape.line !== undefined ? { line: reading.escape.line + 1 } : {}) },
    directives: reading.directives.map((d) => ({ name: d.name, value: d.value, line: d.line + 1, active: d.active })),
    stages: reading.stages.map((s) => ({ index: s.index, ...(s.name !== undefined ? { name: s.name } : {}), line: s.line + 1, ...(s.platform !== undefined ? { platform: s.platform } : {}), os: s.os, baseImage: s.base })),
    instructions: reading.instructions.map((ins) => ({
      keyword: ins.keyword,
      range: oneBased(ins.range),
      lines: { start: ins.startLine + 1, end: ins.endLine + 1 },
      stage: ins.stage,
      text: ins.text,
      ...formJson(ins.form),
      ...(ins.runs !== undefined ? { runs: ins.runs } : {}),
      ...(ins.notes.length > 0 ? { notes: ins.notes } : {}),
    })),
  };
}

function formJson(form: ReadForm | undefined): object {
  if (form === undefined) return {};
  if (form.kind === 'exec') return { form: 'exec', arguments: form.argv };
  if (form.kind === 'invalid') return { form: 'invalid', reason: form.reason };
  return { form: 'shell', shell: form.shell, shellFrom: form.shellFrom, ...(form.jsonError !== undefined ? { jsonError: form.jsonError } : {}) };
}

function oneBased(range: Range): object {
  return { start: { line: range.start.line + 1, column: range.start.character + 1 }, end: { line: range.end.line + 1, column: range.end.character + 1 } };
}
