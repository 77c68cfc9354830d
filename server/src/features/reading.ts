// The "Show How Docker Reads This Dockerfile" view's content, answered for an open document.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { HostContext, ReadingResult } from '../../../shared/protocol';
import type { DockerfileModel } from '../dockerfile/model';
import { readDockerfile } from '../reading/model';
import { renderReadingText } from '../reading/render';

export function readingOf(document: TextDocument, model: DockerfileModel, host: HostContext): ReadingResult {
  const name = decodeURIComponent(document.uri.replace(/[?#].*$/, '').replace(/^.*\//, '')) || document.uri;
  const rendered = renderReadingText(readDockerfile(model, host), name);
  return { version: document.version, text: rendered.text, links: rendered.links };
}
