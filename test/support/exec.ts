import type { ExecDecision } from '../../server/src/dockerfile/model';

/** An exec decision without its token positions, for comparing with a literal. */
export function plainExec(d: ExecDecision | undefined): unknown {
  if (d?.form !== 'exec') return d;
  return { form: d.form, values: d.values };
}
