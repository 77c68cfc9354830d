// Hover is Markdown, and it quotes the document (the FROM image, stage names, variables) and what
// an engine says about images (variable names): none of that may render as Markdown. An image
// reference `![x](https://tracker.invalid/p.png)` must show as text, not fetch a tracking pixel.
import * as assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { hover } from '../../server/src/features/hover';
import { markdownCode } from '../../server/src/markdown';
import { describeImageEnv } from '../../server/src/images/describe';

const TRACKER = '![x](https://tracker.invalid/p.png)';

function hoverValue(text: string, line: number, character: number): string {
  const h = hover(parseDockerfile(text), { line, character }, {});
  assert.ok(h, 'expected a hover');
  return (h.contents as MarkupContent).value;
}

/**
 * The Markdown without its code spans (a run of N backticks up to the next run of exactly N), as
 * CommonMark reads them: what is left is what renders as Markdown.
 */
function outsideCodeSpans(markdown: string): string {
  let out = '';
  let i = 0;
  while (i < markdown.length) {
    if (markdown[i] !== '`') {
      out += markdown[i++];
      continue;
    }
    let n = 0;
    while (markdown[i + n] === '`') n++;
    const closing = new RegExp(`(?<!\`)\`{${n}}(?!\`)`, 'g');
    closing.lastIndex = i + n;
    const match = closing.exec(markdown);
    if (match === null) {
      out += markdown.slice(i, i + n);
      i += n;
    } else {
      out += '<code>';
      i = match.index + n;
    }
  }
  return out;
}

/** Markdown that would render as an image, a link, an autolink or HTML, outside code spans. */
function assertInert(markdown: string): void {
  const rendered = outsideCodeSpans(markdown).replace(/<code>/g, '');
  assert.ok(!rendered.includes('!['), `an image: ${markdown}`);
  assert.ok(!rendered.includes(']('), `a link: ${markdown}`);
  assert.ok(!/https?:\/\/|www\./.test(rendered), `an autolink: ${markdown}`);
  assert.ok(!rendered.includes('<'), `HTML: ${markdown}`);
}

describe('Markdown built from document text', () => {
  describe('markdownCode', () => {
    it('fences with more backticks than the text holds, padding where the text starts or ends with one', () => {
      assert.equal(markdownCode('name'), '`name`');
      assert.equal(markdownCode(TRACKER), '`![x](https://tracker.invalid/p.png)`');
      assert.equal(markdownCode('a`b'), '``a`b``');
      assert.equal(markdownCode('`x``'), '``` `x`` ```');
      for (const text of ['a`b', '`x``', `\`\`${TRACKER}\``]) assert.equal(outsideCodeSpans(markdownCode(text)), '<code>', text);
    });

    it('keeps one line and a bounded length', () => {
      assert.equal(markdownCode('a\nb\r\nc'), '`a b c`');
      const long = markdownCode('x'.repeat(100_000));
      assert.ok(long.length <= 202, `${long.length} characters`);
      assert.ok(long.endsWith('…`'));
    });
  });

  describe('hover', () => {
    it('shows a FROM image as text, not as an image', () => {
      const value = hoverValue(`FROM ${TRACKER}\n`, 0, 7);
      assertInert(value);
      assert.ok(value.includes(markdownCode(TRACKER)), value);
    });

    it('keeps a stage name, unresolved variables and a Windows tag it quotes in code spans', () => {
      const stage = hoverValue(`FROM alpine AS a\`b\nFROM a\`b\n`, 1, 6);
      assert.ok(stage.includes('``a`b``'), stage);
      const variables = hoverValue(`ARG ${'X'}\nFROM $X${TRACKER}\n`, 1, 6);
      assertInert(variables);
      // A tag that names no release is quoted in the reason; this one would close its code span early.
      const windows = hoverValue('FROM mcr.microsoft.com/windows/servercore:x`![t](x.png)\n', 0, 8);
      assert.match(windows, /names no Windows release/);
      assertInert(windows);
    });

    it('keeps engine-reported variable names in code spans that cannot be broken out of', () => {
      const value = describeImageEnv({ names: new Set(['PATH', `A\`${TRACKER}`]), os: 'linux', source: 'engine', imageId: 'sha256:0123456789abcdef' });
      assert.ok(value.includes('``A`![x](https://tracker.invalid/p.png)``'), value);
    });
  });
});
