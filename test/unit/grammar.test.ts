// The TextMate grammar, run through vscode-textmate as VS Code runs it. The point that matters most:
// which character continues a line depends on the escape directive, and a Windows path ending in
// `\` must not glue the next instruction onto it in a backtick file (but does in a default one).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasScope, loadTokenizer, repoRoot, scopesAt, scopesOf, type Tokenizer, type TokenizedLine } from '../support/textmate';
import { parseDockerfile } from '../../server/src/dockerfile/parser';

const KEYWORD = 'keyword.other.instruction.dockerfile';
const ONBUILD = 'keyword.other.instruction.onbuild.dockerfile';
const CONTINUATION = 'punctuation.separator.continuation.line.dockerfile';

function isKeyword(scopes: string[]): boolean {
  return scopes.includes(KEYWORD) || scopes.includes(ONBUILD);
}

describe('grammar: syntaxes/dockerfile.tmLanguage.json', function () {
  let tokenize: Tokenizer;
  before(async () => {
    tokenize = await loadTokenizer();
  });

  describe('escape directive', () => {
    const body = ['FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'COPY app c:\\inetpub\\wwwroot\\', 'ENV SITE=default'];

    it('default escape: a trailing \\ continues the line, so ENV is an argument of COPY', () => {
      const lines = tokenize(body.join('\n'));
      assert.ok(scopesOf(lines, 1, '\\', -1).includes(CONTINUATION));
      assert.ok(!isKeyword(scopesOf(lines, 2, 'ENV')), 'ENV is swallowed by the COPY, as Docker reads it');
      assert.ok(hasScope(scopesOf(lines, 2, 'ENV'), 'meta.instruction.copy'));
    });

    it('backtick escape: the trailing \\ of a Windows path is a plain character and the backtick continues', () => {
      const text = ['# escape=`', ...body, 'RUN Write-Host one; `', '    Write-Host two', 'EXPOSE 80'].join('\n');
      const lines = tokenize(text);
      const slash = scopesOf(lines, 2, '\\', -1);
      assert.ok(!slash.includes(CONTINUATION), `\\ must not continue: ${slash.join(' ')}`);
      assert.ok(!hasScope(slash, 'constant.character.escape'), 'a backslash escapes nothing here');
      assert.ok(isKeyword(scopesOf(lines, 3, 'ENV')), 'ENV starts its own instruction');
      assert.ok(scopesOf(lines, 4, '`').includes(CONTINUATION));
      assert.ok(hasScope(scopesOf(lines, 5, 'Write-Host'), 'meta.instruction.run'));
      assert.ok(isKeyword(scopesOf(lines, 6, 'EXPOSE')));
      assert.ok(hasScope(scopesOf(lines, 0, '`'), 'constant.character.escape.directive-value'));
      assert.ok(hasScope(scopesOf(lines, 0, 'escape'), 'keyword.other.directive'));
    });

    it('backtick escape: `" escapes a quote, \\" does not', () => {
      const lines = tokenize(['# escape=`', 'RUN echo "a`"b" "c:\\dir\\"', 'USER x'].join('\n'));
      assert.ok(hasScope(scopesOf(lines, 1, '`"'), 'constant.character.escape'));
      // The string ends at the quote after `c:\dir\`; USER is still a keyword.
      assert.ok(hasScope(scopesOf(lines, 1, '"', -1), 'punctuation.definition.string.end'));
      assert.ok(isKeyword(scopesOf(lines, 2, 'USER')));
    });

    it('honours the escape directive after other directives, but not after a blank line or an instruction', () => {
      const afterSyntax = tokenize(['# syntax=docker/dockerfile:1', '# escape=`', 'COPY a c:\\x\\', 'RUN b'].join('\n'));
      assert.ok(hasScope(scopesOf(afterSyntax, 0, 'syntax'), 'keyword.other.directive'));
      assert.ok(isKeyword(scopesOf(afterSyntax, 3, 'RUN')));

      const afterBlank = tokenize(['', '# escape=`', 'COPY a c:\\x\\', 'RUN b'].join('\n'));
      assert.ok(hasScope(scopesOf(afterBlank, 1, 'escape'), 'comment.line'), 'an inactive directive is a comment');
      assert.ok(scopesOf(afterBlank, 2, '\\', -1).includes(CONTINUATION));
      assert.ok(!isKeyword(scopesOf(afterBlank, 3, 'RUN')));

      const afterInstruction = tokenize(['FROM x', '# escape=`', 'COPY a c:\\x\\', 'RUN b'].join('\n'));
      assert.ok(hasScope(scopesOf(afterInstruction, 1, 'escape'), 'comment.line'));
      assert.ok(!isKeyword(scopesOf(afterInstruction, 3, 'RUN')));
    });

    it('default escape: an escaped backslash at the end of a line does not continue it (BuildKit)', () => {
      const lines = tokenize(['COPY a C:\\\\dir\\\\', 'ENV A=1'].join('\n'));
      assert.ok(!scopesOf(lines, 0, '\\', -1).includes(CONTINUATION));
      assert.ok(isKeyword(scopesOf(lines, 1, 'ENV')));
    });

    it('keeps a continuation open over comment lines and empty lines, as Docker skips them', () => {
      const lines = tokenize(['RUN apt-get update && \\', '    # install curl', '', '    from here', 'USER app'].join('\n'));
      assert.ok(hasScope(scopesOf(lines, 1, '#'), 'comment.line.number-sign'));
      assert.ok(!isKeyword(scopesOf(lines, 3, 'from')));
      assert.ok(hasScope(scopesOf(lines, 3, 'from'), 'meta.instruction.run'));
      assert.ok(isKeyword(scopesOf(lines, 4, 'USER')));
    });
  });

  describe('instructions', () => {
    it('FROM: flags, image, tag, variables, AS and stage name', () => {
      const lines = tokenize('FROM --platform=$BUILDPLATFORM ${REGISTRY:-docker.io}/library/golang:1.23 AS build');
      assert.ok(isKeyword(scopesOf(lines, 0, 'FROM')));
      assert.ok(hasScope(scopesOf(lines, 0, '--platform'), 'entity.other.attribute-name.flag'));
      assert.ok(hasScope(scopesOf(lines, 0, 'BUILDPLATFORM'), 'variable.other'));
      assert.ok(hasScope(scopesOf(lines, 0, 'REGISTRY'), 'variable.other'));
      assert.ok(hasScope(scopesOf(lines, 0, ':-'), 'keyword.operator.expansion'));
      assert.ok(hasScope(scopesOf(lines, 0, 'library'), 'entity.name.type.image'));
      assert.ok(hasScope(scopesOf(lines, 0, '1.23'), 'constant.other.image-tag'));
      assert.ok(hasScope(scopesOf(lines, 0, 'AS'), 'keyword.other.as'));
      assert.ok(hasScope(scopesOf(lines, 0, 'build'), 'entity.name.type.stage'));
    });

    it('ONBUILD triggers and HEALTHCHECK CMD / NONE', () => {
      const lines = tokenize(['onbuild run make', 'HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1', 'HEALTHCHECK NONE'].join('\n'));
      assert.ok(scopesOf(lines, 0, 'onbuild').includes(ONBUILD));
      assert.ok(scopesOf(lines, 0, 'run').includes(KEYWORD));
      assert.ok(hasScope(scopesOf(lines, 1, '--interval'), 'entity.other.attribute-name.flag'));
      assert.ok(hasScope(scopesOf(lines, 1, '30s'), 'string.unquoted.flag-value'));
      assert.ok(scopesOf(lines, 1, 'CMD').includes('keyword.other.healthcheck-cmd.dockerfile'));
      assert.ok(hasScope(scopesOf(lines, 1, '||'), 'keyword.operator.logical'));
      assert.ok(hasScope(scopesOf(lines, 2, 'NONE'), 'constant.language.none'));
    });

    it('flags only before the arguments, not inside a shell command', () => {
      const lines = tokenize('RUN --mount=type=cache,target=/var/cache/apt apt-get install --no-install-recommends curl');
      assert.ok(hasScope(scopesOf(lines, 0, '--mount'), 'entity.other.attribute-name.flag'));
      assert.ok(!hasScope(scopesOf(lines, 0, '--no-install-recommends'), 'entity.other.attribute-name.flag'));
    });

    it('exec form: JSON strings and their escapes; invalid escapes are marked; a shell test is not exec form', () => {
      const lines = tokenize(['ENTRYPOINT ["C:\\\\ServiceMonitor.exe", "w3svc"]', 'CMD ["C:\\ServiceMonitor.exe"]', 'RUN [ -f /etc/passwd ] && echo "$HOME"'].join('\n'));
      assert.ok(hasScope(scopesOf(lines, 0, '['), 'punctuation.definition.array.begin'));
      assert.ok(hasScope(scopesOf(lines, 0, '\\\\'), 'constant.character.escape.json'));
      assert.ok(hasScope(scopesOf(lines, 0, 'w3svc'), 'string.quoted.double.json'));
      assert.ok(hasScope(scopesOf(lines, 1, '\\S'), 'invalid.illegal'));
      assert.ok(!hasScope(scopesOf(lines, 2, '['), 'meta.exec-form'));
      assert.ok(hasScope(scopesOf(lines, 2, 'HOME'), 'variable.other'));
    });

    it('exec form over continued lines', () => {
      const lines = tokenize(['CMD ["a", \\', '     "b"]', 'USER x'].join('\n'));
      assert.ok(scopesOf(lines, 0, '\\').includes(CONTINUATION));
      assert.ok(hasScope(scopesOf(lines, 1, 'b'), 'string.quoted.double.json'));
      assert.ok(hasScope(scopesOf(lines, 1, ']'), 'punctuation.definition.array.end'));
      assert.ok(isKeyword(scopesOf(lines, 2, 'USER')));
    });

    it('ENV/ARG/LABEL keys, EXPOSE ports, STOPSIGNAL, strings and comments', () => {
      const text = ['# a comment', 'ENV PATH="/app/bin:$PATH" MODE=prod', 'ARG VERSION', 'LABEL "org.opencontainers.image.title"="x"', 'EXPOSE 80 443/tcp', 'STOPSIGNAL SIGTERM', 'RUN echo \'$NOT_EXPANDED\''].join('\n');
      const lines = tokenize(text);
      assert.ok(hasScope(scopesOf(lines, 0, 'a comment'), 'comment.line.number-sign'));
      assert.ok(hasScope(scopesOf(lines, 1, 'PATH'), 'variable.other.key'));
      assert.ok(hasScope(scopesOf(lines, 1, '/app/bin'), 'string.quoted.double'));
      assert.ok(hasScope(scopesOf(lines, 1, 'PATH', 1), 'variable.other'));
      assert.ok(hasScope(scopesOf(lines, 1, 'MODE'), 'variable.other.key'));
      assert.ok(hasScope(scopesOf(lines, 2, 'VERSION'), 'variable.other.key'));
      assert.ok(hasScope(scopesOf(lines, 3, 'org.opencontainers'), 'variable.other.key'));
      assert.ok(hasScope(scopesOf(lines, 4, '443'), 'constant.numeric.port'));
      assert.ok(hasScope(scopesOf(lines, 4, 'tcp'), 'support.constant.protocol'));
      assert.ok(hasScope(scopesOf(lines, 5, 'SIGTERM'), 'constant.language.signal'));
      assert.ok(hasScope(scopesOf(lines, 6, 'NOT_EXPANDED'), 'string.quoted.single'));
      assert.ok(!hasScope(scopesOf(lines, 6, 'NOT_EXPANDED'), 'variable.other'));
    });

    it('a # inside arguments is not a comment, and an unclosed quote ends with its line', () => {
      const lines = tokenize(['RUN echo "unclosed # not a comment', 'USER app'].join('\n'));
      assert.ok(!hasScope(scopesOf(lines, 0, '#'), 'comment'));
      assert.ok(isKeyword(scopesOf(lines, 1, 'USER')));
    });
  });

  describe('heredocs', () => {
    const text = [
      'FROM alpine:3.20',
      'RUN <<EOF bash -x',
      'set -eu',
      'FROM inside the body',
      'echo "$HOME"',
      'EOF',
      'COPY <<-"CONF" /etc/app.conf',
      '\tkey=$value',
      '\tCONF',
      'USER app',
    ].join('\n');

    it('scopes the opening, the body and the terminator', () => {
      const lines = tokenize(text);
      assert.ok(hasScope(scopesOf(lines, 1, '<<'), 'keyword.operator.heredoc'));
      assert.ok(hasScope(scopesOf(lines, 1, 'EOF'), 'entity.name.tag.heredoc'));
      assert.ok(hasScope(scopesAt(lines, 2, 0), 'meta.embedded.block.shellscript'));
      assert.ok(!isKeyword(scopesOf(lines, 3, 'FROM')), 'FROM inside a heredoc body is script text');
      assert.ok(hasScope(scopesOf(lines, 5, 'EOF'), 'entity.name.tag.heredoc'));
      assert.ok(hasScope(scopesAt(lines, 7, 1), 'string.unquoted.heredoc'));
      assert.ok(hasScope(scopesOf(lines, 8, 'CONF'), 'entity.name.tag.heredoc'));
      assert.ok(isKeyword(scopesOf(lines, 9, 'USER')));
    });

    it('an embedded shell grammar left inside an unclosed string cannot swallow the terminator', async () => {
      const stubShell = {
        scopeName: 'source.shell',
        patterns: [{ name: 'string.quoted.double.shell', begin: '"', end: '"' }],
      };
      const withShell = await loadTokenizer({ 'source.shell': stubShell });
      const lines = withShell(['RUN <<EOF', 'echo "unclosed', 'EOF', 'USER app'].join('\n'));
      assert.ok(hasScope(scopesOf(lines, 1, 'unclosed'), 'string.quoted.double.shell'), 'the embedded grammar is used');
      assert.ok(hasScope(scopesOf(lines, 2, 'EOF'), 'entity.name.tag.heredoc'));
      assert.ok(isKeyword(scopesOf(lines, 3, 'USER')));
    });
  });

  describe('over the corpus', function () {
    const corpusDir = process.env.DOCKER_WORKBENCH_CORPUS ?? path.resolve(repoRoot, '..', 'shared', 'corpus');
    const manifestPath = path.join(corpusDir, 'manifest.json');
    before(function () {
      if (!fs.existsSync(manifestPath)) {
        console.log(`    corpus not found at ${corpusDir} (set DOCKER_WORKBENCH_CORPUS): skipping`);
        this.skip();
      }
    });

    it('starts an instruction on exactly the lines where the parser does', () => {
      const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { file: string }[];
      assert.ok(manifest.length > 0);
      const disagreements: string[] = [];
      let instructions = 0;
      for (const entry of manifest) {
        const text = fs.readFileSync(path.join(corpusDir, entry.file), 'utf8').replace(/^\uFEFF/, '');
        const model = parseDockerfile(text);
        const expected = new Set(model.instructions.filter((i) => i.known).map((i) => i.keywordRange.start.line));
        instructions += expected.size;
        const actual = new Set<number>();
        tokenize(text).forEach((line: TokenizedLine, index) => {
          const first = line.tokens.find((t) => t.text.trim() !== '');
          if (first && isKeyword(first.scopes)) actual.add(index);
        });
        for (const line of expected) {
          if (!actual.has(line)) disagreements.push(`${entry.file}:${line + 1}: parser starts an instruction, grammar does not`);
        }
        for (const line of actual) {
          if (!expected.has(line)) disagreements.push(`${entry.file}:${line + 1}: grammar starts an instruction, parser does not`);
        }
      }
      assert.ok(instructions > 10_000, `only ${instructions} instructions seen`);
      assert.deepEqual(disagreements.slice(0, 20), [], `${disagreements.length} disagreements`);
    });
  });
});
