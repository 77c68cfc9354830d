// `npm run test:electron`: the same extension-host suite as `npm run test:vscode`, launched by
// @vscode/test-electron in desktop VS Code. It downloads VS Code (stable, or $VSCODE_VERSION) into
// .vscode-test/, so it needs a machine that can reach update.code.visualstudio.com and a display
// (on Linux without one: `xvfb-run -a npm run test:electron`). It cannot run on the CI machines of
// this project, which have no network but the npm registry; there the suite runs in code-server.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const [cmd, args] of [
  [process.execPath, ['scripts/build.mjs']],
  [process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.vscode.json']],
]) {
  if (spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
}

// A fresh workspace and profile: the suite writes its Dockerfiles and settings there.
const scratch = mkdtempSync(path.join(tmpdir(), 'dw-electron-'));
const workspace = path.join(scratch, 'ws');
mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
const statsFile = process.env.DOCKER_WORKBENCH_STATS_FILE;
if (statsFile) writeFileSync(path.join(workspace, '.vscode', 'docker-workbench-test.json'), JSON.stringify({ statsFile }));

let code = 1;
try {
  code = await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out', 'test', 'vscode', 'index.js'),
    extensionTestsEnv: statsFile ? { DOCKER_WORKBENCH_STATS_FILE: statsFile } : {},
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      `--user-data-dir=${path.join(scratch, 'user')}`,
      `--extensions-dir=${path.join(scratch, 'ext')}`,
    ],
  });
} catch (error) {
  console.error(`test-electron failed: ${error instanceof Error ? error.message : String(error)}`);
  code = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(code);
