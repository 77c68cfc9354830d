// Entry the extension host loads (extensionTestsPath): code-server's smoke-test payload here,
// @vscode/test-electron on a desktop. Files run in this order: activation must come first.
import * as path from 'node:path';
import { runMocha } from './run-mocha';

// explorer.test.js comes last: it connects to the engine (which then reports a Linux host to the
// language server) and stops and restarts that engine.
const files = ['activation.test.js', 'diagnostics.test.js', 'quickfix.test.js', 'hover.test.js', 'settings.test.js', 'explorer.test.js'];

export function run(): Promise<void> {
  return runMocha(files.map((f) => path.join(__dirname, f)));
}
