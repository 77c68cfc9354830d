// The first lint of a session runs cold: V8 compiles the parser's and each rule's functions as they
// are first called (a 20-line Dockerfile takes about 10 ms so on an idle machine, 1 ms once warm, and
// some 25 ms while the editor is starting up). When the client named no open document at
// initialize, the server lints a Dockerfile of its own on `initialized`, so that the first
// document opened later finds that code compiled. (With documents named, their didOpen follows a
// few milliseconds after initialize in VS Code, and a warm-up then only made their lint wait for it:
// the startup trace of `npm run bench -- startup` showed didOpen arriving during it.) Nothing is
// kept: the findings are dropped and no document, setting or lint memory of the server is touched
// (the caches it fills hold answers of pure functions).
import { parseDockerfile } from '../dockerfile/parser';
import { ModelCache } from './modelCache';
import { PieceDocument } from './pieceDocument';
import type { DockerfileModel } from '../dockerfile/model';
import { SemanticTokensCache } from './semanticTokens';
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

/**
 * Editing runs cold too: the re-parse, the incremental lint and the semantic tokens kept from one
 * version to the next are other functions than a first lint's, and V8 optimises each only after it
 * has run many times, so the first dozen edits of a large file took twice as long as the ones after
 * (`npm run bench -- lsp`, semantic tokens at 10k lines). After the first lint the server edits a
 * document of its own the way a user does (a character typed and taken back in a RUN, an ENV
 * value, a stage's name), one edit per step, so every message that arrives meanwhile is answered
 * first. `next` runs a step later (a timer in the server: the steps are spread over a few seconds). Nothing is
 * kept, and nothing of the user's is touched.
 */
export function warmUpEditing(next: (step: () => void) => void, edits = 60): void {
  // The edits go the server's way: a document of its kind (pieceDocument.ts) changed a character
  // at a time, its model from the model cache (a keystroke is re-parsed from its line).
  const models = new ModelCache();
  const documents = [LINUX_STAGES, WINDOWS_STAGES].map((stage, k) => {
    const lines = Array.from({ length: 12 }, (_, i) => stage.replace(/\{N\}/g, String(i))).join('\n').split('\n');
    if (stage === WINDOWS_STAGES) lines.unshift('# escape=`');
    return {
      document: PieceDocument.create(`warm-up:${k}`, 'dockerfile', 1, lines.join(k === 0 ? '\n' : '\r\n')),
      targets: lines.map((line, i) => (/^(RUN|ENV|FROM|COPY|WORKDIR) /.test(line) ? i : -1)).filter((i) => i >= 0),
      model: undefined as DockerfileModel | undefined,
      memory: new LintMemory(),
      tokens: new SemanticTokensCache(true),
    };
  });
  let done = 0;
  const step = () => {
    const doc = documents[done % documents.length];
    try {
      if (doc.model !== undefined) {
        const at = doc.targets[(done * 7) % doc.targets.length];
        const line = doc.document.getLineRange(at);
        const adding = !doc.document.getText(line).endsWith('x');
        const range = adding ? { start: line.end, end: line.end } : { start: { line: at, character: line.end.character - 1 }, end: line.end };
        PieceDocument.update(doc.document, [{ range, text: adding ? 'x' : '' }], doc.document.version + 1);
      }
      doc.model = models.get(doc.document);
      for (const finding of lint(doc.model, { host: {}, memory: doc.memory })) toDiagnostic(finding, findDockerfileRule(finding.rule));
      doc.tokens.encode(doc.model);
    } catch {
      return;
    }
    if (++done < (edits + 1) * documents.length) next(step);
  };
  next(step);
}

/** A stage of each kind, {N} numbering the copies. */
const LINUX_STAGES = [
  'ARG V{N}=1',
  'FROM node:20-alpine AS build{N}',
  'WORKDIR /app',
  'COPY package*.json ./',
  'RUN npm ci && \\',
  '    npm run build',
  'ENV APP_HOME=/srv/{N} PATH=/app/bin:$PATH',
  'FROM nginx:1.25',
  'COPY --from=build{N} /app/dist $APP_HOME',
  'CMD ["nginx", "-g", "daemon off;"]',
].join('\n');
const WINDOWS_STAGES = [
  'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS app{N}',
  'SHELL ["powershell", "-Command"]',
  'ENV APP_DIR=C:\\app{N}\\ `',
  '    LOG_DIR=C:\\logs',
  'RUN Invoke-WebRequest -Uri https://example.com/v$env:APP_DIR/pkg.zip -OutFile C:\\pkg.zip; `',
  '    Remove-Item C:\\pkg.zip -Force',
  'COPY --from=app{N} C:\\app C:\\app',
  'WORKDIR $APP_DIR',
  'ENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]',
].join('\n');
