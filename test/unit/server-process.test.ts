// The language server's process on the client side (client/src/serverProcess.ts): where it keeps
// its code caches (the platform's cache folder for the user, known before activate(); none where
// there is no sound one: a portable VS Code, no home, a relative path), and the process forked as
// the client bundle loads (real processes: a stand-in module that only waits).
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ServerProcesses, codeCacheFolder, forkAtLoad } from '../../client/src/serverProcess';

describe('the code cache folder of the language server', () => {
  it('is $XDG_CACHE_HOME/docker-workbench on Linux, else ~/.cache/docker-workbench', () => {
    assert.equal(codeCacheFolder({ XDG_CACHE_HOME: '/var/cache/u' }, 'linux', '/home/u'), '/var/cache/u/docker-workbench');
    assert.equal(codeCacheFolder({}, 'linux', '/home/u'), '/home/u/.cache/docker-workbench');
    // A relative XDG_CACHE_HOME is to be ignored (the XDG Base Directory specification).
    assert.equal(codeCacheFolder({ XDG_CACHE_HOME: 'cache' }, 'linux', '/home/u'), '/home/u/.cache/docker-workbench');
  });

  it('is ~/Library/Caches/docker-workbench on macOS', () => {
    assert.equal(codeCacheFolder({ XDG_CACHE_HOME: '/ignored' }, 'darwin', '/Users/u'), '/Users/u/Library/Caches/docker-workbench');
  });

  it('is %LOCALAPPDATA%\\docker-workbench\\Cache on Windows', () => {
    assert.equal(codeCacheFolder({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Local\\docker-workbench\\Cache');
    assert.equal(codeCacheFolder({}, 'win32', 'C:\\Users\\u'), undefined);
  });

  it('is none in a portable VS Code, or without a home folder to put it in', () => {
    assert.equal(codeCacheFolder({ VSCODE_PORTABLE: '/opt/vscode/data' }, 'linux', '/home/u'), undefined);
    assert.equal(codeCacheFolder({}, 'linux', ''), undefined);
    assert.equal(codeCacheFolder({}, 'linux', '/'), undefined);
    assert.equal(codeCacheFolder({}, 'linux', 'relative'), undefined);
  });
});

describe('the language server forked as the client bundle loads', function () {
  this.timeout(20_000);
  let dir: string;
  let waiter: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dw-server-process-'));
    // A stand-in for the server that waits until it is ended (its IPC channel keeps it alive).
    waiter = path.join(dir, 'waiter.js');
    writeFileSync(waiter, 'setInterval(() => undefined, 1000);\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Resolves with the signal that ended `child`, or undefined if it still runs after `ms`. */
  function endedWithin(child: ChildProcess, ms: number): Promise<NodeJS.Signals | null | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), ms);
      child.once('exit', (_code, signal) => {
        clearTimeout(timer);
        resolve(signal);
      });
    });
  }

  it('is ended when activate() does not take it in time', async () => {
    const early = forkAtLoad({ module: waiter }, 300);
    assert.ok(early, 'forked');
    assert.equal(await endedWithin(early.child, 10_000), 'SIGTERM');
  });

  it('runs on once activate() takes it, and is the process the client gets first', async () => {
    const early = forkAtLoad({ module: waiter }, 300);
    assert.ok(early, 'forked');
    const processes = new ServerProcesses({ module: waiter }, early);
    try {
      assert.equal(await endedWithin(early.child, 1000), undefined, 'still running after the unclaimed time');
      processes.startEarly();
      assert.equal(processes.take(), early.child);
      assert.ok(processes.running());
    } finally {
      early.child.kill('SIGKILL');
    }
  });
});
