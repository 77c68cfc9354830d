// The language server lints an edited document incrementally: the rules of scope `instruction`
// check only the instructions the edit touched and keep their reports for the others
// (server/src/lintMemory.ts). The findings must be exactly those of a lint from scratch: chains of
// random edits on generated files, on large ones, and on the real corpus, compared after each edit.
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { reparseDockerfile } from '../../server/src/dockerfile/incremental';
import type { DockerfileModel } from '../../server/src/dockerfile/model';
import { lint, lintSteps, type LintOptions } from '../../server/src/lint';
import { LintMemory, instructionView } from '../../server/src/lintMemory';
import { dockerfileRules } from '../../server/src/rules';
import type { Rule } from '../../server/src/rules/types';
import type { HostContext } from '../../shared/protocol';
import { Random } from '../fuzz/random';
import { generateDockerfile } from '../fuzz/dockerfile-gen';
import { mutate } from '../fuzz/mutate';
import { corpusAvailable, corpusEntries, corpusMissingMessage, readCorpusFile } from '../support/corpus';

const HOSTS: HostContext[] = [{}, { build: 17763, isolation: 'process', engineOs: 'windows' }, { engineOs: 'linux' }];

/** An edit as an editor sends one: typing, deleting, a line added or removed, a paste, a mutation. */
function randomEdit(r: Random, text: string, other: string): string {
  const at = r.chance(0.1) ? Math.max(0, text.length - r.int(0, 6)) : r.int(0, text.length);
  const pieces = ['x', ' ', '\\', '`', '\n', '\r\n', '#', '# docker-workbench ignore=*\n', '# escape=`\n', '<<EOF', 'EOF\n', '\\\n', 'FROM alpine AS a\n', 'FROM a\n', 'ARG A=1\n', 'MAINTAINER me\n', 'EXPOSE 80:80/TCP\n', 'ENV a b\n', 'ONBUILD RUN x\n', 'COPY --form=a . .\n', 'CMD ["C:\\temp"]\n', 'RUN ["a\\b"]\n', '"', '[', ']', '${A:-b}'];
  switch (r.int(0, 6)) {
    case 0:
    case 1:
      return text.slice(0, at) + r.pick(pieces) + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + r.int(1, 3)));
    case 3:
      return text.slice(0, at) + text.slice(Math.min(text.length, at + r.size(40, 600)));
    case 4: {
      const from = r.int(0, other.length);
      return text.slice(0, at) + other.slice(from, from + r.size(40, 1500)) + text.slice(at);
    }
    case 5:
      return text.slice(0, at) + r.pick(pieces) + text.slice(Math.min(text.length, at + r.int(0, 80)));
    default:
      return mutate(r, text, other);
  }
}

/** Edits `text` `steps` times, linting each version with the memory and from scratch. */
function chain(r: Random, text: string, other: string, steps: number, where: string, memory = new LintMemory()): void {
  let model = parseDockerfile(text);
  const options = (): LintOptions => ({ host: r.pick(HOSTS), severities: r.chance(0.2) ? { 'invalid-flag': 'off', UndefinedVar: 'hint' } : undefined });
  lint(model, { ...options(), memory });
  for (let step = 0; step < steps; step++) {
    text = randomEdit(r, text, other);
    model = reparseDockerfile(model, text);
    const o = options();
    assert.deepEqual(lint(model, { ...o, memory }), lint(parseDockerfile(text), o), `${where}, edit ${step}`);
  }
}

describe('incremental lint: identical to a lint from scratch', function () {
  this.timeout(600000);

  it('classifies rules honestly: each per-instruction rule reports on every instruction alone what it reports on the whole file', () => {
    const perInstruction = dockerfileRules.filter((rule) => rule.scope === 'instruction');
    assert.ok(perInstruction.length >= 8, `${perInstruction.length} rules of scope instruction`);
    let reports = 0;
    const texts = Array.from({ length: 40 }, (_, seed) => generateDockerfile(new Random(seed + 1)));
    if (corpusAvailable()) texts.push(...corpusEntries().filter((_, i) => i % 10 === 0).map((e) => readCorpusFile(e.file)));
    for (const text of texts) {
      const model = parseDockerfile(text);
      for (const rule of perInstruction) {
        const whole = rule.check(model, { host: {} });
        const alone = [...(rule.fileReports?.(model) ?? []), ...model.instructions.flatMap((ins) => rule.check(instructionView(model, [ins]), { host: {} }))];
        assert.deepEqual(alone, whole, `${rule.id} on ${text.slice(0, 80)}`);
        reports += whole.length;
      }
      // Through the memory: the same text parsed again (new objects over the same lines) reuses every report.
      const memory = new LintMemory();
      const full = lint(model, { memory });
      assert.deepEqual(lint(parseDockerfile(text), { memory }), full);
      assert.equal(memory.counts.checked, 0);
    }
    assert.ok(reports > 100, `${reports} reports compared`);
  });

  it('chains of random edits on generated Dockerfiles', () => {
    let memoryUsed = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const r = new Random(seed * 65537);
      const memory = new LintMemory();
      chain(r, generateDockerfile(r), generateDockerfile(new Random(seed * 31337)), 15, `seed ${seed}`, memory);
      memoryUsed += memory.counts.reused;
    }
    assert.ok(memoryUsed > 0, 'the memory reused reports of untouched instructions');
  });

  it('one-character edits, lines added and removed, in the middle of a large file: only what changed is checked again', () => {
    const r = new Random(4242);
    let text = Array.from({ length: 60 }, () => generateDockerfile(r)).join('\n');
    let model = parseDockerfile(text);
    const memory = new LintMemory();
    lint(model, { memory });
    for (let step = 0; step < 40; step++) {
      const lines = model.lines;
      const line = r.int(0, lines.length - 1);
      const offset = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0);
      const at = offset + r.int(0, lines[line].length);
      text = step % 4 === 3 ? text.slice(0, at) + '\n' + text.slice(at) : step % 4 === 2 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + r.pick(['x', '\\', '"', ' ']) + text.slice(at);
      model = reparseDockerfile(model, text);
      const before = { ...memory.counts };
      assert.deepEqual(lint(model, { memory }), lint(parseDockerfile(text)), `edit ${step} at line ${line}`);
      const checked = memory.counts.checked - before.checked;
      const reused = memory.counts.reused - before.reused;
      // An edit below the leading directives touches a few instructions; the rest are kept.
      if (line > 5) assert.ok(reused > 20 * checked, `edit ${step} at line ${line}: ${checked} checked again, ${reused} reused`);
    }
  });

  it('chains of random edits on the real corpus', function () {
    if (!corpusAvailable()) {
      console.log(`    skipped: ${corpusMissingMessage}`);
      this.skip();
    }
    const entries = corpusEntries();
    // Every 8th file and the 20 longest, a chain of edits each, another file pasted from.
    const sized = entries.map((e) => ({ e, text: readCorpusFile(e.file) }));
    const longest = [...sized].sort((a, b) => b.text.length - a.text.length).slice(0, 20);
    const picked = [...sized.filter((_, i) => i % 8 === 0), ...longest];
    const r = new Random(2026);
    for (const { e, text } of picked) chain(r, text, r.pick(sized).text, 6, e.file);
    assert.ok(picked.length > 100, `${picked.length} corpus files edited`);
  });

  it('a lint dropped part-way (a newer edit made it stale) leaves the memory of the last finished lint', () => {
    const r = new Random(77);
    let text = Array.from({ length: 5 }, () => generateDockerfile(r)).join('\n');
    let model = parseDockerfile(text);
    const memory = new LintMemory();
    lint(model, { memory });
    for (let step = 0; step < 20; step++) {
      text = randomEdit(r, text, text);
      model = reparseDockerfile(model, text);
      if (step % 2 === 0) {
        // Stopped after a few rules, as the server's slices stop a stale lint.
        const steps = lintSteps(model, { memory });
        for (let k = 0; k < 1 + (step % 7) * 3; k++) steps.next();
        steps.return([]);
        continue;
      }
      assert.deepEqual(lint(model, { memory }), lint(parseDockerfile(text)), `edit ${step}`);
    }
  });

  it('a rule that claims scope instruction but reports elsewhere is run on the whole model, with the same findings', () => {
    // Reports on the first line whatever changed: not per instruction.
    const liar: Rule = {
      id: 'liar',
      severity: 'warning',
      category: 'mission',
      summary: 's',
      docs: 'd',
      scope: 'instruction',
      check: (model: DockerfileModel) => [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: `${model.instructions.length} instructions` }],
    };
    const memory = new LintMemory();
    let text = 'FROM a\nRUN b\nRUN c\n';
    let model = parseDockerfile(text);
    assert.deepEqual(lint(model, { rules: [liar], memory }), lint(model, { rules: [liar] }));
    text += 'RUN d\n';
    model = reparseDockerfile(model, text);
    assert.deepEqual(lint(model, { rules: [liar], memory }), lint(parseDockerfile(text), { rules: [liar] }));
    assert.equal(lint(model, { rules: [liar], memory })[0].message, '4 instructions');
  });
});
