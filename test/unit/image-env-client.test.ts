// The engine layer's pure parts of the image-environment fetch: names out of Config.Env, the
// inspect document read defensively, and the name the engine lists a reference under.
import * as assert from 'node:assert/strict';
import { envNames, familiarReference, localImageEnv } from '../../client/src/engine/imageEnv';

describe('engine layer: image environments (pure parts)', () => {
  it('keeps the names of Config.Env, once each, in order, and nothing else', () => {
    assert.deepEqual(envNames(['PATH=/usr/bin:/bin', 'A=b=c', 'FLAG', 'A=again', '=odd', 7, null]), ['PATH', 'A', 'FLAG']);
    assert.deepEqual(envNames(null), [], 'Windows base images have "Env": null');
    assert.deepEqual(envNames(undefined), []);
  });

  it('reads an inspect document: ID, OS, names; none without an ID', () => {
    assert.deepEqual(localImageEnv({ Id: 'sha256:abc', Os: 'Windows', Config: { Env: ['X=1'] } }), { id: 'sha256:abc', os: 'windows', env: ['X'] });
    assert.deepEqual(localImageEnv({ Id: 'sha256:abc', Config: null }), { id: 'sha256:abc', os: '', env: [] });
    assert.equal(localImageEnv({ Config: { Env: ['X=1'] } }), undefined);
  });

  it('spells a reference the way the engine lists it in RepoTags and RepoDigests', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const cases: Array<[string, string]> = [
      ['alpine', 'alpine:latest'],
      ['alpine:3.19', 'alpine:3.19'],
      ['library/alpine:3.19', 'alpine:3.19'],
      ['docker.io/library/alpine', 'alpine:latest'],
      ['index.docker.io/library/alpine:3', 'alpine:3'],
      ['docker.io/myorg/app:1', 'myorg/app:1'],
      ['myorg/app', 'myorg/app:latest'],
      ['localhost:5000/app', 'localhost:5000/app:latest'],
      ['registry.example.com:5000/team/app:2', 'registry.example.com:5000/team/app:2'],
      ['mcr.microsoft.com/windows/servercore:ltsc2022', 'mcr.microsoft.com/windows/servercore:ltsc2022'],
      [`alpine@${digest}`, `alpine@${digest}`],
      [`docker.io/library/alpine:3.19@${digest}`, `alpine@${digest}`],
    ];
    for (const [input, expected] of cases) assert.equal(familiarReference(input), expected, input);
  });
});
