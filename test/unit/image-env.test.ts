// Base images' environments: the table of official images (which references and tags it covers,
// and how each entry was established), the engine's answers winning over it, UndefinedVar using
// them, and hover saying whether and where from the variables of a FROM image are known.
import * as assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver';
import { parseDockerfile } from '../../server/src/dockerfile/parser';
import { parseImageName } from '../../server/src/dockerfile/imageName';
import { hover } from '../../server/src/features/hover';
import { ImageEnvSync, sanitizeImageEnv } from '../../server/src/features/imageEnvSync';
import { EngineImageEnvs, IMAGE_ENV_TABLE, baseImageReferences, imageEnvLookup, tableImageEnv, type ImageEnvLookup } from '../../server/src/images';
import { lint } from '../../server/src/lint';
import { buildkitRules } from '../../server/src/rules/buildkit';
import type { HostContext } from '../../shared/protocol';

const ref = (text: string) => ({ ...parseImageName(text), resolved: text });
const table = (text: string, windowsTarget = false) => tableImageEnv(ref(text), { windowsTarget });
const undefinedVars = (text: string, options: { imageEnv?: ImageEnvLookup; host?: HostContext } = {}) =>
  lint(text, { rules: buildkitRules, ...options }).filter((f) => f.rule === 'UndefinedVar');
const messages = (text: string, options: { imageEnv?: ImageEnvLookup; host?: HostContext } = {}) => undefinedVars(text, options).map((f) => f.message);

function engineWith(images: Array<{ reference: string; env: string[]; os?: string }>): ImageEnvLookup {
  const engine = new EngineImageEnvs();
  engine.replace(images.map((i) => ({ reference: i.reference, id: `sha256:${'ab'.repeat(32)}`, os: i.os ?? 'linux', env: i.env })));
  return imageEnvLookup(engine);
}

function hoverOnFrom(text: string, lookup?: ImageEnvLookup, host: HostContext = {}): string {
  const model = parseDockerfile(text);
  const at = model.stages[model.stages.length - 1].image.range.start;
  const h = hover(model, { line: at.line, character: at.character + 1 }, host, [], lookup);
  assert.ok(h, 'expected a hover on the FROM image');
  return (h.contents as MarkupContent).value;
}

describe('image environment table', () => {
  it('every entry says where it was read, and lists names as a Config.Env would', () => {
    assert.ok(IMAGE_ENV_TABLE.length >= 10);
    for (const entry of IMAGE_ENV_TABLE) {
      assert.ok(entry.source.length > 20, `${entry.repositories[0]}: source`);
      assert.ok(['published-config', 'dockerfile', 'maintainer-statement', 'inferred'].includes(entry.evidence));
      assert.equal(new Set(entry.names).size, entry.names.length, `${entry.repositories[0]}: duplicate names`);
      for (const name of entry.names) assert.match(name, /^[A-Za-z_][A-Za-z0-9_]*$/);
      // Linux images all get PATH (their own or the builder's default); Windows keeps it in the registry.
      assert.equal(entry.names.includes('PATH'), entry.os === 'linux', `${entry.repositories[0]}: PATH`);
    }
  });

  it('matches official images however the reference spells Docker Hub and library/', () => {
    for (const text of ['alpine', 'alpine:3.19', 'library/alpine:3.19', 'docker.io/library/alpine', 'index.docker.io/library/alpine:edge', 'registry-1.docker.io/library/alpine', 'ALPINE:3.19', `alpine@sha256:${'0'.repeat(64)}`, 'public.ecr.aws/docker/library/alpine:3.20', 'mirror.gcr.io/library/alpine']) {
      const env = table(text);
      assert.ok(env, text);
      assert.deepEqual([...env.names], ['PATH'], text);
      assert.equal(env.source, 'table');
      assert.equal(env.os, 'linux');
    }
  });

  it('does not take another repository of the same name for the official image', () => {
    for (const text of ['myorg/alpine', 'ghcr.io/acme/alpine:3.19', 'quay.io/alpine', 'localhost:5000/alpine', 'alpine-extra', 'scratch', 'myorg/base:1']) assert.equal(table(text), undefined, text);
  });

  it('knows the language images, every Linux tag of them', () => {
    assert.ok(table('node:20-alpine')?.names.has('NODE_VERSION'));
    assert.ok(table('node:14-slim')?.names.has('YARN_VERSION'));
    assert.ok(table('python:3.12-slim-bookworm')?.names.has('PYTHON_VERSION'));
    assert.ok(table('python')?.names.has('GPG_KEY'));
    assert.ok(table('golang:1.22')?.names.has('GOPATH'));
    assert.ok(table('golang:1.26-alpine')?.names.has('GOTOOLCHAIN'));
    assert.ok(table('nginx:stable-alpine-slim')?.names.has('NGINX_VERSION'));
    assert.ok(table('ubuntu:24.04')?.names.has('PATH'));
    assert.ok(table('debian:bookworm-slim')?.names.has('PATH'));
    assert.ok(table('busybox:musl')?.names.has('PATH'));
  });

  it('leaves Windows variants of multi-OS repositories unknown, and their shared tags on a Windows target', () => {
    assert.equal(table('python:3.12-windowsservercore-ltsc2022'), undefined);
    assert.equal(table('golang:1.22-nanoserver-1809'), undefined);
    assert.equal(table('python:3.12', true), undefined, 'python:3.12 is a Windows image for a Windows build');
    assert.ok(table('python:3.12', false));
    // alpine has no Windows images: a Windows-looking stage does not change what it is.
    assert.ok(table('alpine:3.19', true));
  });

  it('knows the Windows base images set no variables at all, not even PATH', () => {
    for (const text of ['mcr.microsoft.com/windows/servercore:ltsc2022', 'mcr.microsoft.com/windows/nanoserver:1809', 'MCR.microsoft.com/windows/server:ltsc2025', 'mcr.microsoft.com/windows:20H2']) {
      const env = table(text);
      assert.ok(env, text);
      assert.equal(env.os, 'windows');
      assert.equal(env.names.size, 0, text);
    }
    assert.equal(table('microsoft/windowsservercore'), undefined, 'the old Docker Hub names were not read');
  });

  it('knows the .NET Framework images only for the versions whose Dockerfiles were read', () => {
    assert.ok(table('mcr.microsoft.com/dotnet/framework/sdk:4.8.1-windowsservercore-ltsc2022')?.names.has('NUGET_VERSION'));
    assert.ok(table('mcr.microsoft.com/dotnet/framework/aspnet:4.8')?.names.has('ROSLYN_COMPILER_LOCATION'));
    assert.ok(table('mcr.microsoft.com/dotnet/framework/runtime:3.5-windowsservercore-ltsc2019')?.names.has('COMPLUS_NGenProtectedProcess_FeatureEnabled'));
    assert.equal(table('mcr.microsoft.com/dotnet/framework/runtime:4.7.2-windowsservercore-ltsc2019'), undefined);
    assert.equal(table('mcr.microsoft.com/dotnet/framework/sdk'), undefined, 'latest names no version that was read');
    assert.equal(table(`mcr.microsoft.com/dotnet/framework/sdk@sha256:${'1'.repeat(64)}`), undefined);
  });
});

describe('engine answers', () => {
  it('win over the table, match the reference exactly as written, and report changes once', () => {
    const engine = new EngineImageEnvs();
    const info = { reference: 'alpine:3.19', id: 'sha256:1', os: 'linux', env: ['PATH', 'EXTRA'] };
    assert.equal(engine.replace([info]), true);
    assert.equal(engine.replace([{ ...info, env: ['EXTRA', 'PATH'] }]), false);
    assert.equal(engine.replace([{ ...info, id: 'sha256:2' }]), true);
    const lookup = imageEnvLookup(engine);
    const model = parseDockerfile('FROM alpine:3.19\nFROM alpine:3.20\n');
    assert.equal(lookup(model.stages[0].image)?.source, 'engine');
    assert.ok(lookup(model.stages[0].image)?.names.has('EXTRA'));
    assert.equal(lookup(model.stages[1].image)?.source, 'table');
    assert.equal(engine.replace([]), true);
    assert.equal(lookup(model.stages[0].image)?.source, 'table');
  });

  it('the base images a Dockerfile asks about: expanded, external, once each, no scratch', () => {
    const model = parseDockerfile('ARG V=3.19\nFROM alpine:${V} AS a\nFROM a\nFROM scratch\nFROM alpine:3.19\nFROM node:$NOPE\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\n');
    assert.deepEqual(baseImageReferences(model), ['alpine:3.19', 'mcr.microsoft.com/windows/servercore:ltsc2022']);
  });

  it('are checked when they arrive over the wire', () => {
    assert.deepEqual(sanitizeImageEnv(null), []);
    assert.deepEqual(sanitizeImageEnv({ images: 'x' }), []);
    const good = { reference: 'a', id: 'sha256:1', os: 'linux', env: ['PATH', 3, '', 'X'] };
    assert.deepEqual(sanitizeImageEnv({ images: [good, { reference: '', id: 'x', env: [] }, { reference: 'b', env: [] }, 7] }), [{ reference: 'a', id: 'sha256:1', os: 'linux', env: ['PATH', 'X'] }]);
  });

  it('the server asks the client about the open documents’ base images only when that set changes', () => {
    const sent: string[][] = [];
    let enabled = false;
    const sync = new ImageEnvSync((refs) => sent.push(refs), () => enabled);
    sync.noteDocument('file:///a', parseDockerfile('FROM alpine\n'));
    assert.deepEqual(sent, [], 'a client that did not opt in is never asked');
    enabled = true;
    sync.noteDocument('file:///a', parseDockerfile('FROM alpine\n'));
    sync.noteDocument('file:///b', parseDockerfile('FROM node:20\nFROM alpine\n'));
    sync.noteDocument('file:///b', parseDockerfile('FROM alpine\nFROM node:20\n'));
    sync.forgetDocument('file:///a');
    sync.forgetDocument('file:///b');
    assert.deepEqual(sent, [['alpine'], ['alpine', 'node:20'], []]);
  });
});

describe('UndefinedVar with a known base image environment', () => {
  it('reports a variable set nowhere on alpine, as BuildKit does, saying where the environment came from', () => {
    assert.deepEqual(messages('FROM alpine\nCOPY $UNDEFINED_SRC /x\n'), ["Usage of undefined variable '$UNDEFINED_SRC': not set in this Dockerfile nor in the ENV of alpine (from Docker Workbench's image table)"]);
    // HOME is set by the runtime for a running container, never for the build: Docker expands it to nothing.
    assert.equal(messages('FROM alpine:3.20\nWORKDIR $HOME/app\n').length, 1);
  });

  it('is silent on names the image sets: PATH, and the language images’ own', () => {
    assert.deepEqual(messages('FROM alpine\nENV PATH=/opt/bin:$PATH\n'), []);
    assert.deepEqual(messages('FROM node:20\nENV V=$NODE_VERSION Y=$YARN_VERSION\n'), []);
    assert.deepEqual(messages('FROM python:3.12-slim\nLABEL v=$PYTHON_VERSION\n'), []);
    assert.deepEqual(messages('FROM golang:1.22-alpine\nWORKDIR $GOPATH/src/app\n'), []);
  });

  it('suggests the image’s own name for a typo', () => {
    assert.deepEqual(messages('FROM node:20\nENV V=$NODE_VERSON\n'), ["Usage of undefined variable '$NODE_VERSON' (did you mean $NODE_VERSION?)"]);
  });

  it('is silent when the engine’s environment of the image defines the name, even over the table', () => {
    const text = 'FROM alpine:3.19\nCOPY $APP_DIR /x\n';
    assert.equal(messages(text).length, 1);
    assert.deepEqual(messages(text, { imageEnv: engineWith([{ reference: 'alpine:3.19', env: ['PATH', 'APP_DIR'] }]) }), []);
    const fromEngine = messages('FROM myorg/base:1\nCOPY $OTHER /x\n', { imageEnv: engineWith([{ reference: 'myorg/base:1', env: ['APP_DIR'] }]) });
    assert.deepEqual(fromEngine, ["Usage of undefined variable '$OTHER': not set in this Dockerfile nor in the ENV of myorg/base:1 (from the engine)"]);
  });

  it('gives a Linux image from the engine the builder’s default PATH even when its config has none', () => {
    assert.deepEqual(messages('FROM myorg/base:1\nENV PATH=/x:$PATH\n', { imageEnv: engineWith([{ reference: 'myorg/base:1', env: [] }]) }), []);
  });

  it('stays silent, as before, when neither the engine nor the table knows the image', () => {
    assert.deepEqual(messages('FROM myorg/base:1\nCOPY $UNDEFINED_SRC /x\n'), []);
    assert.deepEqual(messages('FROM myorg/base:1\nCOPY $UNDEFINED_SRC /x\n', { imageEnv: engineWith([]) }), []);
    assert.deepEqual(messages('FROM python:3.12\nCOPY $FOO /x\n', { host: { engineOs: 'windows' } }), [], 'python:3.12 is a Windows image on a Windows engine');
    // A guarded use is a deliberate default, not a slip.
    assert.deepEqual(messages('FROM alpine\nCOPY ${FOO:-src} /x\n'), []);
  });

  it('carries the base environment into stages built on a stage', () => {
    assert.equal(messages('FROM alpine AS base\nENV A=1\nFROM base\nCOPY $A$B /x\n').length, 1);
    assert.deepEqual(messages('FROM node:20 AS base\nFROM base\nENV X=$NODE_VERSION\n'), []);
  });

  it('reports $PATH on a Windows base image, where it is empty at build time, and offers no ARG for it', () => {
    const text = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nENV PATH="C:\\\\tools;$PATH"\n';
    const found = undefinedVars(text);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /^Usage of undefined variable '\$PATH': Windows images keep PATH in the registry/);
    assert.deepEqual(found[0].fixes, []);
    assert.deepEqual(found[0].range, { start: { line: 1, character: 21 }, end: { line: 1, character: 25 } });
    // The same from an engine that says the image is Windows and sets nothing.
    assert.equal(messages('FROM myorg/win:1\nENV P=$PATH\n', { imageEnv: engineWith([{ reference: 'myorg/win:1', env: [], os: 'windows' }]) }).length, 1);
  });
});

describe('hover on FROM: the image’s variables', () => {
  it('says they are not known for an image neither the engine nor the table knows', () => {
    assert.match(hoverOnFrom('FROM myorg/base:1\n'), /Variables of this image are not known/);
  });
  it('says they come from the table, and where the table read them', () => {
    const text = hoverOnFrom('FROM node:20\n');
    assert.match(text, /from Docker Workbench's table of official images: `PATH`, `NODE_VERSION`/);
    assert.match(text, /Read from docker-library\/repo-info/);
    assert.match(hoverOnFrom('FROM mcr.microsoft.com/windows/servercore:ltsc2022\n'), /no variables\. Windows keeps PATH in the registry/);
  });
  it('says they come from the engine, with the image ID, when the engine answered', () => {
    const text = hoverOnFrom('FROM alpine:3.19\n', engineWith([{ reference: 'alpine:3.19', env: ['PATH', 'EXTRA'] }]));
    assert.match(text, /from the engine \(image abababababab\): `PATH`, `EXTRA`/);
  });
  it('says nothing about variables for scratch or a build stage', () => {
    assert.doesNotMatch(hoverOnFrom('FROM scratch\n'), /Variables of this image/);
    assert.doesNotMatch(hoverOnFrom('FROM alpine AS a\nFROM a\n'), /Variables of this image/);
  });
});
