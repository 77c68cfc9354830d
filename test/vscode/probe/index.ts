// A second entry for the extension host: checks the extension installed from the .vsix (not the
// working tree) activates and lints. test/package/vsix.test.mjs launches it.
import * as path from 'node:path';
import { runMocha } from '../run-mocha';

export function run(): Promise<void> {
  return runMocha([path.join(__dirname, 'installed.test.js')]);
}
