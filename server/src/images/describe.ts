// Words for hover: whether the variables of a FROM image are known, and where from.
import type { BaseImageEnv } from './env';
import { markdownCode } from '../markdown';

const MAX_NAMES = 12;

function nameList(env: BaseImageEnv): string {
  const names = [...env.names];
  if (names.length === 0) return 'no variables';
  // An engine's image can name a variable anything: a code span that fits it, never raw Markdown.
  const shown = names.slice(0, MAX_NAMES).map(markdownCode);
  return names.length > MAX_NAMES ? `${shown.join(', ')} and ${names.length - MAX_NAMES} more` : shown.join(', ');
}

/** One paragraph of Markdown about the image's environment. */
export function describeImageEnv(env: BaseImageEnv | undefined): string {
  if (env === undefined) {
    return "Variables of this image are not known: it is not in Docker Workbench's table of official images and no connected engine has it, so UndefinedVar reports only names that are clearly wrong here (declared elsewhere, a typo of a visible name, a predefined ARG).";
  }
  if (env.source === 'engine') {
    const id = env.imageId?.replace(/^sha256:/, '').slice(0, 12);
    return `Variables of this image, from the engine${id ? ` (image ${id})` : ''}: ${nameList(env)}.`;
  }
  const entry = env.entry;
  const how = entry === undefined ? '' : entry.evidence === 'inferred' ? ` Inferred, not read: ${entry.source}.` : ` Read from ${entry.source}.`;
  const windowsPath = env.os === 'windows' && !env.names.has('PATH') ? ' Windows keeps PATH in the registry, so `$PATH` is empty at build time.' : '';
  return `Variables of this image, from Docker Workbench's table of official images: ${nameList(env)}.${windowsPath}${how}`;
}
