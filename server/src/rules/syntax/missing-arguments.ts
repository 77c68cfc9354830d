import type { Instruction } from '../../dockerfile/model';
import type { Rule, Report, Severity } from '../types';
import { allInstructions } from './common';

const AT_LEAST_ONE = new Set(['ENV', 'LABEL', 'ARG', 'EXPOSE', 'VOLUME', 'ONBUILD', 'HEALTHCHECK', 'SHELL']);
const EXACTLY_ONE = new Set(['WORKDIR', 'USER', 'STOPSIGNAL', 'MAINTAINER']);
const COMMANDS = new Set(['RUN', 'CMD', 'ENTRYPOINT']);

/** Docker's count of arguments: JSON values for exec form, words otherwise (heredoc words included). */
function argumentCount(ins: Instruction): number {
  if (ins.exec?.form === 'exec') return ins.exec.values.length;
  return ins.words.length;
}

/**
 * BuildKit's parseHealthcheck: the first word is the type, and for `CMD` the rest is the command,
 * exec form (its JSON values, one is enough) or shell form (its words).
 */
function healthcheckProblem(ins: Instruction): { message: string } | undefined {
  if (ins.words.length === 0) return { message: 'HEALTHCHECK requires at least one argument' };
  const type = ins.words[0].text.toUpperCase();
  if (type === 'NONE') return ins.words.length > 1 ? { message: 'HEALTHCHECK NONE takes no arguments' } : undefined;
  if (type !== 'CMD') return undefined;
  const commandLength = ins.exec?.form === 'exec' ? ins.exec.values.length : ins.words.length - 1;
  return commandLength === 0 ? { message: 'Missing command after HEALTHCHECK CMD' } : undefined;
}

function problem(ins: Instruction): { message: string; severity?: Severity } | undefined {
  const k = ins.keyword;
  if (COMMANDS.has(k)) {
    // BuildKit accepts it, but it runs (or records) an empty command: almost surely unfinished.
    // (Checked first: counting a RUN's words is the costliest thing here and says nothing more.)
    return ins.argsText === '' && ins.heredocs.length === 0 ? { message: `${k} has no command`, severity: 'warning' } : undefined;
  }
  if (k === 'HEALTHCHECK') return healthcheckProblem(ins);
  const n = argumentCount(ins);
  if (k === 'FROM') {
    const ok = n === 1 || (n === 3 && ins.words[1].text.toLowerCase() === 'as');
    return ok ? undefined : { message: 'FROM requires either one or three arguments (FROM image [AS name])' };
  }
  if (k === 'COPY' || k === 'ADD') {
    if (n >= 2) return undefined;
    return { message: `${k} requires at least two arguments, but ${n === 0 ? 'none was' : 'only one was'} provided. Destination could not be determined.` };
  }
  if (AT_LEAST_ONE.has(k) && n === 0) return { message: `${k} requires at least one argument` };
  if (EXACTLY_ONE.has(k) && n === 0) return { message: `${k} requires exactly one argument` };
  if ((k === 'ENV' || k === 'LABEL') && n === 1 && !ins.words[0].text.includes('=')) {
    return { message: `${k} must have two arguments (${k} key=value)` };
  }
  return undefined;
}

export const missingArguments: Rule = {
  id: 'missing-arguments',
  category: 'syntax',
  scope: 'instruction',
  severity: 'error',
  summary: 'The instruction lacks arguments Docker requires',
  docs: [
    'Docker rejects an instruction without the arguments it needs: `FROM` takes an image (and optionally `AS name`), `COPY`/`ADD` at least a source and a destination, `ENV`/`LABEL`/`ARG`/`EXPOSE`/`VOLUME`/`SHELL`/`ONBUILD`/`HEALTHCHECK` at least one argument, `WORKDIR`/`USER`/`STOPSIGNAL`/`MAINTAINER` exactly one, and `ENV key value` needs the value.',
    '',
    'An empty `RUN`, `CMD` or `ENTRYPOINT` is accepted by Docker but does nothing useful, so it is reported as a warning.',
  ].join('\n'),
  check(model) {
    const reports: Report[] = [];
    for (const { ins, trigger } of allInstructions(model)) {
      if (!ins.known) continue;
      const p = problem(ins);
      if (!p) continue;
      reports.push({ range: ins.range, message: p.message, severity: trigger ? 'warning' : p.severity });
    }
    return reports;
  },
};
