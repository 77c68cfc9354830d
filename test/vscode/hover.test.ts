import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { seedOnHost2022 } from './fixtures';

function text(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

async function hoverAt(document: vscode.TextDocument, line: number, character: number): Promise<vscode.Hover[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, character));
  return hovers ?? [];
}

describe('hover through vscode.executeHoverProvider', () => {
  const seed = seedOnHost2022();

  it('on the FROM keyword explains the instruction', async () => {
    const hovers = await hoverAt(seed(), 2, 1);
    const value = text(hovers);
    assert.match(value, /FROM/);
    assert.match(value, /base image|stage/i);
    const range = hovers.find((h) => h.range)?.range;
    assert.ok(range, 'the hover names the keyword range');
    assert.equal(seed().getText(range), 'FROM');
  });

  it('on the FROM image tells the Windows release and whether it runs on the host', async () => {
    const value = text(await hoverAt(seed(), 2, 30));
    assert.match(value, /servercore:ltsc2019/);
    assert.match(value, /17763/);
    assert.match(value, /20348/);
  });

  it('on the misplaced directive says it is not active', async () => {
    assert.match(text(await hoverAt(seed(), 1, 3)), /Not active/);
  });
});
