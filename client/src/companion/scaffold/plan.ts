// From what detection found to a complete spec: which questions remain for a kind, each with its
// id (tests answer by it), its choices or default, its check, and where its answer goes.
import type { KindFacts } from './detect';
import { fixedPort, type ScaffoldSpec } from './generate';
import { DOTNET_VERSIONS, kindInfo, type KindId } from './kinds';
import { goPackageProblem, parsePort, portProblem, relativePathProblem, validName } from './values';

export interface Choice {
  label: string;
  description?: string;
  value: string;
}

export interface Question {
  /** The prompt id: `scaffold.entry`, `scaffold.port`, ... */
  id: string;
  prompt: string;
  /** A pick among these; otherwise an input box. */
  choices?: Choice[];
  /** The input box's initial value. */
  value?: string;
  validate?: (text: string) => string | undefined;
  /** Puts the answer into the spec. */
  apply(spec: ScaffoldSpec, answer: string): void;
}

const DEFAULT_PORTS: Partial<Record<KindId, number>> = { node: 3000, python: 8000, go: 8080 };

/** The spec as far as the files say, before any question. */
export function initialSpec(kind: KindId, facts: KindFacts | undefined, serviceName: string): ScaffoldSpec {
  const f = facts ?? {};
  return {
    kind,
    serviceName,
    entry: f.entry,
    project: f.project,
    assembly: f.assembly,
    dotnetVersion: f.dotnetVersion,
    siteDir: f.siteDir ?? (kind === 'iis-static' || kind === 'nginx-static' ? '.' : undefined),
    lockfile: f.lockfile,
    nodeVersion: f.nodeVersion,
    pythonDeps: f.pythonDeps ?? (kind === 'python' ? 'none' : undefined),
    goVersion: f.goVersion,
    goSum: f.goSum,
    compose: false,
  };
}

/** What is still unknown for the kind, in the order it is asked. */
export function questionsFor(kind: KindId, facts: KindFacts | undefined): Question[] {
  const f = facts ?? {};
  const qs: Question[] = [];
  const label = kindInfo(kind).label;
  const dotnet = kind === 'aspnet-core' || kind === 'dotnet-console' || kind === 'aspnet-framework';
  if (dotnet && f.project === undefined) {
    qs.push(
      f.projectChoices && f.projectChoices.length > 0
        ? { id: 'scaffold.project', prompt: `${label}: which project?`, choices: f.projectChoices.map((p) => ({ label: p, value: p })), apply: projectAnswer }
        : { id: 'scaffold.project', prompt: `${label}: the project file, relative to the folder (App/App.csproj)`, validate: csprojProblem, apply: projectAnswer },
    );
  }
  if ((kind === 'aspnet-core' || kind === 'dotnet-console') && f.project !== undefined && f.assembly === undefined) {
    qs.push({
      id: 'scaffold.assembly',
      prompt: `${label}: the assembly the project builds (its .dll's name, without .dll)`,
      validate: (v) => (validName(v.trim()) ? undefined : 'Letters, digits, _ . - only.'),
      apply: (spec, v) => (spec.assembly = v.trim()),
    });
  }
  if ((kind === 'aspnet-core' || kind === 'dotnet-console') && f.dotnetVersion === undefined) {
    const why = f.targetFramework ? `the project targets ${f.targetFramework}, which has no maintained image` : 'the project does not say';
    qs.push({
      id: 'scaffold.dotnetVersion',
      prompt: `Which .NET image version (${why})?`,
      choices: DOTNET_VERSIONS.map((v) => ({ label: v, value: v, description: v === '10.0' ? 'Windows Server 2022 and later only' : 'Windows Server 2019 and later' })),
      apply: (spec, v) => (spec.dotnetVersion = v as ScaffoldSpec['dotnetVersion']),
    });
  }
  if (kind === 'aspnet-core' || kind === 'dotnet-console') {
    qs.push({
      id: 'scaffold.variant',
      prompt: `${label}: which Windows base?`,
      choices: [
        { label: 'Nano Server', value: 'nanoserver', description: 'small (about 120 MB); no PowerShell, no full .NET Framework' },
        { label: 'Server Core', value: 'servercore', description: 'larger; Windows PowerShell and the Windows APIs most apps need' },
      ],
      apply: (spec, v) => (spec.variant = v as ScaffoldSpec['variant']),
    });
  }
  if ((kind === 'powershell' || kind === 'go') && f.entry === undefined && f.entryChoices && f.entryChoices.length > 0) {
    qs.push({
      id: 'scaffold.entry',
      prompt: kind === 'go' ? 'Which command to build?' : 'Which script runs the app?',
      choices: f.entryChoices.map((e) => ({ label: e, value: e })),
      apply: (spec, v) => (spec.entry = v),
    });
  } else if ((kind === 'powershell' || kind === 'node' || kind === 'python' || kind === 'go') && f.entry === undefined) {
    const examples: Partial<Record<KindId, string>> = { powershell: 'run.ps1', node: 'server.js', python: 'app.py', go: '.' };
    qs.push({
      id: 'scaffold.entry',
      prompt: kind === 'go' ? 'The package to build (. or ./cmd/NAME)' : `${label}: the file that starts the app, relative to the folder`,
      value: examples[kind],
      validate: kind === 'go' ? goPackageProblem : relativePathProblem,
      apply: (spec, v) => (spec.entry = v.trim()),
    });
  }
  if (fixedPort(kind) === undefined && kind !== 'powershell' && kind !== 'dotnet-console') {
    qs.push({
      id: 'scaffold.port',
      prompt: `${label}: the port the app listens on in the container (empty: none)`,
      value: String(DEFAULT_PORTS[kind] ?? ''),
      validate: portProblem,
      apply: (spec, v) => (spec.port = parsePort(v)),
    });
  }
  return qs;
}

function csprojProblem(text: string): string | undefined {
  return relativePathProblem(text.trim()) ?? (/\.csproj$/i.test(text.trim()) ? undefined : 'The project file ends in .csproj.');
}

function projectAnswer(spec: ScaffoldSpec, value: string): void {
  const project = value.trim();
  spec.project = project;
  // The assembly is the project's name unless the file said otherwise (detection read it then).
  if (spec.assembly === undefined) {
    const name = project.slice(project.lastIndexOf('/') + 1).replace(/\.csproj$/i, '');
    if (validName(name)) spec.assembly = name;
  }
}

export const COMPOSE_QUESTION: Question = {
  id: 'scaffold.compose',
  prompt: 'Also write a compose file (compose.yaml)?',
  choices: [
    { label: 'No', value: 'no', description: 'Dockerfile and .dockerignore only' },
    { label: 'Yes', value: 'yes', description: 'compose.yaml with one service built from the Dockerfile' },
  ],
  apply: (spec, v) => (spec.compose = v === 'yes'),
};
