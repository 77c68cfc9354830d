// The language server lints a large document in slices (runInSlices over lintSteps), answering
// requests in between and dropping a lint that a newer edit made stale; the scheduler publishes
// only a result of the version still open. Time here is a counter the test moves, not the clock.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver';
import { lint, lintSteps } from '../../server/src/lint';
import { LINT_SLICE_MS, LintScheduler, runInSlices } from '../../server/src/features/diagnostics';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { undefinedVar } from '../../server/src/rules/buildkit/undefined-var';

const TEXT = 'FROM alpine AS Build\nRUN echo $UNDEFINED\nCMD node server.js\nWORKDIR app\nCOPY --from=build a b\n'.repeat(50);

/** A clock that moves by `tick` each time it is read. */
function counter(tick: number): () => number {
  let t = 0;
  return () => (t += tick);
}

describe('lint in slices', () => {
  it('gives what lint() gives, over several slices with turns of the event loop between them', async () => {
    const model = parseDockerfile(TEXT);
    const result = runInSlices(lintSteps(model), () => false, (findings) => findings, counter(LINT_SLICE_MS / 2));
    assert.ok(result instanceof Promise, 'a lint longer than a slice answers later');
    const findings = await result;
    assert.deepEqual(findings, lint(model));
    assert.ok((findings ?? []).length > 0);
  });

  it('answers at once when the lint fits in one slice', () => {
    const result = runInSlices(lintSteps('FROM a\n'), () => false, (findings) => findings.length, () => 0);
    assert.equal(typeof result, 'number');
  });

  it('a rule that works in parts (UndefinedVar) is a lint step a part, and finds what it finds in one go', () => {
    // 1,200 stages of 3 instructions: 3,600 instructions, a part every 1,000 or so; three stages use a name nobody declares.
    const text = Array.from({ length: 1200 }, (_, i) => `FROM alpine AS s${i}\nARG A${i}=1\nWORKDIR /x/$A${i}${i % 400 === 0 ? `/$B${i}` : ''}\n`).join('');
    const model = parseDockerfile(text);
    const own = undefinedVar.steps?.(model, { host: {} });
    assert.ok(own !== undefined);
    let parts = 0;
    let last = own.next();
    for (; last.done !== true; last = own.next()) parts++;
    assert.ok(parts >= 3, `${parts} parts`);
    const whole = undefinedVar.check(model, { host: {} });
    assert.deepEqual(last.value, whole);
    assert.deepEqual(
      whole.map((r) => r.range.start.line),
      [2, 1202, 2402],
    );
    // lintSteps yields after each part and after the rule.
    let steps = 0;
    const all = lintSteps(model, { rules: [undefinedVar] });
    let step = all.next();
    for (; step.done !== true; step = all.next()) steps++;
    assert.equal(steps, parts + 1);
    assert.deepEqual(
      step.value.map((f) => f.message),
      whole.map((r) => r.message),
    );
  });

  it('stops a lint made stale, and closes its steps', async () => {
    let stale = false;
    let closed = false;
    function* steps(): Generator<void, string> {
      try {
        for (let i = 0; i < 100; i++) {
          if (i === 3) stale = true;
          yield;
        }
        return 'done';
      } finally {
        closed = true;
      }
    }
    const result = runInSlices(steps(), () => stale, (value) => value, counter(LINT_SLICE_MS));
    assert.equal(await result, undefined);
    assert.ok(closed);
  });

  it('the scheduler publishes a sliced lint of the current version only', async () => {
    let document = TextDocument.create('file:///Dockerfile', 'dockerfile', 1, TEXT);
    const published: Array<{ version: number | undefined; count: number }> = [];
    let finishFirst: (value: Diagnostic[]) => void = () => undefined;
    let calls = 0;
    const scheduler = new LintScheduler({
      document: () => document,
      diagnose: (_doc, stale) => {
        calls++;
        if (calls === 1) {
          // The first lint answers only after the document changed under it.
          return new Promise<Diagnostic[] | undefined>((resolve) => {
            finishFirst = (value) => resolve(stale() ? undefined : value);
          });
        }
        return Promise.resolve([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x' }]);
      },
      publish: (_uri, version, diagnostics) => published.push({ version, count: diagnostics.length }),
      debounceMs: () => 0,
      log: () => undefined,
    });
    scheduler.schedule(document.uri, 0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    document = TextDocument.update(document, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }], 2);
    scheduler.schedule(document.uri, 0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    finishFirst([]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    scheduler.dispose();
    assert.deepEqual(published, [{ version: 2, count: 1 }]);
  });
});
