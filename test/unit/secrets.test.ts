// Secret-looking names: the one test in shared/secrets.ts that the SecretsUsedInArgOrEnv rule and
// the Inspect document both use, and the masking of an engine's inspect answers (pure, no VS Code).
import * as assert from 'node:assert/strict';
import { HIDDEN_VALUE, maskSecrets } from '../../client/src/commands/inspectMask';
import { lint } from '../../server/src/lint';
import { buildkitRules } from '../../server/src/rules/buildkit';
import { keyLooksSecret, looksSecret } from '../../shared/secrets';

const SECRET_NAMES = ['PASSWORD', 'DB_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'API_KEY', 'APIKEY', 'TOKEN', 'GITHUB_TOKEN', 'SECRET', 'SECRET_KEY_BASE', 'AWS_SECRET_ACCESS_KEY', 'MY_TOKEN_VALUE', 'db_passwd', 'Auth', 'CREDENTIALS', 'PWORD'];
const PLAIN_NAMES = ['PATH', 'HOME', 'MODE', 'PASSWORD_FILE', 'PUBLIC_KEY', 'NODE_VERSION', 'TOKENIZER', 'MONKEY', 'KEYBOARD', 'PASSWORDS', 'AUTHOR', 'SECRETARY', ''];

describe('secret-looking names (shared/secrets.ts)', () => {
  it('takes a name with a secret word among its _-separated words, in any case', () => {
    for (const name of SECRET_NAMES) assert.equal(looksSecret(name), true, name);
  });

  it('leaves other names alone, and any name with an allowed word (public, file, version)', () => {
    for (const name of PLAIN_NAMES) assert.equal(looksSecret(name), false, name);
  });

  it('is the test SecretsUsedInArgOrEnv applies, word by word as BuildKit does', () => {
    const text = ['FROM scratch', ...SECRET_NAMES.map((n) => `ENV ${n}=x`), ...PLAIN_NAMES.filter(Boolean).map((n) => `ENV ${n}=x`), ''].join('\n');
    const flagged = lint(text, { rules: buildkitRules })
      .filter((f) => f.rule === 'SecretsUsedInArgOrEnv')
      .map((f) => /ENV "([^"]+)"/.exec(f.message)?.[1]);
    assert.deepEqual(flagged, SECRET_NAMES);
  });

  it('reads ., - and / as word separators in keys that are not variable names', () => {
    for (const key of ['com.example.api-key', 'splunk-token', 'vault/token', 'password']) assert.equal(keyLooksSecret(key), true, key);
    for (const key of ['com.docker.compose.config-hash', 'org.opencontainers.image.version', 'com.example.keyboard', 'tag']) assert.equal(keyLooksSecret(key), false, key);
  });
});

describe('Inspect masking', () => {
  it("hides the values of a container's secret-looking variables, whole, even with = in them", () => {
    const env = ['PATH=/usr/local/sbin:/usr/bin', 'DB_PASSWORD=p4ss=word==', 'API_KEY=', 'TOKEN=t0k', 'SECRET_KEY_BASE=a=b', 'MODE=test', 'PASSWORD_FILE=/run/secrets/db', 'FLAG', 'URL=https://x/?token=abc'];
    const body = { Id: 'c1', Config: { Env: env, Cmd: ['sh', '-c', 'login --password=cmdline'] } };
    const { value, hidden } = maskSecrets(body);
    const out = value as typeof body;
    assert.deepEqual(out.Config.Env, [
      'PATH=/usr/local/sbin:/usr/bin',
      `DB_PASSWORD=${HIDDEN_VALUE}`,
      `API_KEY=${HIDDEN_VALUE}`,
      `TOKEN=${HIDDEN_VALUE}`,
      `SECRET_KEY_BASE=${HIDDEN_VALUE}`,
      'MODE=test',
      'PASSWORD_FILE=/run/secrets/db',
      'FLAG',
      // Judged by the variable's name only: a secret inside another value is not seen.
      'URL=https://x/?token=abc',
    ]);
    assert.deepEqual(hidden, ['DB_PASSWORD', 'API_KEY', 'TOKEN', 'SECRET_KEY_BASE']);
    const text = JSON.stringify(value);
    for (const secret of ['p4ss', 'word==', 't0k', 'a=b']) assert.ok(!text.includes(secret), secret);
    // A command line has no names to judge: shown as it is.
    assert.deepEqual(out.Config.Cmd, body.Config.Cmd);
    // The engine's answer itself is untouched (Reveal shows it).
    assert.equal(body.Config.Env[1], 'DB_PASSWORD=p4ss=word==');
  });

  it("hides an image's ContainerConfig.Env as well as Config.Env, and keeps a null Env", () => {
    const body = { Config: { Env: ['GITHUB_TOKEN=ghp_1'], Labels: null }, ContainerConfig: { Env: ['GITHUB_TOKEN=ghp_1', 'LANG=C'] }, Os: 'linux' };
    const out = maskSecrets(body);
    assert.deepEqual(out.value, { Config: { Env: [`GITHUB_TOKEN=${HIDDEN_VALUE}`], Labels: null }, ContainerConfig: { Env: [`GITHUB_TOKEN=${HIDDEN_VALUE}`, 'LANG=C'] }, Os: 'linux' });
    assert.equal(out.hidden.length, 2);
    assert.deepEqual(maskSecrets({ Config: { Env: null } }), { value: { Config: { Env: null } }, hidden: [] });
  });

  it('hides label, endpoint driver option and log option values by key', () => {
    const body = {
      Config: { Labels: { 'com.example.api-key': 'k-123', 'com.docker.compose.project': 'web', maintainer: 'me' } },
      HostConfig: { LogConfig: { Type: 'splunk', Config: { 'splunk-token': 'tok-9', 'splunk-url': 'https://splunk' } } },
      NetworkSettings: { Networks: { bridge: { DriverOpts: { 'com.example.secret': 's3' }, IPAddress: '172.17.0.2' } } },
    };
    const { value, hidden } = maskSecrets(body);
    assert.deepEqual(value, {
      Config: { Labels: { 'com.example.api-key': HIDDEN_VALUE, 'com.docker.compose.project': 'web', maintainer: 'me' } },
      HostConfig: { LogConfig: { Type: 'splunk', Config: { 'splunk-token': HIDDEN_VALUE, 'splunk-url': 'https://splunk' } } },
      NetworkSettings: { Networks: { bridge: { DriverOpts: { 'com.example.secret': HIDDEN_VALUE }, IPAddress: '172.17.0.2' } } },
    });
    assert.deepEqual(hidden, ['com.example.api-key', 'splunk-token', 'com.example.secret']);
  });

  it("hides a volume's password option and the password inside its mount option list", () => {
    const body = { Name: 'share', Driver: 'local', Options: { type: 'cifs', device: '//10.0.0.5/share', o: 'addr=10.0.0.5,username=svc,password=hunter2,vers=3.0' } };
    const { value, hidden } = maskSecrets(body);
    assert.deepEqual((value as typeof body).Options, { type: 'cifs', device: '//10.0.0.5/share', o: `addr=10.0.0.5,username=svc,password=${HIDDEN_VALUE},vers=3.0` });
    assert.deepEqual(hidden, ['password']);
    const direct = maskSecrets({ Options: { password: 'x', 'encrypted': 'true' } });
    assert.deepEqual(direct.value, { Options: { password: HIDDEN_VALUE, encrypted: 'true' } });
  });

  it("hides the engine's labels in the key=value list form /info uses; leaves the rest of /info alone", () => {
    const body = { Labels: ['region=eu', 'deploy.token=abc'], Name: 'host', Swarm: { LocalNodeState: 'inactive' } };
    assert.deepEqual(maskSecrets(body).value, { Labels: ['region=eu', `deploy.token=${HIDDEN_VALUE}`], Name: 'host', Swarm: { LocalNodeState: 'inactive' } });
  });

  it('changes nothing when no name looks secret, and copes with values of any type', () => {
    const body = { Config: { Env: ['A=1', 7, null], Labels: { a: 'b', token: 5 } }, list: [1, 'x', { Env: ['B=2'] }], n: null };
    assert.deepEqual(maskSecrets(body), { value: body, hidden: [] });
  });
});
