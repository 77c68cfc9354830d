import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, lines, openDockerfile, ours, ruleOf, setSetting, waitForRules } from './helpers';
import { HOST_2022, LINUX_ENGINE, SEED, SEED_LINES, SEED_RULES_ON_2022 } from './fixtures';

describe('mission rules on the seed IIS Dockerfile', () => {
  before(() => setSetting('windows.hostBuild', HOST_2022));
  after(async () => {
    await closeAll();
    await setSetting('windows.hostBuild', undefined);
  });

  it('reports the misplaced escape, the continued COPY, the invalid exec form, the host mismatch and the Linux engine', async () => {
    const document = await openDockerfile(SEED);
    await waitForRules(document, SEED_RULES_ON_2022);
    const byRule = new Map(ours(document.uri).map((d) => [ruleOf(d), d]));
    const at = (rule: string) => byRule.get(rule)?.range.start.line;
    assert.equal(at('escape-directive-misplaced'), 1);
    assert.equal(at('windows-host-mismatch'), 2);
    assert.equal(at('windows-backslash-continuation'), 4);
    assert.equal(at('exec-form-invalid-json'), 6);
    // The local engine (Linux containers) and the deployment host in the settings are judged apart.
    assert.equal(at(LINUX_ENGINE), 2);
    for (const d of byRule.values()) assert.equal(d.severity, vscode.DiagnosticSeverity.Error, ruleOf(d));
    // The host rule names both builds, so the user sees why.
    const host = byRule.get('windows-host-mismatch');
    assert.match(host?.message ?? '', /17763/);
    assert.match(host?.message ?? '', /20348/);
    // The misplaced directive does nothing: VS Code fades it.
    assert.deepEqual(byRule.get('escape-directive-misplaced')?.tags, [vscode.DiagnosticTag.Unnecessary]);
    // The exec-form finding covers the JSON array.
    const json = byRule.get('exec-form-invalid-json');
    assert.equal(document.getText(json?.range), '["C:\\ServiceMonitor.exe", "w3svc"]');
  });

  it('with the directive on the first line only the exec form and the host remain', async () => {
    const [comment, directive, ...rest] = SEED_LINES;
    const document = await openDockerfile(lines(directive, comment, ...rest));
    await waitForRules(document, ['exec-form-invalid-json', 'windows-host-mismatch', LINUX_ENGINE]);
  });

  it('a file saved with a byte order mark and CRLF (as Windows editors write it) is read as Docker reads it, and each finding covers its own text', async () => {
    // BuildKit drops the mark before reading the first line, so the directive there counts: the
    // backtick is the escape and C:\app\ continues nothing. VS Code hands the extension the text
    // without the mark; the server and the editor must agree on every column all the same.
    const document = await openDockerfile(
      '\uFEFF# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2019\r\nWORKDIR C:\\app\\\r\nENTRYPOINT ["C:\\ServiceMonitor.exe", "w3svc"]\r\n',
    );
    await waitForRules(document, ['exec-form-invalid-json', 'windows-host-mismatch', LINUX_ENGINE]);
    const byRule = new Map(ours(document.uri).map((d) => [ruleOf(d), d]));
    assert.equal(document.getText(byRule.get('exec-form-invalid-json')?.range), '["C:\\ServiceMonitor.exe", "w3svc"]');
    assert.match(document.getText(byRule.get('windows-host-mismatch')?.range), /^mcr\.microsoft\.com\/windows\/servercore:ltsc2019/);
    // An edit on the first line goes through the editing path: the directive still counts after it.
    await vscode.window.activeTextEditor?.edit((b) => b.insert(new vscode.Position(0, document.lineAt(0).text.length), ' '));
    await vscode.window.activeTextEditor?.edit((b) => b.insert(new vscode.Position(4, 0), 'MAINTAINER x\r\n'));
    await waitForRules(document, ['MaintainerDeprecated', 'exec-form-invalid-json', 'windows-host-mismatch', LINUX_ENGINE]);
    const maintainer = ours(document.uri).find((d) => ruleOf(d) === 'MaintainerDeprecated');
    assert.equal(maintainer?.range.start.line, 4);
    assert.match(document.getText(maintainer?.range), /^MAINTAINER/);
  });

  it('reports only the Linux engine for the corrected file', async () => {
    const document = await openDockerfile(
      lines('# escape=`', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'COPY site/ c:\\inetpub\\wwwroot\\', 'ENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]'),
    );
    // An empty list is also the state before the first lint: wait for a change first via a known problem.
    await vscode.window.activeTextEditor?.edit((b) => b.insert(new vscode.Position(4, 0), 'MAINTAINER x\n'));
    await waitForRules(document, ['MaintainerDeprecated', LINUX_ENGINE]);
    await vscode.window.activeTextEditor?.edit((b) => b.delete(new vscode.Range(4, 0, 5, 0)));
    // The file is right for a Windows host; only this machine's engine cannot run it.
    await waitForRules(document, [LINUX_ENGINE]);
  });
});
