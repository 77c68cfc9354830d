// Run: from an image. Ports (several, validated), detached or interactive, name, network,
// environment, and isolation on Windows engines only; "Run with Last Options" repeats the last
// choices. Interactive runs attach a terminal to the container's TTY through the engine API.
import {
  listNetworks,
  parseKeyValues,
  parsePortMappings,
  removeContainer,
  runContainer,
  startContainer,
  validateContainerName,
  validateIsolation,
  type EngineClient,
  type Isolation,
  type RunResult,
} from '../engine';
import { checkCompat } from '../../../shared/windows/compat';
import { getImageOs } from '../engine/operations';
import { decideRunIsolation, type RunIsolationDecision } from '../engine/runIsolation';
import { duplexPty, openStreamTerminal, type StreamTerminal } from './pty';
import { joinWords } from './promptWords';
import { runMemory } from './runMemory';
import { splitArgs } from './build';
import { optionsArg, resolveImages } from './targets';
import type { CommandSpec, Deps } from './types';

export interface RunChoices {
  ports: string[];
  name: string;
  interactive: boolean;
  network: string;
  env: string[];
  isolation: Isolation | '';
  /** Override the image's command (tests run `sleep`); not asked for. */
  cmd?: string[];
  labels?: Record<string, string>;
}

/** An interactive run also names its terminal and gives what was shown in it. */
export type RunOutcome = RunResult & { terminal?: string; transcript?: () => string };

function validation<T>(r: { ok: true; value: T } | { ok: false; message: string }): string | undefined {
  return r.ok ? undefined : r.message;
}

/** `envOffered` pre-fills the environment prompt (the values this image last ran with). */
async function askChoices(deps: Deps, client: EngineClient, image: string, given: Partial<RunChoices>, envOffered = '', decided?: RunIsolationDecision): Promise<RunChoices | undefined> {
  const engineOs = deps.session.platform?.osType ?? '';
  const title = `Run ${image}`;
  let ports = given.ports;
  if (ports === undefined) {
    const text = await deps.ui.input({
      id: 'run.ports',
      title,
      prompt: 'Ports to publish, host:container, separated by spaces (e.g. 8080:80 8443:443); empty for none',
      value: '',
      validate: (v) => validation(parsePortMappings(splitArgs(v))),
    });
    if (text === undefined) return undefined;
    ports = splitArgs(text);
  }
  let interactive = given.interactive;
  if (interactive === undefined) {
    const mode = await deps.ui.pick({
      id: 'run.mode',
      title,
      placeHolder: 'Run detached or interactive?',
      items: [
        { label: 'Detached', description: 'in the background (docker run -d)', interactive: false },
        { label: 'Interactive', description: 'with a terminal attached to its TTY (docker run -it)', interactive: true },
      ],
    });
    if (!mode) return undefined;
    interactive = mode.interactive;
  }
  let name = given.name;
  if (name === undefined) {
    name = await deps.ui.input({ id: 'run.name', title, prompt: 'Container name (empty: Docker chooses one)', value: '', validate: (v) => validation(validateContainerName(v)) });
    if (name === undefined) return undefined;
  }
  let network = given.network;
  if (network === undefined) {
    const networks = await listNetworks(client);
    const picked = await deps.ui.pick({
      id: 'run.network',
      title,
      placeHolder: 'Network (--net)',
      items: [{ label: 'default', description: "the engine's default network", value: '' }, ...networks.map((n) => ({ label: n.name, description: `${n.driver} · ${n.scope}`, value: n.name }))],
    });
    if (!picked) return undefined;
    network = picked.value;
  }
  let env = given.env;
  if (env === undefined) {
    const text = await deps.ui.input({ id: 'run.env', title, prompt: 'Environment as KEY=VALUE, separated by spaces (empty for none)', value: envOffered, validate: (v) => validation(parseKeyValues(splitArgs(v))) });
    if (text === undefined) return undefined;
    env = splitArgs(text);
  }
  let isolation = given.isolation;
  if (isolation === undefined) {
    isolation = '';
    // Isolation is a Windows engine option: never asked on Linux.
    if (engineOs === 'windows') {
      // What works is offered first: "default" here means the isolation this image runs under.
      const works = decided?.ok ? decided.isolation : undefined;
      const picked = await deps.ui.pick({
        id: 'run.isolation',
        title,
        placeHolder: works ? `Isolation (${works} runs this image here)` : 'Isolation',
        items: [
          { label: 'default', description: works ? `${works}: ${decided?.ok ? decided.note : ''}` : "the engine's default", value: '' as const },
          { label: 'process', description: 'shares the host kernel; image build must match the host', value: 'process' as const },
          { label: 'hyperv', description: 'a utility VM; runs older images', value: 'hyperv' as const },
        ],
      });
      if (!picked) return undefined;
      isolation = picked.value;
    }
  }
  return { ports, interactive, name, network, env, isolation, cmd: given.cmd, labels: given.labels };
}

/**
 * On a Windows engine: the image's OsVersion against the host build (shared/windows). Refused when
 * no isolation runs it; otherwise the isolation that works when none was chosen, and a refusal when
 * the one chosen cannot run it. Read before anything is asked or created.
 */
async function isolationDecision(deps: Deps, client: EngineClient, image: string): Promise<RunIsolationDecision> {
  const host = deps.session.platform;
  if (!host || host.osType !== 'windows') return { ok: true, note: '' };
  return decideRunIsolation(host, await getImageOs(client, image), image);
}

async function effectiveIsolation(deps: Deps, client: EngineClient, image: string, chosen: Isolation | '', decided?: RunIsolationDecision): Promise<Isolation | ''> {
  const decision = decided ?? (await isolationDecision(deps, client, image));
  if (!decision.ok) throw new Error(decision.message);
  if (!chosen || chosen === 'default') return decision.isolation ?? chosen;
  const host = deps.session.platform;
  if (host?.windowsBuild !== undefined && decision.isolation) {
    const os = await getImageOs(client, image);
    if (os.build !== undefined) {
      const check = checkCompat(host.windowsBuild, os.build, chosen, { hostRevision: host.windowsRevision, imageRevision: os.revision });
      if (!check.runs) throw new Error(`${image} does not run in ${chosen} isolation on this host: ${check.reason}. ${decision.isolation} isolation runs it: choose that, or "default".`);
    }
  }
  return chosen;
}

async function runWith(deps: Deps, client: EngineClient, image: string, choices: RunChoices, decided?: RunIsolationDecision): Promise<RunOutcome> {
  const engineOs = deps.session.platform?.osType ?? '';
  choices = { ...choices, isolation: await effectiveIsolation(deps, client, image, choices.isolation, decided) };
  // The same checks the prompts make, for callers that pass options directly.
  for (const check of [
    validation(parsePortMappings(choices.ports)),
    validation(validateContainerName(choices.name)),
    validation(parseKeyValues(choices.env)),
    validation(validateIsolation(choices.isolation || undefined, engineOs)),
  ]) {
    if (check) throw new Error(check);
  }
  const base = {
    image,
    name: choices.name || undefined,
    ports: choices.ports,
    env: choices.env,
    network: choices.network || undefined,
    isolation: choices.isolation || undefined,
    engineOs,
    cmd: choices.cmd,
    labels: choices.labels,
    interactive: choices.interactive,
  };
  if (!choices.interactive) {
    const result = await runContainer(client, base);
    deps.session.markStale(['containers']);
    void deps.ui.info(`Started ${result.name} from ${image}.`);
    return result;
  }
  // Interactive: create, attach a terminal to the TTY, then start, so the first output is seen.
  const created = await runContainer(client, { ...base, createOnly: true });
  const container = client.docker.getContainer(created.id);
  const name = `${created.name} (${image})`;
  let attached: NodeJS.ReadWriteStream | undefined;
  let t: StreamTerminal | undefined;
  try {
    const stream = (await client.call(() => container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true }))) as NodeJS.ReadWriteStream;
    attached = stream;
    t = openStreamTerminal(name, async () => duplexPty(stream, async (w, h) => void (await container.resize({ w, h }))), { rawTty: true, iconId: 'vm-running' });
    t.terminal.show();
    await startContainer(client, created.id);
  } catch (err) {
    // A start that fails (a port taken, a command the image lacks) would leave the container this
    // run created behind as "created": it goes, and only it, and the start's error is reported.
    t?.terminal.dispose();
    (attached as { destroy?: () => void } | undefined)?.destroy?.();
    await removeContainer(client, created.id, { force: true }).catch((removeErr: unknown) => {
      void deps.ui.warn(`${created.name} did not start and could not be removed: ${removeErr instanceof Error ? removeErr.message : String(removeErr)}`);
    });
    deps.session.markStale(['containers']);
    throw err;
  }
  deps.session.markStale(['containers']);
  return { ...created, terminal: name, transcript: t.transcript };
}

async function imageRef(deps: Deps, args: readonly unknown[]): Promise<string | undefined> {
  const images = await resolveImages(deps, args[0], undefined, 'run', false);
  const image = images?.[0];
  if (!image) return undefined;
  return image.repoTags[0] ?? image.id;
}

export async function runCommand(deps: Deps, ...args: unknown[]): Promise<RunOutcome | undefined> {
  const image = await imageRef(deps, args);
  if (!image) return undefined;
  const client = await deps.session.requireClient();
  // An image the host cannot run is refused before any question (and before anything is created).
  const decided = await isolationDecision(deps, client, image);
  if (!decided.ok) throw new Error(decided.message);
  const memory = runMemory(deps.extension);
  const choices = await askChoices(deps, client, image, optionsArg<RunChoices>(args.slice(1)), joinWords((await memory.envFor(image)) ?? []), decided);
  if (!choices) return undefined;
  const result = await runWith(deps, client, image, choices, decided);
  await memory.remember(image, choices);
  return result;
}

export async function runLastCommand(deps: Deps, ...args: unknown[]): Promise<RunOutcome | undefined> {
  const last = await runMemory(deps.extension).last();
  if (!last) {
    await deps.ui.info('No earlier run to repeat: use "Run" first.');
    return undefined;
  }
  // On an image node: that image with the last options; from the palette: the last image too.
  const image = args[0] !== undefined ? await imageRef(deps, args) : last.image;
  if (!image) return undefined;
  const client = await deps.session.requireClient();
  const decided = await isolationDecision(deps, client, image);
  if (!decided.ok) throw new Error(decided.message);
  let choices: RunChoices | undefined = { ...last, env: last.env ?? [], name: '' };
  if (last.env === undefined) {
    // The values are gone from SecretStorage (cleared, or another machine): ask for them again.
    choices = await askChoices(deps, client, image, { ...last, env: undefined, name: '' }, joinWords(last.envNames.map((n) => `${n}=`)), decided);
    if (!choices) return undefined;
  }
  return runWith(deps, client, image, choices, decided);
}

// An image this workspace built runs what the workspace wrote, with options remembered for it.
const RUN_UNTRUSTED = 'Run starts a container from an image (perhaps built from this workspace) with the options remembered for this workspace.';

export const runCommands: CommandSpec[] = [
  { id: 'dockerWorkbench.image.run', untrusted: RUN_UNTRUSTED, run: runCommand },
  { id: 'dockerWorkbench.image.runLast', untrusted: RUN_UNTRUSTED, run: runLastCommand },
];
