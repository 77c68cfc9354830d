// Semantic tokens and document links through the real bundled server (dist/server.js) over stdio:
// the legend the server announces, each token's position, type and modifiers on Dockerfiles that
// cover every case (the backtick escape and CRLF among them), deltas that rebuild exactly the full
// data, registry pages per registry, no link for stages or variables, and malformed input.
import * as assert from 'node:assert/strict';
import {
  DocumentLinkRequest,
  SemanticTokensDeltaRequest,
  SemanticTokensRequest,
  type DocumentLink,
  type InitializeResult,
  type SemanticTokens,
  type SemanticTokensDelta,
  type SemanticTokensLegend,
} from 'vscode-languageserver-protocol/node';
import { LspClient } from '../support/lsp-client';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { semanticTokens } from '../../server/src/features/semanticTokens';

let counter = 0;
const uri = (name: string) => `file:///work/test/tokens-${name}-${++counter}/Dockerfile`;

interface Decoded {
  line: number;
  character: number;
  text: string;
  type: string;
  modifiers: string[];
}

function decode(data: number[], legend: SemanticTokensLegend, text: string): Decoded[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Decoded[] = [];
  let line = 0;
  let character = 0;
  assert.equal(data.length % 5, 0, 'the data is whole tokens');
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    const mods = legend.tokenModifiers.filter((_, k) => (data[i + 4] & (1 << k)) !== 0);
    const lineText = lines[line];
    assert.ok(lineText !== undefined, `token on line ${line}, past the end`);
    assert.ok(character + data[i + 2] <= lineText.length, `token ${line}:${character} runs past its line`);
    out.push({ line, character, text: lineText.slice(character, character + data[i + 2]), type: legend.tokenTypes[data[i + 3]], modifiers: mods });
  }
  return out;
}

/** `line:character text type[+modifier...]`, short enough to compare lists by eye. */
const show = (t: Decoded) => `${t.line}:${t.character} ${t.text} ${[t.type, ...t.modifiers].join('+')}`;

function applyEdits(previous: number[], delta: SemanticTokensDelta): number[] {
  const result = previous.slice();
  // Edits refer to the previous data; applied from the last so earlier offsets stay valid.
  for (const edit of [...delta.edits].sort((a, b) => b.start - a.start)) result.splice(edit.start, edit.deleteCount, ...(edit.data ?? []));
  return result;
}

describe('semantic tokens and document links over stdio (dist/server.js)', function () {
  this.timeout(60_000);
  let h: LspClient;
  let init: InitializeResult;
  let legend: SemanticTokensLegend;

  before(async function () {
    h = LspClient.spawn({ settings: () => ({ lint: { debounceMs: 0 } }) });
    init = await h.initialize({
      textDocument: {
        publishDiagnostics: { versionSupport: true },
        semanticTokens: {
          requests: { full: { delta: true } },
          tokenTypes: [],
          tokenModifiers: [],
          formats: ['relative'],
        },
      },
      workspace: { configuration: true },
    });
    const provider = init.capabilities.semanticTokensProvider;
    assert.ok(provider, 'the server offers semantic tokens');
    legend = provider.legend;
  });

  after(async function () {
    await h.stop();
  });

  async function tokensOf(text: string, name = 'doc'): Promise<Decoded[]> {
    const u = uri(name);
    h.open(u, text);
    const r = await h.request<SemanticTokens>(SemanticTokensRequest.method, { textDocument: { uri: u } });
    h.close(u);
    return decode(r.data, legend, text);
  }

  it('announces full and delta tokens with a legend, and document links', function () {
    const provider = init.capabilities.semanticTokensProvider;
    assert.ok(provider && typeof provider.full === 'object' && provider.full.delta === true);
    assert.ok(legend.tokenTypes.includes('class') && legend.tokenTypes.includes('parameter') && legend.tokenTypes.includes('string'));
    assert.ok(legend.tokenModifiers.includes('declaration'));
    assert.ok(init.capabilities.documentLinkProvider);
  });

  it('colours stages, ARG and ENV declarations and uses, exec-form strings and continuations', async function () {
    const text = [
      'ARG BASE=alpine:3.19', // 0
      'FROM $BASE AS build', // 1
      'ARG VERSION=1', // 2
      'ENV APP_HOME=/opt/app PATH=/opt/app/bin:$PATH', // 3
      'WORKDIR ${APP_HOME}', // 4
      'RUN echo $VERSION ${APP_HOME:-/x} $HOME \'$VERSION\' \\$VERSION && \\', // 5
      '    make', // 6
      'FROM build AS test', // 7
      'COPY --from=build ["/opt/app", "$APP_HOME"]', // 8
      'FROM --platform=$BUILDPLATFORM alpine', // 9
      'RUN --mount=type=cache,from=build,target=/x true', // 10
      'CMD ["node", "server.js"]', // 11
      'ENTRYPOINT ["C:\\ServiceMonitor.exe"]', // 12
      '',
    ].join('\n');
    const got = (await tokensOf(text)).map(show);
    assert.deepEqual(got, [
      '0:4 BASE parameter+declaration',
      '1:5 $BASE parameter',
      '1:14 build class+declaration',
      '2:4 VERSION parameter+declaration',
      '3:4 APP_HOME variable+declaration',
      '3:22 PATH variable+declaration',
      '3:40 $PATH variable',
      '4:8 ${APP_HOME} variable',
      // In a shell-form RUN only declared names are ARG/ENV; $HOME is the shell's. Quoted or escaped: not a use.
      '5:9 $VERSION parameter',
      '5:18 ${APP_HOME variable',
      '5:64 \\ operator',
      '7:5 build class',
      '7:14 test class+declaration',
      '8:12 build class',
      '8:19 "/opt/app" string',
      '8:31 " string',
      // ENV carries over into a stage built on an earlier one.
      '8:32 $APP_HOME variable',
      '8:41 " string',
      '9:16 $BUILDPLATFORM parameter+defaultLibrary',
      '10:28 build class',
      '11:5 "node" string',
      '11:13 "server.js" string',
    ]);
  });

  it('follows the backtick escape directive, and marks a misplaced one as a plain comment', async function () {
    const text = [
      '# escape=`', // 0
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS base', // 1
      'ENV DIR=C:\\app', // 2
      'RUN Write-Host $DIR; `', // 3
      '    dir C:\\app\\', // 4
      'WORKDIR $DIR', // 5
      '# escape=\\', // 6
      'COPY --from=base C:\\app\\ C:\\out\\', // 7
      '',
    ].join('\r\n');
    const got = (await tokensOf(text, 'backtick')).map(show);
    assert.deepEqual(got, [
      '0:2 escape macro',
      '0:9 ` operator',
      '1:54 base class+declaration',
      '2:4 DIR variable+declaration',
      // A Windows stage's RUN is PowerShell or cmd: `$DIR` there is the shell's own, not a Docker variable.
      '3:21 ` operator',
      '5:8 $DIR variable',
      '6:0 # escape=\\ comment',
      '7:12 base class',
    ]);
  });

  it('marks a Windows path whose trailing backslash swallows the next line (CRLF)', async function () {
    const text = ['FROM mcr.microsoft.com/windows/servercore:ltsc2019', 'COPY app c:\\inetpub\\wwwroot\\', 'EXPOSE 80', 'RUN a && \\', '    b', ''].join('\r\n');
    const got = (await tokensOf(text, 'swallow')).map(show);
    assert.deepEqual(got, ['1:27 \\ operator+deprecated', '2:0 EXPOSE string+deprecated', '3:9 \\ operator']);
  });

  it('splits a token that spans a continuation into one per line', async function () {
    const text = ['FROM alpine', 'ARG A', 'CMD ["a\\', 'b", "c"]', ''].join('\n');
    const got = (await tokensOf(text, 'split')).map(show);
    assert.deepEqual(got, ['1:4 A parameter+declaration', '2:5 "a string', '2:7 \\ operator', '3:0 b" string', '3:4 "c" string']);
  });

  it('answers a delta whose edits rebuild exactly the fresh full data', async function () {
    const u = uri('delta');
    const lines = ['ARG TAG=1', 'FROM alpine:$TAG AS a'];
    for (let i = 0; i < 200; i++) lines.push(`ENV V${i}=$TAG`, `RUN echo $V${i} \\`, `    && true`);
    lines.push('FROM a', 'COPY --from=a ["/x", "/y"]', '');
    let text = lines.join('\n');
    h.open(u, text);
    let previous = await h.request<SemanticTokens>(SemanticTokensRequest.method, { textDocument: { uri: u } });
    assert.ok(previous.resultId);
    // Each change, and whether it is local (its edit must then be small).
    const edits: Array<[(t: string) => string, boolean]> = [
      [(t) => t.replace('ENV V100=$TAG', 'ENV V100=$TAG X=$V99'), true],
      [(t) => t.replace('RUN echo $V5 \\', 'RUN echo $V5 $V6 \\'), true],
      // Renaming the stage changes the tokens at the top and at the bottom: one edit between them.
      [(t) => t.replace('FROM alpine:$TAG AS a', 'FROM alpine:$TAG AS renamed'), false],
      [(t) => t.replace('ENV V0=$TAG\n', ''), true],
      [(t) => t + 'ARG LAST\n', true],
      [(t) => t, true],
    ];
    let changedEdits = 0;
    for (const [edit, local] of edits) {
      text = edit(text);
      h.change(u, text);
      const delta = await h.request<SemanticTokens | SemanticTokensDelta>(SemanticTokensDeltaRequest.method, { textDocument: { uri: u }, previousResultId: previous.resultId });
      assert.ok('edits' in delta, 'a delta against the result just sent');
      const rebuilt = applyEdits(previous.data, delta);
      const fresh = await h.request<SemanticTokens>(SemanticTokensRequest.method, { textDocument: { uri: u } });
      assert.deepEqual(rebuilt, fresh.data);
      // Over stdio the server writes the full data's JSON itself, spliced from the version before:
      // it must be the numbers worked out from scratch.
      assert.deepEqual(fresh.data, semanticTokens(parseDockerfile(text)));
      // Small edits stay small: never the whole data again.
      if (local) for (const e of delta.edits) assert.ok((e.data?.length ?? 0) < fresh.data.length / 4, 'the delta is smaller than the data');
      changedEdits += delta.edits.length;
      previous = fresh;
    }
    assert.ok(changedEdits >= 5, 'every real change produced an edit');
    // A result id the server does not remember gets full data.
    const stale = await h.request<SemanticTokens | SemanticTokensDelta>(SemanticTokensDeltaRequest.method, { textDocument: { uri: u }, previousResultId: 'not-one-of-ours' });
    assert.ok('data' in stale && stale.data.length > 0);
    h.close(u);
  });

  describe('document links', function () {
    async function linksOf(text: string): Promise<Array<[number, number, string]>> {
      const u = uri('links');
      h.open(u, text);
      const links = (await h.request<DocumentLink[] | null>(DocumentLinkRequest.method, { textDocument: { uri: u } })) ?? [];
      h.close(u);
      return links.map((l): [number, number, string] => [l.range.start.line, l.range.start.character, l.target ?? '']).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    }

    it('takes each registry to its page', async function () {
      const text = [
        'FROM alpine:3.19 AS a',
        'FROM docker.io/library/nginx@sha256:0123 AS b',
        'FROM bitnami/redis:7 AS c',
        'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS d',
        'FROM ghcr.io/owner/tool:1 AS e',
        'FROM quay.io/prometheus/node-exporter AS f',
        'FROM public.ecr.aws/docker/library/busybox AS g',
        'FROM index.docker.io/user/app AS h',
        'COPY --from=mcr.microsoft.com/dotnet/sdk:8.0 /src /src',
        'RUN --mount=type=bind,from=golang:1.22,source=/usr/local/go,target=/go true',
        '',
      ].join('\n');
      assert.deepEqual(await linksOf(text), [
        [0, 5, 'https://hub.docker.com/_/alpine'],
        [1, 5, 'https://hub.docker.com/_/nginx'],
        [2, 5, 'https://hub.docker.com/r/bitnami/redis'],
        [3, 5, 'https://mcr.microsoft.com/artifact/mar/windows/servercore'],
        [4, 5, 'https://ghcr.io/owner/tool'],
        [5, 5, 'https://quay.io/repository/prometheus/node-exporter'],
        [6, 5, 'https://gallery.ecr.aws/docker/library/busybox'],
        [7, 5, 'https://hub.docker.com/r/user/app'],
        [8, 12, 'https://mcr.microsoft.com/artifact/mar/dotnet/sdk'],
        [9, 27, 'https://hub.docker.com/_/golang'],
      ]);
    });

    it('makes no link of stages, variables, scratch or registries whose pages are unknown', async function () {
      const text = [
        'ARG BASE=alpine',
        'FROM $BASE AS build',
        'FROM ${BASE}:3 AS two',
        'FROM build',
        'FROM BUILD AS upper',
        'FROM scratch',
        'FROM localhost:5000/app',
        'FROM registry.example.com/team/app:1',
        'COPY --from=build /a /b',
        'COPY --from=0 /a /b',
        'COPY --from=$BASE /a /b',
        'RUN --mount=type=cache,from=two,target=/x true',
        '',
      ].join('\n');
      assert.deepEqual(await linksOf(text), []);
    });
  });

  it('never fails on malformed input, and the server stays up', async function () {
    const inputs = [
      '',
      '\uFEFF',
      '# escape=`\r',
      'FROM',
      'FROM --from= AS',
      'COPY --from= a b',
      'RUN --mount=from=,from,=x,,from=${ true',
      'ENV =1 ${',
      'ARG =',
      'CMD ["a", 1, {"b": [}]',
      'FROM a AS\nCOPY --from=a\\\n',
      '\\\n\\\n\\',
      '`\r\n`\r\n# escape=`\r\n',
      'FROM mcr.microsoft.com/windows/nanoserver:1809\nCOPY a C:\\\n\n# c\n  \nEXPOSE\\',
      'ONBUILD COPY --from=x ["$A", "\\u0000"]',
      '\u2028FROM\u00a0a\u0085AS b',
      'RUN <<EOF\n$X\nEOF\nENV A=$',
      'x'.repeat(70_000),
    ];
    for (const text of inputs) {
      const u = uri('bad');
      h.open(u, text);
      const tokens = await h.request<SemanticTokens>(SemanticTokensRequest.method, { textDocument: { uri: u } });
      decode(tokens.data, legend, text);
      const delta = await h.request<SemanticTokens | SemanticTokensDelta>(SemanticTokensDeltaRequest.method, { textDocument: { uri: u }, previousResultId: tokens.resultId });
      assert.ok('edits' in delta);
      const links = await h.request<DocumentLink[] | null>(DocumentLinkRequest.method, { textDocument: { uri: u } });
      assert.ok(Array.isArray(links));
      h.close(u);
    }
    assert.equal(h.exited, undefined);
    const failures = h.logs.filter((l) => /semanticTokens|documentLink/.test(l));
    assert.deepEqual(failures, [], 'no handler threw');
  });
});
