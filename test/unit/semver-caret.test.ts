// client/src/semverCaret.ts stands in for semver in the activation bundle (scripts/lib/lsp-client-trim.mjs):
// its answers must be semver's for what vscode-languageclient asks. semver itself is in
// node_modules as vscode-languageclient's own dependency, the one the stand-in replaces.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseVersion, satisfiesCaret } from '../../client/src/semverCaret';
import { REPO_ROOT } from '../support/lsp-client';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const semverParse = require('semver/functions/parse') as (v: string) => { major: number; minor: number; patch: number; prerelease: Array<string | number>; version: string } | null;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const semverSatisfies = require('semver/functions/satisfies') as (v: unknown, range: string) => boolean;

const VERSIONS = [
  '1.139.0', '1.82.0', '1.81.9', '1.82.1', '1.99.99', '2.0.0', '0.0.0', '0.2.3', '0.2.9', '0.3.0', '0.0.3', '0.0.4',
  '1.139.0-insider', '1.82.0-0', '1.2.3-alpha.1', '1.2.3-alpha.01', '1.2.3+build.5', '1.2.3-rc.1+build', 'v1.90.1', ' 1.90.1 ',
  '1.90', '1', 'x', '', '01.2.3', '1.02.3', '1.2.3.4', '1.2.3-', '1.2.3-a..b', '9007199254740993.0.0', '1.2.3-beta-2', '1.2.3-0.a.00',
];
const RANGES = ['^1.82.0', '^0.2.3', '^0.0.3', '^2.0.0', '^1.0.0'];

describe('semverCaret: the stand-in for semver in dist/client.js', () => {
  it('parses as semver parses', () => {
    for (const v of VERSIONS) {
      const ours = parseVersion(v);
      const theirs = semverParse(v);
      if (theirs === null) {
        assert.equal(ours, null, v);
        continue;
      }
      assert.ok(ours !== null, v);
      assert.deepEqual({ major: ours.major, minor: ours.minor, patch: ours.patch, prerelease: ours.prerelease, version: ours.version }, { major: theirs.major, minor: theirs.minor, patch: theirs.patch, prerelease: [...theirs.prerelease], version: theirs.version }, v);
    }
  });

  it('answers caret ranges as semver does, for versions as text and parsed with the prerelease cleared (as the client does)', () => {
    for (const range of RANGES) {
      for (const v of VERSIONS) {
        if (semverParse(v) === null) continue;
        assert.equal(satisfiesCaret(v, range), semverSatisfies(v, range), `${v} ${range}`);
        const ours = parseVersion(v);
        const theirs = semverParse(v);
        assert.ok(ours !== null && theirs !== null);
        ours.prerelease = [];
        theirs.prerelease = [];
        assert.equal(satisfiesCaret(ours, range), semverSatisfies(theirs, range), `${v} without prerelease, ${range}`);
      }
    }
  });

  it('throws on any other kind of range, so a client that starts using one fails here', () => {
    assert.throws(() => satisfiesCaret('1.2.3', '>=1.2.3'), /unsupported range/);
    assert.throws(() => satisfiesCaret('1.2.3', '~1.2.3'), /unsupported range/);
  });

  it('is all vscode-languageclient asks of semver: parse and satisfies, with a caret range', () => {
    const dir = path.join(REPO_ROOT, 'node_modules', 'vscode-languageclient', 'lib');
    const main = readFileSync(path.join(dir, 'node', 'main.js'), 'utf8');
    const common = readFileSync(path.join(dir, 'common', 'client.js'), 'utf8');
    assert.deepEqual([...`${main}\n${common}`.matchAll(/require\("(semver[^"]*)"\)/g)].map((m) => m[1]).sort(), ['semver/functions/parse', 'semver/functions/satisfies']);
    const range = /REQUIRED_VSCODE_VERSION = '([^']+)'/.exec(main)?.[1];
    assert.ok(range !== undefined && /^\^\d+\.\d+\.\d+$/.test(range), `the client's range ${range}`);
    assert.equal(satisfiesCaret('1.139.0', range), true, 'VS Code 1.139 (code-server 4.139) must pass the check');
  });
});
