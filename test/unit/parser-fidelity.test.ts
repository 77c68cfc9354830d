// The model agrees with Docker (BuildKit's parser) on each point in WINDOWS.md "Parser fidelity",
// and each place where dockerfile-ast 0.7.1 disagrees is shown next to ours.
import * as assert from 'node:assert/strict';
import { DockerfileParser } from 'dockerfile-ast';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { plainExec } from '../support/exec';

const keywords = (text: string) => parseDockerfile(text).instructions.map((i) => i.keyword);

describe('parser fidelity: line continuation', () => {
  it('does not continue a line ending in an escaped escape character (\\\\)', () => {
    const text = 'FROM mcr.microsoft.com/windows/nanoserver:1809\nCOPY mongo C:\\\\mongo\\\\\nENV X=1\n';
    const model = parseDockerfile(text);
    assert.deepEqual(keywords(text), ['FROM', 'COPY', 'ENV']);
    assert.equal(model.instructions[1].argsText, 'mongo C:\\\\mongo\\\\');
    // dockerfile-ast glues the ENV onto the COPY.
    const ast = DockerfileParser.parse(text).getInstructions();
    assert.deepEqual(
      ast.map((i) => i.getKeyword()),
      ['FROM', 'COPY'],
      'dockerfile-ast 0.7.1 continues the line (if this changes, revisit the README note)',
    );
  });

  it('continues a line ending in a single escape character, even with trailing blanks', () => {
    const model = parseDockerfile('FROM a\nRUN echo a \\  \n  && echo b\n');
    assert.equal(model.instructions.length, 2);
    assert.equal(model.instructions[1].text, 'RUN echo a   && echo b');
    assert.deepEqual([model.instructions[1].startLine, model.instructions[1].endLine], [1, 2]);
  });

  it('continues with a backtick under # escape=` and leaves a trailing backslash alone', () => {
    const model = parseDockerfile('# escape=`\nFROM a\nCOPY app c:\\inetpub\\wwwroot\\\nRUN a `\n  b\n');
    assert.equal(model.escape.char, '`');
    assert.equal(model.escape.source, 'directive');
    assert.deepEqual(model.instructions.map((i) => i.keyword), ['FROM', 'COPY', 'RUN']);
    assert.equal(model.instructions[1].argsText, 'app c:\\inetpub\\wwwroot\\');
    assert.equal(model.instructions[2].text, 'RUN a   b');
  });

  it('skips comment lines and empty lines inside a continuation, recording them', () => {
    const model = parseDockerfile('FROM a\nRUN a \\\n  # note\n\n  b\n');
    const run = model.instructions[1];
    assert.equal(run.text, 'RUN a   b');
    assert.deepEqual(run.commentLines, [2]);
    assert.deepEqual(run.emptyContinuationLines, [3]);
    assert.deepEqual(run.positionAt(run.text.indexOf('b')), { line: 4, character: 2 });
  });

  it('reads a line that is only the escape character as an empty start of a continuation', () => {
    const model = parseDockerfile('FROM a\n\\\nRUN x\n');
    assert.deepEqual(keywords('FROM a\n\\\nRUN x\n'), ['FROM', 'RUN']);
    assert.equal(model.instructions[1].startLine, 1);
  });

  it('maps offsets of a joined line back to exact document positions', () => {
    const model = parseDockerfile('FROM a\n  RUN one \\\n two \\\n three\n');
    const run = model.instructions[1];
    assert.deepEqual(run.keywordRange, { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } });
    const t = run.text.indexOf('three');
    assert.deepEqual(run.rangeOf(t, t + 5), { start: { line: 3, character: 1 }, end: { line: 3, character: 6 } });
    const w = run.words.find((x) => x.text === 'two');
    assert.deepEqual(w?.range, { start: { line: 2, character: 1 }, end: { line: 2, character: 4 } });
  });
});

describe('parser fidelity: exec form is exactly a JSON array of strings', () => {
  const exec = (args: string) => parseDockerfile(`FROM a\nCMD ${args}\n`).instructions[1].exec;

  it('decodes spaces and escapes as JSON does (dockerfile-ast drops them)', () => {
    assert.deepEqual(plainExec(exec('["echo hello world"]')), { form: 'exec', values: ['echo hello world'] });
    assert.deepEqual(plainExec(exec('["a\\tb", "\\u0041", "C:\\\\x"]')), { form: 'exec', values: ['a\tb', 'A', 'C:\\x'] });
    const ast = DockerfileParser.parse('FROM a\nCMD ["echo hello world"]\n').getInstructions()[1] as unknown as {
      getJSONStrings(): { getJSONValue(): string }[];
    };
    assert.equal(ast.getJSONStrings()[0].getJSONValue(), 'echohelloworld', 'dockerfile-ast 0.7.1 drops spaces');
  });

  it('is shell form when the JSON is invalid: bad escape, single quotes, trailing comma', () => {
    for (const bad of ['["C:\\ServiceMonitor.exe", "w3svc"]', "['a', 'b']", '["a", "b",]', '["a" "b"]', '["a"] x']) {
      const d = exec(bad);
      assert.equal(d?.form, 'shell', bad);
      assert.ok(d?.form === 'shell' && d.jsonError, `${bad} should carry the JSON error`);
    }
    const ast = DockerfileParser.parse('FROM a\nCMD ["C:\\ServiceMonitor.exe", "w3svc"]\n').getInstructions()[1] as unknown as {
      getJSONStrings(): { getJSONValue(): string }[];
    };
    assert.equal(ast.getJSONStrings().length, 2, 'dockerfile-ast 0.7.1 reports this invalid array as exec form');
  });

  it('points the JSON error at the offending escape', () => {
    const d = exec('["C:\\ServiceMonitor.exe"]');
    assert.ok(d?.form === 'shell' && d.jsonError);
    assert.equal(d.jsonError.offset, 4);
  });

  it('is plain shell form, with no JSON error, when it does not start with [', () => {
    assert.deepEqual(exec('echo hi'), { form: 'shell' });
  });

  it('fails the build (invalid) on a valid array holding a non-string, and reports it', () => {
    const model = parseDockerfile('FROM a\nCMD ["a", 1]\n');
    assert.equal(model.instructions[1].exec?.form, 'invalid');
    assert.equal(model.parseErrors[0].kind, 'not-string-array');
  });

  it('accepts an empty array and surrounding whitespace', () => {
    assert.deepEqual(plainExec(exec('[]')), { form: 'exec', values: [] });
    assert.deepEqual(plainExec(exec('  [ "a" ]  ')), { form: 'exec', values: ['a'] });
  });

  it('decides HEALTHCHECK CMD, ONBUILD triggers and COPY the same way', () => {
    const m = parseDockerfile('FROM a\nHEALTHCHECK --interval=5s CMD ["curl", "-f"]\nONBUILD RUN ["x\\y"]\nCOPY ["a b", "c"]\n');
    assert.deepEqual(plainExec(m.instructions[1].exec), { form: 'exec', values: ['curl', '-f'] });
    assert.deepEqual(m.instructions[1].flags.map((f) => [f.name, f.value]), [['interval', '5s']]);
    assert.equal(m.instructions[2].trigger?.keyword, 'RUN');
    assert.equal(m.instructions[2].trigger?.exec?.form, 'shell');
    assert.deepEqual(plainExec(m.instructions[3].exec), { form: 'exec', values: ['a b', 'c'] });
  });
});

describe('parser fidelity: parser directives only at the very top', () => {
  it('reads directives in the leading run, case-insensitively, indented or not', () => {
    const m = parseDockerfile('# syntax=docker/dockerfile:1\n  #ESCAPE = `\nFROM a\n');
    assert.deepEqual(m.directives.map((d) => [d.name, d.value, d.active]), [
      ['syntax', 'docker/dockerfile:1', true],
      ['escape', '`', true],
    ]);
    assert.equal(m.escape.char, '`');
  });

  for (const [what, text] of [
    ['a comment', '# hello\n# escape=`\nFROM a\n'],
    ['a blank line', '\n# escape=`\nFROM a\n'],
    ['an instruction', 'FROM a\n# escape=`\n'],
    ['an unknown directive', '# foo=bar\n# escape=`\nFROM a\n'],
  ]) {
    it(`ignores an escape directive after ${what}`, () => {
      const m = parseDockerfile(text);
      const d = m.directives.find((x) => x.name === 'escape');
      assert.equal(d?.active, false);
      assert.equal(m.escape.char, '\\');
      assert.equal(m.escape.source, 'default');
    });
  }

  it('keeps the first escape when a second one follows, and ignores an invalid value', () => {
    assert.equal(parseDockerfile('# escape=`\n# escape=\\\nFROM a\n').escape.char, '`');
    assert.equal(parseDockerfile('# escape=x\nFROM a\n').escape.char, '\\');
  });
});

describe('parser fidelity: CRLF, BOM and odd input', () => {
  it('handles CRLF line endings and continuations', () => {
    const m = parseDockerfile('FROM a\r\nRUN a \\\r\n  b\r\n');
    assert.equal(m.eol, '\r\n');
    assert.equal(m.instructions[1].text, 'RUN a   b');
    assert.equal(m.lines[1], 'RUN a \\');
  });

  it('strips a UTF-8 BOM before reading directives', () => {
    const m = parseDockerfile('\uFEFF# escape=`\nFROM a\n');
    assert.equal(m.hasBOM, true);
    assert.equal(m.escape.char, '`');
    assert.deepEqual(m.instructions[0].keywordRange.start, { line: 1, character: 0 });
  });

  it('reads an indented first line holding a variable (dockerfile-ast recurses without end there)', () => {
    const m = parseDockerfile('  RUN echo $HOME');
    assert.equal(m.instructions[0].keyword, 'RUN');
    assert.equal(m.instructions[0].argsText, 'echo $HOME');
  });

  it('survives a backslash followed by a stray carriage return', () => {
    const m = parseDockerfile('FROM alpine\nRUN echo hi\\\rworld\n');
    assert.ok(m.instructions.length >= 2);
  });
});

describe('model: heredocs', () => {
  it('swallows heredoc bodies so they are not read as instructions', () => {
    const m = parseDockerfile('FROM a\nRUN <<EOF\nFROM not-an-instruction\nEOF\nCOPY <<-"END" /x\n\tbody $X\n\tEND\nUSER me\n');
    assert.deepEqual(m.instructions.map((i) => i.keyword), ['FROM', 'RUN', 'COPY', 'USER']);
    assert.deepEqual(m.instructions[1].heredocs.map((h) => [h.name, h.content, h.terminated]), [['EOF', 'FROM not-an-instruction\n', true]]);
    const copy = m.instructions[2].heredocs[0];
    assert.deepEqual([copy.name, copy.chomp, copy.quoted, copy.content], ['END', true, true, 'body $X\n']);
    assert.deepEqual([m.instructions[2].startLine, m.instructions[2].endLine], [4, 6]);
  });

  it('reports an unterminated heredoc', () => {
    const m = parseDockerfile('FROM a\nRUN <<EOF\necho\n');
    assert.equal(m.parseErrors[0].kind, 'unterminated-heredoc');
  });

  it('does not treat a here-string or a shift inside a word as a heredoc', () => {
    const m = parseDockerfile('FROM a\nRUN cat <<<"x" && echo $((1<<2))\nUSER me\n');
    assert.deepEqual(m.instructions.map((i) => i.keyword), ['FROM', 'RUN', 'USER']);
  });
});

describe('model: stages, flags and base images', () => {
  it('resolves ARG defaults, stage references and the root image', () => {
    const m = parseDockerfile(
      [
        'ARG REPO=mcr.microsoft.com/windows/servercore',
        'ARG TAG=ltsc2019',
        'ARG FULL=${REPO}:${TAG}',
        'FROM ${FULL} AS Build',
        'FROM build AS final',
        'FROM --platform=$BUILDPLATFORM golang:${GO:-1.22}-alpine',
        'FROM img:$TARGETARCH',
      ].join('\n'),
    );
    assert.deepEqual(m.globalArgs.map((a) => a.name), ['REPO', 'TAG', 'FULL']);
    const [build, final, go, arch] = m.stages;
    assert.equal(build.image.resolved, 'mcr.microsoft.com/windows/servercore:ltsc2019');
    assert.deepEqual([build.image.registry, build.image.repository, build.image.tag], ['mcr.microsoft.com', 'windows/servercore', 'ltsc2019']);
    assert.equal(build.name, 'Build');
    assert.equal(final.image.stageRef, 0, 'stage names match case-insensitively');
    assert.equal(final.rootImage?.resolved, 'mcr.microsoft.com/windows/servercore:ltsc2019');
    assert.equal(go.platform, '$BUILDPLATFORM');
    assert.equal(go.image.resolved, 'golang:1.22-alpine');
    assert.deepEqual(go.image.unresolvedVariables, ['GO']);
    assert.equal(arch.image.resolved, undefined, 'TARGETARCH is only known at build time');
  });

  it('reads flags as BuildKit does: quotes removed, -- ends them', () => {
    const m = parseDockerfile('FROM a\nCOPY --from=build --chown="1 2" -- --weird dest\n');
    const copy = m.instructions[1];
    assert.deepEqual(copy.flags.map((f) => [f.name, f.value]), [
      ['from', 'build'],
      ['chown', '1 2'],
    ]);
    assert.equal(copy.argsText, '--weird dest');
    assert.deepEqual(copy.flags[0].valueRange, { start: { line: 1, character: 12 }, end: { line: 1, character: 17 } });
  });

  it('puts instructions before the first FROM in no stage', () => {
    const m = parseDockerfile('ARG X\nRUN a\nFROM b\nRUN c\n');
    assert.deepEqual(m.instructions.map((i) => i.stageIndex), [-1, -1, 0, 0]);
    assert.equal(m.stages[0].instructions.length, 2);
  });
});

describe('parser fidelity: keyword separators', () => {
  it('splits the keyword off at [\\t\\v\\f\\r ] only, as BuildKit does', () => {
    const m = parseDockerfile('FROM a\nENTRYPOINT\u00a0["x"]\nRUN\techo\n');
    assert.equal(m.instructions[1].known, false, 'a no-break space glues the keyword to its arguments');
    assert.equal(m.instructions[2].keyword, 'RUN');
    assert.equal(m.instructions[2].argsText, 'echo');
  });

  it('splits FROM, COPY, ADD, VOLUME and EXPOSE at whitespace only, ignoring quotes and escapes', () => {
    const m = parseDockerfile('FROM a\nCOPY --from=x C:\\\\node\\ C:\\\\node\nENV A="b c" D=e\\ f\n');
    assert.deepEqual(m.instructions[1].words.map((w) => w.text), ['C:\\\\node\\', 'C:\\\\node']);
    assert.deepEqual(m.instructions[2].words.map((w) => w.text), ['A="b c"', 'D=e\\ f']);
  });
});
