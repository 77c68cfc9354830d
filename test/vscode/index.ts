// Entry the extension host loads (extensionTestsPath): code-server's smoke-test payload here,
// @vscode/test-electron on a desktop. Files run in this order: activation must come first.
import * as path from 'node:path';
import { runMocha } from './run-mocha';

// engine-host.test.js comes right after activation: it shows that activation alone (no view shown,
// no command run) connected to the engine and sent its Linux host to the language server, which
// the later suites then see too. explorer.test.js comes last: it stops and restarts the engine.
const files = [
  'activation.test.js',
  'engine-host.test.js',
  'image-env.test.js',
  'diagnostics.test.js',
  'quickfix.test.js',
  'hover.test.js',
  'links-tokens.test.js',
  'reading.test.js',
  'settings.test.js',
  'commands.test.js',
  'compose-tasks.test.js',
  'scaffold.test.js',
  'diagnose.test.js',
  'secrets.test.js',
  'hostile-engine.test.js',
  'hardening-engine.test.js',
  'runs-here.test.js',
  'explorer.test.js',
];

/**
 * The Restricted Mode run (scripts/run-vscode-tests.mjs opens an untrusted folder for it) runs
 * restricted.test.js alone, the contexts run (its own DOCKER_CONFIG) contexts.test.js alone; the
 * trusted run everything else. DOCKER_WORKBENCH_VSCODE_FILES=reading,hover
 * runs only those files (for working on one suite).
 */
function chosen(): string[] {
  if (process.env.DOCKER_WORKBENCH_VSCODE_SUITE === 'restricted') return ['restricted.test.js'];
  if (process.env.DOCKER_WORKBENCH_VSCODE_SUITE === 'contexts') return ['contexts.test.js'];
  const only = (process.env.DOCKER_WORKBENCH_VSCODE_FILES ?? '').split(',').filter(Boolean);
  return only.length === 0 ? files : files.filter((f) => only.includes(f.replace(/\.test\.js$/, '')));
}

export function run(): Promise<void> {
  return runMocha(chosen().map((f) => path.join(__dirname, f)));
}
