// Formatting comes from dockerfile-utils, corrected where its parser disagrees with Docker.
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
});
