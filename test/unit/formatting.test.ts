// Formatting from the model: the layout dockerfile-utils gives, read as Docker reads the lines.
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { formatDocument } from '../../server/src/features/formatting';
import { applyEdits } from '../support/apply-edits';

const fmt = (text: string) => applyEdits(text, formatDocument(parseDockerfile(text), { tabSize: 4, insertSpaces: true }));

describe('formatting', () => {
  it('indents continuation lines and removes indentation before instructions', () => {
    assert.equal(fmt('FROM a\n   RUN a \\\nb\n'), 'FROM a\nRUN a \\\n    b\n');
  });

  it('keeps backtick continuations under # escape=`', () => {
    assert.equal(fmt('# escape=`\nFROM a\nRUN a `\nb\n'), '# escape=`\nFROM a\nRUN a `\n    b\n');
  });

  it('never indents an instruction after a line ending in \\\\, which Docker does not continue', () => {
    const text = 'FROM mcr.microsoft.com/windows/nanoserver:1809\nCOPY a C:\\\\mongo\\\\\nENV A=1\n';
    assert.equal(fmt(text), text);
  });

  it('indents a comment line inside a continuation, empties lines of blanks, and keeps indentation already right', () => {
    assert.equal(fmt('FROM a\nRUN a \\\n  # note\n    b \\\n\tc\n   \n'), 'FROM a\nRUN a \\\n    # note\n    b \\\n    c\n\n');
  });

  it('never touches heredoc bodies or terminators, on RUN, COPY and ADD alike', () => {
    for (const keyword of ['RUN', 'COPY', 'ADD']) {
      const text = `FROM a\n${keyword} <<EOF /x\n  indented body\n\tEOF-not\nEOF\n  RUN b\n`;
      assert.equal(fmt(text), `FROM a\n${keyword} <<EOF /x\n  indented body\n\tEOF-not\nEOF\nRUN b\n`, keyword);
    }
  });

  it('indents with a tab when spaces are not asked for, and formats only the lines of a range', () => {
    const text = '  FROM a\nRUN a \\\nb\n  RUN c\n';
    assert.equal(applyEdits(text, formatDocument(parseDockerfile(text), { tabSize: 4, insertSpaces: false })), 'FROM a\nRUN a \\\n\tb\nRUN c\n');
    const ranged = formatDocument(parseDockerfile(text), { tabSize: 2, insertSpaces: true }, { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } });
    assert.equal(applyEdits(text, ranged), '  FROM a\nRUN a \\\n  b\n  RUN c\n');
  });

  it('formats a document of any size (no limit), CRLF and CR lines included', () => {
    const block = '  FROM a\r\nRUN a \\\r\nb\r\n';
    const text = block.repeat(40_000);
    assert.ok(text.length > 512 * 1024);
    assert.equal(fmt(text), 'FROM a\r\nRUN a \\\r\n    b\r\n'.repeat(40_000));
    assert.equal(fmt('  FROM a\rRUN a \\\rb\r'), 'FROM a\rRUN a \\\r    b\r');
  });
});
