// Runs compiled mocha files inside the extension host and writes the counts the test tiers sum.
// Shared by the suite entries (index.ts here, probe/index.ts for the .vsix check).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha = require('mocha');
import * as vscode from 'vscode';

/**
 * Where to write {passes, failures, pending, failed: [{title, message}]}: $DOCKER_WORKBENCH_STATS_FILE, or the path the
 * launcher left in the workspace's .vscode/docker-workbench-test.json (in case a launcher cannot
 * give the extension host an environment).
 */
function statsFile(): string | undefined {
  const fromEnv = process.env.DOCKER_WORKBENCH_STATS_FILE;
  if (fromEnv) return fromEnv;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) return undefined;
  try {
    const config: unknown = JSON.parse(fs.readFileSync(path.join(folder.uri.fsPath, '.vscode', 'docker-workbench-test.json'), 'utf8'));
    const file = typeof config === 'object' && config !== null ? (config as { statsFile?: unknown }).statsFile : undefined;
    return typeof file === 'string' ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves when every test passed; rejects (the launcher then exits non-zero) otherwise. */
export function runMocha(files: readonly string[], timeoutMs = 30_000): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: timeoutMs, reporter: 'spec' });
  for (const file of files) mocha.addFile(file);
  const target = statsFile();
  console.log(`docker-workbench suite: stats file ${target ?? '(none)'} (from ${process.env.DOCKER_WORKBENCH_STATS_FILE ? 'env' : 'workspace'})`);
  return new Promise((resolve, reject) => {
    const failedTests: { title: string; message: string }[] = [];
    const runner = mocha.run((failures) => {
      if (target !== undefined) {
        const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats ?? {};
        fs.writeFileSync(target, JSON.stringify({ passes, failures: failed, pending, failed: failedTests }));
      }
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('fail', (test: Mocha.Test, err: unknown) => {
      const message = String(err instanceof Error ? err.message : err).split('\n')[0].slice(0, 300);
      failedTests.push({ title: test.fullTitle(), message });
    });
  });
}
