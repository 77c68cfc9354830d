// The environment (the names in the image config's Config.Env) of widely used official base images,
// so UndefinedVar can judge a stage built on one of them without an engine, as BuildKit does.
//
// Only names, never values: a value changes with every release, the name set does not.
//
// Tags. A repository's ENV names come from its Dockerfile template, which changes rarely. Each entry
// lists the union of the names seen across the tags read, so a tag that lacks one of them only makes
// the rule miss a finding, never report a wrong one. An entry covers every tag of its repository
// unless the repository also publishes images from another template (Windows variants of python
// and golang, old .NET Framework versions): the tag pattern leaves those out and they stay unknown.
//
// How each entry was established:
// - `published-config`: the Config.Env of published images as `docker inspect` shows it, recorded in
//   docker-library/repo-info (repos/NAME/local/TAG.md, "Environment:"), or the image history
//   (repos/NAME/remote/TAG.md, one `ENV` line per instruction) for tags no longer published;
// - `dockerfile`: the ENV instructions of the image's published Dockerfile and of the image it is
//   built on;
// - `maintainer-statement`: the image maintainers' own published statement of its config;
// - `inferred`: not read; follows from how the image is made (said in `note`).

export type EnvEvidence = 'published-config' | 'dockerfile' | 'maintainer-statement' | 'inferred';

export interface ImageEnvTableEntry {
  /**
   * Repositories covered: a Docker Hub official image by its short name (`alpine`, also matching
   * `library/alpine`, `docker.io/library/alpine` and a mirror's `.../library/alpine`), anything
   * else by registry and path (`mcr.microsoft.com/windows/servercore`).
   */
  repositories: readonly string[];
  /** Tags covered (the whole tag must match); undefined: every tag, and a digest-only reference. */
  tags?: RegExp;
  /** Tags left out (matched anywhere in the tag). */
  excludeTags?: RegExp;
  /**
   * The repository's shared tags (`3.12`, `latest`) are manifest lists that also hold Windows
   * images, which a Windows build gets instead: then this (Linux) entry does not apply.
   */
  sharedTagsIncludeWindows?: boolean;
  os: 'linux' | 'windows';
  /** Config.Env names. Linux entries list PATH, which every one of them sets. */
  names: readonly string[];
  evidence: EnvEvidence;
  /** Where the config was read. */
  source: string;
  note?: string;
}

/** The default PATH BuildKit (and the classic builder) give a Linux image built without `ENV PATH`. */
const ONLY_PATH = ['PATH'];

// Windows variants of multi-OS repositories are built from other templates (PATH is set with setx,
// in the registry, not in the config), and were not read: they stay unknown.
const WINDOWS_TAG = /windowsservercore|nanoserver|windows/i;

const DOTNET_RUNTIME = ['DOTNET_RUNNING_IN_CONTAINER', 'COMPLUS_RUNNING_IN_CONTAINER', 'COMPLUS_NGenProtectedProcess_FeatureEnabled'];
/** 3.5, 4.8 and 4.8.1, the versions whose Dockerfiles were read; 4.6.2 to 4.7.2 were not. */
const DOTNET_READ_VERSIONS = /(?:3\.5|4\.8|4\.8\.1)(?:-.*)?/;
const DOTNET_SOURCE = 'microsoft/dotnet-framework-docker';

export const IMAGE_ENV_TABLE: readonly ImageEnvTableEntry[] = [
  {
    repositories: ['alpine'],
    os: 'linux',
    names: ONLY_PATH,
    evidence: 'published-config',
    source: 'docker-library/repo-info repos/alpine/local: alpine 3.14.8 to 3.24.2 and edge',
    note: 'FROM scratch, ADD of the minirootfs, CMD: no ENV, so every tag has only the default PATH.',
  },
  {
    repositories: ['busybox'],
    os: 'linux',
    names: ONLY_PATH,
    evidence: 'published-config',
    source: 'docker-library/repo-info repos/busybox/local: busybox 1.35 to 1.38, glibc, musl and uclibc',
    note: 'FROM scratch, ADD, CMD: no ENV in any variant.',
  },
  {
    repositories: ['debian'],
    os: 'linux',
    names: ONLY_PATH,
    evidence: 'published-config',
    source: 'docker-library/repo-info repos/debian/local (buster to forky, slim too); repos/buildpack-deps/local shows the same for images built on it',
    note: 'debuerreotype rootfs: FROM scratch, ADD, CMD ["bash"].',
  },
  {
    repositories: ['ubuntu'],
    os: 'linux',
    names: ONLY_PATH,
    evidence: 'published-config',
    source: 'docker-library/repo-info repos/ubuntu/local/24.04.md (Environment: PATH only; trusty to resolute are built alike)',
    note: 'ARG RELEASE and ARG LAUNCHPAD_BUILD_ARCH in its Dockerfile are build arguments, not ENV.',
  },
  {
    repositories: ['buildpack-deps'],
    os: 'linux',
    names: ONLY_PATH,
    evidence: 'published-config',
    source: 'docker-library/repo-info repos/buildpack-deps/local: wheezy-scm, buster, kinetic-scm, trixie, trixie-curl, forky-scm',
  },
  {
    repositories: ['node'],
    os: 'linux',
    names: ['PATH', 'NODE_VERSION', 'YARN_VERSION', 'NPM_CONFIG_LOGLEVEL', 'NPM_VERSION'],
    evidence: 'published-config',
    source:
      'docker-library/repo-info repos/node/local/26-slim.md (PATH, NODE_VERSION); nodejs/docker-node Dockerfile-debian.template (ENV NODE_VERSION, ENV YARN_VERSION); older nodejs/docker-node Dockerfiles (NPM_CONFIG_LOGLEVEL in the node 4 to 8 years, NPM_VERSION in 0.10)',
    note: 'Node 26 images no longer set YARN_VERSION; the union keeps it for older tags. The repository publishes no Windows images.',
  },
  {
    repositories: ['python'],
    excludeTags: WINDOWS_TAG,
    sharedTagsIncludeWindows: true,
    os: 'linux',
    names: [
      'PATH',
      'LANG',
      'GPG_KEY',
      'PYTHON_VERSION',
      'PYTHON_SHA256',
      'PYTHON_PIP_VERSION',
      'PYTHON_SETUPTOOLS_VERSION',
      'PYTHON_GET_PIP_URL',
      'PYTHON_GET_PIP_SHA256',
    ],
    evidence: 'published-config',
    source: 'docker-library/repo-info repos/python/local: 3.12.14-alpine3.24 (PYTHON_SHA256) and 3.10.9-alpine3.17 (PYTHON_PIP_VERSION, PYTHON_SETUPTOOLS_VERSION, PYTHON_GET_PIP_*); docker-library/python 2.7/Dockerfile',
  },
  {
    repositories: ['golang'],
    excludeTags: WINDOWS_TAG,
    sharedTagsIncludeWindows: true,
    os: 'linux',
    names: ['PATH', 'GOLANG_VERSION', 'GOTOOLCHAIN', 'GOPATH', 'GOLANG_SRC_URL', 'GOLANG_SRC_SHA256', 'GOLANG_DOWNLOAD_URL', 'GOLANG_DOWNLOAD_SHA256'],
    evidence: 'published-config',
    source:
      'docker-library/repo-info repos/golang/local: 1.26.5-alpine3.23 (GOTOOLCHAIN) and 1.18.10-alpine3.17; image histories of the 1.6 and 1.7 tags (GOLANG_SRC_*, GOLANG_DOWNLOAD_*)',
  },
  {
    repositories: ['nginx'],
    os: 'linux',
    names: ['PATH', 'NGINX_VERSION', 'NJS_VERSION', 'NJS_RELEASE', 'PKG_RELEASE', 'DYNPKG_RELEASE', 'ACME_VERSION', 'OTEL_VERSION'],
    evidence: 'published-config',
    source:
      'docker-library/repo-info repos/nginx/local/1.22-alpine.md (NGINX_VERSION, NJS_VERSION, PKG_RELEASE) and repos/nginx/remote/mainline-alpine3.23-otel.md (DYNPKG_RELEASE, NJS_RELEASE, ACME_VERSION, OTEL_VERSION)',
    note: 'The slim, perl and otel variants set subsets of these names.',
  },
  {
    repositories: ['mcr.microsoft.com/windows/servercore', 'mcr.microsoft.com/windows/nanoserver'],
    os: 'windows',
    names: [],
    evidence: 'maintainer-statement',
    source:
      'moby/buildkit#5446 (Microsoft): `docker inspect mcr.microsoft.com/windows/servercore:ltsc2022` shows "Env": null; servercore and nanoserver set PATH and every other variable in the registry, not in the config (also moby/buildkit#5895)',
    note: 'BuildKit adds no default PATH for Windows, so `$PATH` in ENV expands to an empty string.',
  },
  {
    repositories: ['mcr.microsoft.com/windows/server', 'mcr.microsoft.com/windows'],
    os: 'windows',
    names: [],
    evidence: 'inferred',
    source: 'not read: the same base-OS construction as servercore and nanoserver (a Windows OS layer with no Dockerfile), whose config carries no Env',
  },
  {
    repositories: ['mcr.microsoft.com/dotnet/framework/runtime'],
    tags: DOTNET_READ_VERSIONS,
    os: 'windows',
    names: DOTNET_RUNTIME,
    evidence: 'dockerfile',
    source: `${DOTNET_SOURCE} src/runtime/{3.5,4.8,4.8.1}/windowsservercore-*/Dockerfile, on servercore (no Env)`,
    note: 'PATH is extended with setx (the registry), so it is not in the config.',
  },
  {
    repositories: ['mcr.microsoft.com/dotnet/framework/aspnet'],
    tags: DOTNET_READ_VERSIONS,
    os: 'windows',
    names: [...DOTNET_RUNTIME, 'ROSLYN_COMPILER_LOCATION'],
    evidence: 'dockerfile',
    source: `${DOTNET_SOURCE} src/aspnet/{3.5,4.8,4.8.1}/windowsservercore-*/Dockerfile, on the runtime image`,
  },
  {
    repositories: ['mcr.microsoft.com/dotnet/framework/sdk'],
    tags: DOTNET_READ_VERSIONS,
    os: 'windows',
    names: [...DOTNET_RUNTIME, 'DOTNET_GENERATE_ASPNET_CERTIFICATE', 'DOTNET_USE_POLLING_FILE_WATCHER', 'NUGET_VERSION', 'ROSLYN_COMPILER_LOCATION'],
    evidence: 'dockerfile',
    source: `${DOTNET_SOURCE} src/sdk/{3.5,4.8,4.8.1}/windowsservercore-*/Dockerfile, on the runtime image`,
    note: 'PATH is extended with setx (the registry), so it is not in the config.',
  },
];
