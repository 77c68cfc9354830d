// Short documentation of each Dockerfile instruction and its flags, for hover and completion.
// Written for this project; the Windows notes are the ones that bite in practice (WINDOWS.md).

export interface FlagDoc {
  name: string;
  doc: string;
  /** Values worth offering after `--name=`. */
  values?: readonly string[];
  /** Placeholder inserted with the flag when it takes a free value. */
  placeholder?: string;
}

export interface InstructionDoc {
  keyword: string;
  summary: string;
  syntax: readonly string[];
  /** Completion snippet (LSP snippet syntax) for the arguments after the keyword. */
  snippet: string;
  flags: readonly FlagDoc[];
  windows?: string;
}

const CHOWN: FlagDoc = { name: 'chown', doc: 'Owner (user:group) of the copied files. Not supported for Windows containers.', placeholder: 'user:group' };
const CHMOD: FlagDoc = { name: 'chmod', doc: 'Permission bits of the copied files. Not supported for Windows containers.', placeholder: '0755' };
const LINK: FlagDoc = { name: 'link', doc: 'Copy into an independent layer, so the layer survives changes to earlier ones (BuildKit).' };
const EXCLUDE: FlagDoc = { name: 'exclude', doc: 'A path pattern to leave out of the copy (BuildKit, recent syntax).', placeholder: 'pattern' };

const SHELL_FORM_NOTE =
  'The exec form must be valid JSON: on Windows write `"C:\\\\app\\\\run.exe"` or `"C:/app/run.exe"`; ' +
  'a single backslash makes Docker fall back to shell form silently.';

export const INSTRUCTION_DOCS: readonly InstructionDoc[] = [
  {
    keyword: 'FROM',
    summary: 'Starts a build stage on a base image (or `scratch`, or an earlier stage named with `AS`).',
    syntax: ['FROM [--platform=<platform>] <image>[:<tag>|@<digest>] [AS <name>]'],
    snippet: '${1:image}:${2:tag}',
    flags: [{ name: 'platform', doc: 'Platform of the base image, such as `linux/amd64` or `windows/amd64`.', values: ['linux/amd64', 'linux/arm64', 'windows/amd64', '$BUILDPLATFORM', '$TARGETPLATFORM'] }],
    windows: 'A Windows base image runs only on hosts whose build fits it: the same build in process isolation (a range from Server 2022 on), the same or older in Hyper-V isolation.',
  },
  {
    keyword: 'RUN',
    summary: 'Runs a command in a new layer on top of the current image and commits the result.',
    syntax: ['RUN <command>', 'RUN ["executable", "arg", ...]'],
    snippet: '${1:command}',
    flags: [
      { name: 'mount', doc: 'Mounts a cache, secret, ssh agent, bind or tmpfs for this command only (BuildKit).', placeholder: 'type=cache,target=/root/.cache' },
      { name: 'network', doc: 'Network for this command: `default`, `none` or `host` (BuildKit).', values: ['default', 'none', 'host'] },
      { name: 'security', doc: 'Run `insecure` (privileged) or `sandbox` (default); needs an entitlement (BuildKit).', values: ['sandbox', 'insecure'] },
    ],
    windows: 'Shell form runs under `cmd /S /C` unless SHELL changes it. ' + SHELL_FORM_NOTE,
  },
  {
    keyword: 'CMD',
    summary: 'The default command (or default arguments to ENTRYPOINT) of a container. Only the last CMD counts.',
    syntax: ['CMD ["executable", "arg", ...]', 'CMD ["arg", ...]  (arguments to ENTRYPOINT)', 'CMD <command>'],
    snippet: '["${1:executable}"${2:, "${3:arg}"}]',
    flags: [],
    windows: SHELL_FORM_NOTE,
  },
  {
    keyword: 'LABEL',
    summary: 'Adds key=value metadata to the image.',
    syntax: ['LABEL <key>=<value> [<key>=<value> ...]'],
    snippet: '${1:key}="${2:value}"',
    flags: [],
  },
  {
    keyword: 'MAINTAINER',
    summary: 'Deprecated: sets the author field. Use `LABEL org.opencontainers.image.authors=...` instead.',
    syntax: ['MAINTAINER <name>'],
    snippet: '${1:name}',
    flags: [],
  },
  {
    keyword: 'EXPOSE',
    summary: 'Documents the ports the container listens on. It publishes nothing by itself.',
    syntax: ['EXPOSE <port>[/<protocol>] ...'],
    snippet: '${1:80}',
    flags: [],
  },
  {
    keyword: 'ENV',
    summary: 'Sets environment variables for the following instructions and for containers of the image.',
    syntax: ['ENV <key>=<value> ...'],
    snippet: '${1:KEY}=${2:value}',
    flags: [],
  },
  {
    keyword: 'ADD',
    summary: 'Copies files, URLs or git repositories into the image; local tar archives are extracted. Prefer COPY for plain files.',
    syntax: ['ADD [--chown=<user>:<group>] [--chmod=<perms>] <src> ... <dest>', 'ADD ["<src>", ... "<dest>"]'],
    snippet: '${1:src} ${2:dest}',
    flags: [
      CHOWN,
      CHMOD,
      LINK,
      EXCLUDE,
      { name: 'checksum', doc: 'Expected digest of a remote source (`sha256:...`).', placeholder: 'sha256:' },
      { name: 'keep-git-dir', doc: 'Keep the `.git` directory when adding a git repository.', values: ['true', 'false'] },
    ],
    windows: 'A destination ending in `\\` continues the line under the default escape character: use `# escape=`` ` or forward slashes.',
  },
  {
    keyword: 'COPY',
    summary: 'Copies files from the build context (or another stage with `--from`) into the image.',
    syntax: ['COPY [--from=<stage>] [--chown=<user>:<group>] [--chmod=<perms>] <src> ... <dest>', 'COPY ["<src>", ... "<dest>"]'],
    snippet: '${1:src} ${2:dest}',
    flags: [
      { name: 'from', doc: 'Copy from a build stage (name or index) or an image instead of the build context.', placeholder: 'stage' },
      CHOWN,
      CHMOD,
      LINK,
      EXCLUDE,
      { name: 'parents', doc: 'Keep the parent directories of the sources (BuildKit, recent syntax).' },
    ],
    windows: 'A destination ending in `\\` continues the line under the default escape character: use `# escape=`` ` or forward slashes.',
  },
  {
    keyword: 'ENTRYPOINT',
    summary: 'The executable a container runs; CMD supplies its default arguments.',
    syntax: ['ENTRYPOINT ["executable", "arg", ...]', 'ENTRYPOINT <command>'],
    snippet: '["${1:executable}"${2:, "${3:arg}"}]',
    flags: [],
    windows: SHELL_FORM_NOTE,
  },
  {
    keyword: 'VOLUME',
    summary: 'Marks paths as mount points for volumes; later changes to them in the build are discarded.',
    syntax: ['VOLUME ["<path>", ...]', 'VOLUME <path> ...'],
    snippet: '${1:/data}',
    flags: [],
    windows: 'On Windows the path must be a directory that does not exist or is empty, or a drive other than C:.',
  },
  {
    keyword: 'USER',
    summary: 'Sets the user (and group) for the following RUN, CMD and ENTRYPOINT instructions.',
    syntax: ['USER <user>[:<group>]'],
    snippet: '${1:user}',
    flags: [],
    windows: 'Windows images know `ContainerUser` and `ContainerAdministrator`.',
  },
  {
    keyword: 'WORKDIR',
    summary: 'Sets the working directory for the following instructions, creating it if needed.',
    syntax: ['WORKDIR <path>'],
    snippet: '${1:/app}',
    flags: [],
  },
  {
    keyword: 'ARG',
    summary: 'Declares a build argument (`--build-arg`). Before the first FROM it is visible to FROM lines only, unless redeclared in the stage.',
    syntax: ['ARG <name>[=<default>] ...'],
    snippet: '${1:NAME}${2:=${3:default}}',
    flags: [],
  },
  {
    keyword: 'ONBUILD',
    summary: 'Registers an instruction to run when another build uses this image as its base.',
    syntax: ['ONBUILD <INSTRUCTION>'],
    snippet: '${1:RUN} ${2:command}',
    flags: [],
  },
  {
    keyword: 'STOPSIGNAL',
    summary: 'The signal sent to stop the container.',
    syntax: ['STOPSIGNAL <signal>'],
    snippet: '${1:SIGTERM}',
    flags: [],
  },
  {
    keyword: 'HEALTHCHECK',
    summary: 'How Docker tests that the container still works (`CMD ...`), or `NONE` to turn off an inherited check.',
    syntax: ['HEALTHCHECK [--interval=<d>] [--timeout=<d>] [--start-period=<d>] [--retries=<n>] CMD <command>', 'HEALTHCHECK NONE'],
    snippet: 'CMD ${1:command}',
    flags: [
      { name: 'interval', doc: 'Time between checks (default 30s).', placeholder: '30s' },
      { name: 'timeout', doc: 'Time a check may take before it counts as failed (default 30s).', placeholder: '30s' },
      { name: 'start-period', doc: 'Start-up time during which failures do not count (default 0s).', placeholder: '5s' },
      { name: 'start-interval', doc: 'Time between checks during the start period.', placeholder: '5s' },
      { name: 'retries', doc: 'Consecutive failures before the container is unhealthy (default 3).', placeholder: '3' },
    ],
    windows: SHELL_FORM_NOTE,
  },
  {
    keyword: 'SHELL',
    summary: 'Changes the shell that runs shell-form commands. Must be written in exec (JSON) form.',
    syntax: ['SHELL ["executable", "parameters"]'],
    snippet: '["${1:powershell}", "${2:-Command}"]',
    flags: [],
    windows: 'Common on Windows: `SHELL ["powershell", "-Command", "$ErrorActionPreference = \'Stop\';"]`.',
  },
];

const BY_KEYWORD = new Map(INSTRUCTION_DOCS.map((d) => [d.keyword, d]));

export function instructionDoc(keyword: string): InstructionDoc | undefined {
  return BY_KEYWORD.get(keyword.toUpperCase());
}

export function instructionMarkdown(doc: InstructionDoc): string {
  const parts = [`**${doc.keyword}**: ${doc.summary}`, '```dockerfile\n' + doc.syntax.join('\n') + '\n```'];
  if (doc.flags.length > 0) parts.push(doc.flags.map((f) => `- \`--${f.name}\`: ${f.doc}`).join('\n'));
  if (doc.windows !== undefined) parts.push(`*Windows:* ${doc.windows}`);
  return parts.join('\n\n');
}
