import type * as vscode from 'vscode';
import { SEED_LINES } from '../support/seed';
import { closeAll, lines, openDockerfile, setSetting, waitForDiagnostic } from './helpers';

export { SEED_LINES };

export const SEED = lines(...SEED_LINES);

/**
 * The suite's engine (scripts/engine-host.sh, DOCKER_HOST) runs Linux containers, and the extension
 * connects to it in the background on activation: so every Windows base image is also reported as
 * unusable on this engine, next to whatever the settings' deployment host (hostBuild) says.
 */
export const LINUX_ENGINE = 'windows-image-linux-engine';

/**
 * What the seed's diagnostics are when the settings name a Windows Server 2022 host (build 20348,
 * process isolation) and the local engine runs Linux containers.
 */
export const SEED_RULES_ON_2022 = ['escape-directive-misplaced', 'exec-form-invalid-json', 'windows-backslash-continuation', 'windows-host-mismatch', LINUX_ENGINE];

export const HOST_2022 = '20348';

/**
 * In the calling describe: the seed opened once, with a Windows Server 2022 host in the settings,
 * and linted (requests wait for nothing; the server must have the document first); closed and the
 * setting cleared after the block. Returns the open document.
 */
export function seedOnHost2022(): () => vscode.TextDocument {
  let document: vscode.TextDocument | undefined;
  before(async () => {
    await setSetting('windows.hostBuild', HOST_2022);
    document = await openDockerfile(SEED);
    await waitForDiagnostic(document, 'windows-host-mismatch');
  });
  after(async () => {
    await closeAll();
    await setSetting('windows.hostBuild', undefined);
  });
  return () => {
    if (document === undefined) throw new Error('the seed is opened in before()');
    return document;
  };
}
