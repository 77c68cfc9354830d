// The language server's process on the client side (client/src/serverProcess.ts): where it keeps
// its code caches (the platform's cache folder for the user, known before activate(); none where
// there is no sound one: a portable VS Code, no home, a relative path), the hold on what starts as
// the client bundle loads, and the first process handed to the client (real processes: a stand-in
// module that only waits).
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ServerProcesses, Unclaimed, codeCacheFolder } from '../../client/src/serverProcess';

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

describe('what starts as the client bundle loads, held for activate()', () => {
  it('is ended, once, when activate() does not claim it in time, and cannot be claimed after', async () => {
    const ended: string[] = [];
    const held = new Unclaimed('client', 50, (value) => ended.push(value));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(ended, ['client']);
    assert.equal(held.claim(), undefined);
    assert.deepEqual(ended, ['client']);
  });

  it('is claimed once, and then never ended by the hold', async () => {
    const ended: string[] = [];
    const held = new Unclaimed('client', 50, (value) => ended.push(value));
    assert.equal(held.claim(), 'client');
    assert.equal(held.claim(), undefined, 'a second claim gets nothing');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(ended, []);
  });
});

describe('the language server process started ahead of the client', function () {
  this.timeout(20_000);
  let dir: string;
  let waiter: string;
  let started: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dw-server-process-'));
    // A stand-in for the server that notes its pid, then waits until it is ended (its IPC channel keeps it alive).
    started = path.join(dir, 'started');
    waiter = path.join(dir, 'waiter.js');
    writeFileSync(waiter, `require('fs').appendFileSync(${JSON.stringify(started)}, process.pid + '\\n');\nsetInterval(() => undefined, 1000);\n`);
  });
  beforeEach(() => rmSync(started, { force: true }));
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

  /** The pids of the stand-ins started so far, once `count` have (looked for every 20 ms, 5 s at most). */
  async function startedPids(count: number): Promise<number[]> {
    const pids = () => (existsSync(started) ? readFileSync(started, 'utf8').split('\n').filter(Boolean).map(Number) : []);
    for (let i = 0; i < 250 && pids().length < count; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    return pids();
  }

  it('is forked once, and is the process the client gets first', async () => {
    const processes = new ServerProcesses({ module: waiter });
    processes.startEarly();
    processes.startEarly();
    const [pid] = await startedPids(1);
    const child = processes.take();
    try {
      assert.equal(child.pid, pid);
      assert.ok(processes.running());
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(await startedPids(1), [pid], 'no second process');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('is ended at once if the client stops before it takes it; the one it took, 2 s after it stopped', async () => {
    const untaken = new ServerProcesses({ module: waiter });
    untaken.startEarly();
    const [early] = await startedPids(1);
    untaken.stopped();
    assert.ok(early !== undefined);
    const taken = new ServerProcesses({ module: waiter });
    taken.startEarly();
    const child = taken.take();
    try {
      await startedPids(2);
      const at = Date.now();
      taken.stopped();
      assert.equal(await endedWithin(child, 5000), 'SIGTERM');
      assert.ok(Date.now() - at >= 1900, 'not before the 2 s the client has to end it itself');
      assert.throws(() => process.kill(early, 0), 'the untaken process is gone');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
