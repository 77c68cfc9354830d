// The first lint of a session runs cold: V8 compiles the parser's and each rule's functions as they
// are first called (a 20-line Dockerfile takes about 10 ms so on an idle machine, 1 ms once warm, and
// some 25 ms while the editor is starting up). The client sends `initialized`, then sets up its
// features and only then sends the open documents (some 80 ms later in code-server, `npm run bench --
// startup`): on `initialized` the server lints a Dockerfile of its own, so that the user's first
// lint finds that code compiled. (Not on initialize: the answer to it would wait.) Nothing is kept: the findings are dropped and no document, setting or lint
// memory of the server is touched (the caches it fills hold answers of pure functions).
import { parseDockerfile } from '../dockerfile/parser';
import { lint } from '../lint';
import { LintMemory } from '../lintMemory';
import { findDockerfileRule } from '../rules/dockerfileRules';
import { toDiagnostic } from './diagnostics';

/** The instructions most files have, two stages, a variable, an exec form and a finding with a fix. */
const SAMPLE = [
  '# syntax=docker/dockerfile:1',
  'ARG NODE_VERSION=20',
  'FROM node:${NODE_VERSION}-alpine AS build',
  'WORKDIR /app',
  'COPY package*.json ./',
  'RUN npm ci && npm cache clean --force',
  'COPY . .',
  'RUN npm run build',
  '',
  'FROM nginx:1.25',
  'MAINTAINER someone@example.com',
  'ENV APP_HOME=/usr/share/nginx/html',
  'COPY --from=build /app/dist $APP_HOME',
  'EXPOSE 80',
  'USER nginx',
  'HEALTHCHECK CMD curl -f http://localhost/ || exit 1',
  'CMD ["nginx", "-g", "daemon off;"]',
  '',
].join('\n');

export function warmUpLint(): void {
  try {
    for (const finding of lint(parseDockerfile(SAMPLE), { host: {}, memory: new LintMemory() })) toDiagnostic(finding, findDockerfileRule(finding.rule));
  } catch {
    // Only a warm-up: the user's lint reports whatever this met.
  }
}
