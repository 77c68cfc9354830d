// Shared by the engine tests: where the private engine is (scripts/engine-host.sh), a client for
// it, the offline image, and clean-up of what a test created. Never pulls; unix sockets only.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EngineClient, listContainers, parseHostUrl, removeContainer, type EngineClientOptions, type EngineEventStream } from '../../client/src/engine';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const ENGINE_DIR = process.env.DOCKER_WORKBENCH_ENGINE_DIR || path.join(REPO_ROOT, '.cache', 'engine');
export const ENGINE_SOCKET = path.join(ENGINE_DIR, 'docker.sock');
export const ENGINE_URL = `unix://${ENGINE_SOCKET}`;
export const TEST_IMAGE = process.env.DOCKER_WORKBENCH_ENGINE_IMAGE || 'workbench-busybox:latest';
/** The engine's TLS listener (scripts/engine-host.sh): its CA, server and client certificates. */
export const ENGINE_TLS_DIR = path.join(ENGINE_DIR, 'tls');
/** A DOCKER_CERT_PATH for the TLS listener: ca.pem, cert.pem, key.pem. */
export const ENGINE_TLS_CLIENT_DIR = path.join(ENGINE_TLS_DIR, 'client');

/** The TLS listener's port on 127.0.0.1; fails loudly when the engine was started without it. */
export function engineTlsPort(): number {
  const file = path.join(ENGINE_DIR, 'tls-port');
  const port = Number(fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : NaN);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`no TLS listener port in ${file}: start the engine with scripts/engine-host.sh start`);
  return port;
}

/** Every container a test creates carries this label, so clean-up finds them all. */
export const TEST_LABEL = 'dev.docker-workbench.test';

export function engineClient(options: EngineClientOptions = {}): EngineClient {
  return new EngineClient(parseHostUrl(ENGINE_URL, 'setting', 'test engine'), options);
}

/** Fails loudly (not a skip) when the private engine is not up: the tier's prepare step starts it. */
export async function requireEngine(): Promise<EngineClient> {
  const c = engineClient();
  await c.connect({ timeoutMs: 5000 });
  return c;
}

export function engineScript(cmd: 'start' | 'stop' | 'status'): { status: number | null; output: string } {
  const r = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'engine-host.sh'), cmd], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

export async function removeTestContainers(c: EngineClient): Promise<void> {
  const all = await listContainers(c, { all: true });
  for (const ct of all) if (ct.labels[TEST_LABEL]) await removeContainer(c, ct.id, { force: true }).catch(() => undefined);
}

/** Folders made by tempDir in this process, removed when it exits (a test may still read one in its after hooks). */
const madeDirs: string[] = [];
process.once('exit', () => {
  for (const dir of madeDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dw-engine-${prefix}-`));
  madeDirs.push(dir);
  return dir;
}

/** Polls `check` every `everyMs` until it returns a value, at most `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
}

export function uniqueName(prefix: string): string {
  return `dw-${prefix}-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
}

/**
 * Resolves once `stream` delivers events. The engine sends /events' headers before it subscribes
 * the request (moby's getEvents flushes, then calls SubscribeToEvents), so an event made right
 * after start() resolved can come before the subscription and is never sent. Until one of them
 * is seen, each check makes a labelled probe volume (a `volume create` event); they are removed.
 */
export async function untilEventsFlow(c: EngineClient, stream: EngineEventStream): Promise<void> {
  const probes: string[] = [];
  let flowing = false;
  const listening = stream.onEvent((e) => {
    if (e.type === 'volume' && e.verb === 'create' && probes.includes(e.id)) flowing = true;
  });
  try {
    await waitFor('the events subscription to deliver a probe event', async () => {
      if (flowing) return true;
      const name = uniqueName('events-probe');
      probes.push(name);
      await c.call(() => c.docker.createVolume({ Name: name, Labels: { [TEST_LABEL]: '1' } }));
      return undefined;
    });
  } finally {
    listening.dispose();
    for (const name of probes) await c.call(() => c.docker.getVolume(name).remove()).catch(() => undefined);
  }
}
