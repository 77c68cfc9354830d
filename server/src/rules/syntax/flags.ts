// The flags each instruction accepts, as current Docker (dockerfile frontend 1.x with BuildKit)
// declares them in frontend/dockerfile/instructions/parse.go. BuildKit's flag names are
// case-sensitive. `strings` flags may repeat; `bool` flags may stand bare or take true/false.
export type FlagType = 'string' | 'strings' | 'bool';

export const INSTRUCTION_FLAGS: Readonly<Record<string, Readonly<Record<string, FlagType>>>> = {
  FROM: { platform: 'string' },
  COPY: { from: 'string', chown: 'string', chmod: 'string', link: 'bool', parents: 'bool', exclude: 'strings' },
  ADD: { chown: 'string', chmod: 'string', link: 'bool', checksum: 'string', 'keep-git-dir': 'bool', exclude: 'strings', unpack: 'bool' },
  RUN: { mount: 'strings', network: 'string', security: 'string', device: 'strings' },
  HEALTHCHECK: { interval: 'string', timeout: 'string', 'start-period': 'string', 'start-interval': 'string', retries: 'string' },
};

/** Instructions whose parser never looks at flags, so Docker ignores any it is given. */
export const FLAGS_IGNORED = new Set(['STOPSIGNAL']);
