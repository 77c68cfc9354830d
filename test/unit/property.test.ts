// Property tests: whatever the text, parsing and linting never throw, every finding has a sane
// range, and applying the preferred fixes yields text that still lints without throwing.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { lint } from '../../server/src/lint';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { applyFixes } from '../../server/src/fix';
import type { Finding } from '../../server/src/rules/types';
import type { HostContext } from '../../shared/protocol';
import { corpusAvailable, corpusEntries, readCorpusFile } from '../support/corpus';

const TOKENS = [
  'FROM ', 'RUN ', 'CMD ', 'ENTRYPOINT ', 'COPY ', 'ADD ', 'ENV ', 'ARG ', 'HEALTHCHECK ', 'ONBUILD ', 'SHELL ', 'WORKDIR ',
  'EXPOSE ', 'LABEL ', 'USER ', 'VOLUME ', 'MAINTAINER ', 'STOPSIGNAL ', 'AS ', ' as ', '--from=', '--chown=', '--platform=',
  '# escape=`', '# escape=\\', '# syntax=x', '# check=skip=all', '# docker-workbench ignore=', '\\', '`', '\\\\', '[', ']', '"', "'",
  ',', ':', '=', '$', '${', '}', ':-', 'C:\\', 'c:\\inetpub\\wwwroot\\', 'mcr.microsoft.com/windows/servercore:ltsc2019',
  'mcr.microsoft.com/windows/nanoserver:1809', 'alpine', '<<EOF', '<<-"EOF"', 'EOF', '\n', '\r\n', '\r', '\t', ' ', '  ', '#',
  '\uFEFF', 'é', '\u0000', 'x', '80/tcp', '\\t', '\\u00', '{"a":1}',
];

const hosts: HostContext[] = [{}, { build: 17763, isolation: 'process', engineOs: 'windows' }, { build: 26100, isolation: 'hyperv', engineOs: 'windows' }, { engineOs: 'linux' }];

function checkFindings(text: string, findings: Finding[]): void {
  const lines = parseDockerfile(text).lines.length;
  for (const f of findings) {
    assert.ok(f.range.start.line >= 0 && f.range.start.line < lines, `${f.rule}: start line ${f.range.start.line} of ${lines}`);
    assert.ok(
      f.range.end.line > f.range.start.line || (f.range.end.line === f.range.start.line && f.range.end.character >= f.range.start.character),
      `${f.rule}: range ends before it starts`,
    );
    assert.ok(f.message.length > 0);
  }
}

function lintAndFix(text: string, host: HostContext): void {
  const errors: string[] = [];
  const findings = lint(text, { host, onRuleError: (r, e) => errors.push(`${r.id}: ${String(e)}`) });
  assert.deepEqual(errors, []);
  checkFindings(text, findings);
  const fixed = applyFixes(text, findings).text;
  const again: string[] = [];
  lint(fixed, { host, onRuleError: (r, e) => again.push(`${r.id}: ${String(e)}`) });
  assert.deepEqual(again, []);
}

describe('property: random Dockerfiles never throw', function () {
  this.timeout(120000);
  it('token soups', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }), fc.constantFrom(...hosts), (tokens, host) => lintAndFix(tokens.join(''), host)),
      { numRuns: 1500, seed: 20261127 },
    );
  });

  it('arbitrary unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.constantFrom(...hosts), (text, host) => lintAndFix(text, host)),
      { numRuns: 500, seed: 7 },
    );
  });
});

describe('property: mutated real Dockerfiles never throw', function () {
  this.timeout(120000);
  before(function () {
    if (!corpusAvailable()) this.skip();
  });
  it('random insertions, deletions and line moves', () => {
    const texts = corpusEntries()
      .filter((_, i) => i % 7 === 0)
      .map((e) => readCorpusFile(e.file));
    const mutation = fc.record({
      at: fc.nat(),
      del: fc.nat({ max: 20 }),
      insert: fc.array(fc.constantFrom(...TOKENS), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.constantFrom(...hosts), (text, muts, host) => {
        let t = text;
        for (const m of muts) {
          const at = t.length === 0 ? 0 : m.at % t.length;
          t = t.slice(0, at) + m.insert.join('') + t.slice(at + m.del);
        }
        lintAndFix(t, host);
      }),
      { numRuns: 400, seed: 42 },
    );
  });
});
