// Places where BuildKit's parser reads a file differently from a first guess: which white space
// counts where, how a flag word is resolved, when an ONBUILD reads a heredoc, and a file with no
// instructions. Each case is worked out from BuildKit's parser.go, split_command.go and
// line_parsers.go.
import * as assert from 'node:assert/strict';
import { dumpBuildkit } from '../../server/src/dockerfile/dump';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { lint } from '../../server/src/lint';

describe('parser: white space as BuildKit tells it at each place', () => {
  it('splits FROM, COPY and EXPOSE at [\\t\\v\\f\\r ] only: an NBSP stays inside its word', () => {
    const model = parseDockerfile('FROM a\nCOPY x\u00a0y /z\n');
    assert.deepEqual(
      model.instructions[1].words.map((w) => w.text),
      ['x\u00a0y', '/z'],
    );
    assert.deepEqual(dumpBuildkit(model)[1], '(copy "x\\u00a0y" "/z")');
  });

  it('splits ENV, LABEL and ARG words at any Unicode white space (parseWords uses unicode.IsSpace)', () => {
    const model = parseDockerfile('FROM a\nENV a=1\u3000b=2\nARG x\u2003y\n');
    assert.deepEqual(
      model.instructions[1].words.map((w) => w.text),
      ['a=1', 'b=2'],
    );
    assert.deepEqual(
      model.instructions[2].words.map((w) => w.text),
      ['x', 'y'],
    );
  });

  it('trims the line before it splits off the keyword: `RUN` followed by an NBSP is RUN', () => {
    const model = parseDockerfile('FROM a\nRUN\u00a0\nUSER\u3000root\u3000\n');
    assert.deepEqual(
      model.instructions.map((i) => i.keyword),
      ['FROM', 'RUN', 'USER\u3000ROOT'],
    );
    assert.equal(model.instructions[1].argsText, '');
    assert.equal(lint(model).filter((f) => f.rule === 'unknown-instruction' && f.range.start.line === 1).length, 0);
  });

  it('strips leading Unicode white space (an ideographic space) from an instruction line', () => {
    const model = parseDockerfile('FROM a\n\u3000RUN echo\n');
    assert.equal(model.instructions[1].keyword, 'RUN');
    assert.equal(model.instructions[1].argsText, 'echo');
  });
});

describe('parser: flags as extractBuilderFlags and BFlags read them', () => {
  it('splits the name off at the first = of the resolved word, even one that was quoted', () => {
    const ins = parseDockerfile('FROM a\nCOPY --"from=b" x /y\n').instructions[1];
    assert.deepEqual(
      ins.flags.map((f) => [f.name, f.value]),
      [['from', 'b']],
    );
    assert.equal(lint('FROM a AS b\nFROM c\nCOPY --"from=b" x /y\n').filter((f) => f.rule === 'invalid-flag').length, 0);
  });

  it('drops a backslash that ends the text (under # escape=` it does not continue the line)', () => {
    const ins = parseDockerfile('# escape=`\nFROM a\nCOPY --from=b\\\n').instructions[1];
    assert.deepEqual(
      ins.flags.map((f) => [f.name, f.value]),
      [['from', 'b']],
    );
  });
});

describe('parser: heredocs where BuildKit reads them', () => {
  it('reads the heredoc of an ONBUILD RUN, COPY or ADD trigger', () => {
    const model = parseDockerfile('FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\nUSER x\n');
    assert.deepEqual(
      model.instructions.map((i) => i.keyword),
      ['FROM', 'ONBUILD', 'USER'],
    );
    assert.equal(model.instructions[1].heredocs[0]?.content, 'echo hi\n');
    assert.deepEqual(dumpBuildkit(model), ['(from "a")', '(onbuild (run "<<EOF"))', '(user "x")']);
  });

  it('does not read a heredoc for an ONBUILD of another instruction', () => {
    const model = parseDockerfile('FROM a\nONBUILD LABEL x=<<EOF\nUSER x\n');
    assert.deepEqual(
      model.instructions.map((i) => i.keyword),
      ['FROM', 'ONBUILD', 'USER'],
    );
  });
});

describe('parser: directives', () => {
  it('fails on a syntax or check directive given twice at the top, as BuildKit does', () => {
    for (const name of ['syntax', 'check']) {
      const findings = lint(`# ${name}=a\n# ${name}=b\nFROM a\n`).filter((f) => f.severity === 'error');
      assert.deepEqual(
        findings.map((f) => [f.rule, f.range.start.line]),
        [['parse-error', 1]],
        name,
      );
      assert.match(findings[0].message, new RegExp(`only one ${name} parser directive`));
    }
  });

  it('leaves a second escape to its own rule, and a directive-looking comment below the top alone', () => {
    assert.deepEqual(
      lint('# escape=`\n# escape=`\nFROM a\n').map((f) => f.rule),
      ['escape-directive-duplicate'],
    );
    assert.equal(lint('# syntax=a\n\n# syntax=b\nFROM a\n').filter((f) => f.rule === 'parse-error').length, 0);
  });
});

describe("parser: BuildKit's line scanner limit", () => {
  const errorsAt = (text: string) =>
    lint(text)
      .filter((f) => f.rule === 'parse-error')
      .map((f) => f.range.start.line);

  it('fails on a line of 65536 bytes or more (UTF-8, without its newline), and not below', () => {
    assert.deepEqual(errorsAt(`FROM a\nRUN ${'x'.repeat(65536 - 4)}\n`), [1]);
    assert.deepEqual(errorsAt(`FROM a\nRUN ${'x'.repeat(65535 - 4)}\n`), []);
    // Counted in bytes: 21846 three-byte characters are 65538 bytes.
    assert.deepEqual(errorsAt(`FROM a\n# ${'\u20ac'.repeat(21846)}\nUSER x\n`), [1]);
    assert.deepEqual(errorsAt(`FROM a\n# ${'\u20ac'.repeat(21844)}\nUSER x\n`), []);
  });

  it('counts the CR of a CRLF line, as BuildKit splits at LF only', () => {
    assert.deepEqual(errorsAt(`FROM a\r\nRUN ${'x'.repeat(65535 - 4)}\r\n`), [1]);
  });
});

describe('parser: the end of the file', () => {
  it('does not read the empty string after the last newline as a line a continuation runs into', () => {
    const model = parseDockerfile('FROM a\nRUN x \\\n');
    assert.deepEqual(model.instructions[1].emptyContinuationLines, []);
    assert.equal(lint(model).filter((f) => f.rule === 'NoEmptyContinuation').length, 0);
    // A real empty line there is one.
    assert.deepEqual(parseDockerfile('FROM a\nRUN x \\\n\n').instructions[1].emptyContinuationLines, [2]);
  });

  it('keeps a lone continuation at the end as an instruction with no name, which fails the build', () => {
    const model = parseDockerfile('FROM a\n  \\\n# c\n');
    assert.deepEqual(
      model.instructions.map((i) => i.keyword),
      ['FROM', ''],
    );
    assert.deepEqual(dumpBuildkit(model), ['(from "a")', '("")']);
    const findings = lint(model).filter((f) => f.severity === 'error');
    assert.deepEqual(
      findings.map((f) => [f.rule, f.range.start.line]),
      [['unknown-instruction', 1]],
    );
    assert.match(findings[0].message, /continues to the end of the file/);
  });
});

describe('parser: a file with no instructions', () => {
  for (const [what, text] of [
    ['empty', ''],
    ['blank lines', '\n  \n\t\n'],
    ['only comments', '# Hello\n# These are just comments\n\n'],
    ['only parser directives', '# syntax=docker/dockerfile:1\n# escape=`\n'],
    ['a BOM and a newline', '\ufeff\n'],
  ]) {
    it(`is one error, at line 1, when the file is ${what} (BuildKit: "file with no instructions")`, () => {
      const findings = lint(text);
      assert.deepEqual(
        findings.map((f) => [f.rule, f.severity, f.range.start.line, f.range.start.character]),
        [['parse-error', 'error', 0, 0]],
      );
      assert.match(findings[0].message, /file with no instructions/);
    });
  }

  it('is not reported once there is an instruction, even an unfinished one', () => {
    assert.equal(lint('F').filter((f) => f.rule === 'parse-error').length, 0);
    assert.equal(lint('# c\nFROM alpine\n').length, 0);
  });
});
