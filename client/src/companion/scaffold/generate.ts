// The files "Add Dockerfile to Workspace" writes, from a complete spec: a Dockerfile, a
// .dockerignore and, on request, a compose file. Pure: text out, nothing read or written.
// Windows Dockerfiles start with `# escape=`` ` (so `\` is only a path separator) and write exec
// form as JSON (`"C:\\ServiceMonitor.exe"`); every value was checked by values.ts first.
import { describeBuild } from '../../../../shared/windows/releases';
import type { KindFacts } from './detect';
import { imageForHost, type WindowsHost } from './hostRelease';
import {
  FRAMEWORK_ASPNET_IMAGE,
  FRAMEWORK_SDK_IMAGE,
  IIS_IMAGE,
  LINUX_DEFAULTS,
  SERVERCORE_IMAGE,
  dotnetImage,
  kindInfo,
  type DotnetVersion,
  type KindId,
  type WindowsVariant,
} from './kinds';
import { validGoPackage, validGoVersion, validName, validNodeVersion, validRelativePath } from './values';

/** What detection found (or the user answered), and what only the user says. */
export interface ScaffoldSpec extends Pick<KindFacts, 'entry' | 'project' | 'assembly' | 'dotnetVersion' | 'siteDir' | 'lockfile' | 'nodeVersion' | 'pythonDeps' | 'goVersion' | 'goSum'> {
  kind: KindId;
  /** Compose service name. */
  serviceName: string;
  /** The port the app listens on in the container (web kinds have their own). */
  port?: number;
  variant?: WindowsVariant;
  compose: boolean;
}

export const DOCKERFILE = 'Dockerfile';
export const DOCKERIGNORE = '.dockerignore';
export const COMPOSE_FILE = 'compose.yaml';

export interface GeneratedFiles {
  /** File name -> text, in the order they are written. */
  files: Array<{ name: string; text: string }>;
  /** The base images the Dockerfile names (every FROM). */
  baseImages: string[];
  /** The container port the app listens on, when it has one. */
  port?: number;
}

export class ScaffoldSpecError extends Error {}

/** Ports the web kinds listen on by themselves. */
export function fixedPort(kind: KindId): number | undefined {
  switch (kind) {
    case 'iis-static':
    case 'aspnet-framework':
    case 'nginx-static':
      return 80;
    case 'aspnet-core':
      // The .NET 8 and later images set ASPNETCORE_HTTP_PORTS=8080.
      return 8080;
    default:
      return undefined;
  }
}

export function generate(spec: ScaffoldSpec, host?: WindowsHost): GeneratedFiles {
  check(spec);
  const info = kindInfo(spec.kind);
  if (info.os === 'windows' && host === undefined) throw new ScaffoldSpecError(`${info.label} is a Windows image: the host build is needed to choose its tag.`);
  const port = fixedPort(spec.kind) ?? spec.port;
  const d = info.os === 'windows' ? windowsDockerfile(spec, host as WindowsHost, port) : linuxDockerfile(spec, port);
  const files = [
    { name: DOCKERFILE, text: d.lines.join('\n') + '\n' },
    { name: DOCKERIGNORE, text: dockerignore(spec.kind).join('\n') + '\n' },
  ];
  if (spec.compose) files.push({ name: COMPOSE_FILE, text: compose(spec, port, info.os === 'windows' ? host : undefined) });
  return { files, baseImages: d.images, port };
}

function check(spec: ScaffoldSpec): void {
  const bad = (what: string) => {
    throw new ScaffoldSpecError(`Not written: ${what}.`);
  };
  if (!validName(spec.serviceName) || !/^[a-z0-9][a-z0-9_-]*$/.test(spec.serviceName)) bad(`"${spec.serviceName}" is not a compose service name`);
  if (spec.port !== undefined && !(Number.isInteger(spec.port) && spec.port >= 1 && spec.port <= 65535)) bad(`${spec.port} is not a port`);
  for (const [what, value] of [['entry point', spec.entry], ['project file', spec.project], ['site folder', spec.siteDir]] as const) {
    if (value !== undefined && !(what === 'entry point' && spec.kind === 'go' ? validGoPackage(value) : validRelativePath(value))) bad(`the ${what} "${value}" is not a plain relative path`);
  }
  if (spec.assembly !== undefined && !validName(spec.assembly)) bad(`"${spec.assembly}" is not an assembly name`);
  if (spec.nodeVersion !== undefined && !validNodeVersion(spec.nodeVersion)) bad(`"${spec.nodeVersion}" is not a Node.js major version`);
  if (spec.goVersion !== undefined && !validGoVersion(spec.goVersion)) bad(`"${spec.goVersion}" is not a Go version`);
  const needs: Partial<Record<KindId, Array<keyof ScaffoldSpec>>> = {
    'aspnet-framework': ['project'],
    'aspnet-core': ['project', 'assembly', 'dotnetVersion', 'variant'],
    'dotnet-console': ['project', 'assembly', 'dotnetVersion', 'variant'],
    powershell: ['entry'],
    node: ['entry'],
    python: ['entry'],
    go: ['entry'],
  };
  for (const key of needs[spec.kind] ?? []) if (spec[key] === undefined) bad(`${kindInfo(spec.kind).label} needs its ${key}`);
}

/** `a/b.ps1` under `C:\app`: `C:\app\a\b.ps1` (exec() writes it as JSON, `"C:\\app\\a\\b.ps1"`). */
function windowsPath(base: string, rel: string): string {
  return `${base}\\${rel.replace(/\//g, '\\')}`;
}

/** Exec form: a JSON array of strings, so a Windows path's backslashes are written doubled. */
function exec(...args: string[]): string {
  return `[${args.map((a) => JSON.stringify(a)).join(', ')}]`;
}

function copySource(dir: string | undefined): string {
  return dir === undefined || dir === '.' ? '.' : `${dir}/`;
}

interface Dockerfile {
  lines: string[];
  images: string[];
}

const POWERSHELL_SHELL = `SHELL ${exec('powershell', '-NoProfile', '-Command', "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue';")}`;
const SERVICE_MONITOR = `ENTRYPOINT ${exec('C:\\ServiceMonitor.exe', 'w3svc')}`;

function windowsDockerfile(spec: ScaffoldSpec, host: WindowsHost, port: number | undefined): Dockerfile {
  const from = (image: Parameters<typeof imageForHost>[0], stage?: string) => {
    const chosen = imageForHost(image, host);
    images.push(chosen.image);
    return `FROM ${chosen.image}${stage ? ` AS ${stage}` : ''}`;
  };
  const images: string[] = [];
  const source = host.source === 'engine' ? "the engine's build" : host.source === 'settings' ? 'dockerWorkbench.windows.hostBuild' : 'the host chosen';
  const head = [
    '# escape=`',
    `# ${kindInfo(spec.kind).label} for ${describeBuild(host.build)}, build ${host.build}, ${host.isolation === 'hyperv' ? 'Hyper-V' : 'process'} isolation (${source}):`,
    '# the base image tags name the newest release that runs there.',
  ];
  const expose = port === undefined ? [] : [`EXPOSE ${port}`];
  switch (spec.kind) {
    case 'iis-static':
      return {
        lines: [...head, from(IIS_IMAGE), POWERSHELL_SHELL, 'RUN Remove-Item -Recurse -Force C:\\inetpub\\wwwroot\\*', 'WORKDIR C:\\inetpub\\wwwroot', `COPY ${copySource(spec.siteDir)} .`, ...expose, SERVICE_MONITOR],
        images,
      };
    case 'aspnet-framework': {
      const project = spec.project as string;
      // The folder goes to C:\src (a project at the top to C:\src\app), so that the packages
      // folder NuGet restores for packages.config projects is C:\src\packages, where their
      // ..\packages hint paths look.
      const root = project.includes('/') ? 'C:\\src' : 'C:\\src\\app';
      return {
        lines: [
          ...head,
          from(FRAMEWORK_SDK_IMAGE, 'build'),
          `WORKDIR ${root}`,
          'COPY . .',
          `RUN nuget restore ${project} -SolutionDirectory C:\\src`,
          `RUN msbuild ${project} /p:Configuration=Release /p:DeployOnBuild=true /p:WebPublishMethod=FileSystem /p:DeployDefaultTarget=WebPublish /p:PublishUrl=C:\\publish`,
          '',
          from(FRAMEWORK_ASPNET_IMAGE),
          'WORKDIR C:\\inetpub\\wwwroot',
          'COPY --from=build C:\\publish .',
          ...expose,
          SERVICE_MONITOR,
        ],
        images,
      };
    }
    case 'aspnet-core':
    case 'dotnet-console': {
      const version = spec.dotnetVersion as DotnetVersion;
      const variant = spec.variant as WindowsVariant;
      const runtime = spec.kind === 'aspnet-core' ? 'aspnet' : 'runtime';
      return {
        lines: [
          ...head,
          from(dotnetImage('sdk', version, variant), 'build'),
          'WORKDIR C:\\src',
          'COPY . .',
          `RUN dotnet publish ${spec.project} -c Release -o C:\\app`,
          '',
          from(dotnetImage(runtime, version, variant)),
          'WORKDIR C:\\app',
          'COPY --from=build C:\\app .',
          ...expose,
          `ENTRYPOINT ${exec('dotnet', `${spec.assembly}.dll`)}`,
        ],
        images,
      };
    }
    case 'powershell':
      return {
        lines: [
          ...head,
          from(SERVERCORE_IMAGE),
          'WORKDIR C:\\app',
          'COPY . .',
          ...expose,
          `ENTRYPOINT ${exec('powershell', '-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', windowsPath('C:\\app', spec.entry as string))}`,
        ],
        images,
      };
    default:
      throw new ScaffoldSpecError(`${spec.kind} is not a Windows kind`);
  }
}

function linuxDockerfile(spec: ScaffoldSpec, port: number | undefined): Dockerfile {
  const expose = port === undefined ? [] : [`EXPOSE ${port}`];
  switch (spec.kind) {
    case 'node': {
      const image = `node:${spec.nodeVersion ?? LINUX_DEFAULTS.node}-alpine`;
      const install = spec.lockfile ? ['COPY package.json package-lock.json ./', 'RUN npm ci --omit=dev'] : ['COPY package.json ./', 'RUN npm install --omit=dev'];
      return {
        lines: [`FROM ${image}`, 'ENV NODE_ENV=production', 'WORKDIR /app', ...install, 'COPY . .', 'USER node', ...expose, `CMD ${exec('node', spec.entry as string)}`],
        images: [image],
      };
    }
    case 'python': {
      const image = `python:${LINUX_DEFAULTS.python}-slim`;
      const deps =
        spec.pythonDeps === 'requirements'
          ? ['COPY requirements.txt ./', 'RUN pip install --no-cache-dir -r requirements.txt', 'COPY . .']
          : spec.pythonDeps === 'pyproject'
            ? ['COPY . .', 'RUN pip install --no-cache-dir .']
            : ['COPY . .'];
      return {
        lines: [`FROM ${image}`, 'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1', 'WORKDIR /app', ...deps, '# Any user but root: the image has no account to name, a number is enough.', 'USER 10001', ...expose, `CMD ${exec('python', spec.entry as string)}`],
        images: [image],
      };
    }
    case 'go': {
      const build = `golang:${spec.goVersion ?? LINUX_DEFAULTS.go}-alpine`;
      const run = 'gcr.io/distroless/static-debian12:nonroot';
      return {
        lines: [
          `FROM ${build} AS build`,
          'WORKDIR /src',
          spec.goSum ? 'COPY go.mod go.sum ./' : 'COPY go.mod ./',
          'RUN go mod download',
          'COPY . .',
          'ENV CGO_ENABLED=0',
          `RUN go build -trimpath -o /out/app ${spec.entry}`,
          '',
          `FROM ${run}`,
          'COPY --from=build /out/app /app',
          ...expose,
          `ENTRYPOINT ${exec('/app')}`,
        ],
        images: [build, run],
      };
    }
    case 'nginx-static': {
      const image = 'nginx:stable-alpine';
      return { lines: [`FROM ${image}`, `COPY ${copySource(spec.siteDir)} /usr/share/nginx/html/`, ...expose], images: [image] };
    }
    default:
      throw new ScaffoldSpecError(`${spec.kind} is not a Linux kind`);
  }
}

/** What never belongs in the build context: VCS data, editor state, secrets, local builds. */
export function dockerignore(kind: KindId): string[] {
  const common = ['.git', '.vscode', '.idea', '.env', 'Dockerfile', '.dockerignore', 'compose.yaml', 'compose.yml', 'docker-compose*.yml', 'docker-compose*.yaml'];
  const byKind: Partial<Record<KindId, string[]>> = {
    'aspnet-framework': ['**/bin', '**/obj', '.vs', '*.user', 'packages'],
    'aspnet-core': ['**/bin', '**/obj', '.vs', '*.user'],
    'dotnet-console': ['**/bin', '**/obj', '.vs', '*.user'],
    node: ['node_modules', 'npm-debug.log*', 'coverage'],
    python: ['__pycache__', '**/*.pyc', '.venv', 'venv', '.pytest_cache', '.mypy_cache'],
    go: ['bin'],
  };
  return [...common, ...(byKind[kind] ?? [])];
}

function compose(spec: ScaffoldSpec, port: number | undefined, host: WindowsHost | undefined): string {
  const lines = ['services:', `  ${spec.serviceName}:`, '    build:', '      context: .', `      dockerfile: ${DOCKERFILE}`];
  if (port !== undefined) {
    // Port 80 is often taken on the machine (IIS itself, another server): publish it as 8080.
    const published = port === 80 ? 8080 : port;
    lines.push('    ports:', `      - "${published}:${port}"`);
  }
  if (host !== undefined) lines.push(`    isolation: ${host.isolation}`);
  return lines.join('\n') + '\n';
}
