import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAll, lines, openDockerfile, ruleOf, setSetting, waitFor, waitForDiagnostic, waitForRules } from './helpers';
import { HOST_2022, LINUX_ENGINE, SEED, SEED_LINES } from './fixtures';

const [COMMENT, DIRECTIVE, FROM, RUN, COPY, EXPOSE, ENTRYPOINT] = SEED_LINES;
const NANO = 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022';

interface FixCase {
  rule: string;
  title: string;
  before: string;
  after: string;
  /**
   * Rules left once the fix is in (the fixed one must be gone), besides LINUX_ENGINE: every case
   * is a Windows image, which the suite's Linux engine always reports and no fix changes.
   */
  remaining: string[];
}

const cases: FixCase[] = [
  {
    rule: 'escape-directive-misplaced',
    title: 'Move the escape directive to the top of the file',
    before: SEED,
    after: lines(DIRECTIVE, COMMENT, FROM, RUN, COPY, EXPOSE, ENTRYPOINT),
    remaining: ['exec-form-invalid-json', 'windows-host-mismatch'],
  },
  {
    rule: 'windows-host-mismatch',
    title: 'Use tag ltsc2022',
    before: SEED,
    after: lines(COMMENT, DIRECTIVE, 'FROM mcr.microsoft.com/windows/servercore:ltsc2022', RUN, COPY, EXPOSE, ENTRYPOINT),
    remaining: ['escape-directive-misplaced', 'exec-form-invalid-json', 'windows-backslash-continuation'],
  },
  {
    rule: 'windows-backslash-continuation',
    title: 'Use the backtick escape directive (`# escape=`` `), keeping real continuations',
    before: SEED,
    after: lines('# escape=`', COMMENT, DIRECTIVE, FROM, RUN, COPY, EXPOSE, ENTRYPOINT),
    remaining: ['escape-directive-misplaced', 'exec-form-invalid-json', 'windows-host-mismatch'],
  },
  {
    rule: 'exec-form-invalid-json',
    title: 'Make it valid JSON: escape backslashes as \\\\',
    before: SEED,
    after: lines(COMMENT, DIRECTIVE, FROM, RUN, COPY, EXPOSE, 'ENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]'),
    remaining: ['escape-directive-misplaced', 'windows-backslash-continuation', 'windows-host-mismatch'],
  },
  {
    rule: 'exec-form-invalid-json',
    title: 'Make it valid JSON: use / in paths',
    before: SEED,
    after: lines(COMMENT, DIRECTIVE, FROM, RUN, COPY, EXPOSE, 'ENTRYPOINT ["C:/ServiceMonitor.exe", "w3svc"]'),
    remaining: ['escape-directive-misplaced', 'windows-backslash-continuation', 'windows-host-mismatch'],
  },
  {
    rule: 'exec-form-invalid-json',
    title: 'Ignore exec-form-invalid-json for this line',
    before: SEED,
    after: lines(COMMENT, DIRECTIVE, FROM, RUN, COPY, EXPOSE, '# docker-workbench ignore=exec-form-invalid-json', ENTRYPOINT),
    remaining: ['escape-directive-misplaced', 'windows-backslash-continuation', 'windows-host-mismatch'],
  },
  {
    rule: 'escape-directive-invalid',
    title: 'Use a backtick (`) as the escape character',
    before: lines('# escape=|', NANO),
    after: lines('# escape=`', NANO),
    remaining: [],
  },
  {
    rule: 'escape-directive-invalid',
    title: 'Use a backslash (\\) as the escape character',
    before: lines('# escape=|', NANO),
    after: lines('# escape=\\', NANO),
    remaining: [],
  },
  {
    rule: 'escape-directive-duplicate',
    title: 'Remove the duplicate escape directive',
    before: lines('# escape=`', '# escape=\\', NANO),
    after: lines('# escape=`', NANO),
    remaining: [],
  },
  {
    rule: 'exec-form-control-escape',
    title: 'Escape the backslashes as \\\\',
    before: lines(NANO, 'CMD ["C:\\temp\\run.exe"]'),
    after: lines(NANO, 'CMD ["C:\\\\temp\\\\run.exe"]'),
    remaining: [],
  },
  {
    rule: 'windows-unsupported-flag',
    title: 'Remove --chown',
    before: lines(NANO, 'COPY --chown=app site/ C:/site/'),
    after: lines(NANO, 'COPY site/ C:/site/'),
    remaining: [],
  },
];

async function quickFixes(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    document.uri,
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'kind' in a || 'edit' in a);
}

describe('quick fixes through vscode.executeCodeActionProvider', () => {
  before(() => setSetting('windows.hostBuild', HOST_2022));
  after(async () => {
    await closeAll();
    await setSetting('windows.hostBuild', undefined);
  });

  for (const c of cases) {
    it(`${c.rule}: ${c.title}`, async () => {
      const document = await openDockerfile(c.before);
      const diagnostic = await waitForDiagnostic(document, c.rule);
      const actions = await quickFixes(document, diagnostic.range);
      const action = actions.find((a) => a.title.startsWith(c.title));
      assert.ok(action, `no quick fix "${c.title}" among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.ok(action.edit, 'the quick fix carries its edit');
      assert.equal(await vscode.workspace.applyEdit(action.edit), true, 'applyEdit refused the edit');
      assert.equal(document.getText(), c.after);
      await waitForRules(document, [...c.remaining, LINUX_ENGINE]);
    });
  }

  it('fix all (source.fixAll) repairs the seed in one edit', async () => {
    const document = await openDockerfile(SEED);
    await waitForDiagnostic(document, 'exec-form-invalid-json');
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      whole,
      vscode.CodeActionKind.SourceFixAll.value,
    );
    const fixAll = (actions ?? []).find((a) => a.kind?.value === 'source.fixAll.docker-workbench');
    assert.ok(fixAll?.edit, `no fix-all action among: ${(actions ?? []).map((a) => a.title).join(' | ')}`);
    assert.equal(await vscode.workspace.applyEdit(fixAll.edit), true);
    assert.equal(
      document.getText(),
      lines(DIRECTIVE, COMMENT, 'FROM mcr.microsoft.com/windows/servercore:ltsc2022', RUN, COPY, EXPOSE, 'ENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]'),
    );
    // Fixed for the Windows host; the local engine's mode is not something an edit can fix.
    await waitForRules(document, [LINUX_ENGINE]);
  });

  it('an edit while typing is linted again (the fix is not stale)', async () => {
    const document = await openDockerfile(SEED);
    await waitForDiagnostic(document, 'exec-form-invalid-json');
    // Retype the exec form by hand: the diagnostic follows the text, not the old version.
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((b) => b.replace(new vscode.Range(6, 0, 6, ENTRYPOINT.length), 'ENTRYPOINT ["C:/ServiceMonitor.exe", "w3svc"]'));
    await waitFor('exec-form-invalid-json to go', () => !document.isClosed && !vscodeRules(document).includes('exec-form-invalid-json'));
  });
});

function vscodeRules(document: vscode.TextDocument): string[] {
  return vscode.languages.getDiagnostics(document.uri).map(ruleOf);
}
