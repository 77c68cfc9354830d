// Document links, semantic tokens and folding as VS Code receives them from the server, through
// its own commands: what the language client announces (tooltipSupport, rangeLimit,
// lineFoldingOnly, the token legend) decides their shape, so this is where they are checked whole.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { seedOnHost2022 } from './fixtures';

interface Token {
  line: number;
  character: number;
  text: string;
  type: string;
  modifiers: string[];
}

function decode(document: vscode.TextDocument, tokens: vscode.SemanticTokens, legend: vscode.SemanticTokensLegend): Token[] {
  const out: Token[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i + 4 < tokens.data.length; i += 5) {
    const [deltaLine, deltaStart, length, type, modifiers] = tokens.data.slice(i, i + 5);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    out.push({
      line,
      character,
      text: document.lineAt(line).text.slice(character, character + length),
      type: legend.tokenTypes[type],
      modifiers: legend.tokenModifiers.filter((_, bit) => (modifiers & (1 << bit)) !== 0),
    });
  }
  return out;
}

describe('links, semantic tokens and folding through VS Code', () => {
  const seed = seedOnHost2022();

  it('the base image links to its repository page, the tooltip naming the repository and the site', async () => {
    const document = seed();
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri);
    assert.equal(links.length, 1, JSON.stringify(links));
    assert.equal(document.getText(links[0].range), 'mcr.microsoft.com/windows/servercore:ltsc2019');
    assert.equal(links[0].target?.toString(true), 'https://mcr.microsoft.com/artifact/mar/windows/servercore');
    assert.equal(links[0].tooltip, 'Open windows/servercore on Microsoft Artifact Registry');
  });

  it('semantic tokens: the ignored escape directive as a comment, the swallowing backslash and the instruction it swallows', async () => {
    const document = seed();
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', document.uri);
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', document.uri);
    assert.ok(legend !== undefined && tokens !== undefined, 'the server offers semantic tokens for Dockerfiles');
    assert.deepEqual(
      decode(document, tokens, legend).map((t) => [t.line, t.character, t.text, t.type, t.modifiers.join('+')]),
      [
        [1, 0, '# escape=`', 'comment', ''],
        [4, 29, '\\', 'operator', 'deprecated'],
        [5, 0, 'EXPOSE', 'string', 'deprecated'],
      ],
    );
  });

  it('folding: the COPY that swallows EXPOSE folds as one instruction, in whole lines', async () => {
    const document = seed();
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', document.uri);
    assert.ok(ranges.some((r) => r.start === 4 && r.end === 5), JSON.stringify(ranges));
  });
});
