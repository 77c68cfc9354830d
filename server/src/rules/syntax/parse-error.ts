import type { Instruction } from '../../dockerfile/model';
import type { Rule, Report } from '../types';
import { keyValues } from '../buildkit/common';
import { allInstructions } from './common';

const VALID_STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

/** Argument errors BuildKit's instruction parser raises beyond a wrong count. */
function instructionError(ins: Instruction): { message: string; range: Report['range'] } | undefined {
  switch (ins.keyword) {
    case 'FROM': {
      const w = ins.words;
      if (w.length === 3 && w[1].text.toLowerCase() === 'as' && !VALID_STAGE_NAME.test(w[2].text.toLowerCase())) {
        return { message: `invalid name for build stage: "${w[2].text}", name can't start with a number or contain symbols`, range: w[2].range };
      }
      return undefined;
    }
    case 'ENV':
    case 'LABEL': {
      const kv = keyValues(ins);
      if (kv.error && !kv.legacy) return { message: kv.error, range: ins.argsRange };
      if (kv.pairs.some((p) => p.keyText === '')) return { message: `${ins.keyword} names can not be blank`, range: ins.argsRange };
      return undefined;
    }
    case 'ARG':
      if (ins.words.some((w) => w.text.startsWith('='))) return { message: 'ARG names can not be blank', range: ins.argsRange };
      return undefined;
    case 'SHELL':
      if (ins.argsText && ins.exec?.form === 'shell') return { message: 'SHELL requires the arguments to be in JSON form', range: ins.argsRange };
      return undefined;
    case 'ONBUILD': {
      const t = ins.trigger?.keyword;
      if (t === 'ONBUILD') return { message: "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", range: ins.trigger!.keywordRange };
      if (t === 'FROM' || t === 'MAINTAINER') return { message: `${t} isn't allowed as an ONBUILD trigger`, range: ins.trigger!.keywordRange };
      return undefined;
    }
    case 'HEALTHCHECK': {
      const type = ins.words[0]?.text.toUpperCase();
      if (type !== undefined && type !== 'CMD' && type !== 'NONE') {
        return { message: `Unknown type "${ins.words[0].text}" in HEALTHCHECK (try CMD)`, range: ins.words[0].range };
      }
      return undefined;
    }
  }
  return undefined;
}

export const parseError: Rule = {
  id: 'parse-error',
  category: 'syntax',
  severity: 'error',
  summary: 'Docker cannot parse this instruction',
  docs: 'Errors Docker reports while reading the Dockerfile: a file with no instructions (empty, or only comments), a `syntax` or `check` parser directive given twice, a line of 64 KiB or more, an unterminated heredoc, an exec-form JSON array holding something other than strings, malformed flags, an invalid stage name, `ENV`/`LABEL` words without `=`, `SHELL` not in JSON form, a forbidden `ONBUILD` trigger (`ONBUILD`, `FROM`, `MAINTAINER`) and an unknown `HEALTHCHECK` type.',
  scope: 'instruction',
  fileReports: (model) => model.parseErrors.map((e) => ({ range: e.range, message: e.message })),
  check(model) {
    const reports: Report[] = model.parseErrors.map((e) => ({ range: e.range, message: e.message }));
    for (const { ins, trigger } of allInstructions(model)) {
      if (!ins.known) continue;
      const e = instructionError(ins);
      if (e) reports.push({ ...e, severity: trigger ? 'warning' : undefined });
    }
    return reports;
  },
};
